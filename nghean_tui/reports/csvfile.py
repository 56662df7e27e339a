"""A period report as one CSV file, in long form: one line per figure.

Every section of the workbook goes into the same table, under one heading row: period,
section, unit code, unit name, category (the kind or status a section breaks its rows down
by, empty where it has none), measure, value. One table rather than blocks separated by blank
lines, because a CSV is for feeding other tools: a pivot table or a script rebuilds any of the
workbook's tables from it, and nothing has to know where one block ends.

Numbers are written plainly (``.`` before decimals, no grouping), rates in percent, dates as
ISO dates, so they read the same in any locale. The file starts with a UTF-8 byte-order mark:
without it Excel on Windows shows Vietnamese letters as mojibake.

No cell can become a formula when a spreadsheet opens the file (OWASP's CSV injection rule):
a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
single quote ``'`` in front, which spreadsheets take as "this is text". Figures are numbers
the report computed, never text, so a negative figure stays ``-2``. Control characters in text
are written as escapes (:func:`nghean_tui.domain.text.literal`; line breaks kept, inside the
quotes CSV puts round such a cell).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from nghean_tui.domain.text import literal
from nghean_tui.i18n import t
from nghean_tui.reports.model import PERCENT, Report

HEADINGS = ("period", "section", "unit_code", "unit_name", "category", "measure", "value")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def text_cell(value: str) -> str:
    """Text as a cell that shows literally: controls escaped, a formula's first character
    made inert by a leading ``'``."""
    text = literal(value, keep_newlines=True)
    return "'" + text if text.startswith(FORMULA_START) else text


def _text(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return text_cell(value)
    if kind == PERCENT:
        return f"{value:.4f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # a number the report computed (or yes/no): never text from data


def rows(report: Report):
    """The lines of the file after its heading row."""
    for section in report.sections:
        title = text_cell(section.title)
        for row in section.rows:
            unit_code, unit_name = text_cell(str(row[0])), text_cell(str(row[1]))
            category = text_cell(" / ".join(str(v) for v in row[2 : section.keys]))
            for value, column in zip(
                row[section.keys :], section.columns[section.keys :], strict=False
            ):
                yield (
                    text_cell(report.period.text),
                    title,
                    unit_code,
                    unit_name,
                    category,
                    text_cell(column.title),
                    _text(value, column.kind),
                )


def csv_bytes(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([text_cell(t(f"report.csv.{name}")) for name in HEADINGS])
    writer.writerows(rows(report))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
