"""Indicators and their explanations against the hand-made commune of ``conftest``."""

from __future__ import annotations

from datetime import date

import pytest

from nghean_tui.reports import criteria
from nghean_tui.reports.indicators import compute, explain, standing
from nghean_tui.reports.period import months_before, parse_period

OCT_END = date(2026, 10, 31)


def test_window_is_whole_months_ending_on_the_day():
    assert months_before(OCT_END, 12) == date(2025, 11, 1)
    assert months_before(date(2026, 11, 20), 12) == date(2025, 11, 21)
    assert months_before(date(2026, 3, 30), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-Q5", "26", "2026-1", "", "x", "1999", "2026-10-01"]
)
def test_bad_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_indicators_by_hand(new_db, world):
    with new_db.engine.connect() as conn:
        found = compute(conn, OCT_END, 12, [new_db.unit_code])[new_db.unit_code]
        everyone = compute(conn, OCT_END, 12)
    assert found.population == 1000 and found.window_start == date(2025, 11, 1)
    assert found.values == {
        "managed_people": 2,  # a (drug user), c (post-rehab); b ended 15/10
        "managed_rate": 0.2,  # 2 of 1,000, in percent
        "drug_use_places": 2,  # active; eliminated only in November
        "retail_points": 1,
        "offenders": 2,  # October's patrol; the 9 of October 2025 are outside
        "offender_rate": 0.2,
        "plants_destroyed": 3500,  # 1,500 + 2,000 on the window's first day
        "plants_area_m2": 400,  # October's; the first day's was not measured
    }
    assert set(everyone) == {new_db.unit_code}


def test_explain_lists_the_records_that_count(new_db, world):
    unit = new_db.unit_code
    with new_db.engine.connect() as conn:

        def ids(name):
            return [e.record_id for e in explain(conn, unit, name, OCT_END, 12)]

        assert sorted(ids("managed_rate")) == sorted([world["ep_a"], world["ep_c"]])
        assert sorted(ids("drug_use_places")) == sorted([world["g_active"], world["g_later_gone"]])
        assert ids("retail_points") == [world["r_active"]]
        assert ids("offenders") == [world["oct_drug_trafficking"]]
        plants = explain(conn, unit, "plants_destroyed", OCT_END, 12)
        assert [e.record_id for e in plants] == [
            world["first_day_narcotic_plants"],
            world["oct_narcotic_plants"],
        ]
        assert sum(e.amount for e in plants) == 3500
        area = explain(conn, unit, "plants_area_m2", OCT_END, 12)
        assert [(e.record_id, e.amount) for e in area] == [(world["oct_narcotic_plants"], 400)]
        assert (
            "Lầu Bá Chống" in explain(conn, unit, "managed_people", OCT_END, 12)[0].summary
            or "Lầu Bá Chống" in explain(conn, unit, "managed_people", OCT_END, 12)[1].summary
        )
        with pytest.raises(KeyError):
            explain(conn, unit, "no_such", OCT_END, 12)


def test_standing_against_the_default_criteria(new_db, world):
    s = standing(new_db, OCT_END)
    # key area: rate 0.2 < 0.5 ✗; places 2 ≥ 2 ✓; offenders 0.2 ≥ 0.1 ✓; plants ≥ 3,000 ✓
    assert s.key_area.results == (False, True, True, True) and s.key_area.holds is True
    assert s.drug_free.met == 0 and s.drug_free.holds is False


@pytest.mark.parametrize(
    "plants, area, met", [(4000, 300, True), (4000, 500, False), (3500, 5000, True)]
)
def test_plants_count_by_number_or_by_area(new_db, world, plants, area, met):
    """3,500 plants and 400 m² were destroyed in the window."""
    source = criteria.export_text(criteria.defaults()).replace(
        '"at_least": 3000', f'"at_least": {plants}'
    )
    source = source.replace('"at_least": 750', f'"at_least": {area}')
    with new_db.write() as txn:
        criteria.store(txn.conn, criteria.parse(source))
    assert standing(new_db, OCT_END).key_area.results[3] is met


def test_without_a_population_rates_are_unknown(new_db, world):
    from sqlalchemy import text

    with new_db.write() as txn:
        txn.conn.execute(text("UPDATE unit SET population = NULL"))
    s = standing(new_db, OCT_END)
    assert s.indicators.values["managed_rate"] is None
    # two known criteria met, two unknown: three could still be reached
    assert s.key_area.results == (None, True, None, True) and s.key_area.holds is None


def test_stored_criteria_are_used(new_db, world):
    stricter = criteria.parse(
        criteria.export_text(criteria.defaults()).replace('"at_least": 2', '"at_least": 3')
    )
    with new_db.write() as txn:
        criteria.store(txn.conn, stricter)
    assert standing(new_db, OCT_END).key_area.results == (False, False, True, True)
