"""Validated writes, version stamps, tombstones, derived data and the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.hlc import Stamp
from nghean_tui.domain.validation import ValidationError
from nghean_tui.storage import audit
from nghean_tui.storage.database import StorageError
from nghean_tui.storage.records import Records

TODAY = date(2026, 11, 20)


@pytest.fixture
def records(new_db):
    return Records(new_db, today=lambda: TODAY)


@pytest.fixture
def person(records):
    hamlet = records.create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    return records.create(
        models.Person,
        {
            "full_name": "Nguyễn Văn Đức",
            "sex": "male",
            "birth_year": "1990",
            "hamlet_id": hamlet.id,
        },
    )


def count(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_create_fills_the_sync_columns(records, person, new_db):
    assert person.unit_code == new_db.unit_code
    assert person.written_by == new_db.officer_id
    assert person.origin_device == new_db.device_id
    assert Stamp.parse(person.version).device == new_db.device_id
    assert person.change_seq > 0 and not person.deleted
    assert person.sort_key == "duc nguyen van duc"


def test_text_is_stored_nfc(records):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Lò Thị Hương")
    created = records.create(
        models.Person, {"full_name": decomposed, "sex": "female", "birth_year": 1995}
    )
    assert created.full_name == unicodedata.normalize("NFC", "Lò Thị Hương")


def test_invalid_input_saves_nothing(records, person, new_db, data_dir):
    before_people, before_audit = count(new_db, "person"), count(new_db, "audit_log")
    with pytest.raises(ValidationError) as err:
        records.create(models.Person, {"full_name": "", "sex": "alien", "birth_date": "31/02/1990"})
    fields = {i.field for i in err.value.issues}
    assert {"full_name", "sex", "birth_date"} <= fields
    with pytest.raises(ValidationError):
        records.update(models.Person, person.id, {"birth_date": "01/01/2030"})  # in the future
    with pytest.raises(ValidationError):
        records.create(
            models.Person, {"full_name": "X", "sex": "male", "birth_year": 1990, "sort_key": "aaa"}
        )  # a system column
    assert count(new_db, "person") == before_people
    assert count(new_db, "audit_log") == before_audit


def test_warnings_need_confirming(records, new_db):
    data = {
        "full_name": "Lầu Bá Chống",
        "sex": "male",
        "birth_year": 1990,
        "citizen_id": "040185001234",
    }  # says a woman born in 1985
    with pytest.raises(ValidationError) as err:
        records.create(models.Person, data)
    assert err.value.issues and all(i.warning for i in err.value.issues)
    assert count(new_db, "person") == 0
    created = records.create(models.Person, data, confirm_warnings=True)
    assert created.citizen_id == "040185001234"


def test_update_changes_version_and_audits_field_names_only(records, person, new_db):
    updated = records.update(models.Person, person.id, {"address": "Bản Huồi Giảng, nhà số 7"})
    assert updated.version > person.version
    with new_db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT action, table_name, record_id, fields FROM audit_log "
                "ORDER BY seq DESC LIMIT 1"
            )
        ).one()
        assert row == ("update", "person", person.id, '["address"]')
        dump = " ".join(str(v) for r in conn.execute(text("SELECT * FROM audit_log")) for v in r)
    assert "nhà số 7" not in dump and "Nguyễn" not in dump


def test_stale_version_is_refused(records, person):
    records.update(models.Person, person.id, {"occupation": "Làm nương"})
    with pytest.raises(StorageError) as err:
        records.update(
            models.Person, person.id, {"occupation": "Làm ruộng"}, expected_version=person.version
        )
    assert err.value.reason == "changed_elsewhere"


def test_soft_delete_keeps_a_tombstone(records, person, new_db):
    records.delete(models.Person, person.id)
    with new_db.read() as session:
        row = session.get(models.Person, person.id)
    assert row.deleted and row.version > person.version
    with pytest.raises(StorageError):
        records.update(models.Person, person.id, {"occupation": "x"})


def test_references_must_exist_in_this_unit(records, person):
    with pytest.raises(ValidationError) as err:
        records.create(
            models.DrugTest,
            {
                "person_id": "00000000-0000-4000-8000-000000000000",
                "test_date": "01/11/2026",
                "result": "negative",
            },
        )
    assert [i.code for i in err.value.issues] == ["reference_missing"]


def test_episode_gets_its_planned_end_and_a_positive_test_restarts_it(records, person):
    episode = records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "12/QĐ-UBND",
            "decision_date": "10/03/2026",
            "start_date": "10/03/2026",
        },
    )
    assert episode.planned_end == date(2027, 3, 10)
    records.create(
        models.DrugTest,
        {
            "person_id": person.id,
            "episode_id": episode.id,
            "test_date": "05/11/2026",
            "result": "positive",
            "substances": "meth",
        },
    )
    restarted = records.get(models.ManagementEpisode, episode.id)
    assert restarted.planned_end == date(2027, 11, 5)
    assert restarted.version > episode.version


def test_status_transitions_are_enforced(records, person):
    episode = records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "10/03/2026",
            "start_date": "10/03/2026",
        },
    )
    records.update(
        models.ManagementEpisode, episode.id, {"status": "completed", "actual_end": "10/11/2026"}
    )
    completed = records.get(models.ManagementEpisode, episode.id)
    # Clearing the end date too, so the only thing wrong is the move out of a final status.
    with pytest.raises(ValidationError) as err:
        records.update(models.ManagementEpisode, episode.id, {"status": "active", "actual_end": ""})
    assert [(i.field, i.code) for i in err.value.errors] == [("status", "status_final")]
    with pytest.raises(ValidationError) as err:
        records.update(models.ManagementEpisode, episode.id, {"status": "active"})
    assert ("status", "status_final") in [(i.field, i.code) for i in err.value.errors]
    after = records.get(models.ManagementEpisode, episode.id)
    assert (after.status, after.actual_end, after.version) == (
        completed.status,
        completed.actual_end,
        completed.version,
    )


def test_followups_follow_the_records(records, person, new_db):
    from nghean_tui.domain.enums import FollowUpKind
    from nghean_tui.storage import followups

    records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "01/09/2026",
            "start_date": "01/09/2026",
        },
    )
    with new_db.engine.connect() as conn:
        due = followups.due_rows(conn, new_db.unit_code, until=TODAY)
        assert [(d.kind, d.due_on) for d in due] == [
            (FollowUpKind.RESIDENCE_CHECK, date(2026, 10, 1))
        ]
        assert followups.due_counts(conn, new_db.unit_code, TODAY).overdue == 1
    records.create(
        models.Contact,
        {"person_id": person.id, "kind": "residence_check", "contact_date": "18/11/2026"},
    )
    with new_db.engine.connect() as conn:
        assert followups.due_rows(conn, new_db.unit_code, until=TODAY) == []
        counts = followups.due_counts(conn, new_db.unit_code, TODAY)
    assert counts.overdue == 0


def test_audit_chain_is_intact_and_append_only(records, person, new_db):
    from sqlalchemy.exc import DatabaseError

    with new_db.engine.connect() as conn:
        assert audit.verify(conn) == []
    for statement in ("UPDATE audit_log SET officer_id = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError):
            with new_db.engine.begin() as conn:
                conn.execute(text(statement))
    assert count(new_db, "audit_log") >= 3


def test_a_rewritten_audit_entry_breaks_the_chain(records, person, new_db):
    with new_db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET fields = '[]' WHERE seq = 2"))
    with new_db.engine.connect() as conn:
        problems = audit.verify(conn)
    assert [(p.seq, p.reason) for p in problems] == [(2, "hash")]


def test_a_removed_audit_entry_breaks_the_chain(records, person, new_db):
    with new_db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    with new_db.engine.connect() as conn:
        reasons = {p.reason for p in audit.verify(conn)}
    assert {"gap", "prev_hash"} <= reasons


def test_a_batch_is_kept_whole_or_not_at_all(records, new_db):
    before = {t: count(new_db, t) for t in ("patrol", "patrol_finding", "audit_log")}
    with pytest.raises(ValidationError) as err:
        with records.batch() as writer:
            patrol = writer.create(models.Patrol, {"patrol_date": "10/11/2026", "kind": "peoples"})
            writer.create(
                models.PatrolFinding,
                {"patrol_id": patrol.id, "category": "drug_use", "count": "2"},
                prefix="findings.0.",
            )
            writer.create(
                models.PatrolFinding,
                {"patrol_id": patrol.id, "category": "no such", "count": "-1"},
                prefix="findings.1.",
            )
    assert {i.field for i in err.value.issues} >= {"findings.1.category", "findings.1.count"}
    assert {t: count(new_db, t) for t in before} == before
    with records.batch() as writer:  # a record may refer to one made earlier in the batch
        patrol = writer.create(models.Patrol, {"patrol_date": "10/11/2026", "kind": "peoples"})
        writer.create(models.PatrolFinding, {"patrol_id": patrol.id, "category": "gambling"})
    assert count(new_db, "patrol_finding") == 1


def test_deleting_a_person_deletes_their_records_and_followups(records, person, new_db):
    records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "01/09/2026",
            "start_date": "01/09/2026",
        },
    )
    records.create(
        models.Contact,
        {"person_id": person.id, "kind": "counselling", "contact_date": "02/09/2026"},
    )
    assert count(new_db, "due_item") > 0
    records.delete(models.Person, person.id)
    with new_db.engine.connect() as conn:
        live = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM management_episode WHERE deleted = 0)"
                " + (SELECT count(*) FROM contact WHERE deleted = 0)"
            )
        ).scalar()
    assert live == 0 and count(new_db, "due_item") == 0


def test_a_record_pointing_to_a_deleted_one_can_still_be_edited(records, person):
    hamlet_id = person.hamlet_id
    records.delete(models.Hamlet, hamlet_id)
    updated = records.update(models.Person, person.id, {"occupation": "Làm nương"})
    assert updated.hamlet_id == hamlet_id  # kept as it was; not a new reference
    with pytest.raises(ValidationError) as err:  # but pointing a record at it is refused
        records.create(
            models.Person,
            {"full_name": "Vừ Chá Lầu", "sex": "male", "birth_year": 1980, "hamlet_id": hamlet_id},
        )
    assert [i.code for i in err.value.issues] == ["reference_missing"]
