"""Export, import and reply: the sync protocol over the database.

* A commune exports every record written here since its previous bundle, signed and encrypted
  to its enrolled station(s); the bundle is kept in the outbox until a receipt covers it.
* A station imports bundles, checking them in the order of docs/security.md §4 and writing
  nothing until the last step, then answers each commune with a reply bundle: the receipt,
  revocations, population figures and the records of people who moved to that commune.
* A commune imports replies the same way.

Nothing here touches files except through :mod:`nghean_tui.sync.files`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import IntegrityError

import nghean_tui
from nghean_tui.domain import clock
from nghean_tui.domain import models as M
from nghean_tui.domain.enums import AuditAction, Role, TransferDirection
from nghean_tui.domain.hlc import StampError
from nghean_tui.storage import criteria, duplicates, followups, search_index, sync_state
from nghean_tui.storage.database import Database, StorageError, Txn
from nghean_tui.storage.records import stamp
from nghean_tui.sync import bundle as B
from nghean_tui.sync import files, identity, scope
from nghean_tui.sync import records as R

CHANGES, REPLY = "changes", "reply"
# The version of what bundles carry (the synced tables and columns): the migration that last
# changed them. A migration that only adds an index leaves it alone, so installations a
# version apart still exchange bundles; a bundle from a newer one is refused, one from an older
# one is read without the columns added since (``records.ADDED_IN``).
BUNDLE_SCHEMA = "0008"
IMPORT_CACHE_KIB = -65536  # negative: KiB (64 MiB) of page cache while importing
DEFAULT_CACHE_KIB = -16384  # what every connection has otherwise (storage.engine)
# At a station, a record's version stamp may be at most this far ahead of the station's clock;
# a later one is stored clamped to it (records.merge), the original kept in stamp_clamp, and
# the device gets a clock_skew alert. A day: a laptop showing the right local time under the
# wrong time zone (common) is hours off in UTC, which stamps use, and must not be flagged.
CLAMP_MARGIN_MS = 24 * 3600 * 1000


class SyncError(StorageError):
    """A sync action refused before anything was written (``reason`` says why)."""


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class Outbound:
    id: int
    kind: str
    seq: int
    file_name: str
    records: int
    size: int
    data: bytes = field(repr=False)


def _meta(conn: Connection, key: str, default: str = "") -> str:
    value = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).scalar()
    return default if value is None else value


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value}
    )


def _next_in_stream(conn: Connection, kind: str, stream: str) -> tuple[int, str]:
    row = conn.execute(
        text(
            "SELECT seq, digest FROM outbound_bundle WHERE kind = :k AND stream = :s "
            "ORDER BY seq DESC LIMIT 1"
        ),
        {"k": kind, "s": stream},
    ).first()
    return (row[0] + 1, row[1]) if row else (1, "")


def _manifest(
    db: Database, kind: str, seq: int, prev: str, recipients: list[str], counts: dict[str, int]
) -> dict:
    return {
        "bundle_id": uuid.uuid4().hex,
        "kind": kind,
        "sender": {"device_id": db.device_id, "unit_code": db.unit_code, "role": db.role.value},
        "recipients": sorted(set(recipients)),
        "seq": seq,
        "prev_digest": prev,
        "schema": BUNDLE_SCHEMA,
        "app_version": nghean_tui.__version__,
        "created_at": M.utcnow().isoformat(),
        "counts": counts,
        # Signed with the rest; absent from a real database's bundles, which therefore
        # keep the format older installations read (docs/bundle-format.md).
        **({"demo": True} if db.demo else {}),
    }


def _store_outbound(
    txn: Txn, kind: str, stream: str, seq: int, name: str, inner: B.Inner, data: bytes, count: int
) -> Outbound:
    row = sync_state.OutboundBundle(
        kind=kind,
        stream=stream,
        seq=seq,
        digest=inner.digest,
        bundle_id=inner.manifest["bundle_id"],
        file_name=name,
        created_at=M.utcnow(),
        records=count,
        data=data,
    )
    txn.session.add(row)
    txn.session.flush()
    return Outbound(row.id, kind, seq, name, count, len(data), data)


def prepare_export(db: Database) -> Outbound | None:
    """:func:`prepare_exports` for callers that expect one bundle (the last one made)."""
    made = prepare_exports(db)
    return made[-1] if made else None


def prepare_exports(db: Database) -> list[Outbound]:
    """Put every change since the previous bundle into new ones, in the outbox.

    Empty when nothing was written here since. The changes go into as many bundles as the
    limits a station accepts require (:data:`EXPORT_RECORDS` records and about
    :data:`EXPORT_BYTES` of JSON each), parents first, so each bundle, applied after the ones
    before it, references only records already there. The write lock is held throughout,
    so the bundles and the new watermark describe exactly the same rows.
    """
    if db.role is not Role.COMMUNE:
        raise SyncError("station_cannot_export")
    keys = identity.own_keys(db)
    made = []
    with db.write() as txn:
        conn = txn.conn
        stations = identity.stations(conn)
        if not stations:
            raise SyncError("no_station")
        watermark = int(_meta(conn, "export_watermark", "0"))
        top = int(_meta(conn, "change_seq", "0"))
        for chunk in _chunks(conn, watermark):
            tables = {name: R.table_block(R.BY_NAME[name], rows) for name, rows in chunk}
            counts = {name: len(rows) for name, rows in chunk}
            seq, prev = _next_in_stream(conn, CHANGES, CHANGES)
            manifest = _manifest(db, CHANGES, seq, prev, [s.device_id for s in stations], counts)
            inner = B.parse_inner(B.build_inner(manifest, {"records": tables}, keys.signer))
            data = B.encrypt(inner.data, [s.age_recipient for s in stations])
            name = f"{db.unit_code}-{seq:06d}{B.EXTENSION}"
            out = _store_outbound(
                txn, CHANGES, CHANGES, seq, name, inner, data, sum(counts.values())
            )
            db.audit(txn, AuditAction.EXPORT, "outbound_bundle", str(out.id), [str(seq)])
            made.append(out)
        if made:
            _set_meta(conn, "export_watermark", str(top))
            _set_meta(conn, "last_export_at", M.utcnow().isoformat())
    return made


# What one exported bundle holds at most: under the limits a station accepts
# (bundle.MAX_RECORDS, MAX_PAYLOAD_RAW), with room for the JSON around the rows.
EXPORT_RECORDS = 20_000
EXPORT_BYTES = 12 * 1024 * 1024


def _chunks(conn: Connection, watermark: int):
    """The changed rows, in table order (parents first), cut into bundle-sized lists of
    (table, rows)."""
    chunk: list[tuple[str, list[list]]] = []
    records = size = 0
    for model in R.MODELS:
        name = model.__tablename__
        rows = R.changed_rows(conn, model, watermark)
        start = 0
        for i, row in enumerate(rows):
            weight = len(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8")) + 1
            if records and (records + 1 > EXPORT_RECORDS or size + weight > EXPORT_BYTES):
                if i > start:
                    chunk.append((name, rows[start:i]))
                yield chunk
                chunk, records, size, start = [], 0, 0, i
            records += 1
            size += weight
        if len(rows) > start:
            chunk.append((name, rows[start:]))
    if chunk:
        yield chunk


def write_out(
    out: Outbound, folder: Path, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Write an outbox bundle to a folder (a USB stick), checked by reading it back."""
    return files.write_checked(Path(folder), out.file_name, out.data, progress)


