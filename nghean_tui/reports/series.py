"""Month-by-month figures for the charts, for the province or one commune.

For each of the ``months`` months ending with the month of ``today`` (the current month is cut
at ``today``):

* people under management at the month's end (an episode in force then, as the indicators
  count them), people whose management started in the month, and people whose management
  ended in it (completed, stopped early or transferred out) — distinct people each time.
  Records keep an episode's current status, not its history, so a past month is worked out
  from the episode's dates: a proposal later approved counts from its start date;
* patrols held in the month;
* follow-ups overdue at the month's end: due before the month's end and not done. Follow-ups are
  kept for now, not for the past (``due_item`` holds those still open today), so for a past
  month this counts the ones that were overdue then *and are still not done*: one done since
  has left no trace. The current month's figure is exact; earlier ones are a lower bound.

Each figure is one query over every unit in scope (the episodes' distinct people are counted
here, from one pass over their dates: SQLite's ``count(DISTINCT …)`` per month is many times
slower on a province).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from sqlalchemy import Connection, text

from nghean_tui.domain.parsing import as_date
from nghean_tui.storage.database import Database

ENDED = ("completed", "stopped_early", "transferred_out")


@dataclass(frozen=True)
class Month:
    first: date
    last: date  # the month's last day, or today for the current month


@dataclass
class Series:
    unit: str | None  # None: the province (every unit in the database)
    months: list[Month]
    managed: list[int]
    started: list[int]
    ended: list[int]
    patrols: list[int]
    overdue: list[int]


def months_to(today: date, count: int) -> list[Month]:
    """The ``count`` months ending with ``today``'s, oldest first."""
    result = []
    first = today.replace(day=1)
    last = today
    for _ in range(count):
        result.append(Month(first, last))
        last = first - timedelta(days=1)
        first = last.replace(day=1)
    return result[::-1]


def series(db: Database, today: date, unit: str | None = None, months: int = 12) -> Series:
    """Every chart's figures for ``unit`` (the province when None), one read transaction."""
    span = months_to(today, months)
    with db.read() as session:
        conn = session.connection()
        managed, started, ended = _people(conn, span, unit)
        patrols = _patrols(conn, span, unit)
        overdue = _overdue(conn, span, unit)
    return Series(unit, span, managed, started, ended, patrols, overdue)


def _where(unit: str | None, column: str = "unit_code") -> str:
    return f" AND {column} = :u" if unit is not None else ""


def _people(conn: Connection, span: list[Month], unit: str | None):
    # Dates compared as the ISO text SQLite stores: the same order, without parsing 100,000s.
    ends = [m.last.isoformat() for m in span]
    firsts = [m.first.isoformat() for m in span]
    in_force: dict[str, int] = {}  # person → bit i set when in force at month i's end
    began: dict[str, int] = {}
    stopped: dict[str, int] = {}
    rows = conn.exec_driver_sql(
        "SELECT person_id, substr(coalesce(start_date, decision_date), 1, 10), "
        "substr(start_date, 1, 10), substr(actual_end, 1, 10), status "
        "FROM management_episode WHERE deleted = 0 AND status != 'proposed' "
        # Ended before the first month: nothing to count.
        "AND (actual_end IS NULL OR actual_end >= ?)"
        + (" AND unit_code = ?" if unit is not None else ""),
        (firsts[0], unit) if unit is not None else (firsts[0],),
    )
    for person, since, start, end, status in rows:
        # In force at the end of month i: since <= ends[i] < end. Ends grow, so that is a run.
        low = bisect_left(ends, since) if since else 0
        high = bisect_left(ends, end) if end else len(ends)
        if low < high:
            in_force[person] = in_force.get(person, 0) | (((1 << high) - 1) ^ ((1 << low) - 1))
        if start and firsts[0] <= start <= ends[-1]:
            i = bisect_right(firsts, start) - 1
            began[person] = began.get(person, 0) | (1 << i)
        if end and status in ENDED and end <= ends[-1]:
            i = bisect_right(firsts, end) - 1
            stopped[person] = stopped.get(person, 0) | (1 << i)
    return tuple(_count_bits(masks, len(span)) for masks in (in_force, began, stopped))


def _count_bits(masks: dict[str, int], size: int) -> list[int]:
    counts = [0] * size
    for mask in masks.values():
        while mask:
            low = mask & -mask
            counts[low.bit_length() - 1] += 1
            mask ^= low
    return counts


def _patrols(conn: Connection, span: list[Month], unit: str | None) -> list[int]:
    found: dict[str, int] = dict(
        conn.execute(
            text(
                "SELECT substr(patrol_date, 1, 7), count(*) FROM patrol WHERE deleted = 0 "
                "AND patrol_date BETWEEN :start AND :end" + _where(unit) + " GROUP BY 1"
            ),
            {"start": span[0].first.isoformat(), "end": span[-1].last.isoformat(), "u": unit},
        ).all()
    )
    return [found.get(m.first.isoformat()[:7], 0) for m in span]


def _overdue(conn: Connection, span: list[Month], unit: str | None) -> list[int]:
    # Overdue at the end of a past month: due on or before its last day. In the current month
    # "overdue" means what Today says: due before today.
    cuts = [m.last + timedelta(days=1) for m in span[:-1]] + [span[-1].last]
    before = (
        conn.execute(
            text("SELECT count(*) FROM due_item WHERE due_on < :first" + _where(unit)),
            {"first": span[0].first.isoformat(), "u": unit},
        ).scalar()
        or 0
    )
    days = conn.execute(
        text(
            "SELECT due_on, count(*) FROM due_item WHERE due_on >= :first AND due_on < :cut"
            + _where(unit)
            + " GROUP BY due_on"
        ),
        {"first": span[0].first.isoformat(), "cut": cuts[-1].isoformat(), "u": unit},
    ).all()
    result = []
    for cut in cuts:
        # due_on is NOT NULL: every day reads as a date.
        result.append(before + sum(n for day, n in days if cast(date, as_date(day)) < cut))
    return result


def chart_units(db: Database) -> list[tuple[str, str]]:
    """(code, name) of every commune with records here, in name order: what a chart can be
    drawn for besides the province."""
    from nghean_tui.reports.dashboard import name_key
    from nghean_tui.reports.report import units_in_database
    from nghean_tui.storage import reference

    with db.read() as session:
        conn = session.connection()
        codes = [c for c in units_in_database(conn) if c != reference.PROVINCE_CODE]
        names: dict[str, str] = dict(conn.execute(text("SELECT code, name FROM unit")).all())
    return sorted(((c, names.get(c) or c) for c in codes), key=lambda u: name_key(u[1]))
