"""The drug-free and key-area criteria: which indicators, which thresholds, how many must hold.

The law changes and the exact texts are unverified, so the criteria are data: the defaults ship
in ``data/criteria.json``; a supervisor exports them, edits the file and loads it back, and the
station sends them to its communes in reply bundles so both sides judge by the same rules. The
criteria in force live in the ``meta`` table under ``criteria`` once someone changed them.

A file is checked strictly (unknown keys, missing keys, duplicate keys, wrong types, unknown
indicators are all refused with a message saying where): a typo must never silently turn a
criterion off. Nothing is stored unless the whole file is good. The note is free text and may
run over several lines, but a control character in it (an escape sequence, a carriage return)
is refused, whether the criteria come from a file or from the station in a reply bundle.

They live in storage, below both the reports (which judge by them:
:mod:`nghean_tui.reports.criteria`) and sync (which sends them in replies and adopts them
from the station).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from importlib import resources

from sqlalchemy import Connection, text

from nghean_tui.domain.strictjson import check_structure
from nghean_tui.domain.text import has_unsafe, literal
from nghean_tui.i18n import t

FORMAT, VERSION = "nghean-tui/criteria", 1
META_KEY = "criteria"
MAX_BYTES = 64_000
MAX_NOTE = 2000
MAX_DEPTH = 8  # the format nests four levels; room for a hand-edited file, no more

INDICATORS = (
    "managed_people",
    "managed_rate",
    "drug_use_places",
    "retail_points",
    "offenders",
    "offender_rate",
    "plants_destroyed",
    "plants_area_m2",
)
"""What :mod:`nghean_tui.reports.indicators` computes, and so what a condition may name.
Rates are percent of the population; the others are counts."""

RATES = frozenset({"managed_rate", "offender_rate"})

_TOP_KEYS = ("format", "version", "note", "window_months", "key_area", "drug_free")
_CHECKLISTS = ("key_area", "drug_free")


class CriteriaError(ValueError):
    """A criteria file refused; ``str()`` is the reason in the current language."""

    def __init__(self, reason: str, **params) -> None:
        self.reason, self.params = reason, params
        # Keys and names quoted from the file are shown escaped wherever the reason is printed.
        super().__init__(
            t(
                f"criteria.{reason}",
                **{k: literal(v) if isinstance(v, str) else v for k, v in params.items()},
            )
        )


@dataclass(frozen=True)
class Condition:
    """One test on one indicator: ``value ≥ at_least`` or ``value ≤ at_most``."""

    indicator: str
    at_least: float | None = None
    at_most: float | None = None

    def met(self, value: float | None) -> bool | None:
        """Whether ``value`` satisfies the condition; ``None`` when the value is unknown (a
        rate without a population)."""
        if value is None:
            return None
        return value >= self.at_least if self.at_least is not None else value <= self.threshold

    @property
    def threshold(self) -> float:
        bound = self.at_least if self.at_least is not None else self.at_most
        assert bound is not None  # a condition has exactly one bound (_test refuses others)
        return bound

    @property
    def sign(self) -> str:
        return "≥" if self.at_least is not None else "≤"

    @property
    def tests(self) -> tuple[Condition, ...]:
        return (self,)

    def holds(self, values: dict[str, float | None]) -> bool | None:
        return self.met(values.get(self.indicator))


@dataclass(frozen=True)
class AnyOf:
    """Tests of which one is enough, counted as one condition of a checklist: "3,000 plants or
    750 m² destroyed". Unknown only when none holds and one of them is unknown."""

    tests: tuple[Condition, ...]

    def holds(self, values: dict[str, float | None]) -> bool | None:
        results = [c.holds(values) for c in self.tests]
        if True in results:
            return True
        return None if None in results else False


@dataclass(frozen=True)
class Checklist:
    """Conditions of which at least ``min_met`` must hold."""

    min_met: int
    conditions: tuple[Condition | AnyOf, ...]


@dataclass(frozen=True)
class Criteria:
    window_months: int
    key_area: Checklist
    drug_free: Checklist
    note: str = ""


# ---------------------------------------------------------------- reading and checking


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise CriteriaError("duplicate_key", field=key)
        result[key] = value
    return result


def _refuse_constant(name: str):
    raise CriteriaError("not_number", where="/", field=name)


