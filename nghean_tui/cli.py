"""The command line: ``nghean-tui [--data-dir DIR] [--lang vi|en] [COMMAND …]``.

A stable contract (scripts and tests rely on it). Exit codes: 0 done; 1 refused or failed,
with a one-line reason on stderr; 2 usage error. Whatever is printed that came from a user, a
file, a bundle or the database is escaped first (:func:`nghean_tui.domain.text.literal`): a
name or a file can never send an escape sequence to the terminal. ``--data-dir`` and ``--lang`` are accepted
before or after the command. Only argparse is imported up front, so ``--help`` stays fast;
each command imports what it needs.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Printed by `demo` for anyone to use: the strength rule does not apply to a throwaway
# database of synthetic people (demo.prepare_demo creates it directly, with the KDF floor).
DEMO_PASSPHRASE = "demo nghe an 2026"
DEMO_UNIT = "16816"  # Xã Mỹ Lý, a border commune


class Failure(Exception):
    """A refusal to report on one line (already translated)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2, the reason and where to look
        from nghean_tui.i18n import t

        self.exit(EXIT_USAGE, f"{self.prog}: {message} ({t('cli.see_help', prog=self.prog)})\n")


def _positive(value: str) -> int:
    from nghean_tui.i18n import t

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=value)) from None
    if number < 0 or number > 10_000_000:
        raise argparse.ArgumentTypeError(t("cli.out_of_range", value=value))
    return number


def _global_options(parser: argparse.ArgumentParser, t, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=t("cli.help_data_dir"))
    parser.add_argument("--lang", choices=("vi", "en"), default=default, help=t("cli.help_lang"))


def _secret_options(parser: argparse.ArgumentParser, t) -> None:
    parser.add_argument(
        "--passphrase-stdin", action="store_true", help=t("cli.help_passphrase_stdin")
    )
    parser.add_argument("--recovery", action="store_true", help=t("cli.help_recovery"))


def build_parser() -> Parser:
    """The parser, its help in the current language (see :func:`_early_language`)."""
    from nghean_tui.i18n import t

    parser = Parser(prog="nghean-tui", description=t("cli.help_description"))
    _global_options(parser, t, suppress=False)
    parser.add_argument("--version", action="store_true", help=t("cli.help_version"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str) -> argparse.ArgumentParser:
        help_text = t(f"cli.help_{name}")
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, t, suppress=True)
        return sub

    init = command("init")
    init.add_argument(
        "--role", choices=("commune", "supervisor"), required=True, help=t("cli.help_role")
    )
    init.add_argument("--unit", metavar="CODE", required=True, help=t("cli.help_unit"))
    init.add_argument("--officer", metavar="NAME", required=True, help=t("cli.help_officer"))
    init.add_argument(
        "--passphrase-stdin", action="store_true", help=t("cli.help_new_passphrase_stdin_init")
    )
    init.add_argument("--demo", action="store_true", help=t("cli.help_init_demo"))

    demo = command("demo")
    demo.add_argument("--no-tui", action="store_true", help=t("cli.help_no_tui"))

    seed = command("seed")
    seed.add_argument(
        "--persons", type=_positive, required=True, metavar="N", help=t("cli.help_persons")
    )
    seed.add_argument(
        "--patrols", type=_positive, default=0, metavar="N", help=t("cli.help_patrols")
    )
    seed.add_argument(
        "--teams", type=_positive, default=None, metavar="N", help=t("cli.help_teams")
    )
    seed.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    _secret_options(seed, t)

    check = command("check")
    check.add_argument("--json", action="store_true", help=t("cli.help_json"))
    _secret_options(check, t)

    passphrase = command("passphrase")
    actions = passphrase.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    for name in ("add", "change", "remove", "renew-recovery"):
        help_text = t(f"cli.help_passphrase_{name.replace('-', '_')}")
        sub = actions.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, t, suppress=True)
        _secret_options(sub, t)
        if name in ("add", "remove"):
            sub.add_argument(
                "--officer", metavar="NAME", required=True, help=t("cli.help_officer_target")
            )
        elif name == "change":
            sub.add_argument("--officer", metavar="NAME", help=t("cli.help_officer_change"))
        if name in ("add", "change"):
            sub.add_argument(
                "--new-passphrase-stdin",
                action="store_true",
                help=t("cli.help_new_passphrase_stdin"),
            )

    from nghean_tui import cli_reports

    cli_reports.add_commands(command, t, Parser, _global_options, _secret_options)
    from nghean_tui import cli_sync

    cli_sync.add_commands(command, t, Parser, _global_options, _secret_options, _positive)
    return parser


