"""``passphrase add|change|remove|renew-recovery``: the secrets that open the database."""

from __future__ import annotations

import argparse

from nghean_tui.cli.common import (
    EXIT_OK,
    Failure,
    SecretReader,
    actions,
    data_vault,
    new_passphrase,
    unlocked,
)
from nghean_tui.i18n import t


def register(commands: argparse._SubParsersAction) -> None:
    chosen = actions(
        commands,
        "passphrase",
        {
            "add": cmd_passphrase,
            "change": cmd_passphrase,
            "remove": cmd_passphrase,
            "renew-recovery": cmd_passphrase,
        },
    )
    for name in ("add", "remove"):
        chosen[name].add_argument(
            "--officer", metavar="NAME", required=True, help=t("cli.help_officer_target")
        )
    chosen["change"].add_argument("--officer", metavar="NAME", help=t("cli.help_officer_change"))
    for name in ("add", "change"):
        chosen[name].add_argument(
            "--new-passphrase-stdin",
            action="store_true",
            help=t("cli.help_new_passphrase_stdin"),
        )


def cmd_passphrase(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.text import literal
    from nghean_tui.storage import reference
    from nghean_tui.storage.officers import find_officer, find_or_create_officer, officer_name

    with data_vault(args) as vault, unlocked(vault, args, reader) as db:
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
            new = new_passphrase(reader, args.new_passphrase_stdin, args.officer, *unit_names)
            officer = find_or_create_officer(db, args.officer)
            vault.add_passphrase(db, officer.id, new)
            print(t("cli.passphrase_added", officer=literal(officer.full_name)))
        elif args.action == "change":
            chosen = find_officer(db, args.officer) if args.officer else None
            officer_id = chosen.id if chosen else db.officer_id
            if officer_id is None:  # unlocked with the recovery code: say whose
                raise Failure(t("cli.officer_required"))
            name = chosen.full_name if chosen else officer_name(db, officer_id)
            new = new_passphrase(reader, args.new_passphrase_stdin, name, *unit_names)
            vault.change_passphrase(db, officer_id, new)
            print(t("cli.passphrase_changed"))
        else:
            officer = find_officer(db, args.officer)
            vault.remove_passphrase(db, officer.id)
            print(t("cli.passphrase_removed", officer=literal(officer.full_name)))
    return EXIT_OK
