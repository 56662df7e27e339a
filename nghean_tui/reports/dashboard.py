"""The province dashboard: one row per commune, from one set of grouped queries.

Every commune and ward of the shipped reference list is on the dashboard, whether or not a
bundle ever came from it (``heard``), and so is any other unit the station holds records of or
has enrolled. Each row says, on ``today``:

* whether it is a border commune, and its key-area and drug-free verdicts under the criteria in
  force (from :mod:`nghean_tui.reports.indicators`, which it shows too);
* how many days since its last bundle arrived (the newest of its devices), ``None`` if never;
* people under management (distinct people with an episode in force) and per kind of
  management, follow-ups overdue (due before today and not done), patrols in the last
  ``PATROL_DAYS`` days (today included), teams and members in office today, and hotspots of any
  kind active today.

Every figure for every unit comes from the same few ``GROUP BY unit_code`` queries in one read
transaction, so 130 communes cost about what one does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from nghean_tui.domain.enums import EpisodeType
from nghean_tui.domain.text import fold
from nghean_tui.reports.coverage import PRESENCE
from nghean_tui.reports.criteria import Criteria, Verdict, current, judge
from nghean_tui.reports.indicators import (
    ACTIVE_HOTSPOT,
    COUNTS,
    RATE_OF,
    UnitIndicators,
    in_force,
)
from nghean_tui.reports.indicators import compute as compute_indicators
from nghean_tui.reports.indicators import province as province_indicators
from nghean_tui.reports.period import months_before
from nghean_tui.reports.report import province_units
from nghean_tui.reports.sql import rows_at_once
from nghean_tui.storage import reference
from nghean_tui.storage.database import Database

PATROL_DAYS = 30
KINDS = tuple(k.value for k in EpisodeType)
# The quick figures: counted without reading the episodes; they add up to a province total.
QUICK = ("overdue", "patrols", "teams", "members", "hotspots")


@dataclass
class CommuneRow:
    code: str
    name: str
    border: bool
    enrolled: bool
    days_since_bundle: int | None
    overdue: int
    patrols: int
    teams: int
    members: int
    hotspots: int
    # From the pass over the episodes (None until it is done: the dashboard shows the rest first).
    managed: int | None = None
    by_kind: dict[str, int] | None = None
    indicators: UnitIndicators | None = None
    key_area: Verdict | None = None
    drug_free: Verdict | None = None
    heard: bool = True  # a bundle of changes ever came from it ("chưa nhận dữ liệu" if not)

    def figure(self, name: str):
        """A column's value by name (what the dashboard sorts on): a figure, a kind of
        management (``kind.<code>``) or an indicator (``ind.<name>``); None when unknown."""
        if name.startswith("kind."):
            return None if self.by_kind is None else self.by_kind.get(name[5:], 0)
        if name.startswith("ind."):
            return None if self.indicators is None else self.indicators.values.get(name[4:])
        if name in ("key_area", "drug_free"):
            verdict = getattr(self, name)
            return None if verdict is None else verdict.met
        return getattr(self, name)


@dataclass
class Frame:
    """Everything on the dashboard but the episodes' figures: quick to count."""

    today: date
    rows: list[CommuneRow] = field(default_factory=list)


@dataclass
class Management:
    """Per unit: people under management, by kind, the indicators and both verdicts."""

    today: date
    criteria: Criteria
    managed: dict[str, int]
    by_kind: dict[str, dict[str, int]]
    indicators: dict[str, UnitIndicators]


@dataclass
class Dashboard:
    today: date
    criteria: Criteria | None
    rows: list[CommuneRow] = field(default_factory=list)


def dashboard(db: Database, today: date) -> Dashboard:
    """Every commune the station knows, on ``today``, complete (the screen runs the two halves
    in parallel instead)."""
    return combine(frame(db, today), management(db, today))


