"""What falls due: derived from the records by the domain rules, kept in ``due_item``.

The rules decide (``domain.rules.follow_ups``); this module feeds them a person's records and
stores the answer, so the officer's first screen is one indexed query however many people are
managed. Rows are replaced per person whenever one of that person's records changes, and all of
them are rebuilt when the rules or the holiday calendar change (``followups_stale``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, bindparam, text

from nghean_tui.domain import models
from nghean_tui.domain.calendar import WorkingCalendar
from nghean_tui.domain.enums import FollowUpKind
from nghean_tui.domain.rules import (
    Durations,
    PersonRecords,
    PlannedEnd,
    follow_ups,
    planned_end_detail,
)
from nghean_tui.storage.fetch import in_one_step, rows_of

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


# Exactly the columns the rules read (a test runs the rules on recording stand-ins to keep
# this list honest): loading only these, without the ORM, makes rebuilding 100,000 people's
# follow-ups take seconds instead of a minute.
RULE_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("id", "unit_code", "deleted"),
    "management_episode": (
        "id",
        "person_id",
        "episode_type",
        "status",
        "decision_date",
        "start_date",
        "trigger_date",
        "term_months",
        "planned_end",
        "actual_end",
        "deleted",
    ),
    "drug_test": ("id", "person_id", "episode_id", "test_date", "result", "deleted"),
    "addiction_assessment": ("id", "person_id", "requested_on", "result", "result_on", "deleted"),
    "contact": (
        "id",
        "person_id",
        "episode_id",
        "kind",
        "contact_date",
        "absence_from",
        "absence_to",
        "absence_reported",
        "outcome",
        "deleted",
    ),
    "transfer": ("id", "person_id", "direction", "move_date", "notified_on", "deleted"),
}
_GROUPS = (
    ("episodes", "management_episode"),
    ("tests", "drug_test"),
    ("assessments", "addiction_assessment"),
    ("contacts", "contact"),
    ("transfers", "transfer"),
)
_ROW_TYPES = {table: namedtuple(f"{table}_row", columns) for table, columns in RULE_COLUMNS.items()}


def _converters(table: str) -> list:
    """How to turn each stored value back into Python (dates are ISO text in SQLite)."""
    model = models.MODEL_BY_TABLE[table]
    result: list[Callable[[Any], Any] | None] = []
    for name in RULE_COLUMNS[table]:
        try:
            python_type = models.table_of(model).columns[name].type.python_type
        except NotImplementedError:  # SQLModel's text type says nothing before 0.0.50
            python_type = str
        if python_type is date:
            result.append(lambda v: date.fromisoformat(v[:10]) if v else None)
        elif python_type is bool:
            result.append(lambda v: None if v is None else bool(v))
        else:
            result.append(None)
    return result


_CONVERT = {table: _converters(table) for table in RULE_COLUMNS}


def _load(conn: Connection, table: str, key: str, ids: list[str]) -> list:
    columns = RULE_COLUMNS[table]
    marks = ", ".join("?" for _ in ids)
    cursor = conn.exec_driver_sql(
        f"SELECT {', '.join(columns)} FROM {table} WHERE {key} IN ({marks}) AND deleted = 0",
        tuple(ids),
    )
    row_type, convert = _ROW_TYPES[table], _CONVERT[table]
    return [
        row_type(*[c(v) if c else v for c, v in zip(convert, raw, strict=False)]) for raw in cursor
    ]


def load_records(conn: Connection, person_ids: list[str]) -> dict[str, PersonRecords]:
    """Each person's records as light rows (attribute access like the models)."""
    result: dict[str, PersonRecords] = {}
    for start in range(0, len(person_ids), _CHUNK):
        ids = person_ids[start : start + _CHUNK]
        people = {row.id: row for row in _load(conn, "person", "id", ids)}
        grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for name, table in _GROUPS:
            for row in _load(conn, table, "person_id", ids):
                grouped[row.person_id][name].append(row)
        for pid, person in people.items():
            g = grouped[pid]
            result[pid] = PersonRecords(
                person=person,
                episodes=g["episodes"],
                tests=g["tests"],
                assessments=g["assessments"],
                contacts=g["contacts"],
                transfers=g["transfers"],
            )
    return result


