"""A period report as one CSV file, in long form: one line per figure.

Every section of the workbook goes into the same table, under one heading row: period,
section, unit code, unit name, category (the kind or status a section breaks its rows down
by, empty where it has none), measure, value. One table rather than blocks separated by blank
lines, because a CSV is for feeding other tools: a pivot table or a script rebuilds any of the
workbook's tables from it, and nothing has to know where one block ends.

Numbers are written plainly (``.`` before decimals, no grouping), rates in percent, dates as
ISO dates, so they read the same in any locale. The file starts with a UTF-8 byte-order mark:
without it Excel on Windows shows Vietnamese letters as mojibake.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from nghean_tui.i18n import t
from nghean_tui.reports.model import PERCENT, Report

HEADINGS = ("period", "section", "unit_code", "unit_name", "category", "measure", "value")


def _text(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == PERCENT:
        return f"{value:.4f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rows(report: Report):
    """The lines of the file after its heading row."""
    for section in report.sections:
        for row in section.rows:
            category = " / ".join(str(v) for v in row[2:section.keys])
            for value, column in zip(row[section.keys:], section.columns[section.keys:]):
                yield (report.period.text, section.title, row[0], row[1], category,
                       column.title, _text(value, column.kind))


def csv_bytes(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t(f"report.csv.{name}") for name in HEADINGS])
    writer.writerows(rows(report))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
