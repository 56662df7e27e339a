"""A folder import applies bundles in batches (one transaction, a savepoint per bundle): the
outcome of every file and the resulting records are those of importing one at a time."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from nghean_tui.domain import models
from nghean_tui.storage.records import Records
from nghean_tui.sync import inbox, outbox, records
from tests.sync.conftest import enroll
from tests.sync.helpers import build, open_inner, seal, signer_of


def received(db) -> list:
    """The communes' records at a station, with the local columns (search, list order)."""
    rows = []
    with db.engine.connect() as conn:
        for model in records.MODELS:
            rows += [
                (model.__tablename__, *r)
                for r in conn.exec_driver_sql(
                    f"SELECT * FROM {model.__tablename__} WHERE unit_code != '40' ORDER BY id"
                )
            ]
        rows += [
            ("due", *r)
            for r in conn.exec_driver_sql(
                "SELECT unit_code, person_id, kind, due_on FROM due_item ORDER BY 1, 2, 3, 4"
            )
        ]
    return rows


def _person(db, name: str):
    return Records(db).create(models.Person, {"full_name": name, "sex": "male", "birth_year": 1988})


@pytest.fixture
def world(sites):
    """Two stations, each with the same two communes enrolled, and a stack of bundles."""
    stations = [sites("supervisor", "40", "Trần Văn Tỉnh") for _ in range(2)]
    a, b = sites("commune", "16816"), sites("commune", "16822")
    for commune in (a, b):
        for station in stations:
            enroll(commune, station)
    files = []
    for n in range(3):
        person = _person(a.db, f"Lò Văn A{n}")
        Records(a.db).create(
            models.DrugTest,
            {
                "person_id": person.id,
                "test_date": date(2026, 11, 2),
                "reason": "periodic",
                "result": "negative",
            },
        )
        files.append((f"16816-{n + 1:06d}.nghean", outbox.prepare_export(a.db).data))
    b_bundles = []
    for n in range(2):
        _person(b.db, f"Vi Văn B{n}")
        b_bundles.append(outbox.prepare_export(b.db).data)
    # A bundle whose contact points at a person nobody has: it passes every check, and only
    # the foreign keys at the commit can refuse it.
    _person(a.db, "Moong Văn C")
    real = open_inner(outbox.prepare_export(a.db).data, stations[0])
    payload = real.payload()
    person_block = payload["records"]["person"]
    cols = records.columns(models.Contact)
    row = [None] * len(cols)
    values = {
        "id": str(uuid.uuid4()),
        "unit_code": "16816",
        "created_at": "2026-11-03 08:00:00.000000",
        "updated_at": "2026-11-03 08:00:00.000000",
        "version": person_block["rows"][0][records.columns(models.Person).index("version")],
        "origin_device": a.db.device_id,
        "deleted": 0,
        "person_id": str(uuid.uuid4()),
        "kind": "residence_check",
        "contact_date": "2026-11-03",
        "content": "",
        "outcome": "",
    }
    for name, value in values.items():
        if name in cols:
            row[cols.index(name)] = value
    for name in cols:
        if row[cols.index(name)] is None and not models.Contact.__table__.columns[name].nullable:
            default = models.Contact.__table__.columns[name].default
            row[cols.index(name)] = "" if default is None else default.arg
    payload["records"]["contact"] = records.table_block(models.Contact, [row])
    manifest = dict(real.manifest)
    manifest["counts"] = {**manifest["counts"], "contact": 1}
    orphan = seal(build(manifest, payload, signer_of(a)), *stations)
    files += [
        ("junk.nghean", b"age-encryption.org/v1\n-> nonsense\n"),
        ("16822-000002.nghean", b_bundles[1]),  # ahead of its gap...
        ("16816-000001-copy.nghean", files[0][1]),  # a renamed copy
        ("16822-000001.nghean", b_bundles[0]),  # ...filled in the same batch
        ("16816-000004.nghean", orphan),
    ]
    return stations, files


def test_a_batch_gives_the_outcomes_and_records_of_one_at_a_time(world):
    (batched, single), files = world
    seen = []
    many = inbox.import_many(batched.db, files, done=seen.append)
    one = [inbox.import_bundle(single.db, data, name) for name, data in files]
    assert [o.as_dict() for o in many] == [o.as_dict() for o in one] == [o.as_dict() for o in seen]
    assert [o.status for o in many] == ["accepted"] * 3 + [
        "rejected",
        "pending",
        "duplicate",
        "accepted",
        "rejected",
    ]
    assert many[-1].reason == "damaged" and many[6].also_applied == [2]
    assert received(batched.db) == received(single.db)


def test_batches_are_cut_by_size(world, monkeypatch):
    (batched, single), files = world
    monkeypatch.setattr(inbox, "BATCH_BUNDLES", 2)
    many = inbox.import_many(batched.db, files)
    one = [inbox.import_bundle(single.db, data, name) for name, data in files]
    assert [o.as_dict() for o in many] == [o.as_dict() for o in one]
    assert received(batched.db) == received(single.db)
