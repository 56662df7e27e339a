"""WorkingCalendar and the shipped holiday data."""

from __future__ import annotations

import json
import warnings
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghean_tui.domain.calendar import (
    CalendarCoverageError,
    CalendarCoverageWarning,
    CalendarDataError,
    WorkingCalendar,
)

PROPERTY = settings(database=None, deadline=None)
# Dates whose deadlines (up to 40 working days) stay inside the covered years.
covered_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 10, 31))

# Vietnamese lunar new year (UTC+7). 2030 differs from the Chinese calendar (2030-02-03).
LUNAR_NEW_YEAR = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
}


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.load_default(strict=True)


def test_default_data_covers_2020_to_2032(cal):
    assert cal.years == list(range(2020, 2033))
    assert all(cal.covers(y) for y in range(2020, 2033))
    assert not cal.covers(2019) and not cal.covers(2033)
    assert cal.status(2025) == "official"
    assert cal.status(2026) == "official"
    assert cal.status(2027) == "estimated"
    assert cal.status(2040) is None


@pytest.mark.parametrize("year", range(2020, 2033))
def test_every_year_has_the_fixed_holidays_and_five_tet_days(cal, year):
    for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
        assert cal.is_holiday(date(year, month, day))
    lny = LUNAR_NEW_YEAR[year]
    tet = [lny + timedelta(days=k) for k in range(-1, 4)]
    assert all(cal.is_holiday(d) for d in tet)
    assert cal.holiday_name(lny).startswith("Tết Nguyên đán")
    # Five Tết days off plus make-up days: at least five weekdays off around Tết.
    window = [lny + timedelta(days=k) for k in range(-7, 9)]
    assert sum(1 for d in window if d.weekday() < 5 and not cal.is_working_day(d)) >= 5


@pytest.mark.parametrize("year", range(2021, 2033))
def test_national_day_has_two_days_since_2021(cal, year):
    sep2 = date(year, 9, 2)
    assert cal.is_holiday(sep2)
    assert cal.is_holiday(sep2 - timedelta(days=1)) or cal.is_holiday(sep2 + timedelta(days=1))


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 2, 13), True),  # Friday before Tết Bính Ngọ
        (date(2026, 2, 16), False),  # last day of the lunar year
        (date(2026, 2, 20), False),  # 4th day of Tết
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Hùng Kings (Sun 26/4) made up on Monday
        (date(2026, 8, 22), True),  # Saturday worked for the swapped Monday 31/8
        (date(2026, 8, 31), False),
        (date(2025, 4, 26), True),  # Saturday worked for Friday 2/5/2025
        (date(2025, 5, 2), False),
        (date(2025, 1, 27), False),  # Tết Ất Tỵ began on Monday 27/1
        (date(2024, 5, 4), True),  # Saturday worked for Monday 29/4/2024
        (date(2024, 4, 29), False),
        (date(2023, 1, 2), False),  # New Year (Sunday) made up
        (date(2022, 4, 11), False),  # Hùng Kings (Sunday 10/4) made up
        (date(2020, 9, 1), True),  # one national-day holiday before 2021
        (date(2030, 2, 1), False),  # eve of Tết 2030 (Vietnamese calendar)
        (date(2026, 3, 14), False),  # an ordinary Saturday
        (date(2026, 3, 16), True),  # an ordinary Monday
    ],
)
def test_known_days(cal, day, working):
    assert cal.is_working_day(day) is working


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2026, 3, 13), 3, date(2026, 3, 18)),  # Friday + 3 → Wednesday
        (date(2026, 3, 16), 1, date(2026, 3, 17)),
        (date(2026, 2, 12), 3, date(2026, 2, 24)),  # across Tết 2026
        (date(2026, 4, 29), 1, date(2026, 5, 4)),  # across 30/4–1/5 and a weekend
        (date(2026, 8, 28), 5, date(2026, 9, 9)),  # across the 2/9 swap
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # the swapped Saturday counts
        (date(2026, 3, 14), 0, date(2026, 3, 16)),  # n = 0 on a Saturday → Monday
        (date(2026, 3, 16), 0, date(2026, 3, 16)),  # n = 0 on a working day → itself
        (date(2026, 3, 14), 1, date(2026, 3, 16)),  # from a Saturday, Monday is day 1
    ],
)
def test_add_working_days(cal, start, n, expected):
    assert cal.add_working_days(start, n) == expected


def test_add_working_days_refuses_negative(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 3, 16), -1)


def test_working_days_between_examples(cal):
    assert cal.working_days_between(date(2026, 3, 13), date(2026, 3, 18)) == 3
    assert cal.working_days_between(date(2026, 3, 18), date(2026, 3, 13)) == -3
    assert cal.working_days_between(date(2026, 3, 16), date(2026, 3, 16)) == 0
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 22)) == 0


