"""The drug indicators of a unit on a date, computed from its records and its population.

Two kinds of figure, as the criteria use them:

* states on the day (``as_of``): people under management (an episode in force: started, not
  proposed, not yet ended), places organising drug use and retail points (hotspots of that
  kind found by then and active on the day);
* counts over the window of ``window_months`` whole months ending on that day: drug offenders
  and narcotic plants destroyed, from patrol findings (a finding's count is the number of
  offenders, or of plants; a plants finding may also give the area in m²).

Rates are percent of the unit's population (reference data in the ``unit`` table), ``None``
when it is not known. Every unit is computed by the same few grouped queries, so the whole
province costs about what one commune does. :func:`explain` lists the records behind a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, text

from nghean_tui.domain.enums import EpisodeType, FindingCategory, HotspotKind
from nghean_tui.domain.parsing import as_date
from nghean_tui.i18n import label
from nghean_tui.reports.coverage import (
    NOT_HEARD,
    Coverage,
    is_station,
    present_units,
    station_coverage,
)
from nghean_tui.reports.criteria import Criteria, Verdict, current, judge
from nghean_tui.reports.period import months_before
from nghean_tui.reports.sql import rows_at_once, unit_filter
from nghean_tui.storage.database import Database

HOTSPOT_INDICATORS = {
    "drug_use_places": HotspotKind.GATHERING.value,
    "retail_points": HotspotKind.RETAIL.value,
}
FINDING_INDICATORS = {
    "offenders": FindingCategory.DRUG_TRAFFICKING.value,
    "plants_destroyed": FindingCategory.NARCOTIC_PLANTS.value,
}
AREA_INDICATOR = "plants_area_m2"  # the area of the plants findings, summed like their count
RATE_OF = {"managed_rate": "managed_people", "offender_rate": "offenders"}
COUNTS = ("managed_people", *HOTSPOT_INDICATORS, *FINDING_INDICATORS, AREA_INDICATOR)
"""The indicators that are counts (they add up over units); the others are rates."""


def in_force(alias: str = "") -> str:
    """SQL: an episode in force on ``:d`` (started, not proposed, not yet ended). Episodes
    without any date were entered as already running."""
    a = f"{alias}." if alias else ""
    return (
        f"{a}status != 'proposed' AND coalesce({a}start_date, {a}decision_date, '') <= :d "
        f"AND ({a}actual_end IS NULL OR {a}actual_end > :d)"
    )


# A hotspot active on :d: found by then and active now, or eliminated only after :d. One under
# watch is not counted: it is not established that drugs are used or sold there.
ACTIVE_HOTSPOT = (
    "found_on <= :d AND (status = 'active' OR (status = 'eliminated' AND eliminated_on > :d))"
)


@dataclass
class UnitIndicators:
    unit_code: str
    population: int | None
    as_of: date
    window_start: date
    values: dict[str, float | None] = field(default_factory=dict)
    # Why values are not known (docs/indicators.md), in the order they were found: a code of
    # MISSING each; ``unknown`` says which reason made each indicator not known.
    missing: tuple[str, ...] = ()
    unknown: dict[str, str] = field(default_factory=dict)
    coverage: Coverage | None = None  # at a station: what it holds of the unit


FINDINGS = ("offenders", "plants_destroyed", AREA_INDICATOR)
"""The counts made from patrol findings: nothing found is no evidence without a patrol."""
MISSING = ("no_bundle", "reach", "no_records", "no_patrols", "population")


@dataclass(frozen=True)
class Evidence:
    """One record behind an indicator: which, when, what, and how much it adds."""

    table: str
    record_id: str
    day: date | None
    summary: str
    amount: int = 1


def populations(conn: Connection, units: list[str] | None = None) -> dict[str, int | None]:
    return dict(
        rows_at_once(
            conn,
            "SELECT code, population FROM unit WHERE 1 = 1" + unit_filter(units, "code"),
            {},
            2,
            units,
        )
    )


def compute(
    conn: Connection,
    as_of: date,
    window_months: int,
    units: list[str] | None = None,
    *,
    managed: dict[str, int] | None = None,
) -> dict[str, UnitIndicators]:
    """Indicators of ``units`` (every unit with records when ``None``) on ``as_of``.

    ``managed`` (unit → people under management on ``as_of``) is for a caller that counted
    them already in its own pass over the episodes: that query is the costly one."""
    start = months_before(as_of, window_months)
    params = {"d": as_of.isoformat(), "start": start.isoformat()}
    counts: dict[str, dict[str, float]] = {}

    def add(unit: str, name: str, value) -> None:
        counts.setdefault(unit, {})[name] = int(value or 0)

    if managed is None:
        managed = dict(
            rows_at_once(
                conn,
                "SELECT unit_code, count(DISTINCT person_id) FROM "
                f"management_episode WHERE deleted = 0 AND {in_force()}"
                + unit_filter(units)
                + " GROUP BY unit_code",
                params,
                2,
                units,
            )
        )
    for unit, n in managed.items():
        if units is None or unit in units:
            add(unit, "managed_people", n)
    kinds = {kind: name for name, kind in HOTSPOT_INDICATORS.items()}
    for unit, kind, n in rows_at_once(
        conn,
        "SELECT unit_code, kind, count(*) FROM hotspot "
        f"WHERE deleted = 0 AND kind IN ('gathering', 'retail') "
        f"AND {ACTIVE_HOTSPOT}" + unit_filter(units) + " GROUP BY unit_code, kind",
        params,
        3,
        units,
    ):
        add(unit, kinds[kind], n)
    categories = {category: name for name, category in FINDING_INDICATORS.items()}
    for unit, category, n, area in rows_at_once(
        conn,
        "SELECT p.unit_code, f.category, sum(f.count), sum(f.area_m2) "
        "FROM patrol p JOIN patrol_finding f ON f.patrol_id = p.id "
        "WHERE p.deleted = 0 AND f.deleted = 0 "
        "AND f.category IN ('drug_trafficking', 'narcotic_plants') "
        "AND p.patrol_date >= :start AND p.patrol_date <= :d"
        + unit_filter(units, "p.unit_code")
        + " GROUP BY p.unit_code, f.category",
        params,
        4,
        units,
    ):
        add(unit, categories[category], n)
        if category == FINDING_INDICATORS["plants_destroyed"]:
            add(unit, AREA_INDICATOR, area)

    wanted = units if units is not None else sorted(counts)
    people = populations(conn, wanted)
    station = is_station(conn)
    held = station_coverage(conn) if station else {}
    present = present_units(conn)
    patrolled = {
        u
        for (u,) in rows_at_once(
            conn,
            "SELECT DISTINCT unit_code FROM patrol WHERE deleted = 0 "
            "AND patrol_date >= :start AND patrol_date <= :d" + unit_filter(units),
            params,
            1,
            units,
        )
    }
    return {
        unit: _finish(
            unit,
            people.get(unit),
            as_of,
            start,
            counts.get(unit, {}),
            coverage=held.get(unit, NOT_HEARD) if station else None,
            present=unit in present,
            patrolled=unit in patrolled,
        )
        for unit in wanted
    }


def _finish(
    unit: str,
    population: int | None,
    as_of: date,
    start: date,
    counts: dict[str, float],
    *,
    coverage: Coverage | None = None,
    present: bool = True,
    patrolled: bool = True,
) -> UnitIndicators:
    """The unit's values, each not known (None) when an input it needs is missing: at a
    station, a bundle from the unit and records reaching ``as_of``; records of the unit at
    all; a patrol in the window for what patrols find; the population for rates."""
    values: dict[str, float | None] = {name: counts.get(name, 0) for name in COUNTS}
    unknown: dict[str, str] = {}
    missing: list[str] = []

    def blank(reason: str, names) -> None:
        missing.append(reason)
        for name in names:
            unknown.setdefault(name, reason)

    if coverage is not None and not coverage.heard:
        blank("no_bundle", COUNTS)
    elif coverage is not None and not coverage.reaches(as_of):
        blank("reach", COUNTS)
    elif not present:
        blank("no_records", COUNTS)
    elif not patrolled:
        blank("no_patrols", FINDINGS)
    if not population:
        blank("population", RATE_OF)
    for name in list(unknown):
        values[name] = None
    for rate, base in RATE_OF.items():
        values[rate] = rate_of(values[base], population)
        if values[rate] is None and rate not in unknown:
            unknown[rate] = unknown.get(base, "population")
    return UnitIndicators(unit, population, as_of, start, values, tuple(missing), unknown, coverage)


def province(units: list[UnitIndicators], as_of: date, start: date) -> UnitIndicators:
    """The units added up: each count over the units where it is known (None where none is),
    rates over the population of those units (None unless each of them has one)."""
    values: dict[str, float | None] = {}
    for name in COUNTS:
        known = [v for u in units if (v := u.values.get(name)) is not None]
        values[name] = sum(known) if known else None
    counted = [u for u in units if u.values.get("managed_people") is not None]
    populations = [u.population for u in counted if u.population]
    population = (
        sum(populations)
        if counted and len(populations) == len(counted)  # every one of them known
        else None
    )
    for rate, base in RATE_OF.items():
        values[rate] = rate_of(values[base], population)
    return UnitIndicators("", population, as_of, start, values)


def rate_of(count: float | None, population: int | None) -> float | None:
    """``count`` as percent of ``population``; None without a population."""
    if count is None or not population:
        return None
    return 100.0 * count / population


# ---------------------------------------------------------------- which records count


def explain(
    conn: Connection, unit: str, indicator: str, as_of: date, window_months: int
) -> list[Evidence]:
    """The records that make up ``indicator`` for ``unit`` on ``as_of`` (a rate is explained
    by the records of the count it divides)."""
    name = RATE_OF.get(indicator, indicator)
    params = {
        "u": unit,
        "d": as_of.isoformat(),
        "start": months_before(as_of, window_months).isoformat(),
    }
    if name == "managed_people":
        return _explain_managed(conn, params)
    if name in HOTSPOT_INDICATORS:
        return _explain_hotspots(conn, {**params, "kind": HOTSPOT_INDICATORS[name]})
    if name in FINDING_INDICATORS:
        return _explain_findings(conn, {**params, "category": FINDING_INDICATORS[name]})
    if name == AREA_INDICATOR:
        return _explain_findings(
            conn, {**params, "category": FINDING_INDICATORS["plants_destroyed"]}, amount="f.area_m2"
        )
    raise KeyError(indicator)


def _explain_managed(conn: Connection, params: dict) -> list[Evidence]:
    # One line per person (the count is of people), through their earliest episode in force.
    rows = conn.execute(
        text(
            "SELECT e.person_id, e.id, coalesce(e.start_date, e.decision_date), e.episode_type, "
            "p.full_name FROM management_episode e JOIN person p ON p.id = e.person_id "
            f"WHERE e.unit_code = :u AND e.deleted = 0 AND {in_force('e')} "
            "ORDER BY p.sort_key, e.person_id, coalesce(e.start_date, e.decision_date), e.id"
        ),
        params,
    )
    seen, result = set(), []
    for person_id, episode_id, start, etype, name in rows:
        if person_id in seen:
            continue
        seen.add(person_id)
        result.append(
            Evidence(
                "management_episode",
                episode_id,
                as_date(start),
                f"{name} — {label(EpisodeType(etype))}",
            )
        )
    return result


def _explain_hotspots(conn: Connection, params: dict) -> list[Evidence]:
    rows = conn.execute(
        text(
            "SELECT id, found_on, name, location FROM hotspot WHERE unit_code = :u AND deleted = 0 "
            f"AND kind = :kind AND {ACTIVE_HOTSPOT} ORDER BY found_on, id"
        ),
        params,
    )
    return [
        Evidence("hotspot", i, as_date(found), f"{name} ({location})" if location else name)
        for i, found, name, location in rows
    ]


def _explain_findings(conn: Connection, params: dict, amount: str = "f.count") -> list[Evidence]:
    """Findings of ``:category`` in the window, each adding its ``amount`` (count or area;
    findings without an area do not explain one)."""
    rows = conn.execute(
        text(
            f"SELECT f.id, p.patrol_date, {amount}, f.description FROM patrol p "
            "JOIN patrol_finding f ON f.patrol_id = p.id WHERE p.unit_code = :u AND p.deleted = 0 "
            f"AND f.deleted = 0 AND f.category = :category AND {amount} IS NOT NULL "
            "AND p.patrol_date >= :start "
            "AND p.patrol_date <= :d ORDER BY p.patrol_date, f.id"
        ),
        params,
    )
    return [
        Evidence("patrol_finding", i, as_date(day), description[:80], int(n or 0))
        for i, day, n, description in rows
    ]


# ---------------------------------------------------------------- one unit against the criteria


@dataclass(frozen=True)
class Standing:
    """A unit's indicators on a day and both checklists applied to them (the Today panel)."""

    indicators: UnitIndicators
    criteria: Criteria
    key_area: Verdict
    drug_free: Verdict


def standing(db: Database, as_of: date, unit: str | None = None) -> Standing:
    """``unit`` (this database's own by default) on ``as_of``, judged by the criteria in
    force."""
    unit = unit or db.unit_code
    with db.engine.connect() as conn:
        criteria = current(conn)
        found = compute(conn, as_of, criteria.window_months, [unit])[unit]
    return Standing(
        found,
        criteria,
        judge(criteria.key_area, found.values),
        judge(criteria.drug_free, found.values),
    )
