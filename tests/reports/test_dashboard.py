"""The dashboard's figures and the charts' monthly series against the hand-made province of
``province.py``."""

from __future__ import annotations

from datetime import date

import pytest

from nghean_tui.domain.enums import Role
from nghean_tui.reports import dashboard as D
from nghean_tui.reports.series import chart_units, months_to, series
from tests.reports import province as P
from tests.sync.conftest import Site


@pytest.fixture
def station(tmp_path):
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    ids = P.build(site.db)
    site.ids = ids
    yield site
    site.close()


def _by_code(dash):
    return {r.code: r for r in dash.rows}


def test_every_commune_with_records_or_enrolled_is_a_row(station):
    dash = D.dashboard(station.db, P.TODAY)
    assert [r.code for r in dash.rows] == sorted([P.A, P.B, P.C, P.D])  # E: revoked, no records
    rows = _by_code(dash)
    assert {c: r.name for c, r in rows.items()} == P.NAMES
    assert [rows[c].border for c in (P.A, P.B, P.C, P.D)] == [True, True, False, False]
    assert [rows[c].enrolled for c in (P.A, P.B, P.C, P.D)] == [False, True, False, True]
    assert [rows[c].days_since_bundle for c in (P.A, P.B, P.C, P.D)] == [None, 5, None, 50]


def test_figures_by_hand(station):
    rows = _by_code(D.dashboard(station.db, P.TODAY))
    a, b, c, d = (rows[x] for x in (P.A, P.B, P.C, P.D))
    assert (a.managed, a.overdue, a.patrols, a.teams, a.members, a.hotspots) == (2, 3, 1, 1, 2, 2)
    assert {k: n for k, n in a.by_kind.items() if n} == {"drug_user": 2, "opioid_substitution": 1}
    assert (b.managed, b.overdue, b.patrols, b.hotspots) == (1, 0, 2, 0)  # the proposal: no
    assert {k: n for k, n in b.by_kind.items() if n} == {"post_rehab": 1}
    assert (c.managed, c.overdue, c.hotspots) == (1, 1, 1)
    assert (d.managed, d.overdue, d.patrols, d.teams, d.hotspots) == (0, 0, 0, 0, 0)
    assert a.indicators.values == {
        "managed_people": 2, "managed_rate": 0.2, "drug_use_places": 2, "retail_points": 0,
        "offenders": 2, "offender_rate": 0.2, "plants_destroyed": 3500, "plants_area_m2": 0}
    assert (a.key_area.met, a.key_area.holds) == (3, True)
    assert (a.drug_free.met, a.drug_free.holds) == (1, False)
    assert (b.key_area.holds, b.drug_free.holds) == (False, True)
    assert c.indicators.values["managed_rate"] is None  # no population
    assert (c.key_area.met, c.key_area.unknown, c.key_area.holds) == (0, 2, False)
    assert (c.drug_free.met, c.drug_free.holds) == (3, False)  # the retail point
    assert d.drug_free.holds is True


def test_totals(station):
    dash = D.dashboard(station.db, P.TODAY)
    total = D.totals(dash.rows, P.TODAY, dash.criteria)
    row = total.row
    assert (total.communes, total.key_areas, total.drug_free) == (4, 1, 2)
    assert (row.managed, row.overdue, row.patrols, row.teams, row.members, row.hotspots) == (
        4, 4, 3, 1, 2, 3)
    assert row.by_kind["drug_user"] == 3 and row.by_kind["post_rehab"] == 1
    assert row.indicators.population is None and row.indicators.values["managed_rate"] is None
    border = [r for r in dash.rows if r.border]
    both = D.totals(border, P.TODAY, dash.criteria).row
    assert both.indicators.population == 1500
    assert both.indicators.values["managed_rate"] == pytest.approx(100 * 3 / 1500)


def test_the_quick_half_paints_first_and_the_rest_fills_in(station):
    frame = D.frame(station.db, P.TODAY)
    alone = D.combine(frame, None)
    assert alone.criteria is None and all(r.managed is None for r in alone.rows)
    total = D.totals(alone.rows, P.TODAY, None)
    assert (total.row.overdue, total.key_areas) == (4, None)
    whole = D.combine(frame, D.management(station.db, P.TODAY))
    assert whole.rows == D.dashboard(station.db, P.TODAY).rows


def test_filters_and_sorting(station):
    rows = D.dashboard(station.db, P.TODAY).rows

    def codes(keep=D.Filter(), column="name", descending=False):
        return [r.code for r in D.shown(rows, keep, column, descending)]

    assert codes() == [P.D, P.B, P.A, P.C]  # Huồi Tụ, Keng Đu, Mỹ Lý, Thành Vinh
    assert codes(descending=True) == [P.C, P.A, P.B, P.D]
    assert codes(D.Filter(name="keng du")) == [P.B]  # without diacritics
    assert codes(D.Filter(name="Mỹ")) == [P.A]
    assert codes(D.Filter(border=True)) == [P.B, P.A]
    assert codes(D.Filter(key_area=True)) == [P.A]
    assert codes(D.Filter(overdue=True)) == [P.A, P.C]
    assert codes(column="overdue", descending=True) == [P.A, P.C, P.D, P.B]  # ties by name
    assert codes(column="days_since_bundle", descending=True) == [P.D, P.B, P.A, P.C]
    assert codes(column="ind.managed_rate", descending=True)[-2:] == [P.D, P.C]  # unknown last
    assert codes(column="kind.drug_user", descending=True)[:2] == [P.A, P.C]


def test_months_end_with_today():
    span = months_to(date(2026, 11, 20), 3)
    assert [(m.first, m.last) for m in span] == [
        (date(2026, 9, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 20))]


def test_series_by_hand(station):
    s = series(station.db, P.TODAY)  # December 2025 … November 2026
    # In force at each month's end: a3 Jan–Sep, a1 from March, a2 from May, b1 from August,
    # c1 from September; a3 ended 15 October.
    assert s.managed == [0, 1, 1, 2, 2, 3, 3, 3, 4, 5, 4, 4]
    # a3 January, a1 March, a2 May and again (methadone) June, b1 August, c1 September.
    assert s.started == [0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0]
    assert s.ended == [0] * 10 + [1, 0]
    assert s.patrols == [0] * 10 + [3, 2]
    # Open follow-ups due 10/08 (C), 01/10, 15/11, 19/11 (A); 20/11 is due today.
    assert s.overdue == [0] * 8 + [1, 1, 2, 4]
    one = series(station.db, P.TODAY, P.A)
    assert one.managed[-1] == 2 and one.patrols[-2:] == [1, 1] and one.overdue[-1] == 3
    assert series(station.db, P.TODAY, P.D).managed == [0] * 12


def test_chart_units(station):
    assert chart_units(station.db) == [(P.B, "Xã Keng Đu"), (P.A, "Xã Mỹ Lý"),
                                       (P.C, "Phường Thành Vinh")]
