"""The dashboard's figures and the charts' monthly series against the hand-made province of
``province.py``."""

from __future__ import annotations

from datetime import date

import pytest

from nghean_tui.domain.enums import Role
from nghean_tui.reports import dashboard
from nghean_tui.reports.report import province_units
from nghean_tui.reports.series import chart_units, months_to, series
from tests.reports import province
from tests.sync.conftest import Site


@pytest.fixture
def station(tmp_path):
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    ids = province.build(site.db)
    site.ids = ids
    yield site
    site.close()


def _by_code(dash):
    return {r.code: r for r in dash.rows}


def test_every_commune_of_the_province_is_a_row(station):
    dash = dashboard.dashboard(station.db, province.TODAY)
    assert [r.code for r in dash.rows] == sorted(province_units())  # E too: revoked, no records
    assert len(dash.rows) == 130
    rows = _by_code(dash)
    assert {c: rows[c].name for c in province.NAMES} == province.NAMES
    assert [rows[c].border for c in (province.A, province.B, province.C, province.D)] == [
        True,
        True,
        False,
        False,
    ]
    assert [
        rows[c].enrolled for c in (province.A, province.B, province.C, province.D, province.E)
    ] == [
        False,
        True,
        False,
        True,
        False,
    ]
    assert [
        rows[c].days_since_bundle
        for c in (province.A, province.B, province.C, province.D, province.E)
    ] == [0, 5, 0, 50, None]
    assert [c for c, r in rows.items() if r.heard] == sorted(
        [province.A, province.B, province.C, province.D]
    )
    never = rows[province.E]  # never heard from: no figure is known, no checklist decided
    assert (never.key_area.holds, never.drug_free.holds) == (None, None)
    assert never.key_area.met == 0 and never.drug_free.unknown == 4
    assert never.indicators.missing == ("no_bundle", "population")


def test_figures_by_hand(station):
    rows = _by_code(dashboard.dashboard(station.db, province.TODAY))
    a, b, c, d = (rows[x] for x in (province.A, province.B, province.C, province.D))
    assert (a.managed, a.overdue, a.patrols, a.teams, a.members, a.hotspots) == (2, 3, 1, 1, 2, 2)
    assert {k: n for k, n in a.by_kind.items() if n} == {"drug_user": 2, "opioid_substitution": 1}
    assert (b.managed, b.overdue, b.patrols, b.hotspots) == (1, 0, 2, 0)  # the proposal: no
    assert {k: n for k, n in b.by_kind.items() if n} == {"post_rehab": 1}
    assert (c.managed, c.overdue, c.hotspots) == (1, 1, 1)
    assert (d.managed, d.overdue, d.patrols, d.teams, d.hotspots) == (0, 0, 0, 0, 0)
    assert a.indicators.values == {
        "managed_people": 2,
        "managed_rate": 0.2,
        "drug_use_places": 2,
        "retail_points": 0,
        "offenders": 2,
        "offender_rate": 0.2,
        "plants_destroyed": 3500,
        "plants_area_m2": 0,
    }
    assert (a.key_area.met, a.key_area.holds) == (3, True)
    assert (a.drug_free.met, a.drug_free.holds) == (1, False)
    # B's records reach 15/11 only, D's 01/10: on 20/11 nothing of theirs is known.
    assert (b.key_area.holds, b.drug_free.holds) == (None, None)
    assert set(b.indicators.values.values()) == {None}
    assert b.indicators.missing == ("reach",) and b.indicators.coverage.reach == date(2026, 11, 15)
    assert (d.drug_free.met, d.drug_free.unknown, d.drug_free.holds) == (0, 4, None)
    assert d.indicators.missing == ("reach", "population")
    assert c.indicators.values["managed_rate"] is None  # no population
    # C had no patrol in the window: what patrols find (offenders, plants) is not known.
    assert c.indicators.missing == ("no_patrols", "population")
    assert (c.key_area.met, c.key_area.unknown, c.key_area.holds) == (0, 3, None)
    assert (c.drug_free.met, c.drug_free.unknown, c.drug_free.holds) == (1, 2, False)  # retail


def test_a_commune_judged_on_the_day_its_records_reach(station):
    b = _by_code(dashboard.dashboard(station.db, date(2026, 11, 15)))[province.B]
    assert b.indicators.missing == ()
    assert (b.key_area.holds, b.drug_free.holds) == (False, True)


