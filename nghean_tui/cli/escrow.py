"""``escrow recover --commune-dir DIR --officer NAME``: a station opens a commune's database
with its escrow key and gives an officer a new passphrase for it, audited on both sides
(docs/security-notes.md, "Keys (§1)")."""

from __future__ import annotations

import argparse
from pathlib import Path

from nghean_tui.cli.common import (
    EXIT_OK,
    SecretReader,
    actions,
    data_vault,
    fail,
    new_passphrase,
    unlocked,
)
from nghean_tui.cli.show import shown, unit_name
from nghean_tui.i18n import t


def register(commands: argparse._SubParsersAction) -> None:
    escrow = actions(commands, "escrow", {"recover": cmd_escrow_recover})
    escrow["recover"].add_argument(
        "--commune-dir", metavar="DIR", required=True, help=t("cli.help_commune_dir")
    )
    escrow["recover"].add_argument(
        "--officer", metavar="NAME", required=True, help=t("cli.help_escrow_officer")
    )
    escrow["recover"].add_argument(
        "--new-passphrase-stdin", action="store_true", help=t("cli.help_new_passphrase_stdin")
    )


def cmd_escrow_recover(args: argparse.Namespace, reader: SecretReader) -> int:
    """A station opens a commune's database with its escrow key (the commune's audit log
    records UNLOCK_ESCROW) and gives an officer a new passphrase for it; the station's audit
    log records the recovery too."""
    from nghean_tui.domain.enums import AuditAction, Role
    from nghean_tui.storage.database import DB_FILE, StorageError
    from nghean_tui.storage.officers import find_or_create_officer
    from nghean_tui.storage.vault import Vault
    from nghean_tui.sync import identity

    commune_dir = Path(args.commune_dir)
    if not commune_dir.is_dir():
        raise fail("cli.sync_no_folder", path=shown(args.commune_dir))
    if not (commune_dir / DB_FILE).is_file():
        raise fail("error.not_initialised", path=shown(args.commune_dir))
    with data_vault(args) as station_vault, unlocked(station_vault, args, reader) as station:
        if station.role is not Role.SUPERVISOR:
            raise fail("cli.escrow_station_only")
        if commune_dir.resolve() == station_vault.data_dir.resolve():
            raise fail("cli.escrow_same_folder")
        keys = identity.own_keys(station)
        # Checked before anything is opened or audited; the commune's unit is not known yet.
        new = new_passphrase(reader, args.new_passphrase_stdin, args.officer)
        with Vault(commune_dir) as vault:
            try:
                db = vault.unlock(escrow_identity=keys.age_identity)
            except StorageError as exc:
                if exc.reason == "wrong_secret":
                    raise fail("cli.escrow_not_ours") from None
                raise
            try:
                unit, device = db.unit_code, db.device_id
                with station.write() as txn:
                    station.audit(txn, AuditAction.UNLOCK_ESCROW, "peer", device, [unit])
                officer = find_or_create_officer(db, args.officer)
                if officer.id in vault.officers_with_passphrase():
                    vault.change_passphrase(db, officer.id, new)
                else:
                    vault.add_passphrase(db, officer.id, new)
            finally:
                db.close()
    print(t("cli.escrow_recovered", code=unit, name=unit_name(unit), officer=officer.full_name))
    return EXIT_OK
