"""Creating, unlocking and using the encrypted database.

:class:`Vault` is what exists before unlocking: the data folder, the instance lock, the keyslot
file and the wrong-passphrase throttle. Unlocking yields a :class:`Database`, which holds the key
and the engine; closing it drops both (the idle lock does that) while the vault keeps the
instance lock, so no second copy of the application can open the database meanwhile.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import AuditAction, Role
from nghean_tui.domain.hlc import HybridClock
from nghean_tui.domain.validation import ValidationError, clean
from nghean_tui.storage import audit, device_keys, followups, migrate, safefile, search_index
from nghean_tui.storage.engine import WrongKey, connect, make_engine
from nghean_tui.storage.keyslots import KdfParams, KeyslotError, KeyslotFile, Unlocked, WrongSecret
from nghean_tui.storage.lock import DatabaseBusy, InstanceLock
from nghean_tui.storage.throttle import UnlockThrottle

DB_FILE = "nghean.db"
PARTIAL_DB_FILE = "nghean.db.partial"
LOCK_FILE = "nghean.lock"
THROTTLE_FILE = "unlock-state.json"
# The ``meta`` key that marks a demo database ("1"); a real database has no such key. Set at
# creation, never cleared: synthetic data cannot become real (docs/security-notes.md).
DEMO_KEY = "demo"


class StorageError(Exception):
    """A refusal with a stable ``reason`` code (messages live in the catalogue)."""

    def __init__(self, reason: str, **params) -> None:
        self.reason, self.params = reason, params
        super().__init__(reason if not params else f"{reason} {params}")


# Rows sampled per index when the planner's statistics are gathered (SQLite suggests
# 100–1000): enough for good plans; a first analysis of 300,000 people takes 2–3 s, in the
# unlock worker, once (bench/close.py).
ANALYSIS_LIMIT = 400


@dataclass(frozen=True)
class Identity:
    db_id: str
    device_id: str
    role: Role
    unit_code: str


class Txn:
    """One write transaction: the session, and the change counter and clock stamps for it."""

    def __init__(self, db: Database, session: Session) -> None:
        self.db, self.session = db, session

    @property
    def conn(self) -> Connection:
        return self.session.connection()

    @cached_property
    def change_seq(self) -> int:
        """This transaction's place in the order of local writes (taken on first use)."""
        return self.conn.execute(
            text(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq' "
                "RETURNING CAST(value AS INTEGER)"
            )
        ).scalar_one()

    def stamp(self) -> str:
        return self.db.clock.now()


class Database:
    """An unlocked database. Thread-safe: each worker uses its own session."""

    read_only = False  # see storage.scoped.UnitView

    def __init__(self, data_dir: Path, dbk: bytes, unlocked: Unlocked) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_FILE
        self._dbk: bytes | None = dbk
        self.engine = make_engine(self.path, dbk)
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self.slot_id = unlocked.slot_id
        self.unlocked_by = unlocked.kind
        self.officer_id: str | None = unlocked.officer_id
        with self.engine.connect() as conn:
            meta: dict[str, str] = dict(conn.execute(text("SELECT key, value FROM meta")).all())
        self.identity = Identity(
            meta["db_id"], meta["device_id"], Role(meta["role"]), meta["unit_code"]
        )
        self.clock = HybridClock(self.identity.device_id, meta.get("hlc") or None)

    # ------------------------------------------------------------ convenience

    @property
    def unit_code(self) -> str:
        return self.identity.unit_code

    @property
    def device_id(self) -> str:
        return self.identity.device_id

    @property
    def role(self) -> Role:
        return self.identity.role

    @property
    def closed(self) -> bool:
        return self._dbk is None

    @property
    def key(self) -> bytes:
        if self._dbk is None:
            raise StorageError("locked")
        return self._dbk

    # ------------------------------------------------------------ sessions

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for reading. Closing the session ends the transaction
        without expiring the objects read, so they stay usable afterwards."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Txn]:
        """A write transaction holding the write lock from its start; commits on success."""
        with Session(self._writer, expire_on_commit=False) as session:
            txn = Txn(self, session)
            try:
                yield txn
                if "change_seq" in txn.__dict__:
                    txn.conn.execute(
                        text("UPDATE meta SET value = :v WHERE key = 'hlc'"), {"v": self.clock.last}
                    )
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def audit(
        self, txn: Txn, action: AuditAction, table_name: str = "", record_id: str = "", fields=()
    ) -> None:
        audit.append(
            txn.conn,
            officer_id=self.officer_id,
            action=action,
            table_name=table_name,
            record_id=record_id,
            fields=fields,
        )

    @property
    def demo(self) -> bool:
        """A demo database (synthetic data, ``meta`` key ``demo``), never a real one."""
        return self.meta(DEMO_KEY) == "1"

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).first()
        return row[0] if row else default

    def refresh_statistics(self, *, every_table: bool = False) -> None:
        """Bring the query planner's statistics (``sqlite_stat1``) up to date, cheaply.

        SQLite's advice for a connection that stays open: ``PRAGMA optimize=0x10002`` when it
        opens, which analyses only the tables never analysed or whose size has changed a
        lot since (a no-op, about a millisecond, on most unlocks); ``every_table`` runs
        ``ANALYZE`` on all of them, after a migration or a bulk load. Either way each index
        is sampled (``ANALYSIS_LIMIT`` rows), so the cost stays bounded on a large database.
        Runs where the database is opened (a worker, the command line), never at close:
        closing happens on the interface thread, on every lock and every exit.
        """
        # Committed: a statement on a connection that is rolled back afterwards (closing
        # used to run PRAGMA optimize that way) leaves no statistics at all, so every
        # close analysed every table again.
        with self._writer.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            conn.exec_driver_sql("ANALYZE" if every_table else "PRAGMA optimize = 0x10002")

    def close(self) -> None:
        """Drop the engine and forget the key (the vault keeps the instance lock).

        Nothing else happens here: it runs on the interface thread (Ctrl+L, the idle lock,
        exit), so it must stay quick on the largest database.
        """
        if self._dbk is None:
            return
        self.engine.dispose()
        self._dbk = None