def refresh(txn_or_conn, person_ids: Iterable[str], *, today: date) -> int:
    """Recompute and store the follow-ups of these people; returns how many are due."""
    conn: Connection = getattr(txn_or_conn, "conn", txn_or_conn)
    ids = list(dict.fromkeys(person_ids))
    calendar, rules = default_calendar(), default_rules()
    total = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(
            text("DELETE FROM due_item WHERE person_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        )
        rows = []
        for pid, records in load_records(conn, chunk).items():
            if records.person.deleted:
                continue
            for item in follow_ups(records, calendar=calendar, rules=rules, today=today):
                rows.append(
                    {
                        "unit_code": records.person.unit_code,
                        "person_id": pid,
                        "episode_id": item.episode_id,
                        "source_id": item.source_id,
                        "kind": item.kind.value,
                        "due_on": item.due_on,
                    }
                )
        if rows:
            table = models.DueItem.__table__  # type: ignore[attr-defined]  # set at runtime, as above
            conn.execute(table.insert(), rows)
        total += len(rows)
    return total


def rebuild_all(conn: Connection, *, today: date) -> int:
    """Recompute every person's follow-ups (after a migration or a rules update)."""
    conn.execute(text("DELETE FROM due_item"))
    ids = [row[0] for row in conn.execute(text("SELECT id FROM person WHERE deleted = 0"))]
    total = refresh(conn, ids, today=today)
    conn.execute(text("INSERT OR REPLACE INTO meta (key, value) VALUES ('followups_stale', '0')"))
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES ('rules_fingerprint', :f)"),
        {"f": rules_fingerprint()},
    )
    return total


def needs_rebuild(conn: Connection) -> bool:
    meta: dict[str, str] = dict(
        conn.execute(
            text(
                "SELECT key, value FROM meta WHERE key IN ('followups_stale', 'rules_fingerprint')"
            )
        ).all()
    )
    return (
        meta.get("followups_stale") == "1" or meta.get("rules_fingerprint") != rules_fingerprint()
    )


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


def due_rows(
    conn: Connection, unit_code: str, *, until: date, limit: int = 500, offset: int = 0
) -> list[DueRow]:
    """Follow-ups due on or before ``until`` (overdue ones first, oldest first)."""
    rows = rows_of(
        conn.execute(
            text(
                in_one_step(
                    "SELECT d.due_on, d.id, d.person_id, p.full_name, coalesce(h.name, ''), d.kind, "
                    "d.episode_id, d.source_id FROM due_item d JOIN person p ON p.id = d.person_id "
                    "LEFT JOIN hamlet h ON h.id = p.hamlet_id "
                    "WHERE d.unit_code = :unit AND d.due_on <= :until "
                    # (unit_code, due_on) plus the rowid is the index's own order: no sort, and the query
                    # stops at the limit however many items are overdue.
                    "ORDER BY d.due_on, d.id LIMIT :limit OFFSET :offset",
                    8,
                )
            ),
            {"unit": unit_code, "until": until.isoformat(), "limit": limit, "offset": offset},
        ).scalar()
    )
    rows.sort(key=lambda r: (str(r[0]), r[1]))  # one step returns them in no set order
    return [
        DueRow(
            pid,
            name,
            hamlet,
            FollowUpKind(kind),
            date.fromisoformat(str(due)[:10]),
            episode,
            source,
        )
        for due, _, pid, name, hamlet, kind, episode, source in rows
    ]


def due_counts(conn: Connection, unit_code: str, today: date) -> DueCounts:
    """Overdue, due today, due in the next seven days: three index ranges, never a scan."""
    week_end = today + timedelta(days=7)
    count = (
        "SELECT count(*) FROM due_item WHERE unit_code = :unit "
        "AND due_on >= :low AND due_on < :high"
    )
    params = {"unit": unit_code}
    bounds = (
        ("0000-00-00", today),
        (today, today + timedelta(days=1)),
        (today + timedelta(days=1), week_end + timedelta(days=1)),
    )
    values = [
        conn.execute(text(count), {**params, "low": str(low), "high": str(high)}).scalar_one()
        for low, high in bounds
    ]
    return DueCounts(*values)


def moved_ends(conn: Connection, rows: Iterable[DueRow], *, today: date) -> dict[str, PlannedEnd]:
    """For the term-end items among ``rows``, the ends unreported absences moved (episode id →
    the end and the days added); ends not moved are left out. Reads only those people."""
    wanted = {
        r.episode_id: r.person_id
        for r in rows
        if r.kind is FollowUpKind.EPISODE_END and r.episode_id
    }
    if not wanted:
        return {}
    rules = default_rules()
    moved: dict[str, PlannedEnd] = {}
    for records in load_records(conn, list(dict.fromkeys(wanted.values()))).values():
        for episode in records.episodes:
            if episode.id in wanted:
                try:
                    detail = planned_end_detail(episode, records, rules=rules, today=today)
                except ValueError:  # a type this version does not know: nothing to explain
                    continue
                if detail.absence_days:
                    moved[episode.id] = detail
    return moved
