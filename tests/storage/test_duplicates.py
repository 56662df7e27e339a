"""One citizen ID, one living profile per unit; probable duplicates warned; what exists listed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.validation import ValidationError
from nghean_tui.storage import bulk, duplicates
from nghean_tui.storage.database import StorageError
from nghean_tui.storage.records import CITIZEN_ID_TAKEN, PROBABLE_DUPLICATE, Records
from nghean_tui.synthetic.seed import seed

TODAY = date(2026, 11, 20)
CID = "040090123456"  # a man born in 1990, registered in Nghệ An


@pytest.fixture
def records(new_db):
    return Records(new_db, today=lambda: TODAY)


@pytest.fixture
def hamlet(records):
    return records.create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})


def add(records, hamlet, name="Nguyễn Văn Đức", confirm=False, **extra):
    data = {"full_name": name, "sex": "male", "birth_year": "1990", "hamlet_id": hamlet.id, **extra}
    return records.create(models.Person, data, confirm_warnings=confirm)


def live_with(db, cid) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM person WHERE citizen_id = :c AND deleted = 0"), {"c": cid}
        ).scalar_one()


def test_a_citizen_id_already_on_file_is_refused_naming_the_person(records, hamlet, new_db):
    first = add(records, hamlet, citizen_id=CID)
    with pytest.raises(ValidationError) as caught:
        add(records, hamlet, name="Lò Văn Pó", citizen_id=CID)
    issue = next(i for i in caught.value.issues if i.code == CITIZEN_ID_TAKEN)
    assert issue.field == "citizen_id" and not issue.warning
    assert issue.params["name"] == "Nguyễn Văn Đức" and issue.params["person_id"] == first.id
    assert issue.params["hamlet"] == "Bản Huồi Giảng" and issue.params["born"] == "1990"
    # Confirming warnings does not get past it: it is an error.
    with pytest.raises(ValidationError):
        records.create(
            models.Person,
            {"full_name": "Lò Văn Pó", "sex": "male", "birth_year": "1990", "citizen_id": CID},
            confirm_warnings=True,
        )
    assert live_with(new_db, CID) == 1


def test_changing_a_profile_to_another_ones_citizen_id_is_refused(records, hamlet, new_db):
    add(records, hamlet, citizen_id=CID)
    other = add(records, hamlet, name="Lò Văn Pó")
    with pytest.raises(ValidationError) as caught:
        records.update(models.Person, other.id, {"citizen_id": CID})
    assert [i.code for i in caught.value.issues] == [CITIZEN_ID_TAKEN]
    assert live_with(new_db, CID) == 1


def test_a_profile_keeps_its_own_citizen_id_when_edited(records, hamlet):
    person = add(records, hamlet, citizen_id=CID)
    changed = records.update(models.Person, person.id, {"address": "Nhà 3", "citizen_id": CID})
    assert changed.address == "Nhà 3"


def test_a_deleted_profile_frees_its_citizen_id(records, hamlet, new_db):
    first = add(records, hamlet, citizen_id=CID)
    records.delete(models.Person, first.id)
    add(records, hamlet, name="Lò Văn Pó", citizen_id=CID)
    assert live_with(new_db, CID) == 1


def test_same_folded_name_birth_and_hamlet_is_a_warning_naming_the_person(records, hamlet):
    first = add(records, hamlet)
    with pytest.raises(ValidationError) as caught:
        add(records, hamlet, name="nguyen van  duc")  # case, diacritics, spaces ignored
    [issue] = caught.value.issues
    assert issue.code == PROBABLE_DUPLICATE and issue.warning
    assert issue.params["person_id"] == first.id
    second = add(records, hamlet, name="nguyen van duc", confirm=True)
    assert second.id != first.id


@pytest.mark.parametrize(
    "first, second, alike",
    [
        ({"birth_date": "12/03/1990"}, {"birth_date": "12/03/1990"}, True),
        ({"birth_date": "12/03/1990"}, {"birth_date": "13/03/1990"}, False),
        ({"birth_date": "12/03/1990"}, {"birth_year": "1990"}, True),  # only the year known
        ({"birth_year": "1990"}, {"birth_year": "1991"}, False),
    ],
)
def test_birth_compares_dates_or_years(records, hamlet, first, second, alike):
    add(records, hamlet, **{"birth_year": None, **first})
    if alike:
        with pytest.raises(ValidationError):
            add(records, hamlet, **{"birth_year": None, **second})
    else:
        add(records, hamlet, **{"birth_year": None, **second})


def test_another_hamlet_is_not_a_probable_duplicate(records, hamlet):
    other = records.create(models.Hamlet, {"name": "Bản Xốp Thạch", "kind": "ban"})
    add(records, hamlet)
    add(records, other)


def test_seed_refuses_a_citizen_id_on_file_and_never_generates_one(records, hamlet, new_db):
    add(records, hamlet, citizen_id=CID)
    rows = [
        {
            "id": "p-1",
            "full_name": "Lò Văn Pó",
            "sex": "male",
            "birth_year": 1990,
            "citizen_id": CID,
            "ethnicity": "thai",
            "hamlet_id": hamlet.id,
        }
    ]
    with pytest.raises(StorageError) as caught:
        bulk.insert_batches(new_db, [("person", rows)], today=TODAY)
    assert caught.value.reason == "citizen_id_taken"
    twice = [
        dict(rows[0], citizen_id="040090654321"),
        dict(rows[0], id="p-2", citizen_id="040090654321"),
    ]
    with pytest.raises(StorageError) as caught:
        bulk.insert_batches(new_db, [("person", twice)], today=TODAY)
    assert caught.value.reason == "citizen_id_repeated"
    assert live_with(new_db, CID) == 1 and live_with(new_db, "040090654321") == 0
    seed(new_db, persons=300, seed=7, today=TODAY)
    seed(new_db, persons=300, seed=8, today=TODAY)
    with new_db.engine.connect() as conn:
        groups, n = duplicates.same_citizen_id(conn, new_db.unit_code)
    assert n == 0, groups


def test_existing_duplicates_are_kept_and_listed(records, hamlet, new_db):
    a = add(records, hamlet, citizen_id=CID)
    b = add(records, hamlet, name="Lò Văn Pó")
    c = add(records, hamlet, name="Lò Thị Mai", birth_year=None, birth_date="01/02/1990")
    with new_db.write() as txn:  # as an older version could have written them
        txn.conn.execute(
            text("UPDATE person SET citizen_id = :c WHERE id = :i"), {"c": CID, "i": b.id}
        )
        txn.conn.execute(
            text(
                "UPDATE person SET sort_key = (SELECT sort_key FROM person "
                "WHERE id = :a) WHERE id = :c"
            ),
            {"a": a.id, "c": c.id},
        )
    with new_db.engine.connect() as conn:
        groups = duplicates.existing(conn, new_db.unit_code)
    kinds = {(g.kind, frozenset(p.id for p in g.profiles)) for g in groups}
    assert ("citizen_id", frozenset({a.id, b.id})) in kinds
    assert ("probable", frozenset({a.id, c.id})) in kinds
    assert live_with(new_db, CID) == 2


def test_cross_commune_matches_list_both_profiles(records, hamlet, new_db):
    a = add(records, hamlet, citizen_id=CID)
    with new_db.write() as txn:  # a profile of another commune with the same number
        txn.conn.execute(
            text(
                "INSERT INTO person (id, unit_code, full_name, sex, ethnicity, citizen_id, "
                "created_at, updated_at, version, origin_device, deleted, change_seq, sort_key, "
                "stable_residence, aliases, address, occupation, notes) VALUES ('x-1', '16828', "
                "'Nguyễn Văn Đức', 'male', 'kinh', :c, '2026-01-01', '2026-01-01', 'v', 'd', 0, 0, "
                "'duc nguyen van duc', 1, '', '', '', '')"
            ),
            {"c": CID},
        )
    with new_db.engine.connect() as conn:
        groups, n = duplicates.cross_commune_matches(conn)
        same_unit = duplicates.same_citizen_id(conn)[1]
    assert n == 1 and same_unit == 0
    assert {p.id for p in groups[0].profiles} == {a.id, "x-1"}
    assert {p.unit_code for p in groups[0].profiles} == {new_db.unit_code, "16828"}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["form", "batch", "edit", "delete"]), st.integers(0, 3)),
        min_size=1,
        max_size=12,
    )
)
def test_no_two_living_profiles_share_a_citizen_id_whatever_the_path(new_db, steps):
    """Whatever sequence of creations, edits and deletions, by form or batch: one number,
    at most one living profile of the unit."""
    records = Records(new_db, today=lambda: TODAY)
    with new_db.write() as txn:
        txn.conn.execute(text("DELETE FROM person"))
    cids = [f"04009000000{i}" for i in range(4)]
    made: list[str] = []
    for n, (path, k) in enumerate(steps):
        data = {
            "full_name": f"Người {n}",
            "sex": "male",
            "birth_year": "1990",
            "citizen_id": cids[k],
        }
        try:
            if path == "form":
                made.append(records.create(models.Person, data, confirm_warnings=True).id)
            elif path == "batch":
                with records.batch() as writer:
                    made.append(writer.create(models.Person, data, confirm_warnings=True).id)
                    made.append(
                        writer.create(
                            models.Person, {**data, "full_name": f"B {n}"}, confirm_warnings=True
                        ).id
                    )
            elif path == "edit" and made:
                records.update(
                    models.Person,
                    made[n % len(made)],
                    {"citizen_id": cids[k]},
                    confirm_warnings=True,
                )
            elif path == "delete" and made:
                records.delete(models.Person, made.pop(n % len(made)))
        except (ValidationError, StorageError):
            pass
    with new_db.engine.connect() as conn:
        assert duplicates.same_citizen_id(conn, new_db.unit_code)[1] == 0
