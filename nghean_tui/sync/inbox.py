"""Import, steps 8–9 (docs/bundle-format.md §7): a verified bundle's sequence state, then its
records applied and the bundle recorded, all or nothing, with an :class:`Outcome` per file.

Bundles of each sender's stream go in in order: one that comes early is held (``pending``)
until those before it arrive, then applied with them; an exact copy is a ``duplicate``; a
second bundle under a number already taken, or one that does not chain to its neighbours,
is a fork in the sender's history (``conflicting``: only an alert is written). A folder is
imported in batches, each bundle still all or nothing, with the outcomes of importing the
files one by one. Verification (steps 1–7) is :mod:`~nghean_tui.sync.verify`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import AuditAction, Role
from nghean_tui.domain.hlc import StampError
from nghean_tui.storage import sync_state
from nghean_tui.storage.database import Database, Txn
from nghean_tui.sync import bundle, files, identity, records, reply, verify
from nghean_tui.sync.bundle import BundleError
from nghean_tui.sync.exchange import CHANGES, REPLY
from nghean_tui.sync.outcome import ImportStatus, Outcome

IMPORT_CACHE_KIB = -65536  # negative: KiB (64 MiB) of page cache while importing
DEFAULT_CACHE_KIB = -16384  # what every connection has otherwise (storage.engine)
# At a station, a record's version stamp may be at most this far ahead of the station's clock;
# a later one is stored clamped to it (records.merge), the original kept in stamp_clamp, and
# the device gets a clock_skew alert. A day: a laptop showing the right local time under the
# wrong time zone (common) is hours off in UTC, which stamps use, and must not be flagged.
CLAMP_MARGIN_MS = 24 * 3600 * 1000
# A folder import applies several bundles per transaction: index pages that many bundles
# touch are then encrypted and written once per batch instead of once per bundle, and one
# commit (fsync) serves them all. Each bundle still applies all-or-nothing (a savepoint).
# A batch holds the inner layers it has opened (each file's outer bytes are dropped as soon
# as it is decrypted), so it is bounded in bytes too: memory does not grow with the folder.
BATCH_BUNDLES = 40
BATCH_RECORDS = 60_000
BATCH_BYTES = 32 * 1024 * 1024

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
    return name, Outcome(name, ImportStatus.REJECTED, _FILE_REASONS.get(reason, "unreadable"))


def _open(keys: identity.Keys, data: bytes, name: str) -> bundle.Inner | Outcome:
    """Steps 1–3, a refusal as the file's outcome."""
    try:
        return verify.open_inner(keys.age_identity, data)
    except BundleError as exc:
        return Outcome(name, ImportStatus.REJECTED, exc.reason, exc.detail)


def import_bundle(db: Database, data: bytes, name: str = "") -> Outcome:
    """Import one bundle file's bytes. Never raises for a bad bundle: the outcome says why."""
    opened = _open(identity.own_keys(db), data, name)
    del data  # the inner layer is all that is kept
    if isinstance(opened, Outcome):
        return opened
    return _import_alone(db, opened, name)


def _verified(
    db: Database, conn: Connection, inner: bundle.Inner, name: str
) -> verify.Verified | Outcome:
    """Steps 4–7, a refusal or a duplicate as the file's outcome."""
    try:
        return verify.verify_inner(db, conn, inner)
    except BundleError as exc:
        return Outcome(name, ImportStatus.REJECTED, exc.reason, exc.detail)
    except verify.AlreadyApplied as seen:
        return Outcome(
            name,
            ImportStatus.DUPLICATE,
            kind=inner.kind,
            sender_device=inner.sender,
            sender_unit=seen.peer.unit_code,
            seq=inner.seq,
            records=seen.records,
        )


def _accepted(verified: verify.Verified, name: str) -> Outcome:
    inner = verified.inner
    return Outcome(
        name,
        ImportStatus.ACCEPTED,
        kind=inner.kind,
        sender_device=inner.sender,
        sender_unit=verified.peer.unit_code,
        seq=inner.seq,
        records=verified.incoming.count,
    )