def _object(value, where: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(value, dict):
        raise CriteriaError("not_object", where=where)
    for key in value:
        if key not in keys:
            raise CriteriaError("unknown_key", field=key, where=where)
    for key in keys:
        if key not in value and key not in optional:
            raise CriteriaError("missing_key", field=key, where=where)
    return value


def _number(value, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise CriteriaError("not_number", where=where, field=key)
    return value


def _integer(value, where: str, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CriteriaError("not_integer", where=where, field=key, low=low, high=high)
    return value


def _condition(value, where: str) -> Condition | AnyOf:
    if isinstance(value, dict) and "any_of" in value:
        items = _object(value, where, ("any_of",))["any_of"]
        if not isinstance(items, list) or len(items) < 2:
            raise CriteriaError("any_of_short", where=where)
        return AnyOf(tuple(_test(c, f"{where}.any_of[{i}]") for i, c in enumerate(items)))
    return _test(value, where)


def _test(value, where: str) -> Condition:
    keys = ("indicator", "at_least", "at_most")
    data = _object(value, where, keys, optional=("at_least", "at_most"))
    if data["indicator"] not in INDICATORS:
        raise CriteriaError(
            "unknown_indicator",
            where=where,
            name=str(data["indicator"]),
            known=", ".join(INDICATORS),
        )
    bounds = [k for k in ("at_least", "at_most") if k in data]
    if len(bounds) != 1:
        raise CriteriaError("one_bound", where=where)
    return Condition(data["indicator"], **{bounds[0]: _number(data[bounds[0]], where, bounds[0])})


def _checklist(value, where: str) -> Checklist:
    data = _object(value, where, ("min_met", "conditions"))
    items = data["conditions"]
    if not isinstance(items, list) or not items:
        raise CriteriaError("no_conditions", where=where)
    conditions = tuple(_condition(c, f"{where}.conditions[{i}]") for i, c in enumerate(items))
    return Checklist(_integer(data["min_met"], where, "min_met", 1, len(conditions)), conditions)


def parse(source: str, *, stored: bool = False) -> Criteria:
    """The criteria in ``source`` (a criteria file's text), checked strictly.

    ``stored``: criteria already in this database. A version before this check kept notes
    with control characters; they are read (and shown escaped) rather than every report and
    indicator failing from then on."""
    if len(source.encode("utf-8")) > MAX_BYTES:
        raise CriteriaError("too_large", limit=MAX_BYTES)
    try:  # a criteria file is small and shallow: anything deeper is refused unparsed
        check_structure(
            source.encode("utf-8", "surrogatepass"), MAX_DEPTH, 2_000, 20_000, whitespace=True
        )
    except ValueError as exc:
        raise CriteriaError("too_complex", detail=str(exc)) from None
    try:
        data = json.loads(source, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise CriteriaError("not_json", line=exc.lineno, column=exc.colno) from None
    except RecursionError:  # cannot happen after the check; never let it escape
        raise CriteriaError("too_complex", detail="nested too deeply") from None
    data = _object(data, "/", _TOP_KEYS, optional=("note",))
    if data["format"] != FORMAT:
        raise CriteriaError("wrong_format", expected=FORMAT)
    if data["version"] != VERSION or isinstance(data["version"], bool):
        raise CriteriaError("wrong_version", version=str(data["version"]), expected=VERSION)
    note = data.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise CriteriaError("bad_note", limit=MAX_NOTE)
    if not stored and has_unsafe(note, newlines=True):
        raise CriteriaError("note_control")
    return Criteria(
        window_months=_integer(data["window_months"], "/", "window_months", 1, 60),
        key_area=_checklist(data["key_area"], "key_area"),
        drug_free=_checklist(data["drug_free"], "drug_free"),
        note=note,
    )


# ---------------------------------------------------------------- writing


def _condition_dict(condition: Condition | AnyOf) -> dict:
    if isinstance(condition, AnyOf):
        return {"any_of": [_condition_dict(c) for c in condition.tests]}
    bound = "at_least" if condition.at_least is not None else "at_most"
    return {"indicator": condition.indicator, bound: condition.threshold}


def to_dict(criteria: Criteria) -> dict:
    """The file's content, keys in the order a person reads them."""
    result: dict = {"format": FORMAT, "version": VERSION}
    if criteria.note:
        result["note"] = criteria.note
    result["window_months"] = criteria.window_months
    for name in _CHECKLISTS:
        checklist: Checklist = getattr(criteria, name)
        result[name] = {
            "min_met": checklist.min_met,
            "conditions": [_condition_dict(c) for c in checklist.conditions],
        }
    return result


def canonical(criteria: Criteria) -> str:
    """One spelling per set of criteria (sorted keys, no spaces): what travels in bundles,
    so the same criteria always give the same bytes."""
    return json.dumps(to_dict(criteria), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def export_text(criteria: Criteria) -> str:
    """The criteria as a file for a person to edit."""
    return json.dumps(to_dict(criteria), ensure_ascii=False, indent=2) + "\n"


def defaults() -> Criteria:
    return parse(resources.files("nghean_tui.data").joinpath("criteria.json").read_text("utf-8"))


# ---------------------------------------------------------------- in the database


def current(conn: Connection) -> Criteria:
    """The criteria in force: the stored ones, else the shipped defaults."""
    stored = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": META_KEY}).scalar()
    return parse(stored, stored=True) if stored is not None else defaults()


def store(conn: Connection, criteria: Criteria) -> None:
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
        {"k": META_KEY, "v": canonical(criteria)},
    )


def criteria_json(conn: Connection) -> str:
    """The criteria in force, canonical: what a station puts in its reply bundles (a note an
    older version stored with control characters goes escaped, which communes accept)."""
    criteria = current(conn)
    if has_unsafe(criteria.note, newlines=True):
        criteria = replace(criteria, note=literal(criteria.note, keep_newlines=True))
    return canonical(criteria)


def adopt_criteria(conn: Connection, source: str) -> None:
    """Check and store criteria received from the station (inside the caller's transaction).
    Raises :class:`CriteriaError` (a ``ValueError``) and stores nothing on bad input."""
    store(conn, parse(source))
