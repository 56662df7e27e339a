"""Validation and normalisation of what users type, for every table in :mod:`models`.

:func:`clean` is driven by the table metadata — column type, ``max_length``
(``Model.__table__.columns[name].type.length``), nullability, the enum recorded in the column
(:func:`models.enum_of`) and foreign keys — plus the domain rules below. It returns normalised
values and a list of :class:`Issue` (errors block saving, warnings do not).

* Dates: ``date`` objects or "dd/mm/yyyy", "d/m/yyyy" ("." and "-" also) and ISO; times
  "HH:MM" (also "21h15"); integers (thousands may be grouped: "18.000.000"); yes/no words.
  Empty input means "no value": ``None`` for nullable columns, the column default otherwise,
  "required" when there is neither.
* Text is NFC (:func:`text.nfc`); single-line fields refuse line breaks and control characters;
  multi-line fields (:data:`MULTILINE_FIELDS`) keep their line breaks.
* Identifiers and phones: :mod:`nghean_tui.domain.identifiers`. Event dates
  (:data:`NOT_IN_FUTURE`) must not be after ``today``; start/end pairs (:data:`DATE_PAIRS`) must
  be in order; numbers are never negative.
* ``partial=True`` (updates) validates only the keys present; a rule that involves several
  fields runs only when all of them are present. To check a whole record on update, merge the
  stored values with the change and call with ``partial=False``.

System columns (ids, sync bookkeeping) pass through unchanged; unknown keys are errors.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Time
from sqlmodel import SQLModel

from nghean_tui.domain import models as M
from nghean_tui.domain.durations import Durations
from nghean_tui.domain.enums import (
    AssessmentResult,
    ContactKind,
    ContactOutcome,
    EpisodeStatus,
    EpisodeType,
    FindingCategory,
    HotspotStatus,
    Labeled,
    Substance,
    TestResult,
)
from nghean_tui.domain.identifiers import check_citizen_id, check_legacy_id, check_phone
from nghean_tui.domain.issues import (
    MESSAGES,
    Bilingual,
    Issue,
    ValidationError,
    errors,
    message,
    raise_for_errors,
)
from nghean_tui.domain.parsing import (
    MIN_YEAR,
    ParseError,
    clean_line,
    clean_multiline,
    is_empty,
    parse_bool,
    parse_date,
    parse_int,
    parse_time,
)
from nghean_tui.domain.text import fold
from nghean_tui.domain.transitions import check_status

__all__ = [
    "DATE_PAIRS",
    "Issue",
    "MESSAGES",
    "MULTILINE_FIELDS",
    "NOT_IN_FUTURE",
    "SYSTEM_FIELDS",
    "TERM_CODES",
    "ValidationError",
    "check_episode_for_person",
    "check_term",
    "clean",
    "errors",
    "message",
    "raise_for_errors",
]

SYSTEM_FIELDS = frozenset(
    {
        "id",
        "unit_code",
        "created_at",
        "updated_at",
        "written_by",
        "version",
        "origin_device",
        "deleted",
        "change_seq",
        "sort_key",
        "search_rowid",
    }
)
"""Columns the application fills; passed through by :func:`clean` without checks."""

MULTILINE_FIELDS = frozenset({"notes", "content", "handling", "description"})
PHONE_FIELDS = frozenset({"phone", "source_phone"})
UNIT_CODE_FIELDS = frozenset({"from_unit_code", "to_unit_code"})

NOT_IN_FUTURE = frozenset(
    {
        "birth_date",
        "test_date",
        "contact_date",
        "patrol_date",
        "activity_date",
        "support_date",
        "received_on",
        "requested_on",
        "result_on",
        "found_on",
        "eliminated_on",
        "notified_on",
        "decision_date",
        "trigger_date",
        "actual_end",
    }
)
"""Dates of things that have happened. Start dates, planned ends, moves and announced
absences may lie ahead."""

DATE_PAIRS: tuple[tuple[type[SQLModel], str, str], ...] = (
    (M.ManagementEpisode, "start_date", "actual_end"),
    (M.ManagementEpisode, "start_date", "planned_end"),
    (M.Contact, "absence_from", "absence_to"),
    (M.TeamMember, "joined_on", "left_on"),
    (M.Team, "established_on", "dissolved_on"),
    (M.Hotspot, "found_on", "eliminated_on"),
    (M.AddictionAssessment, "requested_on", "result_on"),
    (M.Unit, "valid_from", "valid_to"),
)
"""(model, earlier, later): the later date may not come before the earlier one."""


def _column(model: type[SQLModel], name: str) -> Any:
    return model.__table__.columns.get(name)  # type: ignore[attr-defined]


def _convert(model: type[SQLModel], name: str, raw: Any, today: date) -> tuple[Any, list[Issue]]:
    """One non-empty value, parsed and normalised for its column."""
    column = _column(model, name)
    kind = column.type
    if isinstance(kind, DateTime):
        return raw, []
    if isinstance(kind, Date):
        value = parse_date(raw)
        if name in NOT_IN_FUTURE and value > today:
            return value, [Issue(name, "date_in_future", {"today": today})]
        return value, []
    if isinstance(kind, Time):
        return parse_time(raw), []
    if isinstance(kind, Boolean):
        return parse_bool(raw), []
    if isinstance(kind, Integer):
        value = parse_int(raw)
        if value < 0:
            return value, [Issue(name, "negative")]
        if name == "birth_year" and value > today.year:
            return value, [
                Issue(
                    name,
                    "birth_year_implausible",
                    {"year": value, "min": MIN_YEAR, "max": today.year},
                )
            ]
        if name == "birth_year" and value < MIN_YEAR:
            return value, [
                Issue(
                    name,
                    "birth_year_implausible",
                    {"year": value, "min": MIN_YEAR, "max": today.year},
                )
            ]
        return value, []
    enum = column.info.get("enum")
    if enum is not None:
        return _enum_code(enum, raw, name)
    if name == "substances":
        return _substances(raw)
    text = clean_multiline(raw) if name in MULTILINE_FIELDS else clean_line(raw)
    if not text:
        return text, []
    if name in PHONE_FIELDS:
        return check_phone(text, field=name)
    if name == "citizen_id":
        return check_citizen_id(text)  # cross-checked with sex and birth year in _check_person
    if name == "legacy_id":
        return check_legacy_id(text)
    if name in UNIT_CODE_FIELDS or (model is M.Unit and name == "code"):
        return text, (
            []
            if text.isascii() and text.isdigit() and len(text) == 5
            else [Issue(name, "unit_code_invalid")]
        )
    if name == "province_code":
        return text, (
            []
            if text.isascii() and text.isdigit() and len(text) == 2
            else [Issue(name, "province_code_invalid")]
        )
    if column.foreign_keys:
        try:
            uuid.UUID(text)
        except ValueError:
            return text, [Issue(name, "invalid_reference")]
    return text, []


def _enum_code(enum: type[Labeled], raw: Any, name: str) -> tuple[Any, list[Issue]]:
    """The member's code for a member, a code or a label (labels matched without diacritics)."""
    if isinstance(raw, enum):
        return raw.value, []
    text = raw.strip() if isinstance(raw, str) else raw
    for member in enum:
        if text == member.value or (
            isinstance(text, str) and fold(text) in (fold(member.vi), fold(member.en), member.value)
        ):
            return member.value, []
    return raw, [Issue(name, "invalid_choice", {"value": raw})]