def stamp(db: Database, txn: Txn, obj: models.Synced, *, created: bool = False) -> None:
    """Mark a row as written here, now, by the officer signed in: its times, version stamp,
    origin and this transaction's change number (what the next bundle will carry)."""
    now = models.utcnow()
    if created:
        obj.created_at = now
    obj.updated_at = now
    obj.written_by = db.officer_id
    obj.version = txn.stamp()
    obj.origin_device = db.device_id
    obj.change_seq = txn.change_seq


class Vault:
    """The data folder of one database, held by this process."""

    def __init__(self, data_dir: Path, *, throttle_base: float | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        safefile.protect(self.data_dir)  # no bundle, card or report is ever written in here
        try:
            os.chmod(self.data_dir, 0o700)
        except OSError:
            pass
        self.lock = InstanceLock(self.data_dir / LOCK_FILE)
        try:
            self.lock.acquire()
        except DatabaseBusy as exc:
            raise StorageError("busy", pid=exc.pid) from None
        self.keyslots = KeyslotFile(self.data_dir)
        kwargs = {} if throttle_base is None else {"base": throttle_base}
        self.throttle = UnlockThrottle(self.data_dir / THROTTLE_FILE, **kwargs)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE

    @property
    def initialised(self) -> bool:
        return self.db_path.exists()

    def close(self) -> None:
        self.lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ setup

    def create(
        self,
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
        from nghean_tui.storage import reference

        if self.initialised:
            raise StorageError("already_initialised", path=str(self.db_path))
        if reference.unit(unit_code) is None:
            raise StorageError("unknown_unit", code=unit_code)
        partial = self.data_dir / PARTIAL_DB_FILE
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

        self.keyslots.create(db_id)
        slot_id = self.keyslots.add_passphrase(dbk, officer_id, passphrase, kdf)
        code = self.keyslots.set_recovery(dbk)
        self.keyslots.save(dbk)
        Path(f"{partial}-wal").unlink(missing_ok=True)
        Path(f"{partial}-shm").unlink(missing_ok=True)
        os.replace(partial, self.db_path)

        db = Database(self.data_dir, dbk, Unlocked(dbk, slot_id, "passphrase", officer_id))
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
        self.throttle.record_success(slot_id)
        self.refresh_nameplate(db)
        return db, code

    # ------------------------------------------------------------ unlocking

    def wait_remaining(self) -> float:
        return self.throttle.remaining()

    def unlock(
        self,
        *,
        passphrase: str | None = None,
        recovery_code: str | None = None,
        escrow_identity=None,
    ) -> Database:
        """Open with one of the three kinds of secret; wrong ones grow the wait."""
        if not self.initialised:
            raise StorageError("not_initialised", path=str(self.data_dir))
        wait = self.throttle.remaining()
        if wait > 0:
            raise StorageError("wait", seconds=wait)
        try:
            self.keyslots.load()
        except KeyslotError as exc:
            raise StorageError(f"keyslots_{exc.reason}") from None
        try:
            if passphrase is not None:
                unlocked = self.keyslots.unlock_passphrase(passphrase, self.throttle.last_slot)
            elif recovery_code is not None:
                unlocked = self.keyslots.unlock_recovery(recovery_code)
            else:
                unlocked = self.keyslots.unlock_escrow(escrow_identity)
        except WrongSecret:
            delay = self.throttle.record_failure()
            raise StorageError("wrong_secret", seconds=delay) from None
        except KeyslotError as exc:
            if exc.reason == "recovery_code_malformed":
                raise StorageError("recovery_code_malformed") from None
            raise StorageError(f"keyslots_{exc.reason}") from None
        try:
            probe = connect(self.db_path, unlocked.dbk)
        except WrongKey:
            # The slot opened, so it was made with some key, but not this database's.
            raise StorageError("keyslots_foreign") from None
        probe.close()
        self.throttle.record_success(unlocked.slot_id)
        self.keyslots.verify_and_repair(unlocked.dbk)
        migrated = self._upgrade(unlocked.dbk)
        db = Database(self.data_dir, unlocked.dbk, unlocked)
        if db.identity.db_id != self.keyslots.db_id:
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
        self.refresh_nameplate(db)
        return db

    def _upgrade(self, dbk: bytes) -> bool:
        """Migrate to the current schema; True if anything ran."""
        engine = make_engine(self.db_path, dbk, pool_size=1)
        try:
            with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
                return migrate.upgrade(conn)
        finally:
            engine.dispose()

    # ------------------------------------------------------------ managing keyslots

    def _save_slots(self, db: Database, action_fields: list[str]) -> None:
        self.keyslots.save(db.key)
        with db.write() as txn:
            db.audit(txn, AuditAction.KEYSLOT, "keyslots", "", action_fields)
        self.refresh_nameplate(db)

    def refresh_nameplate(self, db: Database) -> None:
        """Rewrite what the unlock screen shows before unlocking (storage.nameplate)."""
        from nghean_tui.storage import nameplate

        nameplate.refresh(db, self.officers_with_passphrase())

    def add_passphrase(
        self, db: Database, officer_id: str, passphrase: str, kdf: KdfParams | None = None
    ) -> str:
        for slot in self.keyslots.passphrase_slots():
            if slot.get("officer_id") == officer_id:
                raise StorageError("officer_has_passphrase")
        slot_id = self.keyslots.add_passphrase(db.key, officer_id, passphrase, kdf)
        self._save_slots(db, ["add_passphrase"])
        return slot_id

    def change_passphrase(
        self, db: Database, officer_id: str, passphrase: str, kdf: KdfParams | None = None
    ) -> None:
        slot = self._officer_slot(officer_id)
        self.keyslots.rewrap_passphrase(db.key, slot["id"], passphrase, kdf)
        self._save_slots(db, ["change_passphrase"])

    def remove_passphrase(self, db: Database, officer_id: str) -> None:
        slot = self._officer_slot(officer_id)
        try:
            self.keyslots.remove(slot["id"])
        except KeyslotError as exc:
            raise StorageError(exc.reason) from None
        self._save_slots(db, ["remove_passphrase"])

    def add_escrow(self, db: Database, recipient: str, device_id: str) -> None:
        """Escrow the database key to an enrolled station (replacing that station's slot)."""
        try:
            self.keyslots.add_escrow(db.key, recipient, device_id)
        except KeyslotError as exc:
            raise StorageError(f"keyslots_{exc.reason}") from None
        self._save_slots(db, ["escrow", device_id])

    def renew_recovery(self, db: Database) -> str:
        code = self.keyslots.set_recovery(db.key)
        self._save_slots(db, ["renew_recovery"])
        return code

    def verify_passphrase(self, officer_id: str | None, passphrase: str) -> None:
        """Check that ``passphrase`` is this officer's (before changing it, say); a wrong
        one counts toward the wait like a wrong unlock."""
        wait = self.throttle.remaining()
        if wait > 0:
            raise StorageError("wait", seconds=wait)
        try:
            unlocked = self.keyslots.unlock_passphrase(passphrase, self.throttle.last_slot)
        except WrongSecret:
            raise StorageError("wrong_secret", seconds=self.throttle.record_failure()) from None
        except KeyslotError as exc:
            raise StorageError(f"keyslots_{exc.reason}") from None
        if unlocked.officer_id != officer_id:
            raise StorageError("wrong_secret", seconds=self.throttle.record_failure())
        self.throttle.record_success(unlocked.slot_id)

    def officers_with_passphrase(self) -> set[str]:
        return {s["officer_id"] for s in self.keyslots.passphrase_slots() if "officer_id" in s}

    def _officer_slot(self, officer_id: str) -> dict:
        for slot in self.keyslots.passphrase_slots():
            if slot.get("officer_id") == officer_id:
                return slot
        raise StorageError("no_such_slot")
