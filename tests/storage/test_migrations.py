"""Migrations: the models and the migrated schema agree; an old database upgrades intact."""

from __future__ import annotations

import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel

from nghean_tui.domain import models
from nghean_tui.storage import migrate
from nghean_tui.storage.engine import make_engine
from nghean_tui.storage.keyslots import FLOOR, KeyslotFile
from nghean_tui.storage.vault import Vault
from tests.conftest import COMMUNE, PASSPHRASE


def test_head_constant_matches_the_scripts():
    script = ScriptDirectory(str(migrate.SCRIPTS))
    assert script.get_heads() == [migrate.HEAD]


def test_models_and_migrations_agree(new_db):
    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name.startswith("person_fts"))

    with new_db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include, "compare_type": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def _database_at_0001(folder, revision: str = "0001"):
    """A database as ``revision`` made it, with a row in every synced table."""
    folder.mkdir(parents=True)
    dbk, db_id = os.urandom(32), str(uuid.uuid4())
    engine = make_engine(folder / "nghean.db", dbk, pool_size=1)
    with engine.begin() as conn:
        migrate.upgrade(conn, revision)
        for key, value in {
            "db_id": db_id,
            "device_id": "dev0001",
            "role": "commune",
            "unit_code": COMMUNE,
            "change_seq": "1",
            "hlc": "",
        }.items():
            conn.execute(text("INSERT INTO meta VALUES (:k, :v)"), {"k": key, "v": value})
        from nghean_tui.storage.reference import load_units

        load_units(conn)
        officer_id = _insert_world(conn)
    engine.dispose()
    slots = KeyslotFile(folder)
    slots.create(db_id)
    slots.add_passphrase(dbk, officer_id, PASSPHRASE, FLOOR)
    slots.set_recovery(dbk)
    slots.save(dbk)


def _insert_world(conn) -> str:
    """One row per synced table, in parent-first order, through the models' own defaults."""
    from datetime import date, time

    ids = {name: str(uuid.uuid4()) for name in models.MODEL_BY_TABLE}
    values = {
        "hamlet": {"name": "Bản Huồi Giảng", "kind": "ban"},
        "officer": {"full_name": "Lương Văn Thắng"},
        "person": {
            "full_name": "Nguyễn Văn Đức",
            "sex": "male",
            "birth_year": 1990,
            "hamlet_id": ids["hamlet"],
            "sort_key": "duc nguyen van duc",
            "ethnicity": "kinh",
        },
        "management_episode": {
            "person_id": ids["person"],
            "episode_type": "drug_user",
            "decision_date": date(2026, 9, 1),
            "start_date": date(2026, 9, 1),
        },
        "episode_team_member": {
            "episode_id": ids["management_episode"],
            "role": "leader",
            "full_name": "Lương Văn Thắng",
        },
        "drug_test": {
            "person_id": ids["person"],
            "test_date": date(2026, 8, 30),
            "result": "positive",
            "substances": "meth",
            "reason": "periodic",
            "sample": "urine",
        },
        "addiction_assessment": {"person_id": ids["person"], "requested_on": date(2026, 9, 2)},
        "contact": {
            "person_id": ids["person"],
            "kind": "residence_check",
            "contact_date": date(2026, 10, 1),
        },
        "support_record": {
            "person_id": ids["person"],
            "kind": "vocational_training",
            "support_date": date(2026, 10, 2),
            "amount_vnd": 18_000_000,
        },
        "transfer": {
            "person_id": ids["person"],
            "from_unit_code": COMMUNE,
            "to_unit_code": "16819",
            "move_date": date(2026, 10, 3),
            "direction": "out",
        },
        "team": {
            "hamlet_id": ids["hamlet"],
            "name": "Tổ bảo vệ ANTT Bản Huồi Giảng",
            "kind": "security_order",
        },
        "team_member": {"team_id": ids["team"], "full_name": "Vi Văn Nam", "role": "member"},
        "team_activity": {
            "team_id": ids["team"],
            "activity_date": date(2026, 10, 4),
            "kind": "meeting",
        },
        "patrol": {
            "patrol_date": date(2026, 10, 5),
            "start_time": time(20, 0),
            "kind": "commune_police",
        },
        "patrol_participant": {
            "patrol_id": ids["patrol"],
            "officer_id": ids["officer"],
            "kind": "officer",
        },
        "patrol_hamlet": {"patrol_id": ids["patrol"], "hamlet_id": ids["hamlet"]},
        "patrol_finding": {"patrol_id": ids["patrol"], "category": "drug_use"},
        "patrol_person": {"patrol_id": ids["patrol"], "person_id": ids["person"]},
        "hotspot": {"name": "Lán nương", "kind": "gathering", "found_on": date(2026, 7, 1)},
        "patrol_hotspot": {"patrol_id": ids["patrol"], "hotspot_id": ids["hotspot"]},
        "tip": {
            "received_on": date(2026, 10, 6),
            "content": "Có người lạ vào bản ban đêm",
            "channel": "in_person",
        },
        "tip_source": {"tip_id": ids["tip"], "source_name": "Người dân A"},
    }
    assert set(values) == set(models.MODEL_BY_TABLE)
    for model in models.SYNCED_TABLES:
        name = model.__tablename__
        obj = model(
            id=ids[name],
            unit_code=COMMUNE,
            version=f"{0:012x}{1:04x}@dev0001",
            origin_device="dev0001",
            change_seq=1,
            **values[name],
        )
        # Only the columns 0001 had (later migrations add some, e.g. 0005's finding area).
        known = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({name})")}
        row = {k: v for k, v in obj.model_dump().items() if k in known}
        conn.execute(model.__table__.insert().values(row))
    return ids["officer"]


