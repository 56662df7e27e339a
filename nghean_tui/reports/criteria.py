"""Judging a unit by the drug-free and key-area criteria (:func:`judge`, :class:`Verdict`).

The criteria themselves (the file format, its strict reading, canonical writing, the copy in
force in ``meta``) are :mod:`nghean_tui.storage.criteria`'s, below both the reports and sync
(which sends them to communes in reply bundles); they are re-exported here for the reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from nghean_tui.storage.criteria import (
    FORMAT,
    INDICATORS,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NOTE,
    META_KEY,
    RATES,
    VERSION,
    AnyOf,
    Checklist,
    Condition,
    Criteria,
    CriteriaError,
    adopt_criteria,
    canonical,
    criteria_json,
    current,
    defaults,
    export_text,
    parse,
    store,
    to_dict,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "META_KEY",
    "MAX_BYTES",
    "MAX_NOTE",
    "MAX_DEPTH",
    "INDICATORS",
    "RATES",
    "CriteriaError",
    "Condition",
    "AnyOf",
    "Checklist",
    "Criteria",
    "parse",
    "to_dict",
    "canonical",
    "export_text",
    "defaults",
    "current",
    "store",
    "criteria_json",
    "adopt_criteria",
    "Verdict",
    "judge",
]


@dataclass(frozen=True)
class Verdict:
    """A checklist applied to one unit's indicators."""

    results: tuple[bool | None, ...]  # per condition, in order
    met: int
    unknown: int
    needed: int

    @property
    def holds(self) -> bool | None:
        """True or False when the known results decide it, else None."""
        if self.met >= self.needed:
            return True
        return None if self.met + self.unknown >= self.needed else False


def judge(checklist: Checklist, values: dict[str, float | None]) -> Verdict:
    results = tuple(c.holds(values) for c in checklist.conditions)
    return Verdict(
        results, sum(r is True for r in results), sum(r is None for r in results), checklist.min_met
    )