def _early_language(argv: list[str]) -> str:
    """The language for help and usage errors, before the arguments are parsed."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("vi", "en"):
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in ("vi", "en"):
            return arg[7:]
    data_dir = None
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            data_dir = argv[i + 1]
        elif arg.startswith("--data-dir="):
            data_dir = arg[11:]
    from nghean_tui.config import Settings, resolve_data_dir

    return Settings.load(resolve_data_dir(data_dir)).lang


# ---------------------------------------------------------------- reading secrets


class SecretReader:
    """Reads secrets in order: lines of stdin where asked, else a no-echo prompt."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdin

    def line(self) -> str:
        from nghean_tui.i18n import t

        line = self.stream.readline()
        if not line:
            raise Failure(t("cli.stdin_empty"))
        return line.rstrip("\r\n")

    def prompt(self, label: str, *, confirm: bool = False) -> str:
        import getpass

        from nghean_tui.i18n import t

        if not sys.stdin.isatty():
            raise Failure(t("cli.no_terminal"))
        first = getpass.getpass(f"{label}: ")
        if confirm and getpass.getpass(t("cli.prompt_again") + ": ") != first:
            raise Failure(t("cli.passphrases_differ"))
        return first


def _new_passphrase(reader: SecretReader, from_stdin: bool, *names: str | None) -> str:
    """Read a new passphrase and refuse a weak one; ``names`` (unit, officer) count as words
    a guesser tries first."""
    from nghean_tui.domain.passphrase import check_new_passphrase, context_words
    from nghean_tui.i18n import t

    value = reader.line() if from_stdin else reader.prompt(t("cli.prompt_new"), confirm=True)
    problem = check_new_passphrase(value, context_words(*names))
    if problem:
        raise Failure(t(f"passphrase.{problem}"))
    return value


# ---------------------------------------------------------------- commands


def _vault(args):
    from nghean_tui.config import resolve_data_dir
    from nghean_tui.storage.database import Vault

    return Vault(resolve_data_dir(args.data_dir))


def _unlock(vault, args, reader: SecretReader):
    from nghean_tui.i18n import t

    if not vault.initialised:
        raise Failure(t("error.not_initialised", path=str(vault.data_dir)))
    if args.recovery:
        secret = reader.line() if args.passphrase_stdin else reader.prompt(t("cli.prompt_recovery"))
        return _warn_clock(vault.unlock(recovery_code=secret))
    secret = reader.line() if args.passphrase_stdin else reader.prompt(t("cli.prompt_passphrase"))
    return _warn_clock(vault.unlock(passphrase=secret))


def _warn_clock(db):
    """Say on stderr when this laptop's clock looks wrong (the command goes on)."""
    from nghean_tui.errors import clock_notice

    notice = clock_notice(db)
    if notice:
        print(f"nghean-tui: {notice}", file=sys.stderr)
    return db


