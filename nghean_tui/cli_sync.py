"""The sync commands of the command line: ``identity``, ``trust``, ``sync`` and ``escrow``.

Kept beside :mod:`nghean_tui.cli`, which registers and dispatches them, with the same
contract: exit 0 done, 1 refused or failed (one line on stderr), 2 usage error. Files and
folders named on the command line are checked before the database is unlocked, so bad input
changes nothing. docs/security.md §2–§6 is the design.

* ``identity export --out FILE`` / ``identity show [--json]``: this device's identity card.
* ``trust add FILE [--yes]`` / ``trust list [--json]`` / ``trust revoke DEVICE_ID``.
* ``sync export --to DIR``: the changes since the previous bundle, as a new bundle.
* ``sync resend --to DIR [--seq N] [--device DEVICE_ID]``: outbox bundles again, byte for byte.
* ``sync import PATH… [--reply-to DIR] [--json]``: bundles (files or folders); on a station,
  ``--reply-to`` writes one reply per commune device that sent something.
* ``sync reply --to DIR [--device DEVICE_ID]``: on a station, a reply to one commune device
  (or to every enrolled one) without waiting for its next bundle, e.g. to send a relay.
* ``sync status [--json]`` / ``sync inspect FILE [--json]``.
* ``escrow recover --commune-dir DIR --officer NAME``: a station opens a commune's database
  with its escrow key and gives an officer a new passphrase for it (audited on both sides).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nghean_tui.storage import safefile
from nghean_tui.sync.outcome import ImportStatus

COMMANDS = ("identity", "trust", "sync", "escrow")
STATUSES = tuple(ImportStatus)  # in the summary's order
YES = {"y", "yes", "c", "co"}  # folded: "có" is "co"


def add_commands(command, t, parser_class, global_options, secret_options, positive) -> None:
    """Register the commands; ``command(name)`` makes a subparser as :mod:`cli` does."""

    def actions_of(group: str, names: tuple[str, ...]) -> dict:
        chosen = command(group).add_subparsers(
            dest="action", metavar="ACTION", required=True, parser_class=parser_class
        )
        result = {}
        for name in names:
            help_text = t(f"cli.help_{group}_{name}")
            sub = chosen.add_parser(name, help=help_text, description=help_text)
            global_options(sub, t, suppress=True)
            secret_options(sub, t)
            result[name] = sub
        return result

    identity = actions_of("identity", ("export", "show"))
    identity["export"].add_argument(
        "--out", metavar="FILE", required=True, help=t("cli.help_card_out")
    )
    identity["show"].add_argument("--json", action="store_true", help=t("cli.help_json"))

    trust = actions_of("trust", ("add", "list", "revoke"))
    trust["add"].add_argument("card", metavar="FILE", help=t("cli.help_card_file"))
    trust["add"].add_argument("--yes", action="store_true", help=t("cli.help_trust_yes"))
    trust["list"].add_argument("--json", action="store_true", help=t("cli.help_json"))
    trust["revoke"].add_argument("device", metavar="DEVICE_ID", help=t("cli.help_device_id"))

    sync = actions_of("sync", ("export", "resend", "import", "reply", "status", "inspect"))
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

    escrow = actions_of("escrow", ("recover",))
    escrow["recover"].add_argument(
        "--commune-dir", metavar="DIR", required=True, help=t("cli.help_commune_dir")
    )
    escrow["recover"].add_argument(
        "--officer", metavar="NAME", required=True, help=t("cli.help_escrow_officer")
    )
    escrow["recover"].add_argument(
        "--new-passphrase-stdin", action="store_true", help=t("cli.help_new_passphrase_stdin")
    )


def run(args, reader) -> int:
    handler = {
        ("identity", "export"): cmd_identity_export,
        ("identity", "show"): cmd_identity_show,
        ("trust", "add"): cmd_trust_add,
        ("trust", "list"): cmd_trust_list,
        ("trust", "revoke"): cmd_trust_revoke,
        ("sync", "export"): cmd_sync_export,
        ("sync", "resend"): cmd_sync_resend,
        ("sync", "import"): cmd_sync_import,
        ("sync", "reply"): cmd_sync_reply,
        ("sync", "status"): cmd_sync_status,
        ("sync", "inspect"): cmd_sync_inspect,
        ("escrow", "recover"): cmd_escrow_recover,
    }[(args.command, args.action)]
    return handler(args, reader)


# ---------------------------------------------------------------- helpers


class _Opened:
    """The data folder's vault and its database, unlocked as every command does."""

    def __init__(self, args, reader) -> None:
        self.args, self.reader = args, reader

    def __enter__(self):
        from nghean_tui.cli import _unlock, _vault

        self.vault = _vault(self.args)
        try:
            self.db = _unlock(self.vault, self.args, self.reader)
        except BaseException:
            self.vault.close()
            raise
        return self.vault, self.db

    def __exit__(self, *exc) -> None:
        try:
            self.db.close()
        finally:
            self.vault.close()