def _import_alone(db: Database, inner: bundle.Inner, name: str) -> Outcome:
    """Steps 4–9 for one opened bundle, in a transaction of its own."""
    with db.engine.connect() as conn:
        verified = _verified(db, conn, inner, name)
    if isinstance(verified, Outcome):
        return verified
    outcome = _accepted(verified, name)
    try:
        with db.write() as txn:
            if verified.incoming.count > 1000:
                # A large bundle inserts at random places in every index of a large
                # database: a bigger page cache for this connection saves decrypting the
                # same pages again and again (a province's import ran twice as fast).
                txn.conn.exec_driver_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
            _sequence_and_apply(db, txn, verified, outcome)
            # The connection goes back to the pool: back to the memory budget.
            txn.conn.exec_driver_sql(f"PRAGMA cache_size = {DEFAULT_CACHE_KIB}")
    except IntegrityError:
        return Outcome(
            name,
            ImportStatus.REJECTED,
            "damaged",
            "references records that are not here",
            kind=inner.kind,
            sender_device=inner.sender,
            sender_unit=verified.peer.unit_code,
            seq=inner.seq,
        )
    return outcome


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
    batch: list[tuple[str, bundle.Inner | Outcome]] = []
    count = size = 0

    def flush() -> None:
        nonlocal batch, count, size
        for outcome in _import_batch(db, batch):
            outcomes.append(outcome)
            if done is not None:
                done(outcome)
        batch, count, size = [], 0, 0

    for name, data in items:
        opened = data if isinstance(data, Outcome) else _open(keys, data, name)
        del data
        batch.append((name, opened))
        if isinstance(opened, bundle.Inner):
            count += sum(opened.manifest["counts"].values())
            size += len(opened.data)
        if len(batch) >= BATCH_BUNDLES or count >= BATCH_RECORDS or size >= BATCH_BYTES:
            flush()
    if batch:
        flush()
    return outcomes


def _import_batch(db: Database, batch: list[tuple[str, bundle.Inner | Outcome]]) -> list[Outcome]:
    opened = [entry for entry in batch if isinstance(entry[1], bundle.Inner)]
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
                if outcome.status == ImportStatus.REJECTED:
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


def _import_opened(db: Database, txn: Txn, inner: bundle.Inner, name: str) -> Outcome:
    """Steps 4–9 for a bundle already decrypted and parsed, inside ``txn``."""
    verified = _verified(db, txn.conn, inner, name)
    if isinstance(verified, Outcome):
        return verified
    outcome = _accepted(verified, name)
    _sequence_and_apply(db, txn, verified, outcome)
    return outcome


def _sequence_and_apply(
    db: Database, txn: Txn, verified: verify.Verified, outcome: Outcome
) -> None:
    """Step 8 (sequence state), then step 9 (apply) in the caller's transaction."""
    conn = txn.conn
    inner = verified.inner
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
            outcome.status = ImportStatus.DUPLICATE
            return
        _conflicting(txn, verified, outcome, "same sequence, different content")
        return
    if inner.kind == REPLY:
        _apply_reply_in_order(db, txn, verified, outcome, known)
        return
    before = known.get(seq - 1)
    if before is not None and before[0] != inner.manifest["prev_digest"]:
        _conflicting(txn, verified, outcome, "previous bundle differs")
        return
    after = known.get(seq + 1)
    if (
        after is not None
        and after[2] is not None
        and bundle.parse_inner(after[2]).manifest["prev_digest"] != inner.digest
    ):
        _conflicting(txn, verified, outcome, "next bundle does not follow")
        return
    applied = max((s for s, v in known.items() if v[1] == "applied"), default=0)
    if seq != applied + 1:
        _record_inbound(conn, verified, "pending", keep=True)
        top = max([seq, *known])
        outcome.status = ImportStatus.PENDING
        outcome.missing = [n for n in range(applied + 1, top) if n not in known and n != seq]
        return
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    _apply(db, txn, verified, outcome)
    # Bundles held for this one can go in now, in order, in the same transaction.
    nxt = seq + 1
    while nxt in known and known[nxt][1] == "pending":
        try:  # checked again: the sender may have been revoked meanwhile
            held = verify.verify_inner(db, conn, bundle.parse_inner(known[nxt][2]))
        except BundleError:
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
    _record_inbound(conn, verified, "applied")
    pending_left = sorted(s for s, v in known.items() if v[1] == "pending" and s >= nxt)
    if pending_left:
        have = set(known) | {seq}
        outcome.missing = [n for n in range(nxt, pending_left[-1]) if n not in have]