def test_upgrade_from_0001_keeps_every_row_and_builds_derived_data(tmp_path):
    folder = tmp_path / "old"
    _database_at_0001(folder)
    vault = Vault(folder)
    db = vault.unlock(passphrase=PASSPHRASE)
    with db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD
        for model in models.SYNCED_TABLES:
            assert conn.execute(text(f"SELECT count(*) FROM {model.__tablename__}")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM person_fts")).scalar() == 1
        # 0005's column is there for the old finding, its area unknown.
        assert conn.execute(text("SELECT area_m2 FROM patrol_finding")).one() == (None,)
        # 0007's: the old contact's outcome is unknown, not "present".
        assert conn.execute(text("SELECT outcome FROM contact")).one() == (None,)
        assert conn.execute(text("SELECT count(*) FROM due_item")).scalar() > 0
        assert (
            conn.execute(text("SELECT value FROM meta WHERE key = 'followups_stale'")).scalar()
            == "0"
        )
    from nghean_tui.storage.search import search_persons

    with db.engine.connect() as conn:
        assert [r.full_name for r in search_persons(conn, COMMUNE, "duc").rows] == [
            "Nguyễn Văn Đức"
        ]
    from nghean_tui.storage.health import run_checks

    assert all(r.ok for r in run_checks(db, vault) if r.name != "audit_chain")
    db.close()
    vault.close()


def _column_nullable(conn, table: str, column: str) -> bool:
    rows = conn.exec_driver_sql(f"PRAGMA table_info({table})").all()
    return next(r for r in rows if r[1] == column)[3] == 0


def test_0008_makes_unknowable_choices_nullable_and_keeps_every_row(tmp_path):
    """A database at 0006 with Kinh, periodic, urine rows: after the upgrade the rows are
    unchanged (Kinh stays Kinh), the columns take NULL, and the children's references hold."""
    folder = tmp_path / "old"
    _database_at_0001(folder, "0006")
    vault = Vault(folder)
    db = vault.unlock(passphrase=PASSPHRASE)
    with db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD
        for model in models.SYNCED_TABLES:
            assert conn.execute(text(f"SELECT count(*) FROM {model.__tablename__}")).scalar() == 1
        assert conn.execute(text("SELECT full_name, ethnicity FROM person")).one() == (
            "Nguyễn Văn Đức",
            "kinh",
        )
        assert conn.execute(text("SELECT reason, sample, result FROM drug_test")).one() == (
            "periodic",
            "urine",
            "positive",
        )
        for table, column in (
            ("person", "ethnicity"),
            ("drug_test", "reason"),
            ("drug_test", "sample"),
        ):
            assert _column_nullable(conn, table, column)
        assert not _column_nullable(conn, "person", "sex")  # required ones stay required
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert {"ix_person_list", "ix_person_hit", "ix_drug_test_test_date"} <= names
        assert not any(n.startswith("_hold_") for n in names)
    from nghean_tui.storage.records import Records

    person = Records(db).create(
        models.Person, {"full_name": "Lầu Thị Mai", "sex": "female", "birth_year": 1995}
    )
    assert person.ethnicity is None
    from nghean_tui.storage.search import search_persons

    with db.engine.connect() as conn:  # the search index still finds the old row
        assert [r.full_name for r in search_persons(conn, COMMUNE, "duc").rows] == [
            "Nguyễn Văn Đức"
        ]
    db.close()
    vault.close()


def test_upgrading_twice_is_harmless(new_db):
    with new_db.engine.begin() as conn:
        assert migrate.upgrade(conn) is False


def test_an_index_built_by_an_older_version_is_rebuilt_on_unlock(new_db):
    from nghean_tui.domain import models
    from nghean_tui.storage.records import Records
    from nghean_tui.storage.search import search_persons

    hamlet = Records(new_db).create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    Records(new_db).create(
        models.Person,
        {"full_name": "Lầu Bá Chống", "sex": "male", "birth_year": 1990, "hamlet_id": hamlet.id},
    )
    with new_db.engine.begin() as conn:  # as an older version left it: other tokens
        conn.execute(text("DELETE FROM person_fts"))
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'search_index'"))
    vault = new_db.vault
    new_db.close()
    db = vault.unlock(passphrase=PASSPHRASE)
    with db.engine.connect() as conn:
        assert [r.full_name for r in search_persons(conn, COMMUNE, "huoi").rows] == ["Lầu Bá Chống"]
    db.close()