def test_add_calendar_days_rolls_to_a_working_day(cal):
    assert cal.add_calendar_days(date(2026, 2, 13), 5) == date(2026, 2, 23)
    assert cal.add_calendar_days(date(2026, 2, 13), 5, roll_to_working_day=False) == date(
        2026, 2, 18
    )


@PROPERTY
@given(covered_dates, st.integers(min_value=1, max_value=40))
def test_add_then_count_gives_n(cal, start, n):
    end = cal.add_working_days(start, n)
    assert end > start
    assert cal.is_working_day(end)
    assert cal.working_days_between(start, end) == n
    # The day before the deadline still leaves one working day to go.
    assert cal.working_days_between(start, end - timedelta(days=1)) == n - 1


@PROPERTY
@given(covered_dates, st.integers(min_value=0, max_value=60))
def test_count_is_antisymmetric_and_consistent_with_add(cal, start, days):
    end = start + timedelta(days=days)
    count = cal.working_days_between(start, end)
    assert cal.working_days_between(end, start) == -count
    assert 0 <= count <= days
    if count:
        assert cal.add_working_days(start, count) <= end


@PROPERTY
@given(covered_dates)
def test_zero_days_is_the_first_working_day_on_or_after(cal, day):
    result = cal.add_working_days(day, 0)
    assert result >= day and cal.is_working_day(result)
    assert all(not cal.is_working_day(day + timedelta(days=k)) for k in range((result - day).days))


def test_uncovered_year_falls_back_and_warns_once():
    cal = WorkingCalendar.load_default()
    with pytest.warns(CalendarCoverageWarning):
        assert cal.is_working_day(date(2040, 1, 1)) is False  # fixed New Year
    assert cal.uncovered_years_used == {2040}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cal.is_working_day(date(2040, 1, 2)) is True
        assert cal.is_working_day(date(2040, 11, 24)) is False  # fixed from 2026 on
        assert cal.is_working_day(date(2040, 1, 7)) is False  # Saturday


def test_strict_calendar_refuses_uncovered_years():
    cal = WorkingCalendar.load_default(strict=True)
    with pytest.raises(CalendarCoverageError):
        cal.is_working_day(date(2019, 6, 3))
    with pytest.raises(CalendarCoverageError):
        cal.add_working_days(date(2032, 12, 30), 5)


def _tiny_data() -> dict:
    return {
        "years": {
            "2026": {
                "status": "official",
                "days_off": ["2026-03-17"],
                "working_weekend_days": ["2026-03-21"],
                "names": {"2026-03-17": "Ngày thử"},
            }
        },
        "fallback_fixed_holidays": [{"month": 1, "day": 1}],
    }


def test_override_from_dict_and_file(tmp_path):
    cal = WorkingCalendar.from_dict(_tiny_data(), strict=True)
    assert cal.add_working_days(date(2026, 3, 16), 1) == date(2026, 3, 18)
    assert cal.is_working_day(date(2026, 3, 21))
    assert cal.holiday_name(date(2026, 3, 17)) == "Ngày thử"
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(_tiny_data()), encoding="utf-8")
    from_file = WorkingCalendar.from_file(path, strict=True)
    assert from_file.working_days_between(date(2026, 3, 13), date(2026, 3, 23)) == 6


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["years"]["2026"].update(status="maybe"),
        lambda d: d["years"]["2026"].update(days_off=["2025-12-31"]),
        lambda d: d["years"]["2026"].update(days_off=["2026-03-21"]),  # also a worked day
        lambda d: d["years"]["2026"].update(days_off=["17/03/2026"]),
        lambda d: d["years"]["2026"].update(names={"2026-03-18": "not a day off"}),
        lambda d: d.update(years={"twenty": {}}),
        lambda d: d.update(years={"2026": ["2026-01-01"]}),
        lambda d: d.update(weekly_rest_days=["caturday"]),
        lambda d: d.pop("years"),
    ],
)
def test_malformed_data_is_refused(mutate):
    data = _tiny_data()
    mutate(data)
    with pytest.raises(CalendarDataError):
        WorkingCalendar.from_dict(data)


def test_shipped_file_is_consistent(cal):
    from importlib import resources

    raw = json.loads(
        resources.files("nghean_tui").joinpath("data/holidays_vn.json").read_text("utf-8")
    )
    assert raw["source"] and raw["note"]
    for _year, entry in raw["years"].items():
        assert entry["status"] in ("official", "estimated")
        assert entry["days_off"] == sorted(set(entry["days_off"]))
        for d in entry["working_weekend_days"]:
            assert date.fromisoformat(d).weekday() >= 5
        assert entry.get("notes")
    estimated = [y for y, e in raw["years"].items() if e["status"] == "estimated"]
    assert estimated == [str(y) for y in range(2027, 2033)]