def _fail(key: str, **params):
    from nghean_tui.cli import Failure
    from nghean_tui.i18n import t

    return Failure(t(key, **params))


def _shown(value) -> str:
    """A path or name from outside as it may be printed (controls and odd bytes escaped)."""
    from nghean_tui.domain.text import literal

    return literal(str(value))


# A path refused before it is opened (storage.safefile reasons) → the message saying so.
_REFUSED_INPUT = {
    "missing": "cli.sync_no_file",
    "is_folder": "cli.sync_is_folder",
    "is_link": "cli.sync_is_link",
    "not_regular": "cli.sync_not_regular",
    "too_large": "cli.sync_too_large",
    "unreadable": "cli.sync_unreadable",
    "wrong_kind": "sync.reason.not_a_bundle",
}


def _input_file(value: str) -> Path:
    """A file named on the command line: a regular file, itself (not a link to one), not a
    folder, FIFO or device; checked without opening it."""
    path = Path(value)
    refused = safefile.refusal(path)
    if refused is not None:
        raise _fail(_REFUSED_INPUT[refused], path=_shown(value))
    return path


def _folder(value: str) -> Path:
    """A folder to write into: it exists, is a folder, and is not (inside) the data folder."""
    path = Path(value)
    try:
        safefile.check_folder(path)
    except safefile.FileRefused as exc:
        if exc.reason == "folder_is_data":
            raise _fail("cli.sync_folder_is_data", path=_shown(value)) from None
        if path.exists() or path.is_symlink():
            raise _fail("cli.sync_not_folder", path=_shown(value)) from None
        raise _fail("cli.sync_no_folder", path=_shown(value)) from None
    return path


