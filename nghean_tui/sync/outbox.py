"""Export: a commune's changes into bundles, kept in the outbox until a receipt covers them.

Every record written here since the previous bundle goes out, signed and encrypted to the
commune's enrolled station(s), in as many bundles as a station's limits require. The bundles
stay in ``outbound_bundle`` byte for byte, so a lost stick costs nothing: the same bundles are
written again (resent) until the station's reply receipts them (:mod:`~nghean_tui.sync.reply`).
The station's replies are made and kept here the same way, a stream per commune device.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text

import nghean_tui
from nghean_tui.domain import models
from nghean_tui.domain.enums import AuditAction, Role
from nghean_tui.storage import sync_state
from nghean_tui.storage.database import Database, Txn
from nghean_tui.sync import bundle, exchange, files, identity, records
from nghean_tui.sync.exchange import CHANGES, SyncError

# What one exported bundle holds at most: under the limits a station accepts
# (bundle.MAX_RECORDS, MAX_PAYLOAD_RAW), with room for the JSON around the rows.
EXPORT_RECORDS = 20_000
EXPORT_BYTES = 12 * 1024 * 1024


@dataclass(frozen=True)
class Outbound:
    id: int
    kind: str
    seq: int
    file_name: str
    records: int
    size: int
    data: bytes = field(repr=False)


def next_in_stream(conn: Connection, kind: str, stream: str) -> tuple[int, str]:
    """The next sequence number of a stream of bundles written here, and the digest of the
    previous bundle (empty for the first)."""
    row = conn.execute(
        text(
            "SELECT seq, digest FROM outbound_bundle WHERE kind = :k AND stream = :s "
            "ORDER BY seq DESC LIMIT 1"
        ),
        {"k": kind, "s": stream},
    ).first()
    return (row[0] + 1, row[1]) if row else (1, "")


def manifest(
    db: Database, kind: str, seq: int, prev: str, recipients: list[str], counts: dict[str, int]
) -> dict:
    return {
        "bundle_id": uuid.uuid4().hex,
        "kind": kind,
        "sender": {"device_id": db.device_id, "unit_code": db.unit_code, "role": db.role.value},
        "recipients": sorted(set(recipients)),
        "seq": seq,
        "prev_digest": prev,
        "schema": exchange.BUNDLE_SCHEMA,
        "app_version": nghean_tui.__version__,
        "created_at": models.utcnow().isoformat(),
        "counts": counts,
        # Signed with the rest; absent from a real database's bundles, which therefore
        # keep the format older installations read (docs/bundle-format.md).
        **({"demo": True} if db.demo else {}),
    }


def store_outbound(
    txn: Txn,
    kind: str,
    stream: str,
    seq: int,
    name: str,
    inner: bundle.Inner,
    data: bytes,
    count: int,
) -> Outbound:
    """Keep a bundle just made, byte for byte, in the outbox."""
    row = sync_state.OutboundBundle(
        kind=kind,
        stream=stream,
        seq=seq,
        digest=inner.digest,
        bundle_id=inner.manifest["bundle_id"],
        file_name=name,
        created_at=models.utcnow(),
        records=count,
        data=data,
    )
    txn.session.add(row)
    txn.session.flush()
    assert row.id is not None  # given by the flush (an autoincrement key)
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
        watermark = int(exchange.meta_value(conn, "export_watermark", "0"))
        top = int(exchange.meta_value(conn, "change_seq", "0"))
        for chunk in _chunks(conn, watermark):
            tables = {
                name: records.table_block(records.BY_NAME[name], rows) for name, rows in chunk
            }
            counts = {name: len(rows) for name, rows in chunk}
            seq, prev = next_in_stream(conn, CHANGES, CHANGES)
            signed = manifest(db, CHANGES, seq, prev, [s.device_id for s in stations], counts)
            inner = bundle.parse_inner(bundle.build_inner(signed, {"records": tables}, keys.signer))
            data = bundle.encrypt(inner.data, [s.age_recipient for s in stations])
            name = f"{db.unit_code}-{seq:06d}{bundle.EXTENSION}"
            out = store_outbound(
                txn, CHANGES, CHANGES, seq, name, inner, data, sum(counts.values())
            )
            db.audit(txn, AuditAction.EXPORT, "outbound_bundle", str(out.id), [str(seq)])
            made.append(out)
        if made:
            exchange.set_meta(conn, "export_watermark", str(top))
            exchange.set_meta(conn, "last_export_at", models.utcnow().isoformat())
    return made


def _chunks(conn: Connection, watermark: int) -> Iterator[list[tuple[str, list[list]]]]:
    """The changed rows, in table order (parents first), cut into bundle-sized lists of
    (table, rows)."""
    chunk: list[tuple[str, list[list]]] = []
    count = size = 0
    for model in records.MODELS:
        name = records.table_name(model)
        rows = records.changed_rows(conn, model, watermark)
        start = 0
        for i, row in enumerate(rows):
            weight = len(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8")) + 1
            if count and (count + 1 > EXPORT_RECORDS or size + weight > EXPORT_BYTES):
                if i > start:
                    chunk.append((name, rows[start:i]))
                yield chunk
                chunk, count, size, start = [], 0, 0, i
            count += 1
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


def bundles(db: Database, *, include_receipted: bool = False) -> list[Outbound]:
    """Bundles written here, oldest first (by default only those not yet receipted): what a
    resend writes again."""
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
    """One bundle of the outbox by its stream and sequence number (to resend it)."""
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT id, kind, seq, file_name, records, data FROM outbound_bundle "
                "WHERE kind = :k AND stream = :s AND seq = :q"
            ),
            {"k": kind, "s": stream or kind, "q": seq},
        ).first()
    return Outbound(row[0], row[1], row[2], row[3], row[4], len(row[5]), row[5]) if row else None
