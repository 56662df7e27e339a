"""Figures for the officer's first screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from nghean_tui.storage import followups, reference
from nghean_tui.storage.database import Database


@dataclass(frozen=True)
class TodaySummary:
    unit_name: str
    people: int
    due: followups.DueCounts


def today_summary(db: Database, today: date) -> TodaySummary:
    with db.engine.connect() as conn:
        people = conn.execute(text(
            "SELECT count(*) FROM person WHERE unit_code = :u AND deleted = 0"),
            {"u": db.unit_code}).scalar_one()
        due = followups.due_counts(conn, db.unit_code, today)
    ref = reference.unit(db.unit_code)
    return TodaySummary(ref.name if ref else db.unit_code, people, due)
