"""SQLCipher connections behind a SQLAlchemy engine.

The engine never sees a secret in its URL: ``creator=`` hands it connections that are already
keyed with the raw 256-bit database key (so SQLCipher's own slow KDF is skipped) and set up
for durability (WAL, synchronous FULL) and for keeping plaintext off the disk (temp_store
MEMORY: sorts and temporary tables never spill to unencrypted temp files).
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from nghean_tui.domain.text import fold, fold_place, vietnamese_compare

DatabaseError = sqlcipher3.dbapi2.DatabaseError

# Raw executemany (bulk writes) hands dates and times straight to the driver: store them
# exactly as SQLAlchemy's SQLite types do, so the ORM reads them back unchanged.
sqlcipher3.register_adapter(date, date.isoformat)
sqlcipher3.register_adapter(time, lambda t: t.strftime("%H:%M:%S.%f"))


class WrongKey(Exception):
    """The key does not open this database file (or the file is not a database)."""


def _key_pragma(dbk: bytes) -> str:
    if len(dbk) != 32:
        raise ValueError("database key must be 32 bytes")
    # Only hex digits reach SQL, so nothing a person typed can ever end up in a statement.
    return f"PRAGMA key = \"x'{dbk.hex()}'\""


def connect(path: Path, dbk: bytes) -> sqlcipher3.Connection:
    """A keyed, configured connection; raises :class:`WrongKey` if the key does not fit."""
    conn = sqlcipher3.connect(
        str(path), check_same_thread=False, isolation_level=None, timeout=30.0
    )
    try:
        # SQLCipher (4.6 and later) writes its own "ERROR CORE …" lines to stderr when a page
        # fails to decrypt (a wrong key, a keyslot file from another database). The refusal
        # reaches the person as our own message; the library's lines would only confuse
        # and would break the command line's one-line contract. The level is process-wide
        # and set before keying on every connection, so no connection can log first.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(dbk))
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError:
            raise WrongKey() from None
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        # 16 MiB of decrypted pages per connection (two pooled, two more at peak): enough
        # for searching 100k people without decrypting again, within the memory budget.
        conn.execute("PRAGMA cache_size = -16384")
        conn.create_function("fold", 1, _fold_sql, deterministic=True)
        conn.create_function("fold_place", 1, _fold_place_sql, deterministic=True)
        # ORDER BY name COLLATE vi: names in Vietnamese dictionary order, not code points.
        conn.create_collation("vi", vietnamese_compare)
    except BaseException:
        conn.close()
        raise
    return conn


def _fold_sql(text):
    return fold(text) if isinstance(text, str) else text


def _fold_place_sql(text):
    return fold_place(text) if isinstance(text, str) else text


def make_engine(path: Path, dbk: bytes, *, pool_size: int = 2) -> Engine:
    """An engine over keyed connections.

    Transactions: the driver's implicit transaction handling is switched off
    (``isolation_level=None``) and every SQLAlchemy transaction emits its own ``BEGIN``, so
    reads are consistent; sessions that will write ask for ``BEGIN IMMEDIATE`` through the
    ``sqlite_begin`` execution option, which takes the write lock up front instead of
    failing half-way when two threads write at once.
    """
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: connect(path, dbk),
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=2,
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