def _apply_reply_in_order(
    db: Database, txn: Txn, verified: verify.Verified, outcome: Outcome, known: dict
) -> None:
    """Replies describe the station's state (a cumulative receipt, the relays still due, the
    criteria in force), so the newest one is all a commune needs: an older one arriving late
    is superseded, and a missing one is not waited for."""
    newest = max(known, default=0)
    if verified.inner.seq < newest:
        outcome.status, outcome.detail = ImportStatus.DUPLICATE, "superseded"
        return
    before = known.get(verified.inner.seq - 1)
    if before is not None and before[0] != verified.inner.manifest["prev_digest"]:
        _conflicting(txn, verified, outcome, "previous bundle differs")
        return
    txn.conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    _apply(db, txn, verified, outcome)
    _record_inbound(txn.conn, verified, "applied")


def _record_inbound(
    conn: Connection, verified: verify.Verified, status: str, keep: bool = False
) -> None:
    """Note the bundle in ``inbound_bundle``: ``applied``, or ``pending`` with its verified
    inner layer kept (``keep``) until the bundles before it arrive."""
    inner = verified.inner
    conn.execute(
        text(
            "INSERT INTO inbound_bundle (sender_device, sender_unit, kind, seq, digest, bundle_id, "
            "status, received_at, records, inner) VALUES (:d, :u, :k, :s, :g, :b, :st, :at, :n, :i)"
        ),
        {
            "d": inner.sender,
            "u": verified.peer.unit_code,
            "k": inner.kind,
            "s": inner.seq,
            "g": inner.digest,
            "b": inner.manifest["bundle_id"],
            "st": status,
            "at": models.utcnow(),
            "n": verified.incoming.count,
            "i": inner.data if keep else None,
        },
    )
    if status == "applied" and inner.kind == CHANGES:  # what the reports may rely on
        sync_state.record_applied(conn, inner.sender, inner.manifest["created_at"], models.utcnow())


def _conflicting(txn: Txn, verified: verify.Verified, outcome: Outcome, detail: str) -> None:
    """A fork in a device's history (cloned laptop, restored backup): nothing is applied and
    a person is alerted. The alert is the only thing written."""
    outcome.status, outcome.reason, outcome.detail = (
        ImportStatus.CONFLICTING,
        "conflicting_history",
        detail,
    )
    txn.conn.execute(
        text(
            "INSERT INTO sync_alert (at, device_id, unit_code, kind, seq, detail) "
            "VALUES (:at, :d, :u, 'conflicting_history', :s, :x)"
        ),
        {
            "at": models.utcnow(),
            "d": verified.inner.sender,
            "u": verified.peer.unit_code,
            "s": verified.inner.seq,
            "x": detail,
        },
    )


def _apply(db: Database, txn: Txn, verified: verify.Verified, outcome: Outcome) -> None:
    """Step 9 for one bundle: merge its records, keep what the scope check set aside and,
    for a reply, apply its other sections."""
    conn = txn.conn
    station = db.role is Role.SUPERVISOR
    not_after = db.clock.wall_ms() + CLAMP_MARGIN_MS if station else None
    merged = records.merge(conn, verified.incoming, today=clock.today(), not_after=not_after)
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
                "at": models.utcnow(),
                "d": verified.inner.sender,
                "u": verified.peer.unit_code,
                "s": verified.inner.seq,
                "x": f"{merged.clamped} stamps, up to "
                f"{(merged.lead_ms + CLAMP_MARGIN_MS) // 3_600_000} h ahead",
            },
        )
    for name, rows in verified.held.held.items():
        records.keep_losers(conn, name, [(row[0], "", tuple(row)) for row in rows])
    outcome.conflicts += verified.held.count
    if verified.inner.kind == REPLY:
        outcome.conflicts += reply.apply_reply(
            db, txn, verified.payload, verified.inner.sender, verified.incoming
        )
    db.audit(
        txn,
        AuditAction.IMPORT,
        "inbound_bundle",
        verified.inner.manifest["bundle_id"],
        [verified.peer.unit_code, str(verified.inner.seq), str(verified.incoming.count)],
    )