def outbox(db: Database, *, include_receipted: bool = False) -> list[Outbound]:
    """Bundles written here, oldest first (by default only those not yet receipted)."""
    where = "" if include_receipted else "WHERE receipted_at IS NULL"
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT id, kind, seq, file_name, records, data FROM outbound_bundle {where} "
                "ORDER BY id"
            )
        ).all()
    return [Outbound(r[0], r[1], r[2], r[3], r[4], len(r[5]), r[5]) for r in rows]


def outbound(db: Database, kind: str, seq: int, stream: str | None = None) -> Outbound | None:
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT id, kind, seq, file_name, records, data FROM outbound_bundle "
                "WHERE kind = :k AND stream = :s AND seq = :q"
            ),
            {"k": kind, "s": stream or kind, "q": seq},
        ).first()
    return Outbound(row[0], row[1], row[2], row[3], row[4], len(row[5]), row[5]) if row else None


# ---------------------------------------------------------------- reply (station → commune)


def _receipt(conn: Connection, device: str) -> dict:
    rows = conn.execute(
        text(
            "SELECT seq, status FROM inbound_bundle WHERE sender_device = :d AND kind = :k "
            "ORDER BY seq"
        ),
        {"d": device, "k": CHANGES},
    ).all()
    applied = max((s for s, st in rows if st == "applied"), default=0)
    pending = [s for s, st in rows if st == "pending"]
    top = max(pending, default=applied)
    known = {s for s, _ in rows}
    return {"highest": applied, "missing": [n for n in range(applied + 1, top) if n not in known]}


