"""The reporting commands of the command line: ``report``, ``criteria export|load|explain``
and ``population load``. Kept beside :mod:`nghean_tui.cli`, which registers and dispatches them,
with the same contract: exit 0 done, 1 refused (one line on stderr), 2 usage error; every
file is checked whole before anything changes, and every file written is replaced atomically.
What is printed from records, files or arguments is escaped (``domain.text.literal``).
"""

from __future__ import annotations

from pathlib import Path

COMMANDS = ("report", "criteria", "population")


def add_commands(command, t, parser_class, global_options, secret_options) -> None:
    """Register the commands; ``command(name)`` makes a subparser as :mod:`cli` does."""
    report = command("report")
    report.add_argument("--period", required=True, metavar="PERIOD", help=t("cli.help_period"))
    report.add_argument("--unit", metavar="CODE", help=t("cli.help_report_unit"))
    report.add_argument("--out", required=True, metavar="FILE", help=t("cli.help_out"))
    secret_options(report, t)

    for name, actions in (("criteria", ("export", "load", "explain")), ("population", ("load",))):
        sub = command(name)
        chosen = sub.add_subparsers(
            dest="action", metavar="ACTION", required=True, parser_class=parser_class
        )
        for action in actions:
            help_text = t(f"cli.help_{name}_{action}")
            one = chosen.add_parser(action, help=help_text, description=help_text)
            global_options(one, t, suppress=True)
            secret_options(one, t)
            if action == "export":
                one.add_argument(
                    "--out", required=True, metavar="FILE", help=t("cli.help_criteria_out")
                )
            elif action == "explain":
                one.add_argument("--unit", metavar="CODE", help=t("cli.help_explain_unit"))
                one.add_argument("--date", metavar="DD/MM/YYYY", help=t("cli.help_explain_date"))
                one.add_argument("--all", action="store_true", help=t("cli.help_explain_all"))
            else:
                one.add_argument("file", metavar="FILE", help=t("cli.help_file"))


def run(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK

    {"report": cmd_report, "criteria": cmd_criteria, "population": cmd_population}[args.command](
        args, reader
    )
    return EXIT_OK


MAX_INPUT_BYTES = 1024 * 1024  # criteria (64 KB at most) and population files (130 lines)


def _read_text(path: str) -> str:
    """A file's text (UTF-8, a byte-order mark allowed: Notepad and Excel write one)."""
    from nghean_tui.cli import Failure
    from nghean_tui.cli_sync import _read
    from nghean_tui.i18n import t

    # A regular file only (never a link, FIFO or device), and no larger than such files are.
    data = _read(Path(path), MAX_INPUT_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Failure(t("cli.not_utf8", path=path)) from None


def _writable_folder(path: Path) -> None:
    """Refuse before any work (unlocking takes a second) when the output's folder is missing
    or is inside the data folder (storage.safefile, which the writing checks again)."""
    from nghean_tui.storage import safefile

    safefile.check_folder(path.parent if str(path.parent) else Path("."))


def cmd_report(args, reader) -> None:
    from nghean_tui.cli import Failure, _unlock, _vault
    from nghean_tui.domain import clock
    from nghean_tui.domain.enums import Role
    from nghean_tui.domain.text import literal
    from nghean_tui.i18n import t
    from nghean_tui.reports import report as R
    from nghean_tui.reports.period import parse_period

    try:
        period = parse_period(args.period)
    except ValueError:
        raise Failure(t("cli.bad_period", value=args.period)) from None
    out = Path(args.out)
    if R.output_format(out) is None:
        raise Failure(t("cli.bad_report_format", path=args.out))
    if args.unit is not None and not R.known_unit(args.unit):
        raise Failure(t("error.unknown_unit", code=args.unit))
    _writable_folder(out)
    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            with db.read() as session:
                conn = session.connection()
                units = R.scope(conn, db.unit_code, args.unit, station=db.role is Role.SUPERVISOR)
                if not units:
                    raise Failure(t("cli.no_units"))
                report = R.build(conn, period, units, clock.today())
        finally:
            db.close()
    R.write(report, out)
    names = report.units_text()
    print(t("cli.report_done", period=period.text, units=literal(names), path=literal(str(out))))


def cmd_criteria(args, reader) -> None:
    from nghean_tui.cli import Failure, _unlock, _vault
    from nghean_tui.domain.enums import AuditAction, Role
    from nghean_tui.domain.text import literal
    from nghean_tui.i18n import t
    from nghean_tui.reports import criteria as C
    from nghean_tui.storage import safefile

    if args.action == "explain":
        _explain(args, reader)
        return
    if args.action == "load":
        try:
            criteria = C.parse(_read_text(args.file))
        except C.CriteriaError as exc:
            raise Failure(t("cli.bad_file", path=args.file, reason=str(exc))) from None
    else:
        _writable_folder(Path(args.out))
    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            if args.action == "export":
                with db.read() as session:
                    current = C.current(session.connection())
                out = Path(args.out)
                safefile.write_new(out.parent, out.name, C.export_text(current).encode("utf-8"))
                print(t("cli.criteria_exported", path=literal(args.out)))
                return
            if db.role is not Role.SUPERVISOR:
                raise Failure(t("cli.criteria_station_only"))
            with db.write() as txn:
                C.store(txn.conn, criteria)
                db.audit(txn, AuditAction.UPDATE, "meta", C.META_KEY, [C.META_KEY])
        finally:
            db.close()
    print(
        t(
            "cli.criteria_loaded",
            key_area=len(criteria.key_area.conditions),
            drug_free=len(criteria.drug_free.conditions),
        )
    )


def _explain(args, reader) -> None:
    """``criteria explain``: one unit's indicators against the criteria, and the records
    behind each (a station names the commune; a commune explains its own)."""
    from rich.console import Console

    from nghean_tui.cli import Failure, _unlock, _vault
    from nghean_tui.domain import clock
    from nghean_tui.domain.enums import Role
    from nghean_tui.domain.parsing import ParseError, parse_date
    from nghean_tui.i18n import t
    from nghean_tui.reports import explain as E
    from nghean_tui.reports.report import known_unit

    try:
        day = parse_date(args.date) if args.date else clock.today()
    except ParseError:
        raise Failure(t("cli.bad_date", value=args.date)) from None
    if args.unit is not None and not known_unit(args.unit):
        raise Failure(t("error.unknown_unit", code=args.unit))
    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            unit = args.unit or db.unit_code
            if db.role is Role.SUPERVISOR and args.unit is None:
                raise Failure(t("cli.explain_which_unit"))
            if db.role is not Role.SUPERVISOR and unit != db.unit_code:
                raise Failure(t("cli.explain_own_unit", code=db.unit_code))
            explained = E.explanation(db, unit, day, limit=10**9 if args.all else E.LIMIT)
        finally:
            db.close()
    Console(highlight=False, soft_wrap=True).print(E.render(explained))


def cmd_population(args, reader) -> None:
    from nghean_tui.cli import Failure, _unlock, _vault
    from nghean_tui.domain.enums import AuditAction
    from nghean_tui.i18n import t
    from nghean_tui.reports import population as P

    try:
        populations = P.parse(_read_text(args.file))
    except P.PopulationError as exc:
        raise Failure(t("cli.bad_file", path=args.file, reason=str(exc))) from None
    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            with db.write() as txn:
                P.store(txn.conn, populations)
                db.audit(txn, AuditAction.UPDATE, "unit", "", ["population"])
        finally:
            db.close()
    print(t("cli.population_loaded", count=len(populations)))
