"""Creating and unlocking a vault's database: the heavy half of
:class:`nghean_tui.storage.vault.Vault` (the keyslots' cryptography, the SQLCipher engine, the
models and the migrations), imported when a database is first created or unlocked, never
before the first screen is painted.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import AuditAction, Role
from nghean_tui.domain.validation import ValidationError, clean
from nghean_tui.storage import device_keys, followups, migrate, reference, search_index
from nghean_tui.storage.database import DEMO_KEY, Database, stamp
from nghean_tui.storage.engine import WrongKey, connect, make_engine
from nghean_tui.storage.folder import PARTIAL_DB_FILE, StorageError
from nghean_tui.storage.keyslots import KdfParams, KeyslotError, KeyslotFile, Unlocked, WrongSecret
from nghean_tui.storage.throttle import UnlockThrottle


class Folder(Protocol):
    """What creating and unlocking need of a :class:`nghean_tui.storage.vault.Vault` (which
    imports this module when first used: typed by its shape, no import back)."""

    data_dir: Path
    throttle: UnlockThrottle

    @property
    def keyslots(self) -> KeyslotFile: ...

    @property
    def db_path(self) -> Path: ...

    @property
    def initialised(self) -> bool: ...


def create(
    vault: Folder,
    *,
    role: Role,
    unit_code: str,
    officer_name: str,
    passphrase: str,
    kdf: KdfParams | None = None,
    demo: bool = False,
) -> tuple[Database, str]:
    """Create the database; returns it unlocked and the recovery code (to show once).

    ``demo`` marks it, from its first transaction, as a demo database (synthetic data):
    its cards and bundles say so, and real installations refuse them (and it theirs).

    Built under a temporary name and renamed only after the keyslots are safely written,
    so a crash during setup never leaves a database that nothing can open.
    """
    if vault.initialised:
        raise StorageError("already_initialised", path=str(vault.db_path))
    if reference.unit(unit_code) is None:
        raise StorageError("unknown_unit", code=unit_code)
    partial = vault.data_dir / PARTIAL_DB_FILE
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)

    dbk, db_id = os.urandom(32), str(uuid.uuid4())
    officer_id = str(uuid.uuid4())
    # Owner-only from the start; SQLite gives the -wal and -shm the same mode.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    engine = make_engine(partial, dbk, pool_size=1)
    try:
        with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            migrate.upgrade(conn)
            meta = {
                "db_id": db_id,
                "device_id": uuid.uuid4().hex[:16],
                "role": role.value,
                "unit_code": unit_code,
                "change_seq": "0",
                "hlc": "",
                "followups_stale": "0",
                "rules_fingerprint": followups.rules_fingerprint(),
                "search_index": search_index.INDEX_VERSION,
            }
            if demo:
                meta[DEMO_KEY] = "1"
            for key, value in meta.items():
                conn.execute(
                    text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
                    {"k": key, "v": value},
                )
            reference.load_units(conn)
            device_keys.ensure_keys(conn)
    finally:
        engine.dispose()
    # Fold the WAL into the file before it is renamed: the -wal is named after the file.
    checkpoint = connect(partial, dbk)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()

    vault.keyslots.create(db_id)
    slot_id = vault.keyslots.add_passphrase(dbk, officer_id, passphrase, kdf)
    code = vault.keyslots.set_recovery(dbk)
    vault.keyslots.save(dbk)
    Path(f"{partial}-wal").unlink(missing_ok=True)
    Path(f"{partial}-shm").unlink(missing_ok=True)
    os.replace(partial, vault.db_path)

    db = Database(vault.data_dir, dbk, Unlocked(dbk, slot_id, "passphrase", officer_id))
    # The first officer, written before anyone can log in.
    values, issues = clean(models.Officer, {"full_name": officer_name}, today=clock.today())
    if any(not i.warning for i in issues):
        raise ValidationError(issues)
    db.officer_id = officer_id
    with db.write() as txn:
        officer = models.Officer(id=officer_id, unit_code=db.unit_code, **values)
        stamp(db, txn, officer, created=True)
        txn.session.add(officer)
        txn.session.flush()
        db.audit(txn, AuditAction.CREATE, "officer", officer_id, list(values))
    vault.throttle.record_success(slot_id)
    return db, code


def unlock(
    vault: Folder,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
    escrow_identity=None,
) -> Database:
    """Open with one of the three kinds of secret; wrong ones grow the wait."""
    if not vault.initialised:
        raise StorageError("not_initialised", path=str(vault.data_dir))
    wait = vault.throttle.remaining()
    if wait > 0:
        raise StorageError("wait", seconds=wait)
    try:
        vault.keyslots.load()
    except KeyslotError as exc:
        raise StorageError(f"keyslots_{exc.reason}") from None
    try:
        if passphrase is not None:
            unlocked = vault.keyslots.unlock_passphrase(passphrase, vault.throttle.last_slot)
        elif recovery_code is not None:
            unlocked = vault.keyslots.unlock_recovery(recovery_code)
        else:
            unlocked = vault.keyslots.unlock_escrow(escrow_identity)
    except WrongSecret:
        delay = vault.throttle.record_failure()
        raise StorageError("wrong_secret", seconds=delay) from None
    except KeyslotError as exc:
        if exc.reason == "recovery_code_malformed":
            raise StorageError("recovery_code_malformed") from None
        raise StorageError(f"keyslots_{exc.reason}") from None
    try:
        probe = connect(vault.db_path, unlocked.dbk)
    except WrongKey:
        # The slot opened, so it was made with some key, but not this database's.
        raise StorageError("keyslots_foreign") from None
    probe.close()
    vault.throttle.record_success(unlocked.slot_id)
    vault.keyslots.verify_and_repair(unlocked.dbk)
    migrated = _upgrade(vault, unlocked.dbk)
    db = Database(vault.data_dir, unlocked.dbk, unlocked)
    if db.identity.db_id != vault.keyslots.db_id:
        db.close()
        raise StorageError("keyslots_foreign")
    action = {
        "passphrase": AuditAction.UNLOCK,
        "recovery": AuditAction.UNLOCK_RECOVERY,
        "escrow": AuditAction.UNLOCK_ESCROW,
    }[unlocked.kind]
    with db.write() as txn:
        db.audit(txn, action)
        # After a migration or an update of the legal rules, every due date is recomputed;
        # after a change in what search indexes, the index is rebuilt.
        rebuilt = False
        if followups.needs_rebuild(txn.conn):
            followups.rebuild_all(txn.conn, today=clock.today())
            rebuilt = True
        if search_index.needs_rebuild(txn.conn):
            search_index.rebuild(txn.conn)
            rebuilt = True
    try:  # after a new schema or rebuilt tables, every table; otherwise what changed
        db.refresh_statistics(every_table=migrated or rebuilt)
    except DBAPIError:  # statistics only guide the planner: never refuse an unlock for them
        pass
    return db


def _upgrade(vault: Folder, dbk: bytes) -> bool:
    """Migrate to the current schema; True if anything ran."""
    engine = make_engine(vault.db_path, dbk, pool_size=1)
    try:
        with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            return migrate.upgrade(conn)
    finally:
        engine.dispose()
