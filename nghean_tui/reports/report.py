"""Building a period report for one unit or every unit in the database, and writing it out.

A commune reports on itself; a station on one commune (``--unit``) or on every unit it holds
records of, with province-wide totals. The report is made inside one read transaction, so all
its sections describe the same moment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from nghean_tui.reports import criteria, sections
from nghean_tui.reports.coverage import present_units
from nghean_tui.reports.model import Report, UnitName, add_totals
from nghean_tui.reports.period import Period
from nghean_tui.storage import reference, safefile

FORMATS = ("xlsx", "csv")


class UnknownUnit(ValueError):
    """A unit code that is not a commune or ward of the province."""


def known_unit(code: str) -> bool:
    """Whether ``code`` is a commune or ward a report can be about."""
    return reference.unit(code) is not None and code != reference.PROVINCE_CODE


def unit_name(code: str) -> str:
    ref = reference.unit(code)
    return ref.name if ref else code


def province_units() -> list[str]:
    """Every commune and ward of the shipped reference list (130 since 1 July 2025)."""
    return [code for code in reference.units() if code != reference.PROVINCE_CODE]


def units_in_database(conn: Connection) -> list[str]:
    """Every unit with records here (a station: the communes it imported; a commune: itself)."""
    return sorted(present_units(conn))


def scope(conn: Connection, own_unit: str, unit: str | None, *, station: bool) -> list[UnitName]:
    """The units a report covers: the one asked for, else every unit of the province on a
    station (with any other it holds records of), else the commune itself."""
    if unit is not None:
        if not known_unit(unit):
            raise UnknownUnit(unit)
        codes = [unit]
    elif station:  # the whole province, heard from or not (docs/indicators.md)
        codes = sorted(
            set(province_units()) | set(units_in_database(conn)) - {reference.PROVINCE_CODE}
        )
    else:
        codes = [own_unit]
    return [UnitName(code, unit_name(code)) for code in codes]


def build(conn: Connection, period: Period, units: list[UnitName], made_on: date) -> Report:
    """Every section for ``units`` over ``period`` (labels in the current language)."""
    in_force = criteria.current(conn)
    q = sections.Query(conn, period, units, made_on)
    report = Report(period, units, made_on, in_force)
    for make in (
        sections.people,
        sections.followups,
        sections.drug_tests,
        sections.relapses,
        sections.patrols,
        sections.teams,
        sections.hotspots,
        sections.tips,
    ):
        section = make(q)
        add_totals(section, len(units))
        report.sections.append(section)
    report.sections.append(sections.indicators(q, in_force))
    if q.coverage is not None:
        report.heard = sum(q.heard(u.code) for u in units)
    return report


def output_format(path: Path) -> str | None:
    """``xlsx`` or ``csv`` from the file name, ``None`` for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def write(report: Report, path: Path) -> None:
    """Write the report to ``path`` (its format from the name), atomically: a reader of the
    file sees the previous one or the whole new one, never half a workbook. The folder may be
    a stick someone else prepared: nothing is written through a link, nothing into the data
    folder (:func:`storage.safefile.write_new`, which raises ``FileRefused``)."""
    if output_format(path) == "xlsx":
        from nghean_tui.reports.workbook import workbook_bytes

        data = workbook_bytes(report)
    else:
        from nghean_tui.reports.csvfile import csv_bytes

        data = csv_bytes(report)
    path = Path(path)
    safefile.write_new(path.parent, path.name, data)