def frame(db: Database, today: date) -> Frame:
    """The communes and their quick figures, every unit by the same grouped queries."""
    with db.read() as session:
        conn = session.connection()
        codes = {c for (c,) in rows_at_once(conn, _PRESENT, {}, 1)}
        peers = rows_at_once(conn, _PEERS, {}, 3)
        codes |= {unit for unit, revoked, _ in peers if not revoked}
        codes |= set(province_units())  # every commune, heard from or not
        codes.discard(reference.PROVINCE_CODE)
        heard = {
            u
            for (u,) in rows_at_once(
                conn,
                "SELECT DISTINCT sender_unit FROM inbound_bundle WHERE kind = 'changes' "
                "AND status = 'applied'",
                {},
                1,
            )
        }
        newest = rows_at_once(
            conn,
            "SELECT sender_unit, max(received_at) FROM inbound_bundle "
            "WHERE kind = 'changes' GROUP BY sender_unit",
            {},
            2,
        )
        found = _figures(conn, today)
        units = {
            code: (name, bool(border))
            for code, name, border in rows_at_once(
                conn, "SELECT code, name, is_border FROM unit", {}, 3
            )
        }
    last: dict[str, int] = {}
    for unit, received in newest:  # from any device of the unit, enrolled now or not
        if received is not None:
            # As the Sync screen counts (a clock set back must not show "-3 days").
            last[unit] = max((today - _utc_day(received)).days, 0)
    enrolled = {unit for unit, revoked, _ in peers if not revoked}
    result = Frame(today)
    for code in sorted(codes):
        name, border = units.get(code, (code, False))
        f = found.get(code, {})
        result.rows.append(
            CommuneRow(
                code=code,
                name=name,
                border=border,
                enrolled=code in enrolled,
                days_since_bundle=last.get(code),
                overdue=f.get("overdue", 0),
                patrols=f.get("patrols", 0),
                teams=f.get("teams", 0),
                members=f.get("members", 0),
                hotspots=f.get("hotspots", 0),
                heard=code in heard,
            )
        )
    return result


def _utc_day(stored) -> date:
    """The day of a stored moment, in UTC as the Sync screen reads it."""
    return datetime.fromisoformat(str(stored)).date()


# Units with records here (as reports count them) and communes' devices with their newest
# bundle: one row per unit or device, whatever the number of bundles received over the years.
_PRESENT = " UNION ".join(
    f"SELECT DISTINCT unit_code FROM {table} WHERE deleted = 0" for table in PRESENCE
)
_PEERS = "SELECT p.unit_code, p.revoked_at IS NOT NULL, NULL FROM peer p WHERE p.role = 'commune'"


def management(db: Database, today: date) -> Management:
    """One pass over the episodes for every unit: distinct people in force, in all and per kind
    of management; then the indicators (given those counts) and the criteria in force."""
    managed: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {}
    with db.read() as session:
        conn = session.connection()
        criteria = current(conn)
        # Materialised once, counted twice: a person under two kinds at once is one person.
        for unit, kind, n in rows_at_once(
            conn,
            (
                "WITH f AS MATERIALIZED (SELECT unit_code, episode_type, person_id "
                f"FROM management_episode WHERE deleted = 0 AND {in_force()}) "
                "SELECT unit_code, episode_type, count(DISTINCT person_id) FROM f GROUP BY 1, 2 "
                "UNION ALL SELECT unit_code, NULL, count(DISTINCT person_id) FROM f GROUP BY 1"
            ),
            {"d": today.isoformat()},
            3,
        ):
            if kind is None:
                managed[unit] = n
            else:
                by_kind.setdefault(unit, {})[kind] = n
        # Every unit of the province (populations included), whether or not it has records yet.
        codes = [
            c
            for (c,) in rows_at_once(
                conn, "SELECT code FROM unit WHERE code != :p", {"p": reference.PROVINCE_CODE}, 1
            )
        ]
        indicators = compute_indicators(conn, today, criteria.window_months, codes, managed=managed)
    return Management(today, criteria, managed, by_kind, indicators)


def combine(quick: Frame, counted: Management | None) -> Dashboard:
    """The frame's rows with the episodes' figures filled in (left empty without them)."""
    if counted is None:
        return Dashboard(quick.today, None, list(quick.rows))
    criteria, rows = counted.criteria, []
    for row in quick.rows:
        ind = counted.indicators.get(row.code) or _nothing(row.code, quick.today, criteria)
        rows.append(
            replace(
                row,
                managed=counted.managed.get(row.code, 0),
                by_kind={k: counted.by_kind.get(row.code, {}).get(k, 0) for k in KINDS},
                indicators=ind,
                key_area=judge(criteria.key_area, ind.values),
                drug_free=judge(criteria.drug_free, ind.values),
            )
        )
    return Dashboard(quick.today, criteria, rows)


def _nothing(code: str, today: date, criteria: Criteria) -> UnitIndicators:
    """The indicators of a unit the unit table does not know (nothing counted, no population)."""
    values: dict[str, float | None] = dict.fromkeys(COUNTS, 0)
    values.update(dict.fromkeys(RATE_OF))
    return UnitIndicators(code, None, today, months_before(today, criteria.window_months), values)


