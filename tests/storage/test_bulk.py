"""Bulk seeding: the same derived data as record-by-record writes, in both code paths."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from nghean_tui.domain.rules import PersonRecords, effective_planned_end, follow_ups
from nghean_tui.storage import followups
from nghean_tui.storage.health import run_checks
from nghean_tui.synthetic.seed import seed

TODAY = date(2026, 11, 20)


def due_set(db) -> set:
    with db.engine.connect() as conn:
        return set(
            conn.execute(
                text("SELECT person_id, episode_id, source_id, kind, due_on FROM due_item")
            ).all()
        )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault
    from tests.conftest import COMMUNE, PASSPHRASE

    vault = Vault(tmp_path_factory.mktemp("bulk") / "d")
    db, _ = vault.create(
        role=Role.COMMUNE, unit_code=COMMUNE, officer_name="Lương Văn Thắng", passphrase=PASSPHRASE
    )
    counts = seed(db, persons=400, patrols=60, seed=7, today=TODAY)
    yield db, vault, counts
    db.close()
    vault.close()


def test_seed_writes_every_kind_of_record_and_passes_check(seeded):
    db, vault, counts = seeded
    assert counts["person"] == 400 and counts["patrol"] == 60
    for table in ("management_episode", "drug_test", "contact", "team", "hotspot", "tip"):
        assert counts[table] > 0
    assert all(r.ok for r in run_checks(db, vault)), [r for r in run_checks(db, vault) if not r.ok]


def test_bulk_followups_equal_the_record_by_record_rules(seeded):
    """Rebuilding every person's follow-ups from the database gives what the bulk path
    computed in memory, and every planned end is the effective one."""
    db, vault, _ = seeded
    before = due_set(db)
    assert before
    with db.write() as txn:
        followups.rebuild_all(txn.conn, today=TODAY)
    assert due_set(db) == before
    with db.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM person"))]
        loaded = followups.load_records(conn, ids)
        stored = dict(conn.execute(text("SELECT id, planned_end FROM management_episode")).all())
    for records in loaded.values():
        for episode in records.episodes:
            expected = effective_planned_end(episode, records, today=TODAY)
            assert (
                str(expected) == str(stored[episode.id])[:10]
                if expected
                else stored[episode.id] is None
            )


def test_the_rules_read_only_the_columns_followups_loads(seeded):
    """If the rules start reading a column that ``RULE_COLUMNS`` does not load, they would
    silently see None: this records every attribute they touch."""
    db, *_ = seeded
    touched: dict[str, set] = {}

    class Recorder:
        def __init__(self, table, row):
            self._table, self._row = table, row

        def __getattr__(self, name):
            touched.setdefault(self._table, set()).add(name)
            return getattr(self._row, name)

    with db.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM person LIMIT 400"))]
        loaded = followups.load_records(conn, ids)
    for records in loaded.values():
        wrapped = PersonRecords(
            person=Recorder("person", records.person),
            episodes=[Recorder("management_episode", r) for r in records.episodes],
            tests=[Recorder("drug_test", r) for r in records.tests],
            assessments=[Recorder("addiction_assessment", r) for r in records.assessments],
            contacts=[Recorder("contact", r) for r in records.contacts],
            transfers=[Recorder("transfer", r) for r in records.transfers],
        )
        follow_ups(
            wrapped,
            calendar=followups.default_calendar(),
            rules=followups.default_rules(),
            today=TODAY,
        )
        for episode in wrapped.episodes:
            effective_planned_end(episode, wrapped, today=TODAY)
    assert touched  # the recorder saw something
    for table, names in touched.items():
        assert names <= set(followups.RULE_COLUMNS[table]), (
            table,
            names - set(followups.RULE_COLUMNS[table]),
        )


def test_seeding_in_a_second_process_gives_a_healthy_database(tmp_path, monkeypatch):
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault
    from tests.conftest import COMMUNE, PASSPHRASE

    monkeypatch.setattr("nghean_tui.synthetic.seed.PARALLEL_FROM", 10)
    vault = Vault(tmp_path / "p")
    db, _ = vault.create(
        role=Role.COMMUNE, unit_code=COMMUNE, officer_name="A B", passphrase=PASSPHRASE
    )
    counts = seed(db, persons=120, patrols=5, seed=3, today=TODAY)
    assert counts["person"] == 120
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person_fts")).scalar() == 120
        stale = conn.execute(text("SELECT value FROM meta WHERE key='followups_stale'")).scalar()
    assert stale == "0"
    assert all(r.ok for r in run_checks(db, vault))
    db.close()
    vault.close()
