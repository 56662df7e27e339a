"""Who this device is and whom it trusts: ``identity export|show`` and ``trust
add|list|revoke`` (docs/security-notes.md, "Keys (§1)" and "Sync (§2–§6)").

* ``identity export --out FILE`` / ``identity show [--json]``: this device's identity card.
* ``trust add FILE [--yes]`` / ``trust list [--json]`` / ``trust revoke DEVICE_ID``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nghean_tui.cli.common import EXIT_OK, SecretReader, actions, data_vault, fail, opened, unlocked
from nghean_tui.cli.paths import folder, input_file, read
from nghean_tui.cli.show import dump, role_label, shown, unit_name, when
from nghean_tui.domain.formats import fmt_fingerprint
from nghean_tui.i18n import t

YES = {"y", "yes", "c", "co"}  # folded: "có" is "co"


def register(commands: argparse._SubParsersAction) -> None:
    identity = actions(
        commands, "identity", {"export": cmd_identity_export, "show": cmd_identity_show}
    )
    identity["export"].add_argument(
        "--out", metavar="FILE", required=True, help=t("cli.help_card_out")
    )
    identity["show"].add_argument("--json", action="store_true", help=t("cli.help_json"))

    trust = actions(
        commands,
        "trust",
        {"add": cmd_trust_add, "list": cmd_trust_list, "revoke": cmd_trust_revoke},
    )
    trust["add"].add_argument("card", metavar="FILE", help=t("cli.help_card_file"))
    trust["add"].add_argument("--yes", action="store_true", help=t("cli.help_trust_yes"))
    trust["list"].add_argument("--json", action="store_true", help=t("cli.help_json"))
    trust["revoke"].add_argument("device", metavar="DEVICE_ID", help=t("cli.help_device_id"))


# ---------------------------------------------------------------- identity


def cmd_identity_export(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.sync import files, identity

    out = Path(args.out)
    if out.is_dir():
        raise fail("cli.sync_is_folder", path=shown(args.out))
    target = folder(str(out.parent) if str(out.parent) else ".")
    with opened(args, reader) as db:
        card = identity.export_card(db)
        keys = identity.own_keys(db)
    try:
        path = files.write_checked(target, out.name, card)
    except files.WriteFailed as exc:
        raise fail(
            "cli.card_write_failed", path=shown(exc.path), reason=t(f"file.{exc.reason}")
        ) from None
    print(t("cli.card_written", path=shown(path)))
    print(t("cli.card_fingerprint", fingerprint=fmt_fingerprint(keys.fingerprint)))
    return EXIT_OK


def cmd_identity_show(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.sync import identity

    with opened(args, reader) as db:
        keys = identity.own_keys(db)
    info = {
        "unit_code": keys.unit_code,
        "unit_name": unit_name(keys.unit_code),
        "role": keys.role.value,
        "device_id": keys.device_id,
        "fingerprint": fmt_fingerprint(keys.fingerprint),
        "sign_key": keys.sign_key,
        "age_recipient": keys.age_recipient,
    }
    if args.json:
        dump(info)
        return EXIT_OK
    print(t("cli.card_unit", code=keys.unit_code, name=info["unit_name"]))
    print(t("cli.card_role", role=role_label(keys.role.value)))
    print(t("cli.card_device", device=keys.device_id))
    print(t("cli.card_fingerprint", fingerprint=fmt_fingerprint(keys.fingerprint)))
    return EXIT_OK


# ---------------------------------------------------------------- trust


def _confirm(reader: SecretReader, question: str) -> bool:
    """A yes/no answer: typed at the terminal, else the next line of standard input."""
    from nghean_tui.domain.text import fold

    if reader.stream is sys.stdin and sys.stdin.isatty():
        try:
            answer = input(question + " ")
        except EOFError:
            answer = ""
    else:
        print(question, flush=True)
        answer = reader.stream.readline()
        if not answer:
            raise fail("cli.trust_needs_yes")
    return fold(answer.strip()) in YES


def cmd_trust_add(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import Role
    from nghean_tui.sync import identity

    path = input_file(args.card)
    card = identity.read_card(read(path, identity.MAX_CARD_BYTES + 1))
    with data_vault(args) as vault, unlocked(vault, args, reader) as db:
        identity.check_fits(db, card)  # the refusals that need no comparison come first
        print(t("cli.card_unit", code=card.unit_code, name=unit_name(card.unit_code)))
        print(t("cli.card_role", role=role_label(card.role.value)))
        print(t("cli.card_device", device=card.device_id))
        print(t("cli.card_fingerprint", fingerprint=fmt_fingerprint(card.fingerprint)))
        if not args.yes and not _confirm(reader, t("cli.trust_question")):
            raise fail("cli.trust_declined")
        peer = identity.trust(db, card)
        print(
            t(
                "cli.trusted",
                code=peer.unit_code,
                name=unit_name(peer.unit_code),
                device=peer.device_id,
            )
        )
        if db.role is Role.COMMUNE:
            vault.add_escrow(db, peer.age_recipient, peer.device_id)
            print(t("cli.trust_escrowed"))
    return EXIT_OK


def cmd_trust_list(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.sync import identity

    with opened(args, reader) as db:
        peers = identity.peers(db)
    rows = [
        {
            "device_id": p.device_id,
            "unit_code": p.unit_code,
            "unit_name": unit_name(p.unit_code),
            "role": p.role,
            "fingerprint": fmt_fingerprint(p.fingerprint),
            "added_at": p.added_at.isoformat(),
            "revoked_at": p.revoked_at.isoformat() if p.revoked_at else None,
            "revoked_after_seq": p.revoked_after_seq,
        }
        for p in peers
    ]
    if args.json:
        dump(rows)
        return EXIT_OK
    if not rows:
        print(t("cli.trust_none"))
    for p in peers:
        line = t(
            "cli.trust_row",
            code=p.unit_code,
            name=unit_name(p.unit_code),
            role=role_label(p.role),
            device=p.device_id,
            fingerprint=fmt_fingerprint(p.fingerprint),
            added=when(p.added_at),
        )
        if p.revoked_at is not None:
            line += " · " + t(
                "cli.trust_row_revoked", at=when(p.revoked_at), seq=p.revoked_after_seq or 0
            )
        print(line)
    return EXIT_OK


def cmd_trust_revoke(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.sync import identity

    with opened(args, reader) as db:
        peer = identity.revoke(db, args.device)
    print(
        t(
            "cli.revoked",
            device=peer.device_id,
            code=peer.unit_code,
            name=unit_name(peer.unit_code),
            seq=peer.revoked_after_seq or 0,
        )
    )
    return EXIT_OK
