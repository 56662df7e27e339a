"""What the Sync screens show and do, as plain functions over the database and files.

The screens never run SQL or touch files themselves: they call these from thread workers.
Each function is one step an officer takes (export to a stick, import a folder, write the
replies, read a card), built on the stages (:mod:`outbox`, :mod:`inbox`, :mod:`reply`),
:mod:`identity`, :mod:`status` and :mod:`files`, with the small queries those modules do not need (the outbox with its dates,
the conflicts list).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from nghean_tui.domain.enums import Role
from nghean_tui.storage import duplicates, reference, safefile
from nghean_tui.storage.database import Database
from nghean_tui.sync import files, identity, inbox, outbox, reply, status
from nghean_tui.sync.exchange import CHANGES, SyncError
from nghean_tui.sync.outcome import ImportStatus, Outcome

CARD_EXTENSION = ".card"
CONFLICTS_SHOWN = 200

# progress(done, total): bytes written, or bundle files imported so far.
Progress = Callable[[int, int], None]


def unit_name(code: str) -> str:
    """The unit's name from the shipped list (the code itself for an unknown one)."""
    unit = reference.unit(code) if code else None
    return unit.name if unit is not None else code


def _when(value) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back text)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- what the screens show


@dataclass(frozen=True)
class PeerRow:
    device_id: str
    unit_code: str
    unit_name: str
    fingerprint: str
    added_at: datetime | None
    revoked: bool


@dataclass(frozen=True)
class OutboxRow:
    id: int
    seq: int
    file_name: str
    records: int
    created_at: datetime | None


@dataclass
class CommuneView:
    """A commune's Sync screen: what waits, what was sent, what the station answered."""

    unit_name: str
    own_fingerprint: str
    status: status.CommuneStatus
    stations: list[PeerRow]
    outbox: list[OutboxRow]


@dataclass(frozen=True)
class DeviceRow:
    """One commune device as the station sees it."""

    status: status.DeviceStatus
    unit_name: str

    def days_since(self, today: date) -> int | None:
        return self.status.days_since(today)


@dataclass(frozen=True)
class ConflictRow:
    id: int
    detected_at: datetime | None
    unit_code: str
    unit_name: str
    table_name: str
    record_id: str
    winner_version: str
    loser_version: str
    loser_fields: str  # JSON as stored: shown literally

    @property
    def fields(self) -> list[str]:
        """The fields of the losing version (what to compare with the record)."""
        try:
            value = json.loads(self.loser_fields)
        except ValueError:
            return []
        return sorted(value) if isinstance(value, dict) else []


@dataclass
class StationView:
    """A station's Sync screen: each commune's state and the conflicts to look at."""

    unit_name: str
    own_fingerprint: str
    devices: list[DeviceRow]
    conflicts: list[ConflictRow]
    conflicts_total: int
    # One citizen ID under several communes: to review, never merged (storage.duplicates).
    matches: list = field(default_factory=list)
    matches_total: int = 0


def _peer_rows(db: Database) -> list[PeerRow]:
    return [
        PeerRow(
            p.device_id,
            p.unit_code,
            unit_name(p.unit_code),
            p.fingerprint,
            _when(p.added_at),
            p.revoked_at is not None,
        )
        for p in identity.peers(db)
    ]


def commune_view(db: Database) -> CommuneView:
    keys = identity.own_keys(db)
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, seq, file_name, records, created_at FROM outbound_bundle "
                "WHERE kind = 'changes' AND receipted_at IS NULL ORDER BY seq"
            )
        ).all()
    waiting = [OutboxRow(r[0], r[1], r[2], r[3], _when(r[4])) for r in rows]
    stations = [p for p in _peer_rows(db) if not p.revoked]
    return CommuneView(
        unit_name(db.unit_code), keys.fingerprint, status.commune(db), stations, waiting
    )


