"""The drug-law rule sets of ``data/durations.json``: terms, deadlines and date arithmetic.

Rule sets are effective-dated: an episode follows the set in force on its decision date, else
its start date (:meth:`Durations.rule_set_for`); a deadline follows the set in force on the day
of the event that starts it. Dates before the first set use the first set. Every value carries
its ``legal_basis`` and a ``verified`` flag, which the UI can show next to a computed date.

Months are calendar months: :func:`add_months` keeps the day number and clamps a missing day
to the month's last day (31/01 + 1 month = 28/02 or 29/02). How terms and follow-ups use these
values is in :mod:`nghean_tui.domain.rules`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from os import PathLike
from typing import Any

from nghean_tui.domain.enums import EpisodeType

UNITS = ("working_days", "calendar_days", "months")
ANCHORS = ("decision_date", "start_date", "trigger_date")


class RulesDataError(ValueError):
    """``durations.json`` (or an override) is malformed."""


@dataclass(frozen=True)
class TermRange:
    """Legal range of a term in months; ``default_months`` pre-fills forms (may be ``None``)."""

    min_months: int
    max_months: int
    default_months: int | None

    def contains(self, months: int) -> bool:
        return self.min_months <= months <= self.max_months


@dataclass(frozen=True)
class EpisodeRule:
    """What the law says about one kind of episode, in one rule set."""

    episode_type: EpisodeType
    term: TermRange | None  # None: no fixed term
    term_starts_from: str
    residence_check: bool
    residence_check_verified: bool | None
    restarts_on_positive_test: bool
    unreported_absence_extends_term: bool
    after_adult_compulsory_months: int | None
    min_age: int | None
    max_age: int | None
    legal_basis: str
    verified: bool
    # The short citation of the term shown when a term is refused: (Vietnamese, English).
    term_source: tuple[str, str] = ("", "")
    unreported_absence: AbsenceRule | None = None


@dataclass(frozen=True)
class AbsenceRule:
    """How unreported absences move the end of a term (``unreported_absence`` in the data).

    ``counting`` is ``calendar_days``: each day of an unreported absence inside the term (first
    and last day included, overlapping absences once) adds one day to the term.
    """

    counting: str
    legal_basis: str
    verified: bool


ABSENCE_COUNTING = ("calendar_days",)


@dataclass(frozen=True)
class Deadline:
    """A deadline: ``amount`` ``unit`` after the event named by ``starts_from``."""

    name: str
    amount: int
    unit: str
    starts_from: str
    roll_to_working_day: bool
    legal_basis: str
    verified: bool


@dataclass(frozen=True)
class RuleSet:
    """All rules in force from ``effective_from`` until the next set."""

    id: str
    effective_from: date
    title: str
    verified: bool
    episodes: Mapping[EpisodeType, EpisodeRule]
    deadlines: Mapping[str, Deadline]

    def episode(self, episode_type: EpisodeType | str) -> EpisodeRule:
        return self.episodes[EpisodeType(episode_type)]

    def deadline(self, name: str) -> Deadline:
        return self.deadlines[name]


def _term(raw: Any, where: str) -> TermRange | None:
    if raw is None:
        return None
    try:
        term = TermRange(
            int(raw["min"]),
            int(raw["max"]),
            None if raw.get("default") is None else int(raw["default"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesDataError(f"{where}: term_months needs integer min and max") from exc
    if not 0 < term.min_months <= term.max_months:
        raise RulesDataError(f"{where}: term_months min must be positive and <= max")
    if term.default_months is not None and not term.contains(term.default_months):
        raise RulesDataError(f"{where}: default outside min..max")
    return term


def _episode_rule(code: str, raw: Mapping[str, Any], where: str) -> EpisodeRule:
    try:
        episode_type = EpisodeType(code)
    except ValueError as exc:
        raise RulesDataError(f"{where}: unknown episode type {code!r}") from exc
    anchor = raw.get("term_starts_from", "start_date")
    if anchor not in ANCHORS:
        raise RulesDataError(f"{where}: term_starts_from must be one of {ANCHORS}")
    after = raw.get("after_adult_compulsory_months")
    source = raw.get("term_source", {})
    if not isinstance(source, Mapping) or not all(
        isinstance(source.get(k, ""), str) for k in ("vi", "en")
    ):
        raise RulesDataError(f"{where}: term_source must map vi and en to text")
    absence = _absence_rule(raw.get("unreported_absence"), where)
    return EpisodeRule(
        episode_type=episode_type,
        term=_term(raw.get("term_months"), where),
        term_starts_from=anchor,
        residence_check=bool(raw.get("residence_check", False)),
        residence_check_verified=raw.get("residence_check_verified"),
        restarts_on_positive_test=bool(raw.get("restarts_on_positive_test", False)),
        unreported_absence_extends_term=absence is not None,
        after_adult_compulsory_months=None if after is None else int(after),
        min_age=raw.get("min_age"),
        max_age=raw.get("max_age"),
        legal_basis=str(raw.get("legal_basis", "")),
        verified=bool(raw.get("verified", False)),
        term_source=(source.get("vi", ""), source.get("en", "")),
        unreported_absence=absence,
    )


def _absence_rule(raw: Any, where: str) -> AbsenceRule | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or raw.get("counting") not in ABSENCE_COUNTING:
        raise RulesDataError(
            f"{where}: unreported_absence.counting must be one of {ABSENCE_COUNTING}"
        )
    return AbsenceRule(
        counting=raw["counting"],
        legal_basis=str(raw.get("legal_basis", "")),
        verified=bool(raw.get("verified", False)),
    )


def _deadline(name: str, raw: Mapping[str, Any], where: str) -> Deadline:
    unit = raw.get("unit")
    if unit not in UNITS:
        raise RulesDataError(f"{where}: unit must be one of {UNITS}")
    try:
        amount = int(raw["amount"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesDataError(f"{where}: amount must be an integer") from exc
    if amount < 0:
        raise RulesDataError(f"{where}: amount must not be negative")
    return Deadline(
        name=name,
        amount=amount,
        unit=unit,
        starts_from=str(raw.get("from", "")),
        roll_to_working_day=bool(raw.get("roll_to_working_day", False)),
        legal_basis=str(raw.get("legal_basis", "")),
        verified=bool(raw.get("verified", False)),
    )


REQUIRED_DEADLINES = (
    "decision_after_positive_test",
    "compulsory_file",
    "return_report",
    "transfer_notice",
    "assessment_result",
    "residence_check",
)


class Durations:
    """The effective-dated rule sets."""

    def __init__(self, rule_sets: list[RuleSet], note: str = "") -> None:
        if not rule_sets:
            raise RulesDataError("no rule sets")
        self.rule_sets = sorted(rule_sets, key=lambda r: r.effective_from)
        self.note = note

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Durations:
        """Rule sets from data shaped like ``durations.json``; raises :class:`RulesDataError`."""
        sets = []
        for i, raw in enumerate(data.get("rule_sets", [])):
            where = f"rule_sets[{i}]"
            try:
                effective = date.fromisoformat(raw["effective_from"])
            except (KeyError, TypeError, ValueError) as exc:
                raise RulesDataError(f"{where}: effective_from must be an ISO date") from exc
            rules = [
                _episode_rule(code, entry, f"{where}.{code}")
                for code, entry in raw.get("episode_types", {}).items()
            ]
            episodes = {rule.episode_type: rule for rule in rules}
            missing = [t.value for t in EpisodeType if t not in episodes]
            if missing:
                raise RulesDataError(f"{where}: missing episode types {missing}")
            deadlines = {
                name: _deadline(name, entry, f"{where}.{name}")
                for name, entry in raw.get("deadlines", {}).items()
            }
            absent = [n for n in REQUIRED_DEADLINES if n not in deadlines]
            if absent:
                raise RulesDataError(f"{where}: missing deadlines {absent}")
            sets.append(
                RuleSet(
                    id=str(raw.get("id", effective.isoformat())),
                    effective_from=effective,
                    title=str(raw.get("title", "")),
                    verified=bool(raw.get("verified", False)),
                    episodes=episodes,
                    deadlines=deadlines,
                )
            )
        if len({s.effective_from for s in sets}) != len(sets):
            raise RulesDataError("two rule sets share an effective_from date")
        return cls(sets, note=str(data.get("note", "")))

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> Durations:
        """Rule sets from an edited copy of ``durations.json``."""
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    @classmethod
    def load_default(cls) -> Durations:
        """The rules shipped with the package (cached; the objects are immutable)."""
        return _default_durations()

    def rule_set_on(self, on: date) -> RuleSet:
        """The set in force on ``on`` (the first set for dates before it)."""
        current = self.rule_sets[0]
        for rule_set in self.rule_sets:
            if rule_set.effective_from <= on:
                current = rule_set
        return current

    def rule_set_for(
        self, decision_date: date | None, start_date: date | None, today: date | None = None
    ) -> RuleSet:
        """The set for an episode: by decision date, else start date, else ``today``, else the latest."""
        on = decision_date or start_date or today
        return self.rule_set_on(on) if on is not None else self.rule_sets[-1]


@lru_cache(maxsize=1)
def _default_durations() -> Durations:
    text = resources.files("nghean_tui").joinpath("data/durations.json").read_text(encoding="utf-8")
    return Durations.from_dict(json.loads(text))


def _rules(rules: Durations | None) -> Durations:
    return rules if rules is not None else Durations.load_default()


# ---------------------------------------------------------------------------- date arithmetic


def _last_day_of_month(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, the day clamped to the month's last day."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _last_day_of_month(year, month)))


def deadline_date(deadline: Deadline, start: date, calendar: Any) -> date:
    """The last day to act for ``deadline`` counted from ``start``, on ``calendar``."""
    if deadline.unit == "working_days":
        return calendar.add_working_days(start, deadline.amount)
    if deadline.unit == "calendar_days":
        end = start + timedelta(days=deadline.amount)
        return calendar.next_working_day(end) if deadline.roll_to_working_day else end
    end = add_months(start, deadline.amount)
    return calendar.next_working_day(end) if deadline.roll_to_working_day else end


def due_date(name: str, start: date, *, calendar: Any, rules: Durations | None = None) -> date:
    """The deadline ``name`` (a key of ``deadlines`` in the data) for an event on ``start``."""
    return deadline_date(_rules(rules).rule_set_on(start).deadline(name), start, calendar)


@dataclass(frozen=True, order=True)
class Interval:
    """A closed range of days."""

    first: date
    last: date

    def days(self) -> int:
        return (self.last - self.first).days + 1


def merged_days(intervals: Iterable[Interval], *, within: Interval) -> int:
    """Days covered by ``intervals`` inside ``within``, overlapping days counted once."""
    clipped = sorted(
        Interval(max(i.first, within.first), min(i.last, within.last))
        for i in intervals
        if i.last >= within.first and i.first <= within.last and i.first <= i.last
    )
    total, current = 0, None
    for interval in clipped:
        if current is not None and interval.first <= current.last + timedelta(days=1):
            current = Interval(current.first, max(current.last, interval.last))
            continue
        if current is not None:
            total += current.days()
        current = interval
    return total + (current.days() if current is not None else 0)


def extended_end(base_end: date, start: date, absences: Sequence[Interval]) -> tuple[date, int]:
    """``base_end`` extended day for day by the absences inside ``[start, end]``, and the days added.

    An absence that begins after ``base_end`` counts once the extension reaches it, so the end
    is a fixed point: it only grows, and is bounded by the absences' total length.
    """
    added = 0
    while True:
        end = base_end + timedelta(days=added)
        days = merged_days(absences, within=Interval(start, end))
        if days == added:
            return end, added
        added = days