def _relays(conn: Connection, peer: sync_state.Peer) -> tuple[dict[str, list[list]], list[tuple]]:
    """Records of people transferred to ``peer``'s commune: sent with every reply until the
    commune's takeover comes back in one of its bundles (a lost reply loses nothing), and
    again whenever the transfer itself changes."""
    transfers = conn.execute(
        text(
            "SELECT t.id, t.person_id, t.version FROM transfer t JOIN person p ON p.id = t.person_id "
            "LEFT JOIN relay_sent r ON r.transfer_id = t.id AND r.device_id = :d "
            "WHERE t.to_unit_code = :u AND t.unit_code != :u AND t.deleted = 0 "
            "AND t.direction = 'out' "
            "AND (p.unit_code != :u OR r.version IS NULL OR r.version != t.version)"
        ),
        {"d": peer.device_id, "u": peer.unit_code},
    ).all()
    if not transfers:
        return {}, []
    persons = sorted({t[1] for t in transfers})
    tables: dict[str, list[list]] = {}
    needed: dict[str, set[str]] = {"hamlet": set(), "officer": set()}
    person_rows = R.rows_by_id(conn, M.Person, persons)
    if person_rows:
        tables["person"] = person_rows
    for name in R.PERSON_TABLES + R.EPISODE_TABLES:
        owner = (
            "person_id IN :p"
            if name in R.PERSON_TABLES
            else ("episode_id IN (SELECT id FROM management_episode WHERE person_id IN :p)")
        )
        ids = [
            r[0]
            for r in conn.execute(
                text(f"SELECT id FROM {name} WHERE {owner}").bindparams(
                    bindparam("p", expanding=True)
                ),
                {"p": persons},
            )
        ]
        rows = R.rows_by_id(conn, R.BY_NAME[name], ids)
        if rows:
            tables[name] = rows
    # The hamlets and officers those records point at travel with them (foreign keys).
    for name, rows in tables.items():
        model = R.BY_NAME[name]
        for column in model.__table__.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if target in needed:
                    at = R.columns(model).index(column.name)
                    needed[target].update(r[at] for r in rows if r[at])
    for target in ("officer", "hamlet"):
        if needed[target]:
            tables[target] = R.rows_by_id(conn, R.BY_NAME[target], sorted(needed[target]))
    ordered = {
        m.__tablename__: tables[m.__tablename__] for m in R.MODELS if tables.get(m.__tablename__)
    }
    return ordered, [(t[0], t[2]) for t in transfers]


def prepare_reply(db: Database, device_id: str) -> Outbound:
    """The station's answer to a commune: receipt, revocations, populations, relays."""
    if db.role is not Role.SUPERVISOR:
        raise SyncError("commune_cannot_reply")
    keys = identity.own_keys(db)
    with db.write() as txn:
        conn = txn.conn
        peer = identity.peer(conn, device_id)
        if peer is None or peer.revoked_at is not None:
            raise SyncError("unknown_device", device=device_id)
        relays, sent = _relays(conn, peer)
        revoked = conn.execute(
            text(
                "SELECT device_id, unit_code, revoked_after_seq FROM peer "
                "WHERE revoked_at IS NOT NULL ORDER BY device_id"
            )
        ).all()
        populations = conn.execute(
            text("SELECT code, population FROM unit WHERE population IS NOT NULL ORDER BY code")
        ).all()
        payload = {
            "records": {
                name: R.table_block(R.BY_NAME[name], rows) for name, rows in relays.items()
            },
            "receipt": _receipt(conn, device_id),
            "revocations": [{"device_id": d, "unit_code": u, "last_seq": s} for d, u, s in revoked],
            "populations": [[c, p] for c, p in populations],
            "criteria": criteria.criteria_json(conn),  # communes judge by the same
        }
        counts = {name: len(rows) for name, rows in relays.items()}
        seq, prev = _next_in_stream(conn, REPLY, device_id)
        manifest = _manifest(db, REPLY, seq, prev, [device_id], counts)
        inner = B.parse_inner(B.build_inner(manifest, payload, keys.signer))
        data = B.encrypt(inner.data, [peer.age_recipient])
        name = f"reply-{peer.unit_code}-{seq:06d}{B.EXTENSION}"
        out = _store_outbound(txn, REPLY, device_id, seq, name, inner, data, sum(counts.values()))
        for transfer_id, version in sent:
            conn.execute(
                text(
                    "INSERT OR REPLACE INTO relay_sent (transfer_id, device_id, version, sent_at) "
                    "VALUES (:t, :d, :v, :at)"
                ),
                {"t": transfer_id, "d": device_id, "v": version, "at": M.utcnow()},
            )
        db.audit(txn, AuditAction.EXPORT, "outbound_bundle", str(out.id), [str(seq), device_id])
    return out


# ---------------------------------------------------------------- import


@dataclass
class Outcome:
    """What became of one bundle file."""

    name: str
    status: str  # accepted | duplicate | pending | rejected | conflicting
    reason: str = ""
    detail: str = ""
    kind: str = ""
    sender_device: str = ""
    sender_unit: str = ""
    seq: int = 0
    records: int = 0
    conflicts: int = 0
    missing: list[int] = field(default_factory=list)
    also_applied: list[int] = field(default_factory=list)  # pending bundles this one unblocked
    clamped: int = 0  # version stamps too far ahead of the station's clock, clamped

    @property
    def ok(self) -> bool:
        return self.status in ("accepted", "duplicate", "pending")

    def as_dict(self) -> dict:
        return {
            k: getattr(self, k)
            for k in (
                "name",
                "status",
                "reason",
                "kind",
                "sender_device",
                "sender_unit",
                "seq",
                "records",
                "conflicts",
                "missing",
                "also_applied",
                "clamped",
            )
        }


class _AlreadyApplied(Exception):
    def __init__(self, peer: sync_state.Peer, inner: B.Inner, records: int) -> None:
        self.peer, self.inner, self.records = peer, inner, records