def conflicts(db: Database, limit: int = CONFLICTS_SHOWN) -> tuple[list[ConflictRow], int]:
    """Unresolved conflicts, newest first (at most ``limit``), and how many there are."""
    with db.engine.connect() as conn:
        total = conn.execute(
            text("SELECT count(*) FROM sync_conflict WHERE resolved = 0")
        ).scalar_one()
        rows = conn.execute(
            text(
                "SELECT id, detected_at, unit_code, table_name, record_id, winner_version, "
                "loser_version, loser_fields FROM sync_conflict WHERE resolved = 0 "
                "ORDER BY detected_at DESC, id DESC LIMIT :n"
            ),
            {"n": limit},
        ).all()
    return [
        ConflictRow(r[0], _when(r[1]), r[2], unit_name(r[2]), r[3], r[4], r[5], r[6], r[7])
        for r in rows
    ], total


def station_view(db: Database) -> StationView:
    keys = identity.own_keys(db)
    devices = [DeviceRow(d, unit_name(d.unit_code)) for d in status.devices(db)]
    shown, total = conflicts(db)
    with db.engine.connect() as conn:
        matches, matches_total = duplicates.cross_commune_matches(conn)
    return StationView(
        unit_name(db.unit_code), keys.fingerprint, devices, shown, total, matches, matches_total
    )


# ---------------------------------------------------------------- commune: sending


@dataclass(frozen=True)
class Written:
    """A bundle written and read back: only now is the drive safe to remove."""

    path: Path
    seq: int
    records: int


def export_to(db: Database, folder: Path, progress: Progress | None = None) -> Written | None:
    """New bundles of every change since the last one, written to ``folder`` (the last one's
    path and number, and the records of all).

    None when nothing changed. The bundle is in the outbox before the write starts, so a
    failed write (:class:`files.WriteFailed`) loses nothing: it can be re-sent.
    """
    made = outbox.prepare_exports(db)
    if not made:
        return None
    for out in made:  # several when the changes exceed one bundle's limits
        path = outbox.write_out(out, Path(folder), progress)
    return Written(path, made[-1].seq, sum(o.records for o in made))


def resend(
    db: Database, outbound_id: int, folder: Path, progress: Progress | None = None
) -> Written:
    """Write an outbox bundle again, byte for byte (a lost or damaged stick)."""
    for out in outbox.bundles(db, include_receipted=True):
        if out.id == outbound_id:
            path = outbox.write_out(out, Path(folder), progress)
            return Written(path, out.seq, out.records)
    raise SyncError("bundle_gone")


# ---------------------------------------------------------------- importing


def import_path(db: Database, path: Path, progress: Progress | None = None) -> list[Outcome]:
    """Import every bundle in a folder (or one file), oldest first; one outcome per file.

    A file that cannot be read becomes a rejected outcome like any bad bundle, so one bad
    file never stops the others. This device's own bundles on the same stick are skipped.
    """
    path = Path(path)
    if safefile.refusal(path) == "missing":
        raise SyncError("path_missing", path=str(path))
    found = files.bundle_files([path])
    with db.engine.connect() as conn:
        own: dict[str, int] = dict(
            conn.execute(text("SELECT file_name, length(data) FROM outbound_bundle")).all()
        )

    def items():
        for item in found:
            name, data = inbox.read_found(item)
            if (
                isinstance(data, Outcome)
                or own.get(name) != len(data)
                or not _is_own_copy(db, name, data)
            ):
                yield name, data
            else:
                skipped.append(name)

    skipped: list[str] = []
    finished = 0

    def done(_outcome) -> None:  # the bar moves as batches of bundles are committed
        nonlocal finished
        finished += 1
        if progress is not None:
            progress(min(len(found), finished + len(skipped)), len(found))

    outcomes = inbox.import_many(db, items(), done=done)
    if any(o.ok for o in outcomes):
        # A folder of bundles can grow the tables a lot (a station's first import from 130
        # communes): the planner's statistics follow now, not at the next unlock. Bounded,
        # and a no-op when the sizes barely changed.
        try:
            db.refresh_statistics()
        except DBAPIError:  # statistics only guide the planner: the import is committed
            pass
    if progress is not None:
        progress(len(found), len(found))
    return outcomes


