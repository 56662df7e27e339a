"""The reporting commands: ``report``, ``criteria export|load|explain`` and ``population
load``. Every file is checked whole before anything changes, and every file written is
replaced atomically. What is printed from records, files or arguments is escaped
(``domain.text.literal``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nghean_tui.cli.common import (
    EXIT_OK,
    Failure,
    SecretReader,
    actions,
    command,
    opened,
    secret_options,
)
from nghean_tui.cli.paths import read
from nghean_tui.i18n import t

MAX_INPUT_BYTES = 1024 * 1024  # criteria (64 KB at most) and population files (130 lines)


def register(commands: argparse._SubParsersAction) -> None:
    report = command(commands, "report", cmd_report)
    report.add_argument("--period", required=True, metavar="PERIOD", help=t("cli.help_period"))
    report.add_argument("--unit", metavar="CODE", help=t("cli.help_report_unit"))
    report.add_argument("--out", required=True, metavar="FILE", help=t("cli.help_out"))
    secret_options(report)

    criteria = actions(
        commands,
        "criteria",
        {"export": cmd_criteria_export, "load": cmd_criteria_load, "explain": cmd_criteria_explain},
    )
    criteria["export"].add_argument(
        "--out", required=True, metavar="FILE", help=t("cli.help_criteria_out")
    )
    criteria["load"].add_argument("file", metavar="FILE", help=t("cli.help_file"))
    criteria["explain"].add_argument("--unit", metavar="CODE", help=t("cli.help_explain_unit"))
    criteria["explain"].add_argument(
        "--date", metavar="DD/MM/YYYY", help=t("cli.help_explain_date")
    )
    criteria["explain"].add_argument("--all", action="store_true", help=t("cli.help_explain_all"))

    population = actions(commands, "population", {"load": cmd_population_load})
    population["load"].add_argument("file", metavar="FILE", help=t("cli.help_file"))


def _read_text(path: str) -> str:
    """A file's text (UTF-8, a byte-order mark allowed: Notepad and Excel write one)."""
    # A regular file only (never a link, FIFO or device), and no larger than such files are.
    data = read(Path(path), MAX_INPUT_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Failure(t("cli.not_utf8", path=path)) from None


def _writable_folder(path: Path) -> None:
    """Refuse before any work (unlocking takes a second) when the output's folder is missing
    or is inside the data folder (storage.safefile, which the writing checks again)."""
    from nghean_tui.storage import safefile

    safefile.check_folder(path.parent if str(path.parent) else Path("."))


def cmd_report(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain import clock
    from nghean_tui.domain.enums import Role
    from nghean_tui.domain.text import literal
    from nghean_tui.reports import report as report_builder
    from nghean_tui.reports.period import parse_period

    try:
        period = parse_period(args.period)
    except ValueError:
        raise Failure(t("cli.bad_period", value=args.period)) from None
    out = Path(args.out)
    if report_builder.output_format(out) is None:
        raise Failure(t("cli.bad_report_format", path=args.out))
    if args.unit is not None and not report_builder.known_unit(args.unit):
        raise Failure(t("error.unknown_unit", code=args.unit))
    _writable_folder(out)
    with opened(args, reader) as db:
        with db.read() as session:
            conn = session.connection()
            station = db.role is Role.SUPERVISOR
            units = report_builder.scope(conn, db.unit_code, args.unit, station=station)
            if not units:
                raise Failure(t("cli.no_units"))
            report = report_builder.build(conn, period, units, clock.today())
    report_builder.write(report, out)
    names = report.units_text()
    print(t("cli.report_done", period=period.text, units=literal(names), path=literal(str(out))))
    return EXIT_OK


def cmd_criteria_export(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.text import literal
    from nghean_tui.reports import criteria
    from nghean_tui.storage import safefile

    out = Path(args.out)
    _writable_folder(out)
    with opened(args, reader) as db:
        with db.read() as session:
            current = criteria.current(session.connection())
        safefile.write_new(out.parent, out.name, criteria.export_text(current).encode("utf-8"))
        print(t("cli.criteria_exported", path=literal(args.out)))
    return EXIT_OK


def cmd_criteria_load(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import AuditAction, Role
    from nghean_tui.reports import criteria

    try:
        loaded = criteria.parse(_read_text(args.file))
    except criteria.CriteriaError as exc:
        raise Failure(t("cli.bad_file", path=args.file, reason=str(exc))) from None
    with opened(args, reader) as db:
        if db.role is not Role.SUPERVISOR:
            raise Failure(t("cli.criteria_station_only"))
        with db.write() as txn:
            criteria.store(txn.conn, loaded)
            db.audit(txn, AuditAction.UPDATE, "meta", criteria.META_KEY, [criteria.META_KEY])
    print(
        t(
            "cli.criteria_loaded",
            key_area=len(loaded.key_area.conditions),
            drug_free=len(loaded.drug_free.conditions),
        )
    )
    return EXIT_OK


def cmd_criteria_explain(args: argparse.Namespace, reader: SecretReader) -> int:
    """``criteria explain``: one unit's indicators against the criteria, and the records
    behind each (a station names the commune; a commune explains its own)."""
    from rich.console import Console

    from nghean_tui.domain import clock
    from nghean_tui.domain.enums import Role
    from nghean_tui.domain.parsing import ParseError, parse_date
    from nghean_tui.reports import explain
    from nghean_tui.reports.report import known_unit

    try:
        day = parse_date(args.date) if args.date else clock.today()
    except ParseError:
        raise Failure(t("cli.bad_date", value=args.date)) from None
    if args.unit is not None and not known_unit(args.unit):
        raise Failure(t("error.unknown_unit", code=args.unit))
    with opened(args, reader) as db:
        unit = args.unit or db.unit_code
        if db.role is Role.SUPERVISOR and args.unit is None:
            raise Failure(t("cli.explain_which_unit"))
        if db.role is not Role.SUPERVISOR and unit != db.unit_code:
            raise Failure(t("cli.explain_own_unit", code=db.unit_code))
        limit = 10**9 if args.all else explain.LIMIT
        explained = explain.explanation(db, unit, day, limit=limit)
    Console(highlight=False, soft_wrap=True).print(explain.render(explained))
    return EXIT_OK


def cmd_population_load(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import AuditAction
    from nghean_tui.reports import population

    try:
        populations = population.parse(_read_text(args.file))
    except population.PopulationError as exc:
        raise Failure(t("cli.bad_file", path=args.file, reason=str(exc))) from None
    with opened(args, reader) as db:
        with db.write() as txn:
            population.store(txn.conn, populations)
            db.audit(txn, AuditAction.UPDATE, "unit", "", ["population"])
    print(t("cli.population_loaded", count=len(populations)))
    return EXIT_OK
