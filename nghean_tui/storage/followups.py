"""What falls due: derived from the records by the domain rules, kept in ``due_item``.

The rules decide (``domain.rules.follow_ups``); this module feeds them a person's records and
stores the answer, so the officer's first screen is one indexed query however many people are
managed. Rows are replaced per person whenever one of that person's records changes, and all of
them are rebuilt when the rules or the holiday calendar change (``followups_stale``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from sqlalchemy import Connection, bindparam, select, text

from nghean_tui.domain import models as M
from nghean_tui.domain.calendar import WorkingCalendar
from nghean_tui.domain.enums import FollowUpKind
from nghean_tui.domain.rules import Durations, PersonRecords, follow_ups

_CHUNK = 500


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    return WorkingCalendar.load_default()


@lru_cache(maxsize=1)
def default_rules() -> Durations:
    return Durations.load_default()


def rules_fingerprint() -> str:
    """A digest of the shipped rule files: when it changes, follow-ups are rebuilt."""
    digest = hashlib.sha256()
    for name in ("durations.json", "holidays_vn.json"):
        digest.update(resources.files("nghean_tui.data").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def _rows(conn: Connection, table, column, ids: list[str]):
    query = select(table).where(column.in_(bindparam("ids", expanding=True)),
                                table.c.deleted == False)  # noqa: E712
    return conn.execute(query, {"ids": ids}).all()


def load_records(conn: Connection, person_ids: list[str]) -> dict[str, PersonRecords]:
    """Each person's records as light rows (attribute access like the models)."""
    result: dict[str, PersonRecords] = {}
    for start in range(0, len(person_ids), _CHUNK):
        ids = person_ids[start:start + _CHUNK]
        people = {row.id: row for row in _rows(conn, M.Person.__table__,
                                               M.Person.__table__.c.id, ids)}
        grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for name, model in (("episodes", M.ManagementEpisode), ("tests", M.DrugTest),
                            ("assessments", M.AddictionAssessment), ("contacts", M.Contact),
                            ("transfers", M.Transfer)):
            table = model.__table__
            for row in _rows(conn, table, table.c.person_id, ids):
                grouped[row.person_id][name].append(row)
        for pid, person in people.items():
            g = grouped[pid]
            result[pid] = PersonRecords(person=person, episodes=g["episodes"], tests=g["tests"],
                                        assessments=g["assessments"], contacts=g["contacts"],
                                        transfers=g["transfers"])
    return result


def refresh(txn_or_conn, person_ids: Iterable[str], *, today: date) -> int:
    """Recompute and store the follow-ups of these people; returns how many are due."""
    conn: Connection = getattr(txn_or_conn, "conn", txn_or_conn)
    ids = list(dict.fromkeys(person_ids))
    calendar, rules = default_calendar(), default_rules()
    total = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        conn.execute(text("DELETE FROM due_item WHERE person_id IN :ids")
                     .bindparams(bindparam("ids", expanding=True)), {"ids": chunk})
        rows = []
        for pid, records in load_records(conn, chunk).items():
            if records.person.deleted:
                continue
            for item in follow_ups(records, calendar=calendar, rules=rules, today=today):
                rows.append({"unit_code": records.person.unit_code, "person_id": pid,
                             "episode_id": item.episode_id, "source_id": item.source_id,
                             "kind": item.kind.value, "due_on": item.due_on})
        if rows:
            conn.execute(M.DueItem.__table__.insert(), rows)
        total += len(rows)
    return total


def rebuild_all(conn: Connection, *, today: date) -> int:
    """Recompute every person's follow-ups (after a migration or a rules update)."""
    conn.execute(text("DELETE FROM due_item"))
    ids = [row[0] for row in conn.execute(text("SELECT id FROM person WHERE deleted = 0"))]
    total = refresh(conn, ids, today=today)
    conn.execute(text("INSERT OR REPLACE INTO meta (key, value) VALUES ('followups_stale', '0')"))
    conn.execute(text("INSERT OR REPLACE INTO meta (key, value) VALUES ('rules_fingerprint', :f)"),
                 {"f": rules_fingerprint()})
    return total


def needs_rebuild(conn: Connection) -> bool:
    meta = dict(conn.execute(text(
        "SELECT key, value FROM meta WHERE key IN ('followups_stale', 'rules_fingerprint')")).all())
    return meta.get("followups_stale") == "1" or meta.get("rules_fingerprint") != rules_fingerprint()


# ---------------------------------------------------------------- queries for the screens


@dataclass(frozen=True)
class DueRow:
    person_id: str
    full_name: str
    hamlet: str
    kind: FollowUpKind
    due_on: date
    episode_id: str | None
    source_id: str | None

    def days_late(self, today: date) -> int:
        return (today - self.due_on).days


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    today: int
    week: int


def due_rows(conn: Connection, unit_code: str, *, until: date, limit: int = 500,
             offset: int = 0) -> list[DueRow]:
    """Follow-ups due on or before ``until`` (overdue ones first, oldest first)."""
    rows = conn.execute(text(
        "SELECT d.person_id, p.full_name, coalesce(h.name, ''), d.kind, d.due_on, "
        "d.episode_id, d.source_id FROM due_item d JOIN person p ON p.id = d.person_id "
        "LEFT JOIN hamlet h ON h.id = p.hamlet_id "
        "WHERE d.unit_code = :unit AND d.due_on <= :until "
        "ORDER BY d.due_on, p.sort_key, d.id LIMIT :limit OFFSET :offset"),
        {"unit": unit_code, "until": until.isoformat(), "limit": limit, "offset": offset})
    return [DueRow(pid, name, hamlet, FollowUpKind(kind), date.fromisoformat(str(due)[:10]),
                   episode, source) for pid, name, hamlet, kind, due, episode, source in rows]


def due_counts(conn: Connection, unit_code: str, today: date) -> DueCounts:
    week_end = today + timedelta(days=7)
    row = conn.execute(text(
        "SELECT sum(due_on < :today), sum(due_on = :today), "
        "sum(due_on > :today AND due_on <= :week) FROM due_item WHERE unit_code = :unit"),
        {"today": today.isoformat(), "week": week_end.isoformat(), "unit": unit_code}).one()
    return DueCounts(*(int(v or 0) for v in row))

