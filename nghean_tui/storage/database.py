"""Using the encrypted database once it is unlocked.

A :class:`nghean_tui.storage.vault.Vault` is what exists before unlocking (the data folder,
the instance lock, the wrong-passphrase throttle); unlocking it
(:mod:`nghean_tui.storage.opening`) yields a :class:`Database`, which holds the key and the
engine; closing it drops both (the idle lock does that) while the vault keeps the instance
lock, so no second copy of the application can open the database meanwhile. The vault's names
are also importable from here, where they lived first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Connection, text
from sqlmodel import Session

from nghean_tui.domain import models
from nghean_tui.domain.enums import AuditAction, Role
from nghean_tui.domain.hlc import HybridClock
from nghean_tui.storage import audit
from nghean_tui.storage.engine import make_engine
from nghean_tui.storage.folder import DB_FILE as DB_FILE
from nghean_tui.storage.folder import LOCK_FILE as LOCK_FILE
from nghean_tui.storage.folder import PARTIAL_DB_FILE as PARTIAL_DB_FILE
from nghean_tui.storage.folder import THROTTLE_FILE as THROTTLE_FILE
from nghean_tui.storage.folder import StorageError as StorageError
from nghean_tui.storage.keyslots import Unlocked

# The ``meta`` key that marks a demo database ("1"); a real database has no such key. Set at
# creation, never cleared: synthetic data cannot become real (docs/security-notes.md).
DEMO_KEY = "demo"


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
