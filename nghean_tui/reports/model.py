"""A period report as plain tables, before it becomes a workbook or a CSV file.

Each :class:`Section` is one table: a few leading *key* columns say what a row is about (the
unit, then a kind or status where the section has one) and the rest are figures. The writers
only lay these out; every figure is decided here and in :mod:`nghean_tui.reports.sections`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nghean_tui.domain.formats import fmt_number
from nghean_tui.i18n import t
from nghean_tui.reports.criteria import Criteria
from nghean_tui.reports.period import Period

# Kinds of column: how a value is written (number formats in XLSX, spelling in CSV).
TEXT, INT, PERCENT, DATE, YESNO = "text", "int", "percent", "date", "yesno"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = INT

    @property
    def additive(self) -> bool:
        """Whether a province total is the sum of the units' values."""
        return self.kind == INT


@dataclass
class Section:
    key: str  # the catalogue name: report.section.<key>
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    keys: int = 2  # leading columns that identify a row
    first_total: int | None = None  # index of the first province-wide row, if any

    def is_total(self, index: int) -> bool:
        return self.first_total is not None and index >= self.first_total

    @property
    def title(self) -> str:
        return t(f"report.section.{self.key}")

    @property
    def note(self) -> str:
        return t(f"report.note.{self.key}")


def number_text(value: float, lang: str | None = None) -> str:
    """A threshold as people write it: 3.000 and 0,5 in Vietnamese, 3,000 and 0.5 in English."""
    from nghean_tui.i18n import language

    return fmt_number(value, lang or language())


@dataclass(frozen=True)
class UnitName:
    code: str
    name: str


@dataclass
class Report:
    period: Period
    units: list[UnitName]
    made_on: date
    criteria: Criteria
    sections: list[Section] = field(default_factory=list)
    heard: int | None = None  # at a station: of the units, those a bundle came from

    def units_text(self) -> str:
        """Which units, in words: one by name, several by number (and how many have data)."""
        if len(self.units) == 1:
            return self.units[0].name
        if self.heard is None:
            return t("report.units_count", count=len(self.units))
        return t(
            "report.units_heard",
            count=len(self.units),
            heard=self.heard,
            never=len(self.units) - self.heard,
        )


def add_totals(section: Section, units: int) -> None:
    """With more than one unit, append province-wide rows: one per category (or one), summing
    the additive columns; the others stay empty."""
    if units < 2 or not section.rows:
        return
    section.first_total = len(section.rows)
    totals: dict[tuple, list] = {}
    for row in section.rows:
        category = tuple(row[2 : section.keys])
        total = totals.setdefault(
            category,
            [
                "",
                t("report.total"),
                *category,
                *[0 if c.additive else None for c in section.columns[section.keys :]],
            ],
        )
        for i, column in enumerate(section.columns[section.keys :], start=section.keys):
            if column.additive:
                total[i] += row[i] or 0
    section.rows.extend(totals.values())
