"""Validation and normalisation of what users type, for every table in :mod:`models`.

:func:`clean` is driven by the table metadata — column type, ``max_length``
(``Model.__table__.columns[name].type.length``), nullability, the enum recorded in the column
(:func:`models.enum_of`) and foreign keys — plus the rules between fields in
:mod:`nghean_tui.domain.record_checks`. It returns normalised values and a list of
:class:`Issue` (errors block saving, warnings do not).

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
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Time
from sqlmodel import SQLModel

from nghean_tui.domain import models
from nghean_tui.domain.enums import (
    Labeled,
    Substance,
)
from nghean_tui.domain.identifiers import check_citizen_id, check_legacy_id, check_phone
from nghean_tui.domain.issues import (
    MESSAGES,
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
from nghean_tui.domain.record_checks import (
    ACTIVE_NEEDS_DECISION,
    DATE_PAIRS,
    DECIDED_BY,
    TERM_CODES,
    check_episode_for_person,
    check_term,
    cross_checks,
    status_when_unchosen,
)
from nghean_tui.domain.text import fold

__all__ = [
    "ACTIVE_NEEDS_DECISION",
    "DATE_PAIRS",
    "DECIDED_BY",
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


def _column(model: type[SQLModel], name: str) -> Any:
    return models.table_of(model).columns.get(name)


def _convert(model: type[SQLModel], name: str, raw: Any, today: date) -> tuple[Any, list[Issue]]:
    """One non-empty value, parsed and normalised for its column."""
    column = _column(model, name)
    kind = column.type
    if isinstance(kind, DateTime):
        return raw, []
    if isinstance(kind, Date):
        day = parse_date(raw)
        if name in NOT_IN_FUTURE and day > today:
            return day, [Issue(name, "date_in_future", {"today": today})]
        return day, []
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
    if name in UNIT_CODE_FIELDS or (model is models.Unit and name == "code"):
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
    if model_cls is models.ManagementEpisode and not partial and is_empty(data.get("status")):
        values["status"] = status_when_unchosen(values)
    bad = {i.field for i in issues if not i.warning}
    view = _record_view(model_cls, values, bad, partial)
    issues.extend(cross_checks(model_cls, view, values, today))
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