def _substances(raw: Any) -> tuple[str, list[Issue]]:
    """Comma-separated Substance codes (a list, or text split on commas or semicolons)."""
    parts = (
        list(raw)
        if isinstance(raw, (list, tuple, set, frozenset))
        else str(raw).replace(";", ",").split(",")
    )
    codes: list[str] = []
    issues: list[Issue] = []
    for part in parts:
        if is_empty(part):
            continue
        code, problems = _enum_code(Substance, part, "substances")
        if problems:
            issues.append(Issue("substances", "invalid_substance", {"value": str(part).strip()}))
        elif code not in codes:
            codes.append(code)
    return ",".join(codes), issues


def _empty_value(model: type[SQLModel], name: str) -> tuple[Any, list[Issue]]:
    """What an empty input means for ``name``: None, the default, or a "required" error."""
    info = model.model_fields[name]
    if info.is_required():
        return None, [Issue(name, "required")]
    if _column(model, name).nullable:
        return None, []
    return info.get_default(call_default_factory=True), []


def clean(
    model_cls: type[SQLModel], data: Mapping[str, Any], *, today: date, partial: bool = False
) -> tuple[dict[str, Any], list[Issue]]:
    """Normalised values of ``data`` for ``model_cls`` and the issues found (module docstring)."""
    fields = model_cls.model_fields
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    for name, raw in data.items():
        if name not in fields or _column(model_cls, name) is None:
            issues.append(Issue(name, "unknown_field", {"field": name}))
        elif name in SYSTEM_FIELDS:
            values[name] = raw
    user_fields = [
        n for n in fields if n not in SYSTEM_FIELDS and _column(model_cls, n) is not None
    ]
    for name in user_fields:
        if name not in data:
            if not partial and fields[name].is_required():
                issues.append(Issue(name, "required"))
            continue
        raw = data[name]
        if is_empty(raw) or (isinstance(raw, (list, tuple)) and not raw):
            value, problems = _empty_value(model_cls, name)
        else:
            try:
                value, problems = _convert(model_cls, name, raw, today)
            except ParseError as exc:
                value, problems = raw, [Issue(name, exc.code, exc.params)]
            if isinstance(value, str) and not value and not problems:
                value, problems = _empty_value(model_cls, name)
        length = getattr(_column(model_cls, name).type, "length", None)
        if isinstance(value, str) and length and len(value) > length and not problems:
            problems = [Issue(name, "too_long", {"max": length, "length": len(value)})]
        values[name] = value
        issues.extend(problems)
    if model_cls is M.ManagementEpisode and not partial and is_empty(data.get("status")):
        values["status"] = _status_when_unchosen(values)
    bad = {i.field for i in issues if not i.warning}
    view = _record_view(model_cls, values, bad, partial)
    issues.extend(_cross_checks(model_cls, view, values, today))
    return values, issues


def _record_view(
    model: type[SQLModel], values: dict[str, Any], bad: set[str], partial: bool
) -> dict[str, Any]:
    """The values cross-checks may rely on: valid ones, plus defaults when checking a whole record."""
    view = {k: v for k, v in values.items() if k not in bad}
    if not partial:
        for name, info in model.model_fields.items():
            if name not in values and name not in SYSTEM_FIELDS and not info.is_required():
                view.setdefault(name, info.get_default(call_default_factory=True))
    return view


def _has(view: Mapping[str, Any], *names: str) -> bool:
    return all(n in view for n in names)


def _cross_checks(
    model: type[SQLModel], view: dict[str, Any], values: dict[str, Any], today: date
) -> list[Issue]:
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


def _status_when_unchosen(values: Mapping[str, Any]) -> str:
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
    M.Person: _check_person,
    M.ManagementEpisode: _check_episode,
    M.DrugTest: _check_test,
    M.AddictionAssessment: _check_assessment,
    M.Contact: _check_contact,
    M.Transfer: _check_transfer,
    M.Patrol: _check_patrol,
    M.PatrolFinding: _check_finding,
    M.Hotspot: _check_hotspot,
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