def _figures(conn: Connection, today: date) -> dict[str, dict[str, int]]:
    """unit → figure name → value, for every unit at once."""
    params = {
        "d": today.isoformat(),
        "since": (today - timedelta(days=PATROL_DAYS - 1)).isoformat(),
    }
    team_in_office = (
        "t.deleted = 0 AND coalesce(t.established_on, t.decision_date, '') <= :d "
        "AND (t.dissolved_on IS NULL OR t.dissolved_on > :d)"
    )
    queries = {
        "overdue": "SELECT unit_code, count(*) FROM due_item WHERE due_on < :d GROUP BY 1",
        "patrols": "SELECT unit_code, count(*) FROM patrol WHERE deleted = 0 "
        "AND patrol_date BETWEEN :since AND :d GROUP BY 1",
        "teams": f"SELECT t.unit_code, count(*) FROM team t WHERE {team_in_office} GROUP BY 1",
        "members": "SELECT t.unit_code, count(*) FROM team t JOIN team_member m "
        f"ON m.team_id = t.id WHERE {team_in_office} AND m.deleted = 0 "
        "AND coalesce(m.joined_on, '') <= :d AND (m.left_on IS NULL OR m.left_on > :d) "
        "GROUP BY 1",
        "hotspots": f"SELECT unit_code, count(*) FROM hotspot WHERE deleted = 0 "
        f"AND {ACTIVE_HOTSPOT} GROUP BY 1",
    }
    found: dict[str, dict[str, int]] = {}
    for name, sql in queries.items():
        for unit, n in rows_at_once(conn, sql, params, 2):
            found.setdefault(unit, {})[name] = int(n or 0)
    return found


@dataclass
class Totals:
    """The shown rows added up, and how many of those communes are key areas or drug-free
    (``None`` until the episodes' figures are in)."""

    communes: int
    row: CommuneRow
    key_areas: int | None
    drug_free: int | None
    heard: int = 0  # of the communes added up, those a bundle came from
    not_known: int | None = None  # communes whose key-area verdict is not known


def totals(rows: list[CommuneRow], today: date, criteria: Criteria | None) -> Totals:
    """Counts summed; rates recomputed from the summed counts over the summed population
    (unknown when one population is); no bundle age (each commune has its own)."""
    row = CommuneRow(
        code="",
        name="",
        border=False,
        enrolled=False,
        days_since_bundle=None,
        **{n: sum(getattr(r, n) for r in rows) for n in QUICK},
    )
    heard = sum(r.heard for r in rows)
    if criteria is None or any(r.indicators is None for r in rows):
        return Totals(len(rows), row, None, None, heard)
    done = [_counted(r) for r in rows]
    start = done[0].indicators.window_start if done else today
    whole = province_indicators([d.indicators for d in done], today, start)
    values = whole.values
    row = replace(
        row,
        managed=sum(d.managed for d in done),
        by_kind={k: sum(d.by_kind.get(k, 0) for d in done) for k in KINDS},
        indicators=whole,
        key_area=judge(criteria.key_area, values),
        drug_free=judge(criteria.drug_free, values),
    )
    return Totals(
        len(rows),
        row,
        sum(d.key_area.holds is True for d in done),
        sum(d.drug_free.holds is True for d in done),
        heard,
        sum(d.key_area.holds is None for d in done),
    )


@dataclass(frozen=True)
class _Counted:
    """A row's figures from the pass over the episodes."""

    managed: int
    by_kind: dict[str, int]
    indicators: UnitIndicators
    key_area: Verdict
    drug_free: Verdict


def _counted(row: CommuneRow) -> _Counted:
    """The episode figures of a row that has them: :func:`combine` fills all five together."""
    assert row.managed is not None and row.by_kind is not None and row.indicators is not None
    assert row.key_area is not None and row.drug_free is not None
    return _Counted(row.managed, row.by_kind, row.indicators, row.key_area, row.drug_free)


# ---------------------------------------------------------------- what the supervisor asks for


@dataclass(frozen=True)
class Filter:
    """Which communes to show: a name (diacritics and case ignored), border communes only, key
    areas only (known once the episodes are counted), those with overdue follow-ups."""

    name: str = ""
    border: bool = False
    key_area: bool = False
    overdue: bool = False

    def keeps(self, row: CommuneRow) -> bool:
        if self.border and not row.border:
            return False
        if self.overdue and not row.overdue:
            return False
        if self.key_area and not (row.key_area is not None and row.key_area.holds is True):
            return False
        return not self.name or fold(self.name) in fold(row.name)


def shown(rows: list[CommuneRow], keep: Filter, column: str, descending: bool) -> list[CommuneRow]:
    """The rows ``keep`` keeps, sorted on ``column`` (unknown values last, ties by name)."""
    kept = [r for r in rows if keep.keeps(r)]
    kept.sort(key=lambda r: name_key(r.name))
    if column == "name":
        return kept[::-1] if descending else kept
    known = [r for r in kept if r.figure(column) is not None]
    known.sort(key=lambda r: r.figure(column), reverse=descending)  # stable: names stay in order
    return known + [r for r in kept if r.figure(column) is None]


def name_key(name: str) -> str:
    """Communes in the order people look for them: by the name after "Xã" or "Phường"."""
    folded = fold(name)
    for kind in ("xa ", "phuong "):
        if folded.startswith(kind):
            return folded[len(kind) :]
    return folded