@dataclass
class _Checked:
    inner: B.Inner
    peer: sync_state.Peer
    incoming: R.Incoming
    payload: dict
    held: scope.Verdict = field(default_factory=scope.Verdict)


def _verify(db: Database, conn: Connection, keys: identity.Keys, data: bytes) -> _Checked:
    """Steps 1–7 of the import; raises :class:`BundleError` with the reason."""
    inner = B.parse_inner(B.decrypt(data, keys.age_identity))
    return _verify_inner(db, conn, inner)


def _verify_inner(db: Database, conn: Connection, inner: B.Inner) -> _Checked:
    m = inner.manifest
    if inner.sender == db.device_id:
        raise B.BundleError("own_bundle")
    peer = identity.peer(conn, inner.sender)
    if peer is None:
        raise B.BundleError("unknown_sender", m["sender"]["unit_code"])
    if peer.revoked_at is not None and inner.seq > (peer.revoked_after_seq or 0):
        raise B.BundleError("revoked", peer.unit_code)
    inner.verify(peer.sign_key)
    if inner.demo != db.demo:  # believed only once signed: a relabelled bundle is forged
        raise B.BundleError("demo_bundle" if inner.demo else "real_bundle")
    if db.device_id not in m["recipients"]:
        raise B.BundleError("forwarded")
    if m["sender"]["unit_code"] != peer.unit_code or m["sender"]["role"] != peer.role:
        raise B.BundleError("out_of_scope", "sender")
    expected_kind = CHANGES if db.role is Role.SUPERVISOR else REPLY
    if inner.kind != expected_kind:
        raise B.BundleError("out_of_scope", "kind")
    # Step 8's "seen before" comes first for a bundle already applied: judging its scope
    # again against records that have moved on since (a person transferred away) could
    # refuse an exact copy of what was accepted.
    seen = conn.execute(
        text(
            "SELECT records FROM inbound_bundle WHERE sender_device = :d AND kind = :k AND seq = :s "
            "AND digest = :g AND status = 'applied'"
        ),
        {"d": inner.sender, "k": inner.kind, "s": inner.seq, "g": inner.digest},
    ).first()
    if seen is not None:
        raise _AlreadyApplied(peer, inner, seen[0])
    if m["schema"] > BUNDLE_SCHEMA:
        raise B.BundleError("newer_version", m["app_version"])
    payload = inner.payload()
    allowed = (
        {"records"}
        if inner.kind == CHANGES
        else {"records", "receipt", "revocations", "populations", "criteria"}
    )
    if set(payload) != allowed:
        raise B.BundleError("damaged", "payload sections")
    incoming = R.check_records(payload["records"], m["counts"], m["schema"])
    held = scope.Verdict()
    if inner.kind == CHANGES:
        held = scope.check(conn, peer.unit_code, incoming)
        for name, rows in held.held.items():  # set aside: kept for review, not merged
            ids = {r[0] for r in rows}
            kept = [r for r in incoming.tables[name] if r[0] not in ids]
            if kept:
                incoming.tables[name] = kept
            else:
                del incoming.tables[name]
    else:
        _check_reply(db, incoming, payload)
    return _Checked(inner, peer, incoming, payload, held)


def _moved_here(incoming: R.Incoming, unit: str) -> set[str]:
    """People with a live transfer to ``unit`` among the incoming records (a reply)."""
    cols = R.columns(M.Transfer)
    pid, at, deleted = cols.index("person_id"), cols.index("to_unit_code"), cols.index("deleted")
    return {r[pid] for r in incoming.tables.get("transfer", []) if r[at] == unit and not r[deleted]}


class _Owners:
    """Whose records these are: the person a row belongs to, through its episode if need be."""

    def __init__(self, conn: Connection | None, incoming: R.Incoming) -> None:
        self.conn = conn
        cols = R.columns(M.ManagementEpisode)
        at = cols.index("person_id")
        self.episodes = {r[0]: r[at] for r in incoming.tables.get("management_episode", [])}

    def person_of(self, name: str, row: list) -> str | None:
        if name == "person":
            return row[0]
        if name in R.PERSON_TABLES:
            return row[R.columns(R.BY_NAME[name]).index("person_id")]
        if name in R.EPISODE_TABLES:
            episode = row[R.columns(R.BY_NAME[name]).index("episode_id")]
            if episode not in self.episodes and self.conn is not None:
                self.episodes[episode] = self.conn.execute(
                    text("SELECT person_id FROM management_episode WHERE id = :e"), {"e": episode}
                ).scalar()
            return self.episodes.get(episode)
        return None


