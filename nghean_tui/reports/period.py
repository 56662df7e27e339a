"""Report periods as people write them: a month ``2026-10``, a quarter ``2026-Q3``, a year
``2026``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_YEAR = re.compile(r"(\d{4})")


@dataclass(frozen=True)
class Period:
    """``start`` to ``end`` inclusive; ``text`` is the canonical spelling (``2026-Q3``)."""

    text: str
    start: date
    end: date

    @property
    def after(self) -> date:
        """The first day after the period: the exclusive bound SQL ranges use."""
        return self.end + timedelta(days=1)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_period(value: str) -> Period:
    """The period ``value`` names; ``ValueError`` when it names none (years 2000–2099)."""
    value = value.strip()
    if m := _MONTH.fullmatch(value):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12 and 2000 <= year <= 2099:
            return Period(f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month))
    elif m := _QUARTER.fullmatch(value):
        year, quarter = int(m[1]), int(m[2])
        if 2000 <= year <= 2099:
            first = 3 * quarter - 2
            return Period(f"{year}-Q{quarter}", date(year, first, 1), _month_end(year, first + 2))
    elif m := _YEAR.fullmatch(value):
        year = int(m[1])
        if 2000 <= year <= 2099:
            return Period(str(year), date(year, 1, 1), date(year, 12, 31))
    raise ValueError(value)


def months_before(day: date, months: int) -> date:
    """The first day of the window of ``months`` whole months that ends on ``day``:
    31 October 2026 and 12 months → 1 November 2025; 20 November 2026 → 21 November 2025."""
    after = day + timedelta(days=1)
    index = after.year * 12 + after.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = _month_end(year, month).day
    return date(year, month, min(after.day, last))