def _is_own_copy(db: Database, name: str, data: bytes) -> bool:
    """Whether a file is one this device wrote (the stick carries both directions): such
    files are passed over, not reported as refused."""
    with db.engine.connect() as conn:
        ours = conn.execute(
            text("SELECT data FROM outbound_bundle WHERE file_name = :n"), {"n": name}
        ).all()
    return any(row[0] == data for row in ours)


def reply_devices(outcomes: list[Outcome]) -> list[str]:
    """The commune devices whose bundles were read (so an answer is due), in order."""
    devices = [
        o.sender_device
        for o in outcomes
        if o.kind == CHANGES
        and o.sender_device
        and o.status
        in (
            ImportStatus.ACCEPTED,
            ImportStatus.DUPLICATE,
            ImportStatus.PENDING,
            ImportStatus.CONFLICTING,
        )
    ]
    return list(dict.fromkeys(devices))


@dataclass
class Replies:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # devices revoked or gone meanwhile


def write_replies(
    db: Database, devices: list[str], folder: Path, progress: Progress | None = None
) -> Replies:
    """A reply (receipt, revocations, relays) for each device, written to ``folder``.

    Raises :class:`files.WriteFailed` at the first failed write; the replies are kept in the
    outbox, and a new one is made next time anyway.
    """
    result = Replies()
    for index, device in enumerate(devices):
        try:
            out = reply.prepare_reply(db, device)
        except SyncError as exc:
            if exc.reason != "unknown_device":
                raise
            result.skipped.append(device)
            continue
        result.written.append(outbox.write_out(out, Path(folder)))
        if progress is not None:
            progress(index + 1, len(devices))
    return result


# ---------------------------------------------------------------- identity cards


def own_fingerprint(db: Database) -> str:
    return identity.own_keys(db).fingerprint


def card_file_name(db: Database) -> str:
    return f"{db.unit_code}-{db.device_id}{CARD_EXTENSION}"


def write_own_card(db: Database, folder: Path) -> Path:
    """This device's card, written to ``folder`` and read back (:class:`files.WriteFailed`)."""
    return files.write_checked(Path(folder), card_file_name(db), identity.export_card(db))


def find_cards(path: Path) -> list[Path]:
    """The card files a path names: the file itself, or the ``*.card`` files of a folder."""
    path = Path(path)
    refused = safefile.refusal(path)
    if refused == "missing":
        raise SyncError("path_missing", path=str(path))
    if refused != "is_folder":
        return [path]  # a file, or something that is not one: read_card_file says why
    return sorted(
        p for p in path.iterdir() if p.suffix == CARD_EXTENSION and safefile.refusal(p) is None
    )


def read_card_file(path: Path) -> identity.Card:
    """Read and check a card file (:class:`identity.CardError` says what is wrong); a link,
    FIFO, device or folder is never opened."""
    try:
        data = safefile.read_regular(path, identity.MAX_CARD_BYTES + 1)
    except safefile.FileRefused as exc:
        raise identity.CardError(
            identity.CARD_FILE_REASONS.get(exc.reason, "card_unreadable")
        ) from None
    return identity.read_card(data)


def card_to_compare(db: Database, path: Path) -> identity.Card:
    """Read a card file and refuse, before any fingerprint is compared, a card this database
    can never trust (its own, the wrong role, demo for real or real for demo)."""
    card = read_card_file(path)
    identity.check_fits(db, card)
    return card


def enroll(db: Database, card: identity.Card, vault) -> PeerRow:
    """Trust a card whose fingerprint the officer compared; a commune also escrows its
    database key to the station, so the province can recover it (docs/security-notes.md, "Keys (§1)", the escrow slot)."""
    peer = identity.trust(db, card)
    if db.role is Role.COMMUNE:
        vault.add_escrow(db, peer.age_recipient, peer.device_id)
    return PeerRow(
        peer.device_id,
        peer.unit_code,
        unit_name(peer.unit_code),
        peer.fingerprint,
        _when(peer.added_at),
        False,
    )


def revoke(db: Database, device_id: str) -> None:
    identity.revoke(db, device_id)
