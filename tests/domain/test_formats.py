"""The one way dates, times and numbers are written: what is written reads back as the same
value through the forms' own parsers, in either language."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from nghean_tui.domain import formats
from nghean_tui.domain.parsing import parse_date, parse_int, parse_time


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_a_written_date_is_dd_mm_yyyy_and_reads_back(day):
    text = formats.fmt_date(day)
    assert text == f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    assert parse_date(text) == day


@given(st.times())
def test_a_written_time_reads_back_to_the_minute(moment):
    assert parse_time(formats.fmt_time(moment)) == moment.replace(second=0, microsecond=0)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["vi", "en"]))
def test_a_written_count_reads_back_in_both_languages(value, lang):
    text = formats.fmt_int(value, lang)
    assert parse_int(text) == value
    assert ("," not in text) if lang == "vi" else ("." not in text)


def test_numbers_are_grouped_and_pointed_as_each_language_writes_them():
    assert formats.fmt_int(1234567, "vi") == "1.234.567"
    assert formats.fmt_int(1234567, "en") == "1,234,567"
    assert formats.fmt_number(3000, "vi") == "3.000"
    assert formats.fmt_number(0.5, "vi") == "0,5"
    assert formats.fmt_number(1234.25, "en") == "1,234.25"


def test_nothing_is_written_for_a_missing_value():
    assert formats.fmt_date(None) == formats.fmt_time(None) == formats.fmt_int(None, "vi") == ""
    assert formats.fmt_moment(None) == formats.fmt_day(None) == ""


def test_an_instant_is_written_on_the_local_clock_face(monkeypatch):
    import time as systime

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    systime.tzset()
    try:
        late = datetime(2026, 11, 30, 20, 5, tzinfo=timezone.utc)  # 03:05 on 1 December there
        assert formats.fmt_moment(late) == "01/12/2026 03:05"
        assert formats.fmt_day(late) == "01/12/2026"
        assert formats.fmt_moment(late.astimezone(timezone(timedelta(hours=-5)))) == (
            "01/12/2026 03:05"
        )
    finally:
        monkeypatch.undo()
        systime.tzset()
