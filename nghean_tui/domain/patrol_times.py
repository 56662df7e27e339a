"""Patrol dates and times: months, and patrols that run past midnight.

A patrol that runs past midnight has ``end_time < start_time``: it ends the next day
(``patrol_date`` is the day it started).
"""

from __future__ import annotations

from datetime import date, time, timedelta

OVERNIGHT_MAX_HOURS = 12
"""An end before the start within this many hours is a night patrol; a longer span is more
likely a mistyped time, and is asked about even when the form has shown "next day"."""

OVERNIGHT_CODE = "end_time_before_start"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next one."""
    start = date(year, month, 1)
    return start, (start + timedelta(days=32)).replace(day=1)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month ``delta`` months after (or before, if negative) the given one."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def is_overnight(start: time | None, end: time | None) -> bool:
    """Whether the patrol ends on the day after it started."""
    return start is not None and end is not None and end < start


def duration_minutes(start: time | None, end: time | None) -> int | None:
    """How long the patrol lasted, across midnight if need be; None without both times."""
    if start is None or end is None:
        return None
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes % (24 * 60)


def plausible_overnight(start: time | None, end: time | None) -> bool:
    """An end before the start that reads as a night patrol, not as a typing mistake."""
    span = duration_minutes(start, end)
    return is_overnight(start, end) and span is not None and span <= OVERNIGHT_MAX_HOURS * 60