def _check_reply(db: Database, incoming: R.Incoming, payload: dict) -> None:
    """Step 7 at a commune: relays only concern people transferred here, and never
    overwrite this commune's own hamlets or officers; the other sections are well formed."""
    moved = _moved_here(incoming, db.unit_code)  # only what the reply carries
    owners = _Owners(None, incoming)
    for name, rows in incoming.tables.items():
        at = incoming.unit_index(name)
        for row in rows:
            if name in ("hamlet", "officer"):
                if row[at] == db.unit_code:
                    raise B.BundleError("out_of_scope", name)
            elif owners.person_of(name, row) not in moved:
                raise B.BundleError("out_of_scope", name)
    receipt = payload["receipt"]
    if not (
        isinstance(receipt, dict)
        and set(receipt) == {"highest", "missing"}
        and B._is_int(receipt["highest"])
        and receipt["highest"] >= 0
        and isinstance(receipt["missing"], list)
        and len(receipt["missing"]) <= 100_000
        and all(B._is_int(n) and n > receipt["highest"] for n in receipt["missing"])
    ):
        raise B.BundleError("damaged", "receipt")
    revocations = payload["revocations"]
    if not (
        isinstance(revocations, list)
        and all(
            isinstance(r, dict)
            and set(r) == {"device_id", "unit_code", "last_seq"}
            and isinstance(r["device_id"], str)
            and isinstance(r["unit_code"], str)
            and (r["last_seq"] is None or B._is_int(r["last_seq"]))
            for r in revocations
        )
    ):
        raise B.BundleError("damaged", "revocations")
    populations = payload["populations"]
    if not (
        isinstance(populations, list)
        and all(
            isinstance(p, list)
            and len(p) == 2
            and isinstance(p[0], str)
            and len(p[0]) <= 5
            and B._is_int(p[1])
            and 0 <= p[1] < 10**8
            for p in populations
        )
    ):
        raise B.BundleError("damaged", "populations")
    if not (
        payload["criteria"] is None
        or isinstance(payload["criteria"], str)
        and len(payload["criteria"]) <= 1_000_000
    ):
        raise B.BundleError("damaged", "criteria")


def _open(db: Database, keys: identity.Keys, data: bytes, name: str) -> B.Inner | Outcome:
    """Steps 1–3: the envelope and the strict parse of the inner layer."""
    try:
        return B.parse_inner(B.decrypt(data, keys.age_identity))
    except B.BundleError as exc:
        return Outcome(name, "rejected", exc.reason, exc.detail)


# Why a file was not read (storage.safefile reasons) as the reason of a refused bundle.
_FILE_REASONS = {
    "too_large": "too_large",
    "wrong_kind": "not_a_bundle",
    "is_link": "is_link",
    "not_regular": "not_regular",
    "is_folder": "is_folder",
}


def read_found(found: files.Found) -> tuple[str, bytes | Outcome]:
    """A bundle file's name and bytes, or the outcome of a file that cannot be one: a link,
    FIFO, device or folder is refused without being opened, junk after its first line."""
    name = found.path.name
    reason = found.refused
    if not reason:
        try:
            return name, files.read_bundle(found.path)
        except files.FileRefused as exc:
            reason = exc.reason
    return name, Outcome(name, "rejected", _FILE_REASONS.get(reason, "unreadable"))


def import_bundle(db: Database, data: bytes, name: str = "") -> Outcome:
    """Import one bundle file's bytes. Never raises for a bad bundle: the outcome says why."""
    opened = _open(db, identity.own_keys(db), data, name)
    del data  # the inner layer is all that is kept
    if isinstance(opened, Outcome):
        return opened
    return _import_alone(db, opened, name)


def _import_alone(db: Database, inner: B.Inner, name: str) -> Outcome:
    """Steps 4–9 for one opened bundle, in a transaction of its own."""
    try:
        with db.engine.connect() as conn:
            checked = _verify_inner(db, conn, inner)
    except B.BundleError as exc:
        return Outcome(name, "rejected", exc.reason, exc.detail)
    except _AlreadyApplied as seen:
        return Outcome(
            name,
            "duplicate",
            kind=inner.kind,
            sender_device=inner.sender,
            sender_unit=seen.peer.unit_code,
            seq=inner.seq,
            records=seen.records,
        )
    outcome = Outcome(
        name,
        "accepted",
        kind=inner.kind,
        sender_device=inner.sender,
        sender_unit=checked.peer.unit_code,
        seq=inner.seq,
        records=checked.incoming.count,
    )
    try:
        with db.write() as txn:
            if checked.incoming.count > 1000:
                # A large bundle inserts at random places in every index of a large
                # database: a bigger page cache for this connection saves decrypting the
                # same pages again and again (a province's import ran twice as fast).
                txn.conn.exec_driver_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
            _sequence_and_apply(db, txn, checked, outcome)
            # The connection goes back to the pool: back to the memory budget.
            txn.conn.exec_driver_sql(f"PRAGMA cache_size = {DEFAULT_CACHE_KIB}")
    except IntegrityError:
        return Outcome(
            name,
            "rejected",
            "damaged",
            "references records that are not here",
            kind=inner.kind,
            sender_device=inner.sender,
            sender_unit=checked.peer.unit_code,
            seq=inner.seq,
        )
    return outcome


