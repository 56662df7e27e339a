"""The query planner's statistics: gathered where the database opens and after bulk loads,
bounded, kept (committed); closing does nothing but close (it runs on the interface thread,
on every lock and exit)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, text

from nghean_tui.storage import migrate, search
from nghean_tui.storage.database import ANALYSIS_LIMIT
from nghean_tui.synthetic.seed import seed
from tests.conftest import COMMUNE, PASSPHRASE


@contextmanager
def issued():
    """Every statement any engine sends while the block runs."""
    statements: list[str] = []

    def capture(conn, cursor, statement, params, context, many):
        statements.append(" ".join(statement.split()))
        sent.append((statement, params))

    sent = issued.sent = []

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", capture)


def analysing(statements: list[str]) -> list[str]:
    return [
        s
        for s in statements
        if any(word in s.lower() for word in ("optimize", "analyze", "analysis_limit"))
    ]


def stat_rows(db, table: str) -> int:
    with db.engine.connect() as conn:
        if (
            conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
            is None
        ):
            return 0
        return conn.execute(
            text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t"), {"t": table}
        ).scalar_one()


@pytest.fixture
def seeded(new_db):
    seed(new_db, persons=300, patrols=10, seed=3)
    return new_db


def test_closing_analyses_nothing(seeded):
    with issued() as statements:
        seeded.close()
    assert analysing(statements) == []


def test_a_bulk_load_leaves_statistics_that_outlive_a_close(seeded):
    assert stat_rows(seeded, "person") > 0
    vault = seeded.vault
    seeded.close()
    db = vault.unlock(passphrase=PASSPHRASE)
    try:
        assert stat_rows(db, "person") > 0
    finally:
        db.close()


def test_unlocking_gathers_missing_statistics_bounded_and_committed(seeded):
    with seeded.write() as txn:
        txn.conn.execute(text("DELETE FROM sqlite_stat1"))
    vault = seeded.vault
    seeded.close()
    with issued() as statements:
        db = vault.unlock(passphrase=PASSPHRASE)
    try:
        assert analysing(statements) == [
            f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}",
            "PRAGMA optimize = 0x10002",
        ]
        assert stat_rows(db, "person") > 0  # committed: a new connection sees them
    finally:
        db.close()


def test_after_a_migration_every_table_is_analysed(seeded, monkeypatch):
    vault = seeded.vault
    seeded.close()
    upgrade = migrate.upgrade
    monkeypatch.setattr(migrate, "upgrade", lambda conn: upgrade(conn) or True)
    with issued() as statements:
        db = vault.unlock(passphrase=PASSPHRASE)
    db.close()
    assert analysing(statements) == [f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}", "ANALYZE"]


def test_a_failure_to_gather_statistics_never_refuses_an_unlock(seeded, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from nghean_tui.storage.database import Database

    def busy(self, *, every_table=False):
        raise OperationalError("PRAGMA optimize", {}, Exception("database is locked"))

    vault = seeded.vault
    seeded.close()
    monkeypatch.setattr(Database, "refresh_statistics", busy)
    db = vault.unlock(passphrase=PASSPHRASE)
    assert not db.closed
    db.close()


# What ANALYZE records for 100,000 people of one commune (bench/close.py): the list index's
# first columns tell the planner nothing, the search index narrows to one row.
LARGE = [
    ("person", "ix_person_list", "100000 100000 100000 14 1"),
    ("person", "ix_person_hit", "100000 1 1 1 1 1"),
    ("person", "sqlite_autoindex_person_1", "100000 1"),
]


def test_a_common_search_still_walks_the_list_in_order_with_statistics(seeded, monkeypatch):
    """With the statistics of a large commune, a search matching half the people must keep
    walking the list (a page fills in its first rows), not sort every hit: ten times slower."""
    with seeded.write() as txn:
        txn.conn.execute(text("DELETE FROM sqlite_stat1 WHERE tbl = 'person'"))
        for tbl, idx, stat in LARGE:
            txn.conn.execute(
                text("INSERT INTO sqlite_stat1 VALUES (:t, :i, :s)"),
                {"t": tbl, "i": idx, "s": stat},
            )
    monkeypatch.setattr(search, "FEW_HITS", 0)  # as for "b" or "va" among 100,000
    vault = seeded.vault
    key, slot, kind, officer = seeded.key, seeded.slot_id, seeded.unlocked_by, seeded.officer_id
    seeded.close()
    from nghean_tui.storage.database import Database
    from nghean_tui.storage.keyslots import Unlocked

    db = Database(vault.data_dir, key, Unlocked(key, slot, kind, officer))  # statistics as set
    try:
        with issued(), db.engine.connect() as conn:
            search.search_persons(conn, COMMUNE, "va", limit=50)
            page, params = [(s, p) for s, p in issued.sent if "ORDER BY" in s and "MATCH" in s][-1]
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + page, params)]
        assert any("ix_person_list" in step for step in plan), plan
    finally:
        db.close()


def test_a_station_importing_a_folder_refreshes_the_statistics(tmp_path):
    """After a folder of bundles (a station's first import can multiply its tables), the
    planner's statistics are brought up to date at once, not at the next unlock."""
    from nghean_tui.domain import models
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.records import Records
    from nghean_tui.sync import outbox, review
    from tests.sync.conftest import Site, enroll

    station = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    commune = Site(tmp_path / "commune", Role.COMMUNE, "16816", "Lương Văn Thắng")
    try:
        enroll(commune, station)
        Records(commune.db).create(
            models.Person, {"full_name": "Lò Văn Pản", "sex": "male", "birth_year": 1988}
        )
        folder = tmp_path / "usb"
        folder.mkdir()
        outbox.write_out(outbox.prepare_export(commune.db), folder)
        calls = []
        real = station.db.refresh_statistics
        station.db.refresh_statistics = lambda **kw: calls.append(kw) or real(**kw)
        [outcome] = review.import_path(station.db, folder)
        assert outcome.status == "accepted" and calls == [{}]
    finally:
        commune.close()
        station.close()
