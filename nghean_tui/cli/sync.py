"""Bundles going out: ``sync export``, ``sync resend`` and a station's ``sync reply``, and the
registration of every ``sync`` action (those reading bundles in are :mod:`.sync_in`'s).

* ``sync export --to DIR``: the changes since the previous bundle, as a new bundle.
* ``sync resend --to DIR [--seq N] [--device DEVICE_ID]``: outbox bundles again, byte for byte.
* ``sync reply --to DIR [--device DEVICE_ID]``: on a station, a reply to one commune device
  (or to every enrolled one) without waiting for its next bundle, e.g. to send a relay.

Files and folders named on the command line are checked before the database is unlocked, so bad
input changes nothing (docs/security-notes.md, "Sync (§2–§6)"; the format: docs/bundle-format.md).
"""

from __future__ import annotations

import argparse

from nghean_tui.cli import paths
from nghean_tui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Failure,
    SecretReader,
    actions,
    fail,
    opened,
    positive,
)
from nghean_tui.cli.show import numbers, shown, unit_name, write_failed
from nghean_tui.cli.sync_in import cmd_sync_import, cmd_sync_inspect, cmd_sync_status
from nghean_tui.i18n import t


def register(commands: argparse._SubParsersAction) -> None:
    sync = actions(
        commands,
        "sync",
        {
            "export": cmd_sync_export,
            "resend": cmd_sync_resend,
            "import": cmd_sync_import,
            "reply": cmd_sync_reply,
            "status": cmd_sync_status,
            "inspect": cmd_sync_inspect,
        },
    )
    for name in ("export", "resend", "reply"):
        sync[name].add_argument("--to", metavar="DIR", required=True, help=t("cli.help_sync_to"))
    sync["resend"].add_argument("--seq", type=positive, metavar="N", help=t("cli.help_sync_seq"))
    sync["resend"].add_argument(
        "--device", metavar="DEVICE_ID", help=t("cli.help_sync_resend_device")
    )
    sync["reply"].add_argument(
        "--device", metavar="DEVICE_ID", help=t("cli.help_sync_reply_device")
    )
    sync["import"].add_argument("paths", metavar="PATH", nargs="+", help=t("cli.help_sync_paths"))
    sync["import"].add_argument("--reply-to", metavar="DIR", help=t("cli.help_sync_reply_to"))
    sync["inspect"].add_argument("file", metavar="FILE", help=t("cli.help_bundle_file"))
    for name in ("import", "status", "inspect"):
        sync[name].add_argument("--json", action="store_true", help=t("cli.help_json"))


# ---------------------------------------------------------------- export and resend


def cmd_sync_export(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.sync import exchange, files, outbox

    folder = paths.folder(args.to)
    with opened(args, reader) as db:
        made = outbox.prepare_exports(db)
        waiting = [o for o in outbox.bundles(db) if o.kind == exchange.CHANGES]
    if not made:
        print(t("cli.export_nothing"))
        if waiting:
            print(
                t(
                    "cli.export_unreceipted",
                    count=len(waiting),
                    seqs=numbers(o.seq for o in waiting),
                )
            )
        return EXIT_OK
    for out in made:  # several when the changes exceed one bundle's limits
        print(t("cli.export_made", seq=out.seq, records=out.records))
        try:
            path = outbox.write_out(out, folder)
        except files.WriteFailed as exc:
            raise Failure(write_failed(exc)) from None
        print(t("sync.written", name=shown(path)))
    new = {o.seq for o in made}
    earlier = [o for o in waiting if o.seq not in new]
    if earlier:
        print(t("cli.export_unreceipted", count=len(earlier), seqs=numbers(o.seq for o in earlier)))
    return EXIT_OK


def cmd_sync_resend(args: argparse.Namespace, reader: SecretReader) -> int:
    """Outbox bundles written again, byte for byte: on a commune the unreceipted ones (or
    number N); on a station the latest reply to a device (or its number N)."""
    from nghean_tui.domain.enums import Role
    from nghean_tui.sync import exchange, outbox

    folder = paths.folder(args.to)
    with opened(args, reader) as db:
        if db.role is Role.COMMUNE:
            if args.device:
                raise fail("cli.resend_device_station_only")
            if args.seq is not None:
                one = outbox.outbound(db, exchange.CHANGES, args.seq)
                if one is None:
                    raise fail("cli.resend_no_such", seq=args.seq)
                chosen = [one]
            else:
                chosen = [o for o in outbox.bundles(db) if o.kind == exchange.CHANGES]
        else:
            if not args.device:
                raise fail("cli.resend_device_required")
            one = _station_reply(db, exchange, args.device, args.seq)
            if one is None:
                raise fail("cli.resend_no_such", seq=args.seq or "—")
            chosen = [one]
    if not chosen:
        print(t("cli.resend_nothing"))
        return EXIT_OK
    code = EXIT_OK
    for out in chosen:
        target = folder / out.file_name
        try:
            if target.is_file() and target.read_bytes() == out.data:
                print(t("cli.resend_same", name=shown(target)))
                continue
        except OSError:
            pass
        path = paths.write_bundle(out, folder)
        if path is None:
            code = EXIT_FAILED
            continue
        print(t("sync.written", name=shown(path)))
    return code


def _station_reply(db, exchange, device: str, seq: int | None):
    from sqlalchemy import text

    from nghean_tui.sync import identity, outbox

    with db.engine.connect() as conn:
        if identity.peer(conn, device) is None:
            raise fail("error.unknown_device", device=device)
        if seq is None:
            seq = conn.execute(
                text("SELECT max(seq) FROM outbound_bundle WHERE kind = :k AND stream = :s"),
                {"k": exchange.REPLY, "s": device},
            ).scalar()
    if seq is None:
        return None
    return outbox.outbound(db, exchange.REPLY, seq, device)


def cmd_sync_reply(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import Role
    from nghean_tui.sync import identity, reply

    folder = paths.folder(args.to)
    code = EXIT_OK
    with opened(args, reader) as db:
        if db.role is not Role.SUPERVISOR:
            raise fail("error.commune_cannot_reply")
        live = [p for p in identity.peers(db) if p.revoked_at is None]
        if args.device is not None:
            live = [p for p in live if p.device_id == args.device]
            if not live:
                raise fail("error.unknown_device", device=args.device)
        for peer in live:
            out = reply.prepare_reply(db, peer.device_id)
            path = paths.write_bundle(out, folder)
            if path is None:
                code = EXIT_FAILED
                continue
            print(
                t(
                    "cli.reply_written",
                    code=peer.unit_code,
                    name=unit_name(peer.unit_code),
                    path=shown(path),
                )
            )
    return code