# A folder import applies several bundles per transaction: index pages that many bundles
# touch are then encrypted and written once per batch instead of once per bundle, and one
# commit (fsync) serves them all. Each bundle still applies all-or-nothing (a savepoint).
# A batch holds the inner layers it has opened (each file's outer bytes are dropped as soon
# as it is decrypted), so it is bounded in bytes too: memory does not grow with the folder.
BATCH_BUNDLES = 40
BATCH_RECORDS = 60_000
BATCH_BYTES = 32 * 1024 * 1024


def import_many(
    db: Database,
    items: Iterable[tuple[str, bytes | Outcome]],
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Import bundles in order; ``items`` gives (file name, bytes) or an outcome already
    decided (an unreadable file). ``done(outcome)`` is called as each batch commits: an
    outcome is final only then. The outcomes are those :func:`import_bundle` would give
    one file at a time."""
    keys = identity.own_keys(db)
    outcomes: list[Outcome] = []
    batch: list[tuple[str, B.Inner | Outcome]] = []
    records = size = 0

    def flush() -> None:
        nonlocal batch, records, size
        for outcome in _import_batch(db, batch):
            outcomes.append(outcome)
            if done is not None:
                done(outcome)
        batch, records, size = [], 0, 0

    for name, data in items:
        opened = data if isinstance(data, Outcome) else _open(db, keys, data, name)
        del data
        batch.append((name, opened))
        if isinstance(opened, B.Inner):
            records += sum(opened.manifest["counts"].values())
            size += len(opened.data)
        if len(batch) >= BATCH_BUNDLES or records >= BATCH_RECORDS or size >= BATCH_BYTES:
            flush()
    if batch:
        flush()
    return outcomes


def _import_batch(db: Database, batch: list[tuple[str, B.Inner | Outcome]]) -> list[Outcome]:
    opened = [entry for entry in batch if isinstance(entry[1], B.Inner)]
    if len(opened) <= 1:
        return [o if isinstance(o, Outcome) else _import_alone(db, o, name) for name, o in batch]
    results: list[Outcome] = []
    try:
        with db.write() as txn:
            txn.conn.exec_driver_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
            for name, inner in batch:
                if isinstance(inner, Outcome):
                    results.append(inner)
                    continue
                savepoint = txn.session.begin_nested()
                try:
                    outcome = _import_opened(db, txn, inner, name)
                except BaseException:
                    savepoint.rollback()
                    raise
                if outcome.status == "rejected":
                    savepoint.rollback()
                else:
                    savepoint.commit()
                results.append(outcome)
            txn.conn.exec_driver_sql(f"PRAGMA cache_size = {DEFAULT_CACHE_KIB}")
    except IntegrityError:
        # A reference to a record that is not here fails only at the commit (foreign keys
        # are checked then): find the bundle that has it by importing one at a time.
        return [o if isinstance(o, Outcome) else _import_alone(db, o, name) for name, o in batch]
    return results


def _import_opened(db: Database, txn: Txn, inner: B.Inner, name: str) -> Outcome:
    """Steps 4–9 for a bundle already decrypted and parsed, inside ``txn``."""
    try:
        checked = _verify_inner(db, txn.conn, inner)
    except B.BundleError as exc:
        return Outcome(name, "rejected", exc.reason, exc.detail)
    except _AlreadyApplied as seen:
        return Outcome(
            name,
            "duplicate",
            kind=inner.kind,
            sender_device=inner.sender,
            sender_unit=seen.peer.unit_code,
            seq=inner.seq,
            records=seen.records,
        )
    outcome = Outcome(
        name,
        "accepted",
        kind=inner.kind,
        sender_device=inner.sender,
        sender_unit=checked.peer.unit_code,
        seq=inner.seq,
        records=checked.incoming.count,
    )
    _sequence_and_apply(db, txn, checked, outcome)
    return outcome


def _sequence_and_apply(db: Database, txn: Txn, checked: _Checked, outcome: Outcome) -> None:
    """Step 8 (sequence state), then step 9 (apply) in the caller's transaction."""
    conn = txn.conn
    inner = checked.inner
    stream = {"d": inner.sender, "k": inner.kind}
    known = {
        seq: (digest, status, blob)
        for seq, digest, status, blob in conn.execute(
            text(
                "SELECT seq, digest, status, inner FROM inbound_bundle WHERE sender_device = :d "
                "AND kind = :k"
            ),
            stream,
        )
    }
    seq = inner.seq
    if seq in known:
        if known[seq][0] == inner.digest:
            outcome.status = "duplicate"
            return
        _conflicting(db, txn, checked, outcome, "same sequence, different content")
        return
    if inner.kind == REPLY:
        _apply_reply_in_order(db, txn, checked, outcome, known)
        return
    before = known.get(seq - 1)
    if before is not None and before[0] != inner.manifest["prev_digest"]:
        _conflicting(db, txn, checked, outcome, "previous bundle differs")
        return
    after = known.get(seq + 1)
    if (
        after is not None
        and after[2] is not None
        and B.parse_inner(after[2]).manifest["prev_digest"] != inner.digest
    ):
        _conflicting(db, txn, checked, outcome, "next bundle does not follow")
        return
    applied = max((s for s, v in known.items() if v[1] == "applied"), default=0)
    if seq != applied + 1:
        _record_inbound(conn, checked, "pending", keep=True)
        top = max([seq, *known])
        outcome.status = "pending"
        outcome.missing = [n for n in range(applied + 1, top) if n not in known and n != seq]
        return
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    _apply(db, txn, checked, outcome)
    # Bundles held for this one can go in now, in order, in the same transaction.
    nxt = seq + 1
    while nxt in known and known[nxt][1] == "pending":
        try:  # checked again: the sender may have been revoked meanwhile
            held = _verify_inner(db, conn, B.parse_inner(known[nxt][2]))
        except B.BundleError:
            break
        _apply(db, txn, held, outcome)
        conn.execute(
            text(
                "DELETE FROM inbound_bundle WHERE sender_device = :d AND kind = :k "
                "AND seq = :s AND status = 'pending'"
            ),
            {**stream, "s": nxt},
        )
        _record_inbound(conn, held, "applied")
        outcome.also_applied.append(nxt)
        nxt += 1
    _record_inbound(conn, checked, "applied")
    pending_left = sorted(s for s, v in known.items() if v[1] == "pending" and s >= nxt)
    if pending_left:
        have = set(known) | {seq}
        outcome.missing = [n for n in range(nxt, pending_left[-1]) if n not in have]


def _apply_reply_in_order(
    db: Database, txn: Txn, checked: _Checked, outcome: Outcome, known: dict
) -> None:
    """Replies describe the station's state (a cumulative receipt, the relays still due, the
    criteria in force), so the newest one is all a commune needs: an older one arriving late
    is superseded, and a missing one is not waited for."""
    newest = max(known, default=0)
    if checked.inner.seq < newest:
        outcome.status, outcome.detail = "duplicate", "superseded"
        return
    before = known.get(checked.inner.seq - 1)
    if before is not None and before[0] != checked.inner.manifest["prev_digest"]:
        _conflicting(db, txn, checked, outcome, "previous bundle differs")
        return
    txn.conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    _apply(db, txn, checked, outcome)
    _record_inbound(txn.conn, checked, "applied")


def _record_inbound(conn: Connection, checked: _Checked, status: str, keep: bool = False) -> None:
    inner = checked.inner
    conn.execute(
        text(
            "INSERT INTO inbound_bundle (sender_device, sender_unit, kind, seq, digest, bundle_id, "
            "status, received_at, records, inner) VALUES (:d, :u, :k, :s, :g, :b, :st, :at, :n, :i)"
        ),
        {
            "d": inner.sender,
            "u": checked.peer.unit_code,
            "k": inner.kind,
            "s": inner.seq,
            "g": inner.digest,
            "b": inner.manifest["bundle_id"],
            "st": status,
            "at": M.utcnow(),
            "n": checked.incoming.count,
            "i": inner.data if keep else None,
        },
    )
    if status == "applied" and inner.kind == CHANGES:  # what the reports may rely on
        sync_state.record_applied(conn, inner.sender, inner.manifest["created_at"], M.utcnow())


def _conflicting(db: Database, txn: Txn, checked: _Checked, outcome: Outcome, detail: str) -> None:
    """A fork in a device's history (cloned laptop, restored backup): nothing is applied and
    a person is alerted. The alert is the only thing written."""
    outcome.status, outcome.reason, outcome.detail = "conflicting", "conflicting_history", detail
    txn.conn.execute(
        text(
            "INSERT INTO sync_alert (at, device_id, unit_code, kind, seq, detail) "
            "VALUES (:at, :d, :u, 'conflicting_history', :s, :x)"
        ),
        {
            "at": M.utcnow(),
            "d": checked.inner.sender,
            "u": checked.peer.unit_code,
            "s": checked.inner.seq,
            "x": detail,
        },
    )


def _apply(db: Database, txn: Txn, checked: _Checked, outcome: Outcome) -> None:
    conn = txn.conn
    station = db.role is Role.SUPERVISOR
    not_after = db.clock.wall_ms() + CLAMP_MARGIN_MS if station else None
    merged = R.merge(conn, checked.incoming, today=clock.today(), not_after=not_after)
    outcome.conflicts += merged.conflicts
    if merged.newest:
        try:  # our next stamps sort after what we merged (a clock far ahead is not followed)
            db.clock.observe(merged.newest)
        except StampError:
            pass
    if merged.clamped:
        outcome.clamped += merged.clamped
        conn.execute(
            text(
                "INSERT INTO sync_alert (at, device_id, unit_code, kind, seq, detail) "
                "VALUES (:at, :d, :u, 'clock_skew', :s, :x)"
            ),
            {
                "at": M.utcnow(),
                "d": checked.inner.sender,
                "u": checked.peer.unit_code,
                "s": checked.inner.seq,
                "x": f"{merged.clamped} stamps, up to "
                f"{(merged.lead_ms + CLAMP_MARGIN_MS) // 3_600_000} h ahead",
            },
        )
    for name, rows in checked.held.held.items():
        R.keep_losers(conn, name, [(row[0], "", tuple(row)) for row in rows])
    outcome.conflicts += checked.held.count
    if checked.inner.kind == REPLY:
        outcome.conflicts += _apply_reply(db, txn, checked)
    db.audit(
        txn,
        AuditAction.IMPORT,
        "inbound_bundle",
        checked.inner.manifest["bundle_id"],
        [checked.peer.unit_code, str(checked.inner.seq), str(checked.incoming.count)],
    )


def _apply_reply(db: Database, txn: Txn, checked: _Checked) -> int:
    conn = txn.conn
    payload = checked.payload
    receipt = payload["receipt"]
    conn.execute(
        text(
            "UPDATE outbound_bundle SET receipted_at = :at WHERE kind = :k AND seq <= :h "
            "AND receipted_at IS NULL"
        ),
        {"at": M.utcnow(), "k": CHANGES, "h": receipt["highest"]},
    )
    _set_meta(
        conn,
        "receipt",
        json.dumps({**receipt, "station": checked.inner.sender, "at": M.utcnow().isoformat()}),
    )
    _set_meta(conn, "revocations", json.dumps(payload["revocations"]))
    for code, population in payload["populations"]:
        conn.execute(
            text("UPDATE unit SET population = :p WHERE code = :c"), {"p": population, "c": code}
        )
    if payload["criteria"] is not None:
        try:
            criteria.adopt_criteria(conn, payload["criteria"])
        except ValueError as exc:
            raise B.BundleError("damaged", f"criteria: {exc}") from None
    return _adopt_transferred(db, txn, checked.incoming)


def _adopt_transferred(db: Database, txn: Txn, incoming: R.Incoming) -> int:
    """People who moved here become this commune's: their profile is taken over (a local
    change, sent back to the station with the next bundle) and an incoming transfer noted.
    One whose citizen ID a living profile here already has is not: it is kept in the
    conflicts list instead; returns how many were."""
    conn = txn.conn
    held = 0
    cols = R.columns(M.Transfer)
    at = {
        c: cols.index(c)
        for c in (
            "id",
            "person_id",
            "from_unit_code",
            "to_unit_code",
            "move_date",
            "deleted",
            "direction",
        )
    }
    for row in incoming.tables.get("transfer", []):
        if (
            row[at["to_unit_code"]] != db.unit_code
            or row[at["deleted"]]
            or row[at["direction"]] != TransferDirection.OUT.value
        ):
            continue
        person = txn.session.get(M.Person, row[at["person_id"]])
        if person is None or person.unit_code == db.unit_code:
            continue
        if (
            duplicates.citizen_id_holder(
                conn, db.unit_code, person.citizen_id, other_than=person.id
            )
            is not None
        ):
            # Someone here already has this citizen ID: taking the profile over would make
            # two. It waits in the conflicts list (the station relays it again with every
            # reply) until the officer sorts out which profile is right.
            R.keep_losers(
                conn,
                "person",
                [(person.id, "", tuple(row)) for row in R.rows_by_id(conn, M.Person, [person.id])],
            )
            held += 1
            continue
        person.unit_code, person.hamlet_id = db.unit_code, None
        stamp(db, txn, person)
        txn.session.add(person)
        arrival = M.Transfer(
            person_id=person.id,
            direction=TransferDirection.IN.value,
            unit_code=db.unit_code,
            from_unit_code=row[at["from_unit_code"]],
            to_unit_code=db.unit_code,
            move_date=date.fromisoformat(row[at["move_date"]]),
            notes="",
        )
        stamp(db, txn, arrival, created=True)
        txn.session.add(arrival)
        txn.session.flush()
        db.audit(txn, AuditAction.UPDATE, "person", person.id, ["unit_code", "hamlet_id"])
        db.audit(txn, AuditAction.CREATE, "transfer", arrival.id, ["direction"])
        search_index.reindex_persons(conn, [person.id])
        followups.refresh(conn, [person.id], today=clock.today())
    return held


def inspect(db: Database, data: bytes) -> dict:
    """What a bundle says about itself, checked as far as it can be without importing it."""
    keys = identity.own_keys(db)
    inner = B.parse_inner(B.decrypt(data, keys.age_identity))
    with db.engine.connect() as conn:
        peer = identity.peer(conn, inner.sender)
    signature = "unknown_sender"
    if peer is not None:
        try:
            inner.verify(peer.sign_key)
            signature = "valid"
        except B.BundleError:
            signature = "forged"
    return {
        "manifest": inner.manifest,
        "digest": inner.digest,
        "signature": signature,
        "addressed_to_us": db.device_id in inner.manifest["recipients"],
        "demo": inner.demo,
        "demo_fits": inner.demo == db.demo,
    }