def _read(path: Path, limit: int, *, prefix: bytes = b"") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see storage.safefile)."""
    try:
        return safefile.read_regular(path, limit, prefix=prefix)
    except safefile.FileRefused as exc:
        raise _fail(
            _REFUSED_INPUT.get(exc.reason, "cli.sync_unreadable"), path=_shown(path)
        ) from None


def _unit_name(code: str) -> str:
    from nghean_tui.storage import reference

    ref = reference.unit(code)
    return ref.name if ref else code


def _role_label(value: str) -> str:
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import label

    try:
        return label(Role(value))
    except ValueError:
        return value


def _when(moment) -> str:
    """A stored moment (UTC) in local time, to the minute."""
    from datetime import datetime, timezone

    from nghean_tui.i18n import t

    if moment is None:
        return t("cli.sync_never")
    if not isinstance(moment, datetime):
        moment = datetime.fromisoformat(str(moment))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _created(value: str) -> str:
    """A manifest's created-at (informational, the sender's clock), shown like the others."""
    try:
        return _when(value)
    except ValueError:
        return value


def _numbers(values) -> str:
    return ", ".join(str(v) for v in values)


def _dump(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def _write_failed(exc) -> str:
    from nghean_tui.i18n import t

    return f"{t(f'sync.write.{exc.reason}')} ({_shown(exc.path)})"


# ---------------------------------------------------------------- identity


def cmd_identity_export(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.i18n import t
    from nghean_tui.sync import files, identity

    out = Path(args.out)
    if out.is_dir():
        raise _fail("cli.sync_is_folder", path=_shown(args.out))
    folder = _folder(str(out.parent) if str(out.parent) else ".")
    with _Opened(args, reader) as (_, db):
        card = identity.export_card(db)
        keys = identity.own_keys(db)
    try:
        path = files.write_checked(folder, out.name, card)
    except files.WriteFailed as exc:
        raise _fail(
            "cli.card_write_failed", path=_shown(exc.path), reason=t(f"file.{exc.reason}")
        ) from None
    print(t("cli.card_written", path=_shown(path)))
    print(t("cli.card_fingerprint", fingerprint=keys.fingerprint))
    return EXIT_OK


def cmd_identity_show(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.i18n import t
    from nghean_tui.sync import identity

    with _Opened(args, reader) as (_, db):
        keys = identity.own_keys(db)
    info = {
        "unit_code": keys.unit_code,
        "unit_name": _unit_name(keys.unit_code),
        "role": keys.role.value,
        "device_id": keys.device_id,
        "fingerprint": keys.fingerprint,
        "sign_key": keys.sign_key,
        "age_recipient": keys.age_recipient,
    }
    if args.json:
        _dump(info)
        return EXIT_OK
    print(t("cli.card_unit", code=keys.unit_code, name=info["unit_name"]))
    print(t("cli.card_role", role=_role_label(keys.role.value)))
    print(t("cli.card_device", device=keys.device_id))
    print(t("cli.card_fingerprint", fingerprint=keys.fingerprint))
    return EXIT_OK


# ---------------------------------------------------------------- trust


def _confirm(reader, question: str) -> bool:
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
            raise _fail("cli.trust_needs_yes")
    return fold(answer.strip()) in YES


def cmd_trust_add(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import t
    from nghean_tui.sync import identity

    path = _input_file(args.card)
    card = identity.read_card(_read(path, identity.MAX_CARD_BYTES + 1))
    with _Opened(args, reader) as (vault, db):
        identity.check_fits(db, card)  # the refusals that need no comparison come first
        print(t("cli.card_unit", code=card.unit_code, name=_unit_name(card.unit_code)))
        print(t("cli.card_role", role=_role_label(card.role.value)))
        print(t("cli.card_device", device=card.device_id))
        print(t("cli.card_fingerprint", fingerprint=card.fingerprint))
        if not args.yes and not _confirm(reader, t("cli.trust_question")):
            raise _fail("cli.trust_declined")
        peer = identity.trust(db, card)
        print(
            t(
                "cli.trusted",
                code=peer.unit_code,
                name=_unit_name(peer.unit_code),
                device=peer.device_id,
            )
        )
        if db.role is Role.COMMUNE:
            vault.add_escrow(db, peer.age_recipient, peer.device_id)
            print(t("cli.trust_escrowed"))
    return EXIT_OK


def cmd_trust_list(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.i18n import t
    from nghean_tui.sync import identity

    with _Opened(args, reader) as (_, db):
        peers = identity.peers(db)
    rows = [
        {
            "device_id": p.device_id,
            "unit_code": p.unit_code,
            "unit_name": _unit_name(p.unit_code),
            "role": p.role,
            "fingerprint": p.fingerprint,
            "added_at": p.added_at.isoformat(),
            "revoked_at": p.revoked_at.isoformat() if p.revoked_at else None,
            "revoked_after_seq": p.revoked_after_seq,
        }
        for p in peers
    ]
    if args.json:
        _dump(rows)
        return EXIT_OK
    if not rows:
        print(t("cli.trust_none"))
    for p in peers:
        line = t(
            "cli.trust_row",
            code=p.unit_code,
            name=_unit_name(p.unit_code),
            role=_role_label(p.role),
            device=p.device_id,
            fingerprint=p.fingerprint,
            added=_when(p.added_at),
        )
        if p.revoked_at is not None:
            line += " · " + t(
                "cli.trust_row_revoked", at=_when(p.revoked_at), seq=p.revoked_after_seq or 0
            )
        print(line)
    return EXIT_OK


def cmd_trust_revoke(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.i18n import t
    from nghean_tui.sync import identity

    with _Opened(args, reader) as (_, db):
        peer = identity.revoke(db, args.device)
    print(
        t(
            "cli.revoked",
            device=peer.device_id,
            code=peer.unit_code,
            name=_unit_name(peer.unit_code),
            seq=peer.revoked_after_seq or 0,
        )
    )
    return EXIT_OK


# ---------------------------------------------------------------- export and resend


def cmd_sync_export(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.i18n import t
    from nghean_tui.sync import exchange, files, outbox

    folder = _folder(args.to)
    with _Opened(args, reader) as (_, db):
        made = outbox.prepare_exports(db)
        waiting = [o for o in outbox.bundles(db) if o.kind == exchange.CHANGES]
    if not made:
        print(t("cli.export_nothing"))
        if waiting:
            print(
                t(
                    "cli.export_unreceipted",
                    count=len(waiting),
                    seqs=_numbers(o.seq for o in waiting),
                )
            )
        return EXIT_OK
    for out in made:  # several when the changes exceed one bundle's limits
        print(t("cli.export_made", seq=out.seq, records=out.records))
        try:
            path = outbox.write_out(out, folder)
        except files.WriteFailed as exc:
            from nghean_tui.cli import Failure

            raise Failure(_write_failed(exc)) from None
        print(t("sync.written", name=_shown(path)))
    new = {o.seq for o in made}
    earlier = [o for o in waiting if o.seq not in new]
    if earlier:
        print(
            t("cli.export_unreceipted", count=len(earlier), seqs=_numbers(o.seq for o in earlier))
        )
    return EXIT_OK


def cmd_sync_resend(args, reader) -> int:
    """Outbox bundles written again, byte for byte: on a commune the unreceipted ones (or
    number N); on a station the latest reply to a device (or its number N)."""
    from nghean_tui.cli import EXIT_FAILED, EXIT_OK
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import t
    from nghean_tui.sync import exchange, files, outbox

    folder = _folder(args.to)
    with _Opened(args, reader) as (_, db):
        if db.role is Role.COMMUNE:
            if args.device:
                raise _fail("cli.resend_device_station_only")
            if args.seq is not None:
                one = outbox.outbound(db, exchange.CHANGES, args.seq)
                if one is None:
                    raise _fail("cli.resend_no_such", seq=args.seq)
                chosen = [one]
            else:
                chosen = [o for o in outbox.bundles(db) if o.kind == exchange.CHANGES]
        else:
            if not args.device:
                raise _fail("cli.resend_device_required")
            one = _station_reply(db, exchange, args.device, args.seq)
            if one is None:
                raise _fail("cli.resend_no_such", seq=args.seq or "—")
            chosen = [one]
    if not chosen:
        print(t("cli.resend_nothing"))
        return EXIT_OK
    code = EXIT_OK
    for out in chosen:
        target = folder / out.file_name
        try:
            if target.is_file() and target.read_bytes() == out.data:
                print(t("cli.resend_same", name=_shown(target)))
                continue
        except OSError:
            pass
        try:
            path = outbox.write_out(out, folder)
        except files.WriteFailed as exc:
            print(f"nghean-tui: {_write_failed(exc)}", file=sys.stderr)
            code = EXIT_FAILED
            continue
        print(t("sync.written", name=_shown(path)))
    return code


def _station_reply(db, exchange, device: str, seq: int | None):
    from sqlalchemy import text

    from nghean_tui.sync import identity, outbox

    with db.engine.connect() as conn:
        if identity.peer(conn, device) is None:
            raise _fail("error.unknown_device", device=device)
        if seq is None:
            seq = conn.execute(
                text("SELECT max(seq) FROM outbound_bundle WHERE kind = :k AND stream = :s"),
                {"k": exchange.REPLY, "s": device},
            ).scalar()
    if seq is None:
        return None
    return outbox.outbound(db, exchange.REPLY, seq, device)


# ---------------------------------------------------------------- import


def _outcome_line(outcome) -> str:
    from nghean_tui.i18n import t
    from nghean_tui.sync.outcome import REFUSED_STATUSES

    status = t(f"sync.status.{outcome.status}")
    if outcome.status in REFUSED_STATUSES:
        reason = t(f"sync.reason.{outcome.reason}")
        return t("cli.import_refused", name=_shown(outcome.name), status=status, reason=reason)
    sender = f"{_unit_name(outcome.sender_unit)} ({outcome.sender_unit})"
    if outcome.status == ImportStatus.PENDING:
        return t(
            "cli.import_pending",
            name=_shown(outcome.name),
            status=status,
            sender=sender,
            seq=outcome.seq,
            missing=_numbers(outcome.missing) or "—",
        )
    if outcome.status == ImportStatus.DUPLICATE:
        return t(
            "cli.import_duplicate",
            name=_shown(outcome.name),
            status=status,
            sender=sender,
            seq=outcome.seq,
        )
    line = t(
        "cli.import_accepted",
        name=_shown(outcome.name),
        status=status,
        sender=sender,
        seq=outcome.seq,
        records=outcome.records,
    )
    if outcome.also_applied:
        line += "; " + t("cli.import_also", seqs=_numbers(outcome.also_applied))
    if outcome.missing:
        line += "; " + t("cli.import_still_missing", missing=_numbers(outcome.missing))
    if outcome.conflicts:
        line += "; " + t("cli.import_conflicts", count=outcome.conflicts)
    if outcome.clamped:
        line += "; " + t("cli.import_clamped", count=outcome.clamped)
    return line


def cmd_sync_import(args, reader) -> int:
    from nghean_tui.cli import EXIT_FAILED, EXIT_OK
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import t
    from nghean_tui.sync import exchange, files, identity, inbox, outbox, reply
    from nghean_tui.sync.outcome import REFUSED_STATUSES, Outcome

    for value in args.paths:
        if safefile.refusal(Path(value)) == "missing":
            raise _fail("cli.sync_no_file", path=_shown(value))
    reply_to = _folder(args.reply_to) if args.reply_to else None
    found = files.bundle_files(args.paths)
    outcomes: list[Outcome] = []
    replies: dict[str, str] = {}
    code = EXIT_OK
    with _Opened(args, reader) as (_, db):
        if reply_to is not None and db.role is not Role.SUPERVISOR:
            raise _fail("error.commune_cannot_reply")

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
                try:
                    path = outbox.write_out(out, reply_to)
                except files.WriteFailed as exc:
                    print(f"nghean-tui: {_write_failed(exc)}", file=sys.stderr)
                    code = EXIT_FAILED
                    continue
                replies[device] = _shown(path)
        state = None
        if db.role is Role.COMMUNE and any(o.kind == exchange.REPLY and o.ok for o in outcomes):
            from nghean_tui.sync import status

            state = status.commune(db)
    if any(o.status in REFUSED_STATUSES for o in outcomes):
        code = EXIT_FAILED
    if args.json:
        _dump(
            [
                {**o.as_dict(), "name": _shown(o.name), "reply": replies.get(o.sender_device)}
                for o in outcomes
            ]
        )
        return code
    if not found:
        print(t("cli.import_none"))
        return code
    counts = {s: sum(o.status == s for o in outcomes) for s in STATUSES}
    print(t("cli.import_summary", total=len(outcomes), **counts))
    for device, path in replies.items():
        unit = next(o.sender_unit for o in outcomes if o.sender_device == device)
        print(t("cli.reply_written", code=unit, name=_unit_name(unit), path=path))
    if state is not None:
        _print_commune_receipt(state)
    return code


def cmd_sync_reply(args, reader) -> int:
    from nghean_tui.cli import EXIT_FAILED, EXIT_OK
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import t
    from nghean_tui.sync import files, identity, outbox, reply

    folder = _folder(args.to)
    code = EXIT_OK
    with _Opened(args, reader) as (_, db):
        if db.role is not Role.SUPERVISOR:
            raise _fail("error.commune_cannot_reply")
        live = [p for p in identity.peers(db) if p.revoked_at is None]
        if args.device is not None:
            live = [p for p in live if p.device_id == args.device]
            if not live:
                raise _fail("error.unknown_device", device=args.device)
        for peer in live:
            out = reply.prepare_reply(db, peer.device_id)
            try:
                path = outbox.write_out(out, folder)
            except files.WriteFailed as exc:
                print(f"nghean-tui: {_write_failed(exc)}", file=sys.stderr)
                code = EXIT_FAILED
                continue
            print(
                t(
                    "cli.reply_written",
                    code=peer.unit_code,
                    name=_unit_name(peer.unit_code),
                    path=_shown(path),
                )
            )
    return code


# ---------------------------------------------------------------- status and inspect


def _print_commune_receipt(state) -> None:
    from nghean_tui.i18n import t

    if state.receipt_highest is None:
        print(t("cli.status_no_receipt"))
    else:
        print(t("cli.status_receipt", seq=state.receipt_highest, at=_when(state.receipt_at)))
        if state.receipt_missing:
            print(t("cli.status_receipt_missing", missing=_numbers(state.receipt_missing)))
    if state.unreceipted:
        print(
            t(
                "cli.status_unreceipted",
                count=len(state.unreceipted),
                seqs=_numbers(s for s, _ in state.unreceipted),
            )
        )
    else:
        print(t("cli.status_all_receipted"))


def cmd_sync_status(args, reader) -> int:
    from nghean_tui.cli import EXIT_OK
    from nghean_tui.domain import clock
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import t
    from nghean_tui.sync import status

    with _Opened(args, reader) as (_, db):
        role = db.role
        if role is Role.SUPERVISOR:
            devices = status.devices(db)
        else:
            state = status.commune(db)
    today = clock.today()
    if role is Role.COMMUNE:
        if args.json:
            _dump({"role": role.value, **state.as_dict()})
            return EXIT_OK
        print(t("cli.status_stations", count=state.stations))
        print(t("cli.status_waiting", count=state.changes_waiting))
        print(t("cli.status_last_export", at=_when(state.last_export)))
        _print_commune_receipt(state)
        return EXIT_OK
    if args.json:
        _dump(
            {
                "role": role.value,
                "devices": [
                    {**d.as_dict(today), "unit_name": _unit_name(d.unit_code)} for d in devices
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
            name=_unit_name(d.unit_code),
            seq=d.last_seq,
            at=_when(d.last_import),
            days="—" if days is None else t("cli.status_days", days=days),
        )
        if d.pending:
            line += "; " + t(
                "cli.status_pending", seqs=_numbers(d.pending), missing=_numbers(d.missing) or "—"
            )
        if d.alerts:
            line += "; " + t("cli.status_alerts", count=d.alerts)
        if d.revoked:
            line += "; " + t("cli.status_revoked")
        print(line)
    return EXIT_OK


def cmd_sync_inspect(args, reader) -> int:
    from nghean_tui.cli import EXIT_FAILED, EXIT_OK
    from nghean_tui.i18n import t
    from nghean_tui.sync import bundle, verify

    path = _input_file(args.file)
    data = _read(path, bundle.MAX_FILE, prefix=bundle.AGE_HEADER)
    from nghean_tui.sync import identity

    with _Opened(args, reader) as (_, db):
        try:
            seen = verify.inspect(db, data)
        except bundle.BundleError as exc:
            raise _fail(f"sync.reason.{exc.reason}") from None
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
        _dump({"file": _shown(path.name), **seen})
    else:
        # The manifest is checked strictly before anything is shown (sync.bundle), and what it
        # says is still shown escaped: it may come from anybody (the recipient is public).
        sender = m["sender"]
        print(
            t(
                "cli.inspect_sender",
                code=_shown(sender["unit_code"]),
                name=_shown(_unit_name(sender["unit_code"])),
                role=_role_label(sender["role"]),
                device=_shown(sender["device_id"]),
            )
        )
        print(
            t(
                "cli.inspect_bundle",
                kind=t(f"cli.inspect_kind_{m['kind']}"),
                seq=m["seq"],
                created=_shown(_created(m["created_at"])),
                app=_shown(m["app_version"]),
            )
        )
        counts = ", ".join(f"{_shown(k)}: {v}" for k, v in sorted(m["counts"].items()))
        print(t("cli.inspect_counts", counts=counts or "—"))
        print(t("cli.inspect_recipients", recipients=_shown(", ".join(m["recipients"]))))
        print(t("cli.inspect_digest", digest=seen["digest"]))
        print(t(f"cli.inspect_signature_{seen['signature']}"))
        print(
            t(
                "cli.inspect_addressed_yes"
                if seen["addressed_to_us"]
                else "cli.inspect_addressed_no"
            )
        )
        if seen["revoked"]:
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


# ---------------------------------------------------------------- escrow


def cmd_escrow_recover(args, reader) -> int:
    """A station opens a commune's database with its escrow key (the commune's audit log
    records UNLOCK_ESCROW) and gives an officer a new passphrase for it; the station's audit
    log records the recovery too."""
    from nghean_tui.cli import EXIT_OK, _new_passphrase
    from nghean_tui.domain.enums import AuditAction, Role
    from nghean_tui.i18n import t
    from nghean_tui.storage.database import DB_FILE, StorageError, Vault
    from nghean_tui.storage.officers import find_or_create_officer
    from nghean_tui.sync import identity

    commune_dir = Path(args.commune_dir)
    if not commune_dir.is_dir():
        raise _fail("cli.sync_no_folder", path=_shown(args.commune_dir))
    if not (commune_dir / DB_FILE).is_file():
        raise _fail("error.not_initialised", path=_shown(args.commune_dir))
    with _Opened(args, reader) as (station_vault, station):
        if station.role is not Role.SUPERVISOR:
            raise _fail("cli.escrow_station_only")
        if commune_dir.resolve() == station_vault.data_dir.resolve():
            raise _fail("cli.escrow_same_folder")
        keys = identity.own_keys(station)
        # Checked before anything is opened or audited; the commune's unit is not known yet.
        new = _new_passphrase(reader, args.new_passphrase_stdin, args.officer)
        with Vault(commune_dir) as vault:
            try:
                db = vault.unlock(escrow_identity=keys.age_identity)
            except StorageError as exc:
                if exc.reason == "wrong_secret":
                    raise _fail("cli.escrow_not_ours") from None
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
    print(t("cli.escrow_recovered", code=unit, name=_unit_name(unit), officer=officer.full_name))
    return EXIT_OK
