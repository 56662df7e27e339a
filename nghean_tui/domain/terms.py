"""Terms of management episodes: their range, anchor, restarts and extensions, from the drug-law
rules (the follow-ups that fall due: :mod:`nghean_tui.domain.rules`).

The numbers come from ``data/durations.json`` (:class:`Durations`); this module applies them.

Conventions (each has a test in ``tests/domain/test_rules.py``):

* **End of a term.** :func:`planned_end` is the *last day* of the term: the day with the same
  number as the anchor day, ``months`` later, clamped to the month's last day. One year from
  15/03/2026 ends on 15/03/2027; 12 months from 29/02/2024 end on 28/02/2025. This follows Civil
  Code 2015 arts. 147–148 (the first day is not counted; a period of months ends at the end of
  the corresponding day of the last month). The EPISODE_END follow-up falls due on that day.
* **Anchor.** ``term_starts_from`` in the data: the decision date for drug-user management (Law
  73/2021 art. 23(2)), the start date otherwise. For post-rehabilitation management the start
  date is the day rehabilitation was completed (Law art. 40), so the term may start before the
  decision.
* **Restart.** A positive test during a drug-user term calls for a new decision whose date
  restarts the 1-year term (Decree 105/2021 art. 43(2)). Until that decision is recorded (as the
  episode's new decision number and date), :func:`restarted_term_start` takes the latest such
  test as the start, so the term never seems to end before the new decision; recording the
  decision moves the anchor to its own date, which is on or after the test.
* **Unreported absences** extend a post-rehabilitation term day for day (Decree 116/2021 art.
  79(1)(b); which types and how days count: ``unreported_absence`` in the data); overlapping
  absences count once; an absence still open counts up to the day before the person is next
  seen present, else up to ``today``. An absence is an absence contact not reported, or any
  contact whose outcome is "absent, not reported" (:func:`unreported_absences`).
* **Working days**: see :mod:`nghean_tui.domain.calendar` (the event day is not counted).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

from nghean_tui.domain.durations import (
    Durations,
    Interval,
    TermRange,
    add_months,
    extended_end,
)
from nghean_tui.domain.enums import (
    ContactKind,
    ContactOutcome,
    EpisodeStatus,
    EpisodeType,
    TestResult,
)

# A positive test while in one of these does not call for a drug-user management decision.
_TREATMENT_TYPES = frozenset(
    {
        EpisodeType.VOLUNTARY_COMMUNITY,
        EpisodeType.VOLUNTARY_FACILITY,
        EpisodeType.OPIOID_SUBSTITUTION,
        EpisodeType.COMPULSORY_FILE,
        EpisodeType.COMPULSORY_ADULT,
        EpisodeType.COMPULSORY_MINOR,
    }
)
# Episodes after which post-rehabilitation management follows (Law art. 40).
_REHAB_TYPES = frozenset(
    {
        EpisodeType.VOLUNTARY_COMMUNITY,
        EpisodeType.VOLUNTARY_FACILITY,
        EpisodeType.OPIOID_SUBSTITUTION,
        EpisodeType.COMPULSORY_ADULT,
        EpisodeType.COMPULSORY_MINOR,
    }
)
_OPEN = frozenset({EpisodeStatus.PROPOSED, EpisodeStatus.ACTIVE, EpisodeStatus.ABSCONDED})


def _rules(rules: Durations | None) -> Durations:
    return rules if rules is not None else Durations.load_default()


def _get(obj: Any, name: str) -> Any:
    # Records may be model instances or lightweight stand-ins lacking optional attributes.
    return getattr(obj, name, None)


def _code(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.value if isinstance(value, Enum) else str(value)


def _live(items: Iterable[Any]) -> list[Any]:
    return [item for item in items if not _get(item, "deleted")]


def moved_away(transfers: Iterable[Any], unit_code: str) -> Any | None:
    """The transfer that took a person out of ``unit_code``, if it is their latest move (one
    who moved away and came back is the unit's again); None otherwise. Such a person's records
    are the new commune's to write (``storage.records.Writer``; the person page shows it)."""
    live = _live(transfers)
    if not live:
        return None
    latest = max(live, key=lambda x: (_get(x, "move_date"), _get(x, "created_at")))
    return latest if _get(latest, "from_unit_code") == unit_code else None


# ---------------------------------------------------------------------------- terms


def term_range(
    episode_type: EpisodeType | str,
    on: date,
    *,
    after_adult_compulsory: bool = False,
    rules: Durations | None = None,
) -> TermRange | None:
    """The legal term range of ``episode_type`` in force on ``on``; ``None`` for no fixed term.

    After adult compulsory rehabilitation, post-rehabilitation management has the fixed
    ``after_adult_compulsory_months`` (2 years, Law art. 40(2)).
    """
    rule = _rules(rules).rule_set_on(on).episode(episode_type)
    if rule.term is None:
        return None
    if after_adult_compulsory and rule.after_adult_compulsory_months:
        months = rule.after_adult_compulsory_months
        return TermRange(months, months, months)
    return rule.term


def planned_end(
    episode_type: EpisodeType | str,
    start: date | None,
    *,
    term_months: int | None = None,
    decision_date: date | None = None,
    after_adult_compulsory: bool = False,
    unreported_absence_days: int = 0,
    rules: Durations | None = None,
) -> date | None:
    """The last day of the term (module conventions), or ``None`` when it cannot be known.

    ``None`` for types with no fixed term, when the anchor date is missing, or when neither
    ``term_months`` nor a default exists (compulsory rehabilitation: the court sets the term).
    An explicit ``term_months`` wins over the default; validation refuses one out of range (``validation.check_term``).
    ``unreported_absence_days`` is added only where the data says absences extend the term.
    """
    rule = _rules(rules).rule_set_for(decision_date, start).episode(episode_type)
    if rule.term is None:
        return None
    anchor = decision_date if rule.term_starts_from == "decision_date" and decision_date else start
    if anchor is None:
        return None
    months = term_months
    if months is None and after_adult_compulsory:
        months = rule.after_adult_compulsory_months
    if months is None:
        months = rule.term.default_months
    if months is None:
        return None
    end = add_months(anchor, months)
    if rule.unreported_absence_extends_term and unreported_absence_days > 0:
        end += timedelta(days=unreported_absence_days)
    return end


def _present(c: Any) -> bool:
    """Whether a contact shows the person was there (a report on return always does)."""
    return (
        _code(_get(c, "outcome")) == ContactOutcome.PRESENT.value
        or _code(_get(c, "kind")) == ContactKind.RETURN_REPORT.value
    )


def _unreported(c: Any) -> bool:
    outcome = _code(_get(c, "outcome"))
    if outcome is not None:
        return outcome == ContactOutcome.ABSENT_UNREPORTED.value
    # An absence recorded before contacts had an outcome says it by absence_reported alone.
    return (
        _code(_get(c, "kind")) == ContactKind.ABSENCE.value and _get(c, "absence_reported") is False
    )


def unreported_absences(contacts: Iterable[Any], *, today: date | None = None) -> list[Interval]:
    """Absences the person did not report, as day ranges.

    An absence contact not reported, or any contact whose outcome is "absent, not reported"
    (found absent at a residence check, say). It runs from ``absence_from``, else from the
    contact's date (the person was absent then at least), to ``absence_to``; without one, to
    the day before the person was next seen present (outcome present, or a report on return),
    else to ``today`` (only its first day without ``today``). A contact whose outcome is not
    recorded is unknown: it neither counts as an absence nor ends one.
    """
    live = _live(contacts)
    seen = sorted(
        c.contact_date for c in live if _present(c) and _get(c, "contact_date") is not None
    )
    out = []
    for c in live:
        if not _unreported(c):
            continue
        first = _get(c, "absence_from") or _get(c, "contact_date")
        if first is None:
            continue
        last = _get(c, "absence_to")
        if last is None:
            back = next((d for d in seen if d > first), None)
            last = max(first, today) if today else first
            if back is not None:
                last = min(last, back - timedelta(days=1))
        if last >= first:
            out.append(Interval(first, last))
    return out


def restarted_term_start(episode: Any, tests: Iterable[Any]) -> date | None:
    """Where a drug-user term runs from: the decision (else start) date, or a later positive test.

    The latest positive test after the anchor and not after the episode's actual end wins
    (see the module conventions). ``None`` when the episode has neither date.
    """
    anchor = _get(episode, "decision_date") or _get(episode, "start_date")
    if anchor is None:
        return None
    end = _get(episode, "actual_end")
    later = [
        t.test_date
        for t in _live(tests)
        if _code(_get(t, "result")) == TestResult.POSITIVE.value
        and _get(t, "test_date") is not None
        and t.test_date > anchor
        and (end is None or t.test_date <= end)
    ]
    return max([anchor, *later])


def _episode_end(e: Any) -> date | None:
    return _get(e, "actual_end") or _get(e, "planned_end")


def follows_adult_compulsory(episode: Any, episodes: Iterable[Any]) -> bool:
    """Whether a post-rehabilitation episode follows adult compulsory rehabilitation.

    Looks at the person's rehabilitation episode that ended last on or before this episode's
    start (actual end, else planned end).
    """
    if _code(_get(episode, "episode_type")) != EpisodeType.POST_REHAB.value:
        return False
    start = _get(episode, "start_date")
    if start is None:
        return False
    before = [
        e
        for e in _live(episodes)
        if e is not episode
        and _code(_get(e, "episode_type")) in {t.value for t in _REHAB_TYPES}
        and _episode_end(e) is not None
        and _episode_end(e) <= start
    ]
    if not before:
        return False
    last = max(
        before,
        key=lambda e: (
            _episode_end(e),
            _code(e.episode_type) == EpisodeType.COMPULSORY_ADULT.value,
        ),
    )
    return _code(last.episode_type) == EpisodeType.COMPULSORY_ADULT.value


@dataclass(frozen=True)
class PersonRecords:
    """Everything about one person that follow-ups depend on.

    Elements may be model instances (``models.ManagementEpisode`` …) or any objects with the
    same attribute names.
    """

    person: Any = None
    episodes: Sequence[Any] = ()
    tests: Sequence[Any] = ()
    assessments: Sequence[Any] = ()
    contacts: Sequence[Any] = ()
    transfers: Sequence[Any] = ()


@dataclass(frozen=True)
class PlannedEnd:
    """A term's last day and the days unreported absences added to it (0: not moved)."""

    end: date | None
    absence_days: int = 0


def planned_end_detail(
    episode: Any,
    records: PersonRecords,
    *,
    rules: Durations | None = None,
    today: date | None = None,
) -> PlannedEnd:
    """The term's last day for ``episode`` given the person's records, and why it moved.

    Applies the restart after positive tests, the 2-year term after adult compulsory
    rehabilitation and, where the data's ``unreported_absence`` says so, unreported absences
    (:func:`extended_end`: each absent day inside the term adds a day). When the rules give
    no date (no default term) the stored ``planned_end`` is returned, unmoved.
    """
    rules = _rules(rules)
    etype = EpisodeType(episode.episode_type)  # a member or its code
    decision, start = _get(episode, "decision_date"), _get(episode, "start_date")
    rule = rules.rule_set_for(decision, start, today).episode(etype)
    if rule.term is None:
        return PlannedEnd(None)
    if rule.restarts_on_positive_test:
        decision = restarted_term_start(episode, records.tests) or decision
    end = planned_end(
        etype,
        start,
        term_months=_get(episode, "term_months"),
        decision_date=decision,
        after_adult_compulsory=follows_adult_compulsory(episode, records.episodes),
        rules=rules,
    )
    if end is None:
        return PlannedEnd(_get(episode, "planned_end"))
    if rule.unreported_absence is not None and start is not None:
        end, added = extended_end(end, start, unreported_absences(records.contacts, today=today))
        return PlannedEnd(end, added)
    return PlannedEnd(end)


def effective_planned_end(
    episode: Any,
    records: PersonRecords,
    *,
    rules: Durations | None = None,
    today: date | None = None,
) -> date | None:
    """The term's last day for ``episode`` given the person's records (:func:`planned_end_detail`)."""
    return planned_end_detail(episode, records, rules=rules, today=today).end
