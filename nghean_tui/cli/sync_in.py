"""Bundles coming in, and where sync stands: ``sync import``, ``sync status`` and ``sync
inspect`` (registered by :mod:`.sync`).

* ``sync import PATH… [--reply-to DIR] [--json]``: bundles (files or folders); on a station,
  ``--reply-to`` writes one reply per commune device that sent something.
* ``sync status [--json]`` / ``sync inspect FILE [--json]``.

Every bundle goes through the import's checks (docs/bundle-format.md §7); what it carries is
printed escaped, since a bundle may come from anybody.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nghean_tui.cli import paths
from nghean_tui.cli.common import EXIT_FAILED, EXIT_OK, SecretReader, fail, opened
from nghean_tui.cli.show import (
    created,
    dump,
    numbers,
    role_label,
    shown,
    unit_name,
    when,
)
from nghean_tui.i18n import t
from nghean_tui.storage import safefile
from nghean_tui.sync.outcome import ImportStatus

STATUSES = tuple(ImportStatus)  # in the summary's order


# ---------------------------------------------------------------- import


def _outcome_line(outcome) -> str:
    from nghean_tui.sync.outcome import REFUSED_STATUSES

    status = t(f"sync.status.{outcome.status}")
    if outcome.status in REFUSED_STATUSES:
        reason = t(f"sync.reason.{outcome.reason}")
        return t("cli.import_refused", name=shown(outcome.name), status=status, reason=reason)
    sender = f"{unit_name(outcome.sender_unit)} ({outcome.sender_unit})"
    if outcome.status == ImportStatus.PENDING:
        return t(
            "cli.import_pending",
            name=shown(outcome.name),
            status=status,
            sender=sender,
            seq=outcome.seq,
            missing=numbers(outcome.missing) or "—",
        )
    if outcome.status == ImportStatus.DUPLICATE:
        return t(
            "cli.import_duplicate",
            name=shown(outcome.name),
            status=status,
            sender=sender,
            seq=outcome.seq,
        )
    line = t(
        "cli.import_accepted",
        name=shown(outcome.name),
        status=status,
        sender=sender,
        seq=outcome.seq,
        records=outcome.records,
    )
    if outcome.also_applied:
        line += "; " + t("cli.import_also", seqs=numbers(outcome.also_applied))
    if outcome.missing:
        line += "; " + t("cli.import_still_missing", missing=numbers(outcome.missing))
    if outcome.conflicts:
        line += "; " + t("cli.import_conflicts", count=outcome.conflicts)
    if outcome.clamped:
        line += "; " + t("cli.import_clamped", count=outcome.clamped)
    return line


def cmd_sync_import(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.enums import Role
    from nghean_tui.sync import exchange, files, identity, inbox, reply
    from nghean_tui.sync.outcome import REFUSED_STATUSES, Outcome

    for value in args.paths:
        if safefile.refusal(Path(value)) == "missing":
            raise fail("cli.sync_no_file", path=shown(value))
    reply_to = paths.folder(args.reply_to) if args.reply_to else None
    found = files.bundle_files(args.paths)
    outcomes: list[Outcome] = []
    replies: dict[str, str] = {}
    code = EXIT_OK
    with opened(args, reader) as db:
        if reply_to is not None and db.role is not Role.SUPERVISOR:
            raise fail("error.commune_cannot_reply")

        def done(outcome) -> None:
            outcomes.append(outcome)
            if not args.json:  # a refusal is a failure: its line goes to stderr
                refused = outcome.status in REFUSED_STATUSES
                print(
                    ("nghean-tui: " if refused else "") + _outcome_line(outcome),
                    file=sys.stderr if refused else sys.stdout,
                    flush=True,
                )

        inbox.import_many(db, map(inbox.read_found, found), done=done)
        if reply_to is not None:
            senders = list(
                dict.fromkeys(
                    o.sender_device
                    for o in outcomes
                    if o.sender_device and o.kind == exchange.CHANGES
                )
            )
            with db.engine.connect() as conn:
                live = [
                    d
                    for d in senders
                    if (p := identity.peer(conn, d)) is not None and p.revoked_at is None
                ]
            for device in live:
                out = reply.prepare_reply(db, device)
                path = paths.write_bundle(out, reply_to)
                if path is None:
                    code = EXIT_FAILED
                    continue
                replies[device] = shown(path)
        state = None
        if db.role is Role.COMMUNE and any(o.kind == exchange.REPLY and o.ok for o in outcomes):
            from nghean_tui.sync import status

            state = status.commune(db)
    if any(o.status in REFUSED_STATUSES for o in outcomes):
        code = EXIT_FAILED
    if args.json:
        dump(
            [
                {**o.as_dict(), "name": shown(o.name), "reply": replies.get(o.sender_device)}
                for o in outcomes
            ]
        )
        return code
    if not found:
        print(t("cli.import_none"))
        return code
    counts = {s.value: sum(o.status == s for o in outcomes) for s in STATUSES}
    print(t("cli.import_summary", None, total=len(outcomes), **counts))
    for device, written in replies.items():
        unit = next(o.sender_unit for o in outcomes if o.sender_device == device)
        print(t("cli.reply_written", code=unit, name=unit_name(unit), path=written))
    if state is not None:
        _print_commune_receipt(state)
    return code


# ---------------------------------------------------------------- status and inspect


def _print_commune_receipt(state) -> None:

    if state.receipt_highest is None:
        print(t("cli.status_no_receipt"))
    else:
        print(t("cli.status_receipt", seq=state.receipt_highest, at=when(state.receipt_at)))
        if state.receipt_missing:
            print(t("cli.status_receipt_missing", missing=numbers(state.receipt_missing)))
    if state.unreceipted:
        print(
            t(
                "cli.status_unreceipted",
                count=len(state.unreceipted),
                seqs=numbers(s for s, _ in state.unreceipted),
            )
        )
    else:
        print(t("cli.status_all_receipted"))


def cmd_sync_status(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain import clock
    from nghean_tui.domain.enums import Role
    from nghean_tui.sync import status

    with opened(args, reader) as db:
        role = db.role
        if role is Role.SUPERVISOR:
            devices = status.devices(db)
        else:
            state = status.commune(db)
    today = clock.today()
    if role is Role.COMMUNE:
        if args.json:
            dump({"role": role.value, **state.as_dict()})
            return EXIT_OK
        print(t("cli.status_stations", count=state.stations))
        print(t("cli.status_waiting", count=state.changes_waiting))
        print(t("cli.status_last_export", at=when(state.last_export)))
        _print_commune_receipt(state)
        return EXIT_OK
    if args.json:
        dump(
            {
                "role": role.value,
                "devices": [
                    {**d.as_dict(today), "unit_name": unit_name(d.unit_code)} for d in devices
                ],
            }
        )
        return EXIT_OK
    communes = [d for d in devices if d.role == Role.COMMUNE.value]
    if not communes:
        print(t("cli.status_none"))
    for d in communes:
        days = d.days_since(today)
        line = t(
            "cli.status_row",
            code=d.unit_code,
            name=unit_name(d.unit_code),
            seq=d.last_seq,
            at=when(d.last_import),
            days="—" if days is None else t("cli.status_days", days=days),
        )
        if d.pending:
            line += "; " + t(
                "cli.status_pending", seqs=numbers(d.pending), missing=numbers(d.missing) or "—"
            )
        if d.alerts:
            line += "; " + t("cli.status_alerts", count=d.alerts)
        if d.revoked:
            line += "; " + t("cli.status_revoked")
        print(line)
    return EXIT_OK


def cmd_sync_inspect(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.sync import bundle, verify

    path = paths.input_file(args.file)
    data = paths.read(path, bundle.MAX_FILE, prefix=bundle.AGE_HEADER)
    from nghean_tui.sync import identity

    with opened(args, reader) as db:
        try:
            seen = verify.inspect(db, data)
        except bundle.BundleError as exc:
            raise fail(f"sync.reason.{exc.reason}") from None
        with db.engine.connect() as conn:
            peer = identity.peer(conn, seen["manifest"]["sender"]["device_id"])
    m = seen["manifest"]
    # Revoked after an earlier bundle: this one would be refused on import.
    seen["revoked"] = (
        peer is not None
        and peer.revoked_at is not None
        and m["seq"] > (peer.revoked_after_seq or 0)
    )
    ok = (
        seen["signature"] == "valid"
        and seen["addressed_to_us"]
        and not seen["revoked"]
        and seen["demo_fits"]
    )
    if args.json:
        dump({"file": shown(path.name), **seen})
    else:
        # The manifest is checked strictly before anything is shown (sync.bundle), and what it
        # says is still shown escaped: it may come from anybody (the recipient is public).
        sender = m["sender"]
        print(
            t(
                "cli.inspect_sender",
                code=shown(sender["unit_code"]),
                name=shown(unit_name(sender["unit_code"])),
                role=role_label(sender["role"]),
                device=shown(sender["device_id"]),
            )
        )
        print(
            t(
                "cli.inspect_bundle",
                kind=t(f"cli.inspect_kind_{m['kind']}"),
                seq=m["seq"],
                created=shown(created(m["created_at"])),
                app=shown(m["app_version"]),
            )
        )
        counts = ", ".join(f"{shown(k)}: {v}" for k, v in sorted(m["counts"].items()))
        print(t("cli.inspect_counts", counts=counts or "—"))
        print(t("cli.inspect_recipients", recipients=shown(", ".join(m["recipients"]))))
        print(t("cli.inspect_digest", digest=seen["digest"]))
        print(t(f"cli.inspect_signature_{seen['signature']}"))
        print(
            t(
                "cli.inspect_addressed_yes"
                if seen["addressed_to_us"]
                else "cli.inspect_addressed_no"
            )
        )
        if seen["revoked"] and peer is not None:  # only an enrolled peer is revoked
            print(t("cli.inspect_revoked", seq=peer.revoked_after_seq or 0))
        if seen["demo"]:
            print(t("cli.inspect_demo"))
    if not ok:
        reason = (
            seen["signature"]
            if seen["signature"] != "valid"
            else (
                "revoked"
                if seen["revoked"]
                else "forwarded"
                if not seen["addressed_to_us"]
                else "demo_bundle"
                if seen["demo"]
                else "real_bundle"
            )
        )
        print(f"nghean-tui: {t(f'sync.reason.{reason}')}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
