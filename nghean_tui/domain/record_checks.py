"""Rules between the fields of one record, and between an episode and its person.

:func:`nghean_tui.domain.validation.clean` reads each field first, then runs
:func:`cross_checks` on the values it could read: dates in order (:data:`DATE_PAIRS`), and for
each table its own rules (a positive test names a substance, an active episode its decision,
a term within the legal range…). :func:`check_episode_for_person` checks an episode against
the person's age.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any

from sqlmodel import SQLModel

from nghean_tui.domain import models
from nghean_tui.domain.durations import Durations
from nghean_tui.domain.enums import (
    AssessmentResult,
    ContactKind,
    ContactOutcome,
    EpisodeStatus,
    EpisodeType,
    FindingCategory,
    HotspotStatus,
    TestResult,
)
from nghean_tui.domain.identifiers import check_citizen_id
from nghean_tui.domain.issues import Bilingual, Issue
from nghean_tui.domain.transitions import check_status

DATE_PAIRS: tuple[tuple[type[SQLModel], str, str], ...] = (
    (models.ManagementEpisode, "start_date", "actual_end"),
    (models.ManagementEpisode, "start_date", "planned_end"),
    (models.Contact, "absence_from", "absence_to"),
    (models.TeamMember, "joined_on", "left_on"),
    (models.Team, "established_on", "dissolved_on"),
    (models.Hotspot, "found_on", "eliminated_on"),
    (models.AddictionAssessment, "requested_on", "result_on"),
    (models.Unit, "valid_from", "valid_to"),
)
"""(model, earlier, later): the later date may not come before the earlier one."""


def _has(view: Mapping[str, Any], *names: str) -> bool:
    return all(n in view for n in names)


def cross_checks(
    model: type[SQLModel], view: dict[str, Any], values: dict[str, Any], today: date
) -> list[Issue]:
    """The rules between fields of ``view`` (the values read, :func:`validation.clean`); may
    set derived ``values`` (a birth year from the date, absence flags from the outcome)."""
    issues: list[Issue] = []
    for pair_model, first, last in DATE_PAIRS:
        if pair_model is model and _has(view, first, last) and view[first] and view[last]:
            if view[last] < view[first]:
                issues.append(
                    Issue(last, "date_before", {"other_date": view[first], "other": first})
                )
    check = _MODEL_CHECKS.get(model)
    if check is not None:
        issues.extend(check(view, values, today))
    return issues


def _check_person(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    issues: list[Issue] = []
    born = view.get("birth_date")
    if born is not None:
        typed = values.get("birth_year")
        if typed is None:
            # The stored year always follows a full date of birth.
            values["birth_year"] = view["birth_year"] = born.year
        elif "birth_year" in view and typed != born.year:
            issues.append(
                Issue(
                    "birth_year",
                    "birth_year_mismatch",
                    {"year": typed, "birth_date_year": born.year},
                )
            )
    if (
        _has(view, "birth_date", "birth_year")
        and view["birth_date"] is None
        and view["birth_year"] is None
    ):
        issues.append(Issue("birth_date", "birth_required"))
    if view.get("citizen_id"):
        _, id_issues = check_citizen_id(
            view["citizen_id"], sex=view.get("sex"), birth_year=view.get("birth_year"), today=today
        )
        # Format and province were reported when the field itself was read.
        issues.extend(
            i
            for i in id_issues
            if i.code not in ("citizen_id_invalid", "citizen_id_unknown_province")
        )
    return issues


def _check_episode(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    issues: list[Issue] = []
    etype = view.get("episode_type")
    start, decision = view.get("start_date"), view.get("decision_date")
    # Post-rehabilitation runs from the day rehabilitation ended, before its decision.
    if start and decision and start < decision and etype != EpisodeType.POST_REHAB.value:
        issues.append(
            Issue("start_date", "start_before_decision", {"decision_date": decision}, True)
        )
    months = view.get("term_months")
    if etype and months is not None:
        problem = check_term(etype, months, decision_date=decision, start_date=start, today=today)
        if problem is not None:
            issues.append(problem)
    issues.extend(_in_force_needs(view))
    if "status" in view:
        status_issues = check_status(
            view["status"], stop_reason=view.get("stop_reason"), actual_end=view.get("actual_end")
        )
        issues.extend(i for i in status_issues if i.field in view)
    return issues


ACTIVE_NEEDS_DECISION = "active_needs_decision"  # text: i18n/*_records.py
DECIDED_BY = ("decision_number", "decision_date", "start_date")
"""What puts an episode in force: without all three it is *proposed*, never *active*."""


def status_when_unchosen(values: Mapping[str, Any]) -> str:
    """The status of a new episode whose status was left unchosen: active once its decision
    (number and date) and start are known, proposed until then. Not a default: what the
    officer typed says which it is."""
    decided = all(values.get(name) for name in DECIDED_BY)
    return EpisodeStatus.ACTIVE.value if decided else EpisodeStatus.PROPOSED.value


def _in_force_needs(view: Mapping[str, Any]) -> list[Issue]:
    """An active episode names its decision and start (Law 73/2021 art. 23: management runs
    from a chairman's decision); each missing one is an error on its field."""
    if view.get("status") != EpisodeStatus.ACTIVE.value:
        return []
    return [
        Issue(name, ACTIVE_NEEDS_DECISION) for name in DECIDED_BY if name in view and not view[name]
    ]


TERM_CODES = frozenset(
    {"term_out_of_range", "term_fixed", "term_fixed_or_exception", "term_not_applicable"}
)
"""Issue codes of :func:`check_term`."""


def check_term(
    episode_type: EpisodeType | str,
    months: int,
    *,
    decision_date: date | None,
    start_date: date | None,
    today: date,
    rules: Durations | None = None,
) -> Issue | None:
    """The refusal of a term of ``months`` outside the legal range of ``episode_type``, or None.

    The range, its exception (post-rehabilitation after adult compulsory rehabilitation, Law
    art. 40(2)) and the citation named in the message come from the rule set in force for the
    episode (``data/durations.json``). An error, never a warning: a planned end computed from a
    term the law does not allow would be false.
    """
    durations = rules if rules is not None else Durations.load_default()
    rule = durations.rule_set_for(decision_date, start_date, today).episode(episode_type)
    source = {"source": Bilingual(*rule.term_source)}
    if rule.term is None:
        return Issue("term_months", "term_not_applicable", source)
    exception = rule.after_adult_compulsory_months
    if rule.term.contains(months) or months == exception:
        return None
    low, high = rule.term.min_months, rule.term.max_months
    if low != high:
        return Issue(
            "term_months",
            "term_out_of_range",
            {"months": months, "min": low, "max": high, **source},
        )
    if exception:
        return Issue(
            "term_months",
            "term_fixed_or_exception",
            {"months": months, "fixed": low, "exception": exception, **source},
        )
    return Issue("term_months", "term_fixed", {"months": months, "fixed": low, **source})


def _check_test(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    issues: list[Issue] = []
    result = view.get("result")
    if result == TestResult.POSITIVE.value and _has(view, "substances") and not view["substances"]:
        issues.append(Issue("substances", "positive_without_substance", {}, True))
    if result == TestResult.NEGATIVE.value:
        if view.get("substances"):
            issues.append(Issue("substances", "substances_on_negative", {}, True))
        if view.get("relapse"):
            issues.append(Issue("relapse", "relapse_without_positive", {}, True))
    return issues


def _check_assessment(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    if not _has(view, "result", "result_on"):
        return []
    pending = view["result"] == AssessmentResult.PENDING.value
    if pending and view["result_on"] is not None:
        return [Issue("result_on", "result_date_while_pending", {}, True)]
    if not pending and view["result_on"] is None:
        return [Issue("result_on", "result_date_missing", {}, True)]
    return []


_ABSENT = {
    ContactOutcome.ABSENT_REPORTED.value: True,
    ContactOutcome.ABSENT_UNREPORTED.value: False,
}


def _check_contact(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    """Outcome and absence fields agree. ``outcome`` is the question asked; ``absence_reported``
    follows it (it is derived here, so the two never disagree): an absence found at a check
    and an absence recorded as such count the same way toward a term."""
    if not _has(view, "kind", "absence_from", "absence_to", "outcome"):
        return []
    kind, outcome = view["kind"], view["outcome"]
    if (
        kind == ContactKind.ABSENCE.value
        and outcome is None
        and view.get("absence_reported") is not None
    ):
        # An absence written before outcomes existed, or by a caller that sets only the flag.
        reported = view["absence_reported"]
        outcome = (
            ContactOutcome.ABSENT_REPORTED if reported else ContactOutcome.ABSENT_UNREPORTED
        ).value
        values["outcome"] = view["outcome"] = outcome
    if outcome in _ABSENT:
        values["absence_reported"] = view["absence_reported"] = _ABSENT[outcome]
    elif view.get("absence_reported") is not None and kind != ContactKind.ABSENCE.value:
        values["absence_reported"] = view["absence_reported"] = None  # asked for absences only
    if kind == ContactKind.ABSENCE.value:
        issues = (
            []
            if view["absence_from"]
            else [Issue("absence_from", "absence_from_required", {}, True)]
        )
        # Whether the absence was reported decides if it counts toward the term: never guess.
        if outcome is None:
            issues.append(Issue("outcome", "required"))
        elif outcome not in _ABSENT:
            issues.append(Issue("outcome", "outcome_not_absent"))
        return issues
    if kind == ContactKind.RETURN_REPORT.value and outcome in _ABSENT:
        return [Issue("outcome", "outcome_absent_on_return")]
    if outcome not in _ABSENT and (view["absence_from"] or view["absence_to"]):
        return [Issue("absence_from", "absence_fields_unused", {}, True)]
    return []


def _check_transfer(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    issues: list[Issue] = []
    if view.get("from_unit_code") and view.get("from_unit_code") == view.get("to_unit_code"):
        issues.append(Issue("to_unit_code", "same_unit"))
    if (
        view.get("move_date")
        and view.get("notified_on")
        and view["notified_on"] < view["move_date"]
    ):
        issues.append(
            Issue("notified_on", "notified_before_move", {"move_date": view["move_date"]}, True)
        )
    return issues


def _check_patrol(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    start, end = view.get("start_time"), view.get("end_time")
    if isinstance(start, time) and isinstance(end, time) and end < start:
        return [Issue("end_time", "end_time_before_start", {"start": start}, True)]
    return []


def _check_finding(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    """An area is measured for narcotic plants only (what the key-area criterion counts)."""
    plants = view.get("category") == FindingCategory.NARCOTIC_PLANTS.value
    if view.get("area_m2") is not None and "category" in view and not plants:
        return [Issue("area_m2", "area_only_plants")]
    return []


def _check_hotspot(view: dict[str, Any], values: dict[str, Any], today: date) -> list[Issue]:
    if not _has(view, "status", "eliminated_on"):
        return []
    eliminated = view["status"] == HotspotStatus.ELIMINATED.value
    if eliminated and view["eliminated_on"] is None:
        return [Issue("eliminated_on", "eliminated_date_missing", {}, True)]
    if not eliminated and view["eliminated_on"] is not None:
        return [Issue("eliminated_on", "eliminated_date_without_status", {}, True)]
    return []


_MODEL_CHECKS: dict[type[SQLModel], Callable[[dict, dict, date], list[Issue]]] = {
    models.Person: _check_person,
    models.ManagementEpisode: _check_episode,
    models.DrugTest: _check_test,
    models.AddictionAssessment: _check_assessment,
    models.Contact: _check_contact,
    models.Transfer: _check_transfer,
    models.Patrol: _check_patrol,
    models.PatrolFinding: _check_finding,
    models.Hotspot: _check_hotspot,
}


# ---------------------------------------------------------------------------- across records


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def _age_range(birth_date: date | None, birth_year: int | None, on: date) -> tuple[int, int] | None:
    """Possible ages in whole years on ``on`` (one value when the full birth date is known)."""
    if birth_date is not None:
        age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
        return age, age
    if birth_year is not None:
        return max(on.year - birth_year - 1, 0), on.year - birth_year
    return None


def check_episode_for_person(
    episode: Any, person: Any, *, today: date, rules: Durations | None = None
) -> list[Issue]:
    """Age conditions of the episode type (data: ``min_age``/``max_age``) on its start date.

    ``episode`` and ``person`` are mappings or objects with the model attribute names. With only
    a birth year the age is uncertain by one year: a definite breach is an error, a possible one
    a warning.
    """
    etype = _field(episode, "episode_type")
    if not etype:
        return []
    on = _field(episode, "start_date") or _field(episode, "decision_date") or today
    durations = rules if rules is not None else Durations.load_default()
    rule = durations.rule_set_for(
        _field(episode, "decision_date"), _field(episode, "start_date"), today
    ).episode(etype)
    ages = _age_range(_field(person, "birth_date"), _field(person, "birth_year"), on)
    if ages is None or (rule.min_age is None and rule.max_age is None):
        return []
    low, high = ages
    lowest = rule.min_age if rule.min_age is not None else 0
    highest = rule.max_age if rule.max_age is not None else 200
    if high < lowest:
        return [Issue("start_date", "age_below_min", {"age": high, "min_age": lowest})]
    if low > highest:
        return [Issue("start_date", "age_above_max", {"age": low, "limit": highest + 1})]
    if low < lowest or high > highest:
        return [Issue("start_date", "age_uncertain", {"low": low, "high": high}, True)]
    return []
