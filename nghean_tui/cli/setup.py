"""Making and opening a database: ``init``, ``demo`` and the application itself (no command)."""

from __future__ import annotations

import argparse

from nghean_tui.cli.common import (
    EXIT_OK,
    Failure,
    SecretReader,
    command,
    data_vault,
    new_passphrase,
)
from nghean_tui.i18n import t

DEMO_UNIT = "16816"  # Xã Mỹ Lý, a border commune


def register_init(commands: argparse._SubParsersAction) -> None:
    init = command(commands, "init", cmd_init)
    init.add_argument(
        "--role", choices=("commune", "supervisor"), required=True, help=t("cli.help_role")
    )
    init.add_argument("--unit", metavar="CODE", required=True, help=t("cli.help_unit"))
    init.add_argument("--officer", metavar="NAME", required=True, help=t("cli.help_officer"))
    init.add_argument(
        "--passphrase-stdin", action="store_true", help=t("cli.help_new_passphrase_stdin_init")
    )
    init.add_argument("--demo", action="store_true", help=t("cli.help_init_demo"))


def register_demo(commands: argparse._SubParsersAction) -> None:
    demo = command(commands, "demo", cmd_demo)
    demo.add_argument("--no-tui", action="store_true", help=t("cli.help_no_tui"))


def cmd_init(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import Role
    from nghean_tui.domain.text import literal
    from nghean_tui.storage import reference
    from nghean_tui.storage.records import officer_name_refused

    role = Role(args.role)
    unit = reference.unit(args.unit)
    if unit is None:
        raise Failure(t("error.unknown_unit", code=args.unit))
    if (role is Role.SUPERVISOR) != (args.unit == reference.PROVINCE_CODE):
        raise Failure(t("cli.role_unit_mismatch", code=args.unit))
    refused = officer_name_refused(args.officer)
    if refused is not None:  # before anything is created: no half-made database
        raise refused
    with data_vault(args) as vault:
        if vault.initialised:
            raise Failure(t("error.already_initialised", path=str(vault.db_path)))
        passphrase = new_passphrase(
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


def cmd_demo(args: argparse.Namespace, reader: SecretReader) -> int:
    # Printed for anyone to use: the strength rule does not apply to a throwaway database
    # of synthetic people (demo.prepare_demo creates it directly, with the KDF floor).
    from nghean_tui.demo import DEMO_PASSPHRASE, prepare_demo

    vault, db, created = prepare_demo(args.data_dir, DEMO_PASSPHRASE, DEMO_UNIT)
    print(t("cli.demo_ready" if not created else "cli.demo_created", path=str(vault.data_dir)))
    print(t("cli.demo_passphrase", passphrase=DEMO_PASSPHRASE))
    if args.no_tui:
        db.close()
        vault.close()
        return EXIT_OK
    from nghean_tui.app import run_app

    return run_app(vault, db=db)


def cmd_tui(args: argparse.Namespace, reader: SecretReader) -> int:
    """No command: the application, on the data folder's vault."""
    from nghean_tui.app import run_app

    return run_app(data_vault(args))
