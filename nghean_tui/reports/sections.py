"""The sections of a period report, each from one or two grouped queries over every unit.

What each figure means (the workbook's first sheet says it too):

* people: distinct people per kind of management — in force at the end of the period (of whom
  absconded), started in it, ended in it by how they ended, and proposals still open;
* follow-ups: those that fell due before the end of the period and are still not done on the
  day the report is made (follow-ups are kept for now, not for the past);
* drug tests in the period, with first positives (nobody's earlier test was positive) and
  relapses; relapses again by the kind of management the test was recorded under;
* patrols, people checked and findings; teams and members on the last day, activities in the
  period; hotspots active on the last day, found and eliminated in it; tips received;
* indicators on the last day against the criteria in force (:mod:`reports.indicators`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection

from nghean_tui.domain.enums import (
    EpisodeType,
    FindingCategory,
    FollowUpKind,
    HotspotKind,
    PatrolKind,
    TeamKind,
    TipChannel,
    TipStatus,
)
from nghean_tui.domain.formats import fmt_date
from nghean_tui.domain.parsing import as_date
from nghean_tui.i18n import label, t
from nghean_tui.reports.coverage import NOT_HEARD, is_station, station_coverage
from nghean_tui.reports.criteria import INDICATORS, RATES, Criteria, judge
from nghean_tui.reports.indicators import ACTIVE_HOTSPOT, UnitIndicators, in_force
from nghean_tui.reports.indicators import compute as compute_indicators
from nghean_tui.reports.indicators import province as province_indicators
from nghean_tui.reports.missing import missing_text
from nghean_tui.reports.model import DATE, INT, PERCENT, TEXT, YESNO, Column, Section, UnitName
from nghean_tui.reports.period import Period
from nghean_tui.reports.sql import run, unit_filter


class Query:
    """The period and the units one report covers, for the section builders."""

    def __init__(
        self, conn: Connection, period: Period, units: list[UnitName], made_on: date
    ) -> None:
        self.conn, self.period, self.units, self.made_on = conn, period, units, made_on
        self.codes = [u.code for u in units]
        self.params = {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "d": period.end.isoformat(),
        }
        # At a station, what it holds of each unit; a commune's own records are all there.
        self.coverage = station_coverage(conn) if is_station(conn) else None

    def heard(self, code: str) -> bool:
        """Whether the unit's figures are figures: at a station, a bundle came from it (the
        rows of a unit never heard from are left empty, never zeros)."""
        return self.coverage is None or self.coverage.get(code, NOT_HEARD).heard

    def rows(self, sql: str, unit_column: str = "unit_code", **params):
        """``sql`` with `` AND <unit_column> IN (units)`` where it says ``{units}``."""
        return run(
            self.conn,
            sql.format(units=unit_filter(self.codes, unit_column)),
            {**self.params, **params},
            self.codes,
        ).all()


def _keyed(title_key: str) -> list[Column]:
    return [
        Column(t("report.col.unit_code"), TEXT),
        Column(t("report.col.unit_name"), TEXT),
        *([Column(t(f"report.col.{title_key}"), TEXT)] if title_key else []),
    ]


def _grid(q: Query, section: Section, members, found: dict[tuple, list]) -> Section:
    """One row per unit and member (enum order), zeros where nothing was found."""
    empty = [None if c.kind == DATE else 0 for c in section.columns[section.keys :]]
    for unit in q.units:
        for member in members:
            values = (
                found.get((unit.code, member.value), empty)
                if q.heard(unit.code)
                else [None] * len(empty)
            )
            section.rows.append([unit.code, unit.name, label(member), *values])
    return section


def _by_unit(q: Query, section: Section, found: dict[str, list]) -> Section:
    empty = [0] * (len(section.columns) - section.keys)
    for unit in q.units:
        values = found.get(unit.code, empty) if q.heard(unit.code) else [None] * len(empty)
        section.rows.append([unit.code, unit.name, *values])
    return section


# ---------------------------------------------------------------- people


PEOPLE_COLUMNS = (
    "in_force",
    "absconded",
    "started",
    "completed",
    "stopped_early",
    "transferred_out",
    "proposed",
)


def people(q: Query) -> Section:
    person = "THEN person_id END)"
    rows = q.rows(
        "SELECT unit_code, episode_type, "
        f"count(DISTINCT CASE WHEN {in_force()} {person}, "
        f"count(DISTINCT CASE WHEN status = 'absconded' AND {in_force()} {person}, "
        f"count(DISTINCT CASE WHEN status != 'proposed' AND start_date BETWEEN :start AND :end "
        f"{person}, "
        + "".join(
            f"count(DISTINCT CASE WHEN status = '{s}' AND actual_end BETWEEN :start "
            f"AND :end {person}, "
            for s in ("completed", "stopped_early", "transferred_out")
        )
        + "count(DISTINCT CASE WHEN status = 'proposed' AND coalesce(trigger_date, "
        f"decision_date, substr(created_at, 1, 10)) <= :end {person} "
        "FROM management_episode WHERE deleted = 0{units} GROUP BY unit_code, episode_type"
    )
    section = Section(
        "people",
        _keyed("episode_type") + [Column(t(f"report.col.{c}")) for c in PEOPLE_COLUMNS],
        keys=3,
    )
    return _grid(q, section, EpisodeType, {(r[0], r[1]): list(r[2:]) for r in rows})


def followups(q: Query) -> Section:
    cut = min(q.period.after, q.made_on)
    rows = q.rows(
        "SELECT unit_code, kind, count(*), count(DISTINCT person_id), min(due_on) "
        "FROM due_item WHERE due_on < :cut{units} GROUP BY unit_code, kind",
        cut=cut.isoformat(),
    )
    section = Section(
        "followups",
        _keyed("followup_kind")
        + [
            Column(t("report.col.overdue")),
            Column(t("report.col.people")),
            Column(t("report.col.oldest_due"), DATE),
        ],
        keys=3,
    )
    found = {(u, k): [n, p, as_date(oldest)] for u, k, n, p, oldest in rows}
    return _grid(q, section, FollowUpKind, found)


def drug_tests(q: Query) -> Section:
    rows = q.rows(
        "SELECT t.unit_code, count(*), count(DISTINCT t.person_id), "
        "sum(t.result = 'positive'), sum(t.result = 'negative'), "
        "sum(t.result = 'positive' AND NOT EXISTS (SELECT 1 FROM drug_test e "
        "WHERE e.person_id = t.person_id AND e.deleted = 0 AND e.result = 'positive' "
        "AND (e.test_date < t.test_date OR (e.test_date = t.test_date AND e.id < t.id)))), "
        "sum(t.relapse) FROM drug_test t WHERE t.deleted = 0 "
        "AND t.test_date BETWEEN :start AND :end{units} GROUP BY t.unit_code",
        "t.unit_code",
    )
    names = ("tests", "people_tested", "positive", "negative", "first_positive", "relapses")
    section = Section("tests", _keyed("") + [Column(t(f"report.col.{n}")) for n in names])
    return _by_unit(q, section, {r[0]: [int(v or 0) for v in r[1:]] for r in rows})


def relapses(q: Query) -> Section:
    rows = q.rows(
        "SELECT t.unit_code, coalesce(e.episode_type, ''), count(*), count(DISTINCT t.person_id) "
        "FROM drug_test t LEFT JOIN management_episode e ON e.id = t.episode_id "
        "WHERE t.deleted = 0 AND t.relapse = 1 AND t.test_date BETWEEN :start AND :end{units} "
        "GROUP BY t.unit_code, coalesce(e.episode_type, '')",
        "t.unit_code",
    )
    section = Section(
        "relapses",
        _keyed("managed_as") + [Column(t("report.col.relapses")), Column(t("report.col.people"))],
        keys=3,
    )
    found = {(u, k): [n, p] for u, k, n, p in rows}
    for unit in q.units:
        for code, name in [(m.value, label(m)) for m in EpisodeType] + [
            ("", t("report.not_linked"))
        ]:
            values = found.get((unit.code, code), [0, 0]) if q.heard(unit.code) else [None] * 2
            section.rows.append([unit.code, unit.name, name, *values])
    return section


# ---------------------------------------------------------------- patrols, teams, places, tips


def patrols(q: Query) -> Section:
    period = "patrol_date BETWEEN :start AND :end"
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit, kind, n, checked in q.rows(
        "SELECT unit_code, kind, count(*), sum(people_checked) FROM patrol "
        f"WHERE deleted = 0 AND {period}{{units}} GROUP BY unit_code, kind"
    ):
        found[unit][kind] = n
        found[unit]["patrols"] += n
        found[unit]["checked"] += checked or 0
    for unit, category, n in q.rows(
        "SELECT p.unit_code, f.category, sum(f.count) FROM patrol p "
        "JOIN patrol_finding f ON f.patrol_id = p.id WHERE p.deleted = 0 AND f.deleted = 0 "
        f"AND p.{period}{{units}} GROUP BY p.unit_code, f.category",
        "p.unit_code",
    ):
        found[unit][f"finding.{category}"] = n or 0
        found[unit]["findings"] += n or 0
    keys = [
        "patrols",
        *[k.value for k in PatrolKind],
        "checked",
        "findings",
        *[f"finding.{c.value}" for c in FindingCategory],
    ]
    section = Section(
        "patrols",
        _keyed("")
        + [Column(t("report.col.patrols"))]
        + [Column(label(k)) for k in PatrolKind]
        + [Column(t("report.col.people_checked")), Column(t("report.col.findings"))]
        + [Column(label(c)) for c in FindingCategory],
    )
    return _by_unit(q, section, {u: [v.get(k, 0) for k in keys] for u, v in found.items()})


def teams(q: Query) -> Section:
    team_on_end = (
        "t.deleted = 0 AND coalesce(t.established_on, t.decision_date, '') <= :end "
        "AND (t.dissolved_on IS NULL OR t.dissolved_on > :end)"
    )
    found: dict[tuple, list] = defaultdict(lambda: [0, 0, 0])
    for unit, kind, n in q.rows(
        "SELECT t.unit_code, t.kind, count(*) FROM team t "
        f"WHERE {team_on_end}{{units}} GROUP BY t.unit_code, t.kind",
        "t.unit_code",
    ):
        found[(unit, kind)][0] = n
    for unit, kind, n in q.rows(
        "SELECT t.unit_code, t.kind, count(*) FROM team t JOIN team_member m "
        f"ON m.team_id = t.id WHERE {team_on_end} AND m.deleted = 0 "
        "AND coalesce(m.joined_on, '') <= :end AND (m.left_on IS NULL OR m.left_on > :end)"
        "{units} GROUP BY t.unit_code, t.kind",
        "t.unit_code",
    ):
        found[(unit, kind)][1] = n
    for unit, kind, n in q.rows(
        "SELECT t.unit_code, t.kind, count(*) FROM team t JOIN team_activity a "
        "ON a.team_id = t.id WHERE t.deleted = 0 AND a.deleted = 0 "
        "AND a.activity_date BETWEEN :start AND :end{units} GROUP BY t.unit_code, t.kind",
        "t.unit_code",
    ):
        found[(unit, kind)][2] = n
    section = Section(
        "teams",
        _keyed("team_kind")
        + [Column(t(f"report.col.{c}")) for c in ("teams", "members", "activities")],
        keys=3,
    )
    return _grid(q, section, TeamKind, found)


def hotspots(q: Query) -> Section:
    rows = q.rows(
        "SELECT unit_code, kind, "
        f"sum({ACTIVE_HOTSPOT}), "
        "sum(status = 'monitoring' AND found_on <= :end), "
        "sum(found_on BETWEEN :start AND :end), "
        "sum(status = 'eliminated' AND eliminated_on BETWEEN :start AND :end) "
        "FROM hotspot WHERE deleted = 0{units} GROUP BY unit_code, kind"
    )
    section = Section(
        "hotspots",
        _keyed("hotspot_kind")
        + [Column(t(f"report.col.{c}")) for c in ("active", "monitoring", "found", "eliminated")],
        keys=3,
    )
    return _grid(
        q, section, HotspotKind, {(r[0], r[1]): [int(v or 0) for v in r[2:]] for r in rows}
    )


def tips(q: Query) -> Section:
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit, channel, status, n in q.rows(
        "SELECT unit_code, channel, status, count(*) FROM tip WHERE deleted = 0 "
        "AND received_on BETWEEN :start AND :end{units} GROUP BY unit_code, channel, status"
    ):
        found[unit]["received"] += n
        found[unit][f"channel.{channel}"] += n
        found[unit][f"status.{status}"] += n
    keys = [
        "received",
        *[f"channel.{c.value}" for c in TipChannel],
        *[f"status.{s.value}" for s in TipStatus],
    ]
    section = Section(
        "tips",
        _keyed("")
        + [Column(t("report.col.received"))]
        + [Column(label(c)) for c in TipChannel]
        + [Column(label(s)) for s in TipStatus],
    )
    return _by_unit(q, section, {u: [v.get(k, 0) for k in keys] for u, v in found.items()})


# ---------------------------------------------------------------- indicators


def _yes_no(value: bool | None) -> str:
    return t("report.unknown") if value is None else t("report.yes" if value else "report.no")


def indicators(q: Query, criteria: Criteria) -> Section:
    """One row per unit: population, every indicator, and both checklists' verdicts; with
    several units, a province row whose rates are recomputed from the summed counts."""
    found = compute_indicators(q.conn, q.period.end, criteria.window_months, q.codes)
    section = Section(
        "indicators",
        _keyed("")
        + [Column(t("report.col.population"))]
        + [Column(t(f"indicator.{n}"), PERCENT if n in RATES else INT) for n in INDICATORS]
        + [
            Column(t("report.col.key_area_met"), TEXT),
            Column(t("report.col.key_area"), YESNO),
            Column(t("report.col.drug_free_met"), TEXT),
            Column(t("report.col.drug_free"), YESNO),
            Column(t("report.col.not_known"), TEXT),
        ]
        + (
            [Column(t("report.col.data"), TEXT), Column(t("report.col.days_since_bundle"))]
            if q.coverage is not None
            else []
        ),
    )
    rows = [(unit.code, unit.name, found[unit.code]) for unit in q.units]
    if len(rows) > 1:
        section.first_total = len(rows)
        heard = sum(q.heard(u.code) for u in q.units)
        rows.append(
            (
                "",
                t("report.total_of", heard=heard, count=len(q.units)),
                _province(list(found.values()), q.period.end),
            )
        )
    for code, name, ind in rows:
        key, free = judge(criteria.key_area, ind.values), judge(criteria.drug_free, ind.values)
        row = [
            code,
            name,
            ind.population,
            *[ind.values[n] for n in INDICATORS],
            f"{key.met}/{len(key.results)}",
            _yes_no(key.holds),
            f"{free.met}/{len(free.results)}",
            _yes_no(free.holds),
            "; ".join(missing_text(r, ind) for r in ind.missing),
        ]
        if q.coverage is not None:
            row += _data_status(q, code) if code else ["", None]
        section.rows.append(row)
    return section


def _data_status(q: Query, code: str) -> list:
    """What the station holds of a unit: never heard from, or how far its records reach;
    and the days since its last bundle arrived (on the day the report is made)."""
    assert q.coverage is not None  # asked only of a station's report, which has coverage
    held = q.coverage.get(code, NOT_HEARD)
    if not held.heard:
        status = t("report.never_heard")
    elif held.reach is None:
        status = t("report.reach_unknown")
    else:
        status = t("report.reach", date=fmt_date(held.reach))
    days = (
        None if held.last_received is None else max((q.made_on - held.last_received.date()).days, 0)
    )
    return [status, days]


def _province(units: list[UnitIndicators], as_of: date) -> UnitIndicators:
    return province_indicators(units, as_of, units[0].window_start)
