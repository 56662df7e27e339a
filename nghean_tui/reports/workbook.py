"""A period report as an XLSX workbook: a first sheet that says what the report is and what
each figure means, then one sheet per section.

Each section sheet has its headings in row 1 (frozen, with the key columns, so names stay in
view while scrolling), a filter on the headings, widths fitted to the contents, and number
formats that let Excel or LibreOffice compute with the figures: rates are real percentages,
dates real dates. Province-wide rows are bold.

No cell is ever a formula: every text cell is written as a string (``data_type = "s"``), so
a criteria note or a name that starts with ``=`` is shown as typed, never computed (openpyxl
would otherwise store it as a formula). Control characters in text are written as escapes
(:func:`nghean_tui.domain.text.literal`; line breaks kept): a workbook cannot hold them, and
they must not reach whoever opens it either.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nghean_tui.domain.text import literal
from nghean_tui.i18n import t
from nghean_tui.reports.criteria import RATES, Checklist
from nghean_tui.reports.model import DATE, INT, PERCENT, Report, Section, number_text

FORMATS = {INT: "#,##0", PERCENT: "0.00%", DATE: "DD/MM/YYYY"}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE = Font(bold=True, size=14)
MIN_WIDTH, MAX_WIDTH, HEAD_WIDTH = 6, 45, 18
_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """A legal sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return text.translate(_BAD_TITLE).strip()[:31]


def _width(value, kind: str) -> int:
    if value is None:
        return 0
    if kind == DATE:
        return 10
    if kind in (INT, PERCENT):
        return len(f"{value:,.2f}" if kind == PERCENT else f"{value:,}")
    return len(str(value))


def _fit(sheet, section: Section) -> None:
    """Widths from the contents; headings wrap, so they ask for less than their length."""
    for index, column in enumerate(section.columns, start=1):
        longest = max([_width(row[index - 1], column.kind) for row in section.rows] or [0])
        heading = min(len(column.title), HEAD_WIDTH)
        width = max(MIN_WIDTH, min(MAX_WIDTH, max(longest, heading) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width


def _cell(
    sheet,
    value,
    *,
    font: Font | None = None,
    number_format: str | None = None,
    alignment: Alignment | None = None,
    fill: PatternFill | None = None,
) -> WriteOnlyCell:
    """A cell with only the styles it needs (write-only sheets: fast for thousands of rows);
    text always a string, never a formula (module docstring)."""
    text = isinstance(value, str)
    cell = WriteOnlyCell(sheet, value=literal(value, keep_newlines=True) if text else value)
    if text:
        cell.data_type = "s"
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _section_sheet(book: Workbook, section: Section) -> None:
    sheet = book.create_sheet(sheet_title(section.title))
    # A write-only sheet takes its layout before its rows.
    _fit(sheet, section)
    sheet.freeze_panes = f"{get_column_letter(section.keys + 1)}2"
    last = get_column_letter(len(section.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(section.rows) + 1}"
    sheet.append(
        [_cell(sheet, c.title, font=BOLD, alignment=WRAP, fill=HEAD_FILL) for c in section.columns]
    )
    formats = [FORMATS.get(c.kind) for c in section.columns]
    for index, row in enumerate(section.rows):
        font = BOLD if section.is_total(index) else None
        sheet.append(
            [
                _cell(
                    sheet,
                    value / 100 if kind == PERCENT and value is not None else value,
                    font=font,
                    number_format=fmt,
                )
                for value, fmt, kind in zip(
                    row, formats, (c.kind for c in section.columns), strict=False
                )
            ]
        )


def _criteria_lines(name: str, checklist: Checklist) -> list[list[str]]:
    lines = [
        [t(f"report.checklist.{name}", needed=checklist.min_met, count=len(checklist.conditions))]
    ]
    for condition in checklist.conditions:
        for part, c in enumerate(condition.tests):  # alternatives follow, marked "or"
            unit = " %" if c.indicator in RATES else ""
            name = t(f"indicator.{c.indicator}")
            lines.append(
                [
                    "",
                    f"{t('indicators.or')} {name}" if part else name,
                    f"{c.sign} {number_text(c.threshold)}{unit}",
                ]
            )
    return lines


def criteria_note(note: str, months: int) -> str:
    """The criteria's note as the report shows it: the shipped defaults' note (written in
    English in ``data/criteria.json``) in the report's language; a note a supervisor wrote,
    as written."""
    if note == _shipped_note():
        return t("lang.criteria_default_note", months=months)
    return note


def _shipped_note() -> str:
    import json
    from importlib import resources

    text = resources.files("nghean_tui.data").joinpath("criteria.json").read_text("utf-8")
    return str(json.loads(text).get("note", ""))


def _cover(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet(sheet_title(t("report.cover")))
    for column, width in (("A", 34), ("B", 90), ("C", 14)):
        sheet.column_dimensions[column].width = width
    units = report.units_text()
    rows: list[list[Any]] = [
        [t("report.units"), units],
        [t("report.from_to"), report.period.start, report.period.end],
        [t("report.made_on"), report.made_on],
        [t("report.window", months=report.criteria.window_months)],
        [],
        [t("report.meanings")],
    ]
    rows += [[s.title, s.note] for s in report.sections]
    rows += [[], [t("report.criteria")]]
    rows += _criteria_lines("key_area", report.criteria.key_area)
    rows += _criteria_lines("drug_free", report.criteria.drug_free)
    if report.criteria.note:
        note = criteria_note(report.criteria.note, report.criteria.window_months)
        rows += [[t("report.criteria_note"), note]]
    sheet.append([_cell(sheet, t("report.title", period=report.period.text), font=TITLE)])
    for row in rows:
        sheet.append(
            [
                _cell(
                    sheet,
                    value,
                    font=BOLD if i == 0 else None,
                    number_format=FORMATS[DATE] if isinstance(value, date) else None,
                    alignment=WRAP if i == 1 else None,
                )
                for i, value in enumerate(row)
            ]
        )


def workbook_bytes(report: Report) -> bytes:
    book = Workbook(write_only=True)
    _cover(book, report)
    for section in report.sections:
        _section_sheet(book, section)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
