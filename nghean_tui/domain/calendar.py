"""The state working calendar: Monday–Friday weeks less public holidays, as shipped data.

Deadlines in the drug law are counted in working days ("trong thời hạn 03 ngày làm việc kể từ
ngày …"). The convention used everywhere in this package:

* The day of the event itself is not counted (Civil Code 2015 art. 147: a period starts on the
  day after the event). ``add_working_days(d, n)`` for ``n >= 1`` is the *n*-th working day
  strictly after ``d`` — the last day on which an act "within n working days of d" is on time.
  A positive test on Friday 2026-03-13 → decision due ``add_working_days(…, 3)`` = Wednesday
  2026-03-18.
* ``add_working_days(d, 0)`` is ``d`` when ``d`` is a working day, else the next working day.
* ``working_days_between(a, b)`` counts working days ``w`` with ``a < w <= b`` (negative when
  ``b < a``), so ``working_days_between(d, add_working_days(d, n)) == n`` for ``n >= 1``.

Years missing from the data fall back to weekends plus the fixed-date solar holidays (no lunar
holidays, no make-up days). That is wrong around Tết, so the calendar records every such year it
was asked about (:attr:`WorkingCalendar.uncovered_years_used`), warns once per year with
:class:`CalendarCoverageWarning`, and exposes :meth:`WorkingCalendar.covers` so the UI can say
so; ``strict=True`` raises :class:`CalendarCoverageError` instead.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from os import PathLike
from typing import Any

_DAY = timedelta(days=1)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A deadline search that runs this far is a bug (or a calendar with no working days).
_MAX_SCAN_DAYS = 3660


class CalendarCoverageWarning(UserWarning):
    """A date fell in a year the holiday data does not cover; the fallback was used."""


class CalendarCoverageError(ValueError):
    """Raised by a strict calendar for a date in a year the holiday data does not cover."""


class CalendarDataError(ValueError):
    """The holiday data is malformed."""


@dataclass(frozen=True)
class YearCalendar:
    """One year of holiday data."""

    year: int
    status: str  # "official" or "estimated"
    days_off: frozenset[date]
    working_weekend_days: frozenset[date]
    names: Mapping[date, str]


@dataclass(frozen=True)
class FixedHoliday:
    """A solar-date holiday used for years outside the data."""

    month: int
    day: int
    from_year: int | None = None

    def on(self, year: int) -> date | None:
        if self.from_year is not None and year < self.from_year:
            return None
        return date(year, self.month, self.day)


def _parse_date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CalendarDataError(f"{where}: not an ISO date: {value!r}") from exc


class WorkingCalendar:
    """Working days of state offices, built from holiday data (see ``data/holidays_vn.json``)."""

    def __init__(
        self,
        years: Iterable[YearCalendar],
        *,
        weekly_rest_days: Iterable[int] = (5, 6),
        fallback_holidays: Iterable[FixedHoliday] = (),
        source: str = "",
        note: str = "",
        strict: bool = False,
    ) -> None:
        self._years = {y.year: y for y in years}
        self._rest = frozenset(weekly_rest_days)
        if len(self._rest) >= 7:
            raise CalendarDataError("every weekday is a rest day")
        self._fallback = tuple(fallback_holidays)
        self.source = source
        self.note = note
        self.strict = strict
        self.uncovered_years_used: set[int] = set()

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, strict: bool = False) -> WorkingCalendar:
        """A calendar from data shaped like ``holidays_vn.json``; raises :class:`CalendarDataError`."""
        if not isinstance(data, Mapping) or not isinstance(data.get("years"), Mapping):
            raise CalendarDataError("holiday data needs a 'years' mapping")
        years = []
        for key, entry in data["years"].items():
            try:
                year = int(key)
            except ValueError as exc:
                raise CalendarDataError(f"year key {key!r} is not a year") from exc
            if not isinstance(entry, Mapping):
                raise CalendarDataError(f"{year}: each year must be a mapping")
            status = entry.get("status")
            if status not in ("official", "estimated"):
                raise CalendarDataError(f"{year}: status must be 'official' or 'estimated'")
            off = frozenset(_parse_date(v, f"{year}.days_off") for v in entry.get("days_off", []))
            work = frozenset(
                _parse_date(v, f"{year}.working_weekend_days")
                for v in entry.get("working_weekend_days", [])
            )
            for d in off | work:
                if d.year != year:
                    raise CalendarDataError(f"{year}: {d} belongs to another year")
            if off & work:
                raise CalendarDataError(f"{year}: a day is both off and worked")
            names = {
                _parse_date(k, f"{year}.names"): str(v) for k, v in entry.get("names", {}).items()
            }
            if not set(names) <= off:
                raise CalendarDataError(f"{year}: a named day is not in days_off")
            years.append(YearCalendar(year, status, off, work, names))
        rest_names = data.get("weekly_rest_days", ["saturday", "sunday"])
        try:
            rest = [_WEEKDAYS.index(str(n).lower()) for n in rest_names]
        except ValueError as exc:
            raise CalendarDataError(f"unknown weekday in weekly_rest_days: {rest_names!r}") from exc
        fallback = [
            FixedHoliday(int(h["month"]), int(h["day"]), h.get("from_year"))
            for h in data.get("fallback_fixed_holidays", [])
        ]
        return cls(
            years,
            weekly_rest_days=rest,
            fallback_holidays=fallback,
            source=str(data.get("source", "")),
            note=str(data.get("note", "")),
            strict=strict,
        )

    @classmethod
    def from_file(cls, path: str | PathLike[str], *, strict: bool = False) -> WorkingCalendar:
        """A calendar from a JSON file shaped like ``holidays_vn.json`` (an edited override)."""
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh), strict=strict)

    @classmethod
    def load_default(cls, *, strict: bool = False) -> WorkingCalendar:
        """The calendar shipped with the package (a fresh instance: coverage tracking is per instance)."""
        return cls.from_dict(_default_data(), strict=strict)

    # ------------------------------------------------------------------ coverage

    def covers(self, year: int) -> bool:
        """Whether ``year`` has holiday data (official or estimated)."""
        return year in self._years

    def status(self, year: int) -> str | None:
        """``"official"``, ``"estimated"`` or ``None`` when the year is not covered."""
        entry = self._years.get(year)
        return entry.status if entry else None

    @property
    def years(self) -> list[int]:
        """The covered years, ascending."""
        return sorted(self._years)

    def _year(self, year: int) -> YearCalendar | None:
        entry = self._years.get(year)
        if entry is None:
            if self.strict:
                raise CalendarCoverageError(f"no holiday data for {year}")
            if year not in self.uncovered_years_used:
                self.uncovered_years_used.add(year)
                warnings.warn(
                    f"no holiday data for {year}: counting weekends and fixed solar holidays only",
                    CalendarCoverageWarning,
                    stacklevel=3,
                )
        return entry

    # ------------------------------------------------------------------ days

    def is_holiday(self, d: date) -> bool:
        """Whether ``d`` is a public holiday, make-up or swapped day off (weekends aside)."""
        entry = self._year(d.year)
        if entry is not None:
            return d in entry.days_off
        return any(h.on(d.year) == d for h in self._fallback)

    def holiday_name(self, d: date) -> str | None:
        """The Vietnamese name of the holiday on ``d``, when the data names it."""
        entry = self._years.get(d.year)
        return entry.names.get(d) if entry else None

    def is_working_day(self, d: date) -> bool:
        """Whether state offices work on ``d``."""
        entry = self._year(d.year)
        if entry is not None:
            if d in entry.working_weekend_days:
                return True
            if d in entry.days_off:
                return False
        elif any(h.on(d.year) == d for h in self._fallback):
            return False
        return d.weekday() not in self._rest

    def next_working_day(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it."""
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(d):
                return d
            d += _DAY
        raise CalendarDataError("no working day found within ten years")

    def add_working_days(self, d: date, n: int) -> date:
        """The deadline "within ``n`` working days of ``d``": the n-th working day after ``d``.

        ``d`` itself never counts; ``n == 0`` gives ``d`` when it is a working day, else the
        next working day. ``n`` must not be negative.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return self.next_working_day(d)
        count = 0
        for _ in range(_MAX_SCAN_DAYS + n):
            d += _DAY
            if self.is_working_day(d):
                count += 1
                if count == n:
                    return d
        raise CalendarDataError("no working day found within ten years")

    def working_days_between(self, a: date, b: date) -> int:
        """Working days ``w`` with ``a < w <= b``; the negated count of ``(b, a]`` when ``b < a``."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + _DAY
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += _DAY
        return count

    def add_calendar_days(self, d: date, n: int, *, roll_to_working_day: bool = True) -> date:
        """``d`` plus ``n`` days; a last day that is not a working day moves to the next one.

        The roll follows Civil Code 2015 art. 148(5): a period ending on a weekend or holiday
        ends on the following working day.
        """
        end = d + timedelta(days=n)
        return self.next_working_day(end) if roll_to_working_day else end


@lru_cache(maxsize=1)
def _default_data() -> dict[str, Any]:
    text = (
        resources.files("nghean_tui").joinpath("data/holidays_vn.json").read_text(encoding="utf-8")
    )
    return json.loads(text)