def cmd_init(args, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import Role
    from nghean_tui.domain.text import literal
    from nghean_tui.i18n import t
    from nghean_tui.storage import reference
    from nghean_tui.storage.records import officer_name_refused

    role = Role(args.role)
    if reference.unit(args.unit) is None:
        raise Failure(t("error.unknown_unit", code=args.unit))
    if (role is Role.SUPERVISOR) != (args.unit == reference.PROVINCE_CODE):
        raise Failure(t("cli.role_unit_mismatch", code=args.unit))
    refused = officer_name_refused(args.officer)
    if refused is not None:  # before anything is created: no half-made database
        raise refused
    with _vault(args) as vault:
        if vault.initialised:
            raise Failure(t("error.already_initialised", path=str(vault.db_path)))
        unit = reference.unit(args.unit)
        passphrase = _new_passphrase(
            reader, args.passphrase_stdin, args.officer, unit.code, unit.name
        )
        db, code = vault.create(
            role=role,
            unit_code=args.unit,
            officer_name=args.officer,
            passphrase=passphrase,
            demo=args.demo,
        )
        db.close()
    print(t("cli.init_done", path=literal(str(vault.db_path)), unit=unit.name))
    print(t("cli.recovery_intro"))
    print()
    print("    " + code)
    print()
    print(t("cli.recovery_warning"))
    return EXIT_OK


def cmd_check(args, reader: SecretReader) -> int:
    import json

    from nghean_tui.domain.text import literal
    from nghean_tui.errors import clock_notice
    from nghean_tui.i18n import t
    from nghean_tui.storage.health import run_checks

    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            results = run_checks(db, vault)
            clock_text = clock_notice(db)
        finally:
            db.close()
    healthy = all(r.ok or r.warning for r in results)
    if args.json:
        print(
            json.dumps(
                {"ok": healthy, "checks": [r.as_dict() for r in results]},
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
    else:
        for r in results:
            mark = t("check.ok") if r.ok else t("check.warning") if r.warning else t("check.failed")
            if r.name == "clock" and not r.ok:
                print(f"[{mark}] {t('check.clock')}: {clock_text}")
                continue
            detail = f": {literal(r.detail)}" if r.detail else ""
            print(f"[{mark}] {t('check.' + r.name)}{detail}")
            for group in r.groups:
                print("    " + _duplicate_line(group))
        print(t("check.healthy") if healthy else t("check.unhealthy"))
    return EXIT_OK if healthy else EXIT_FAILED


def _duplicate_line(group) -> str:
    """One group of ``check``'s duplicates: what they share, then each profile."""
    from nghean_tui.domain.text import literal
    from nghean_tui.i18n import t
    from nghean_tui.storage.reference import unit

    def who(p) -> str:
        place = unit(p.unit_code)
        return t(
            "check.duplicate_profile",
            name=literal(p.full_name),
            born=p.born or "?",
            hamlet=literal(p.hamlet) or "?",
            unit=place.name if place else p.unit_code,
            id=p.id[:8],
        )

    head = t(f"check.duplicate_{group.kind}", shared=literal(group.key))
    return f"{head} " + " · ".join(who(p) for p in group.profiles)


def cmd_seed(args, reader: SecretReader) -> int:
    import time

    from nghean_tui.i18n import t
    from nghean_tui.synthetic.seed import seed

    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            if db.role.value != "commune":
                raise Failure(t("cli.seed_commune_only"))
            if not db.demo:  # synthetic people among real ones would be false records
                raise Failure(t("cli.seed_real_refused"))
            start = time.perf_counter()
            counts = seed(
                db, persons=args.persons, patrols=args.patrols, teams=args.teams, seed=args.seed
            )
            elapsed = time.perf_counter() - start
        finally:
            db.close()
    summary = ", ".join(f"{table}: {n}" for table, n in counts.items() if n)
    print(t("cli.seed_done", seconds=f"{elapsed:.1f}", summary=summary))
    return EXIT_OK


def cmd_passphrase(args, reader: SecretReader) -> int:
    from nghean_tui.domain.text import literal
    from nghean_tui.i18n import t
    from nghean_tui.storage import reference
    from nghean_tui.storage.officers import find_officer, find_or_create_officer, officer_name

    with _vault(args) as vault:
        db = _unlock(vault, args, reader)
        try:
            if args.action == "renew-recovery":
                code = vault.renew_recovery(db)
                print(t("cli.recovery_renewed"))
                print()
                print("    " + code)
                print()
                print(t("cli.recovery_warning"))
                return EXIT_OK
            unit = reference.unit(db.unit_code)
            unit_names = (unit.code, unit.name) if unit else (db.unit_code,)
            if args.action == "add":  # checked first: a refused passphrase adds no officer
                new = _new_passphrase(reader, args.new_passphrase_stdin, args.officer, *unit_names)
                officer = find_or_create_officer(db, args.officer)
                vault.add_passphrase(db, officer.id, new)
                print(t("cli.passphrase_added", officer=literal(officer.full_name)))
            elif args.action == "change":
                officer = find_officer(db, args.officer) if args.officer else None
                officer_id = officer.id if officer else db.officer_id
                if officer_id is None:  # unlocked with the recovery code: say whose
                    raise Failure(t("cli.officer_required"))
                name = officer.full_name if officer else officer_name(db, officer_id)
                new = _new_passphrase(reader, args.new_passphrase_stdin, name, *unit_names)
                vault.change_passphrase(db, officer_id, new)
                print(t("cli.passphrase_changed"))
            else:
                officer = find_officer(db, args.officer)
                vault.remove_passphrase(db, officer.id)
                print(t("cli.passphrase_removed", officer=literal(officer.full_name)))
        finally:
            db.close()
    return EXIT_OK


def cmd_demo(args) -> int:
    from nghean_tui.demo import prepare_demo
    from nghean_tui.i18n import t

    vault, db, created = prepare_demo(args.data_dir, DEMO_PASSPHRASE, DEMO_UNIT)
    print(t("cli.demo_ready" if not created else "cli.demo_created", path=str(vault.data_dir)))
    print(t("cli.demo_passphrase", passphrase=DEMO_PASSPHRASE))
    if args.no_tui:
        db.close()
        vault.close()
        return EXIT_OK
    from nghean_tui.app import run_app

    return run_app(vault, db=db)


def cmd_tui(args) -> int:
    from nghean_tui.app import run_app

    return run_app(_vault(args))


# ---------------------------------------------------------------- entry point


def main(argv: list[str] | None = None, *, stdin=None) -> int:
    from nghean_tui.i18n import set_language

    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(_early_language(argv))
    args = build_parser().parse_args(argv)
    if args.version:
        from nghean_tui import __version__

        print(f"nghean-tui {__version__}")
        return EXIT_OK
    reader = SecretReader(stdin)
    try:
        from nghean_tui.config import resolve_data_dir
        from nghean_tui.storage import safefile

        # Known before anything is unlocked: no output may go into the data folder.
        safefile.protect(resolve_data_dir(getattr(args, "data_dir", None)))
        if args.command == "init":
            return cmd_init(args, reader)
        if args.command == "check":
            return cmd_check(args, reader)
        if args.command == "seed":
            return cmd_seed(args, reader)
        if args.command == "passphrase":
            return cmd_passphrase(args, reader)
        if args.command == "demo":
            return cmd_demo(args)
        from nghean_tui import cli_reports

        if args.command in cli_reports.COMMANDS:
            return cli_reports.run(args, reader)
        from nghean_tui import cli_sync

        if args.command in cli_sync.COMMANDS:
            return cli_sync.run(args, reader)
        return cmd_tui(args)
    except Failure as exc:
        from nghean_tui.domain.text import literal

        print(f"nghean-tui: {literal(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a known refusal from below, or a bug: one line either way
        from nghean_tui.domain.text import literal
        from nghean_tui.errors import debugging, describe

        message = describe(exc)
        print(f"nghean-tui: {literal(message)}", file=sys.stderr)
        if debugging():  # a developer's traceback (plain: no local variables)
            raise
        return EXIT_FAILED
