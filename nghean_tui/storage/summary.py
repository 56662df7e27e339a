"""Figures for the officer's first screen (Today)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, text

from nghean_tui.domain import models
from nghean_tui.domain.parsing import as_date
from nghean_tui.domain.rules import PlannedEnd
from nghean_tui.storage import followups, reference
from nghean_tui.storage.database import Database
from nghean_tui.storage.fetch import in_one_step, rows_of

OPEN_STATUSES = ("proposed", "active", "absconded")
CLOSED_STATUSES = ("completed", "stopped_early", "transferred_out")


@dataclass(frozen=True)
class SyncState:
    last_export: datetime | None
    pending_changes: int


@dataclass
class TodaySummary:
    today: date
    unit_name: str
    officer_name: str
    due: followups.DueCounts
    due_rows: list[followups.DueRow]
    # episode type → status → people (open statuses; closed ones: ended this year)
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    patrols_this_month: int = 0
    last_patrol: date | None = None
    hamlets_without_team: list[str] = field(default_factory=list)
    hamlets_total: int = 0
    active_hotspots: int = 0
    hotspot_names: list[str] = field(default_factory=list)
    # episode id → its term end, for the term-end items unreported absences moved
    moved_ends: dict[str, PlannedEnd] = field(default_factory=dict)


def people_by_kind(conn: Connection, unit_code: str, year: int) -> dict[str, dict[str, int]]:
    """People under each kind of management, by status: open episodes now, closed ones that
    ended this year (a person counts once per kind and status). A deleted person's episodes
    are deleted with them, so the episodes alone answer it (from ix_episode_unit_status)."""
    # Two index ranges rather than one OR, which would make SQLite scan every episode.
    rows = rows_of(
        conn.execute(
            text(
                in_one_step(
                    "SELECT episode_type, status, count(DISTINCT person_id) FROM management_episode "
                    "WHERE unit_code = :u AND deleted = 0 AND status IN ('proposed', 'active', 'absconded') "
                    "GROUP BY episode_type, status "
                    "UNION ALL "
                    "SELECT episode_type, status, count(DISTINCT person_id) FROM management_episode "
                    "WHERE unit_code = :u AND deleted = 0 "
                    "AND status IN ('completed', 'stopped_early', 'transferred_out') "
                    "AND actual_end >= :start AND actual_end < :end GROUP BY episode_type, status",
                    3,
                )
            ),
            {"u": unit_code, "start": f"{year}-01-01", "end": f"{year + 1}-01-01"},
        ).scalar()
    )
    result: dict[str, dict[str, int]] = {}
    for etype, status, n in rows:
        result.setdefault(etype, {})[status] = n
    return result


def hamlets_without_active_team(conn: Connection, unit_code: str, today: date) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT h.name FROM hamlet h WHERE h.unit_code = :u AND h.deleted = 0 AND NOT EXISTS ("
            "SELECT 1 FROM team t WHERE t.hamlet_id = h.id AND t.deleted = 0 "
            "AND (t.dissolved_on IS NULL OR t.dissolved_on > :today)) ORDER BY h.name COLLATE vi"
        ),
        {"u": unit_code, "today": today.isoformat()},
    )
    return [r[0] for r in rows]


def sync_state(db: Database) -> SyncState:
    """When this unit last sent a bundle, and how many records were written here since.

    Counted from the change-number index alone (rows applied from others' bundles carry no
    local change number): cheap after a first export; on a large database never exported it
    takes a moment, so screens ask for it separately from the rest of Today.
    """
    with db.engine.connect() as conn:
        meta: dict[str, str] = dict(
            conn.execute(
                text(
                    "SELECT key, value FROM meta WHERE key IN ('last_export_at', 'export_watermark')"
                )
            ).all()
        )
        watermark = int(meta.get("export_watermark") or 0)
        pending = sum(
            conn.execute(
                text(f"SELECT count(*) FROM {model.__tablename__} WHERE change_seq > :w"),
                {"w": watermark},
            ).scalar_one()
            for model in models.SYNCED_TABLES
            if model.SYNCED
        )
    last = meta.get("last_export_at")
    return SyncState(datetime.fromisoformat(last) if last else None, pending)


def today_summary(db: Database, today: date, *, due_limit: int = 200) -> TodaySummary:
    unit = db.unit_code
    with db.engine.connect() as conn:
        officer = (
            conn.execute(
                text("SELECT full_name FROM officer WHERE id = :i"), {"i": db.officer_id}
            ).scalar()
            if db.officer_id
            else None
        )
        due = followups.due_counts(conn, unit, today)
        rows = followups.due_rows(conn, unit, until=today + timedelta(days=7), limit=due_limit)
        month_start = today.replace(day=1)
        patrols, last = conn.execute(
            text(
                "SELECT sum(patrol_date >= :start), max(patrol_date) FROM patrol "
                "WHERE unit_code = :u AND deleted = 0 AND patrol_date <= :today"
            ),
            {"u": unit, "start": month_start.isoformat(), "today": today.isoformat()},
        ).one()
        hotspots = conn.execute(
            text(
                "SELECT name FROM hotspot WHERE unit_code = :u AND deleted = 0 AND status = 'active' "
                "ORDER BY found_on DESC"
            ),
            {"u": unit},
        ).all()
        total_hamlets = conn.execute(
            text("SELECT count(*) FROM hamlet WHERE unit_code = :u AND deleted = 0"), {"u": unit}
        ).scalar_one()
        ref = reference.unit(unit)
        summary = TodaySummary(
            today=today,
            unit_name=ref.name if ref else unit,
            officer_name=officer or "",
            due=due,
            due_rows=rows,
            by_kind=people_by_kind(conn, unit, today.year),
            patrols_this_month=int(patrols or 0),
            last_patrol=as_date(last),
            hamlets_without_team=hamlets_without_active_team(conn, unit, today),
            hamlets_total=total_hamlets,
            active_hotspots=len(hotspots),
            hotspot_names=[h[0] for h in hotspots[:5]],
            moved_ends=followups.moved_ends(conn, rows, today=today),
        )
    return summary