def test_totals(station):
    dash = dashboard.dashboard(station.db, province.TODAY)
    total = dashboard.totals(dash.rows, province.TODAY, dash.criteria)
    row = total.row
    # Not known counts as neither: 1 key area (A), no commune known to be drug-free, and 129
    # of the 130 undecided (only A is judged).
    assert (total.communes, total.heard, total.key_areas, total.drug_free) == (130, 4, 1, 0)
    assert total.not_known == 129
    assert (row.managed, row.overdue, row.patrols, row.teams, row.members, row.hotspots) == (
        4,
        4,
        3,
        1,
        2,
        3,
    )
    assert row.by_kind["drug_user"] == 3 and row.by_kind["post_rehab"] == 1
    # Indicators add up over the communes where they are known (A and C).
    assert row.indicators.values["managed_people"] == 3
    assert row.indicators.population is None and row.indicators.values["managed_rate"] is None
    border = [r for r in dash.rows if r.border]
    both = dashboard.totals(border, province.TODAY, dash.criteria).row
    assert both.indicators.population == 1000  # B's count is not known: A's population alone
    assert both.indicators.values["managed_rate"] == pytest.approx(100 * 2 / 1000)


def test_the_quick_half_paints_first_and_the_rest_fills_in(station):
    frame = dashboard.frame(station.db, province.TODAY)
    alone = dashboard.combine(frame, None)
    assert alone.criteria is None and all(r.managed is None for r in alone.rows)
    total = dashboard.totals(alone.rows, province.TODAY, None)
    assert (total.row.overdue, total.key_areas) == (4, None)
    whole = dashboard.combine(frame, dashboard.management(station.db, province.TODAY))
    assert whole.rows == dashboard.dashboard(station.db, province.TODAY).rows


def test_filters_and_sorting(station):
    rows = [
        r for r in dashboard.dashboard(station.db, province.TODAY).rows if r.code in province.NAMES
    ]

    def codes(keep=None, column="name", descending=False):
        return [
            r.code for r in dashboard.shown(rows, keep or dashboard.Filter(), column, descending)
        ]

    assert codes() == [
        province.D,
        province.B,
        province.A,
        province.C,
    ]  # Huồi Tụ, Keng Đu, Mỹ Lý, Thành Vinh
    assert codes(descending=True) == [province.C, province.A, province.B, province.D]
    assert codes(dashboard.Filter(name="keng du")) == [province.B]  # without diacritics
    assert codes(dashboard.Filter(name="Mỹ")) == [province.A]
    assert codes(dashboard.Filter(border=True)) == [province.B, province.A]
    assert codes(dashboard.Filter(key_area=True)) == [province.A]
    assert codes(dashboard.Filter(overdue=True)) == [province.A, province.C]
    assert codes(column="overdue", descending=True) == [
        province.A,
        province.C,
        province.D,
        province.B,
    ]  # ties by name
    assert codes(column="days_since_bundle", descending=True) == [
        province.D,
        province.B,
        province.A,
        province.C,
    ]
    assert codes(column="ind.managed_rate", descending=True)[-3:] == [
        province.D,
        province.B,
        province.C,
    ]  # unknown
    assert codes(column="ind.managed_rate", descending=True)[0] == province.A  # ... last
    assert codes(column="kind.drug_user", descending=True)[:2] == [province.A, province.C]


def test_months_end_with_today():
    span = months_to(date(2026, 11, 20), 3)
    assert [(m.first, m.last) for m in span] == [
        (date(2026, 9, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 20)),
    ]


def test_series_by_hand(station):
    s = series(station.db, province.TODAY)  # December 2025 … November 2026
    # In force at each month's end: a3 Jan–Sep, a1 from March, a2 from May, b1 from August,
    # c1 from September; a3 ended 15 October.
    assert s.managed == [0, 1, 1, 2, 2, 3, 3, 3, 4, 5, 4, 4]
    # a3 January, a1 March, a2 May and again (methadone) June, b1 August, c1 September.
    assert s.started == [0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0]
    assert s.ended == [0] * 10 + [1, 0]
    assert s.patrols == [0] * 10 + [3, 2]
    # Open follow-ups due 10/08 (C), 01/10, 15/11, 19/11 (A); 20/11 is due today.
    assert s.overdue == [0] * 8 + [1, 1, 2, 4]
    one = series(station.db, province.TODAY, province.A)
    assert one.managed[-1] == 2 and one.patrols[-2:] == [1, 1] and one.overdue[-1] == 3
    assert series(station.db, province.TODAY, province.D).managed == [0] * 12


def test_chart_units(station):
    assert chart_units(station.db) == [
        (province.B, "Xã Keng Đu"),
        (province.A, "Xã Mỹ Lý"),
        (province.C, "Phường Thành Vinh"),
    ]
