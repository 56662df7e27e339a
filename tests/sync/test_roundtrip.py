"""The protocol end to end at the library level: export, import, receipt, transfer relay."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.storage.records import Records
from nghean_tui.sync import exchange, inbox, outbox, status
from nghean_tui.sync import records as sync_records
from nghean_tui.sync.reply import prepare_reply
from tests.sync.conftest import enroll


def _count(db, sql: str, **params) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_export_import_receipt(commune, station, tmp_path):
    person = Records(commune.db).create(
        models.Person, {"full_name": "Nguyễn Văn Đức", "sex": "male", "birth_year": 1990}
    )
    out = outbox.prepare_export(commune.db)
    assert out.seq == 1 and out.records == 2  # the first officer and the person
    path = outbox.write_out(out, tmp_path)
    assert path.name == "16816-000001.nghean" and path.read_bytes() == out.data

    result = inbox.import_bundle(station.db, path.read_bytes(), path.name)
    assert (result.status, result.records, result.sender_unit) == ("accepted", 2, "16816")
    assert _count(station.db, "SELECT count(*) FROM person WHERE id = :i", i=person.id) == 1
    assert inbox.import_bundle(station.db, path.read_bytes(), "copy.nghean").status == "duplicate"
    [device] = [d for d in status.devices(station.db) if d.unit_code == "16816"]
    assert device.last_seq == 1 and device.missing == []

    assert outbox.prepare_export(commune.db) is None  # nothing new
    assert [o.seq for o in outbox.bundles(commune.db)] == [1]
    reply = prepare_reply(station.db, commune.db.device_id)
    assert inbox.import_bundle(commune.db, reply.data, reply.file_name).status == "accepted"
    assert outbox.bundles(commune.db) == []
    assert status.commune(commune.db).receipt_highest == 1


def test_gap_is_held_then_filled(commune, station):
    records = Records(commune.db)
    bundles = []
    for name in ("Lò Văn A", "Vi Thị B", "Moong Văn C"):
        records.create(models.Person, {"full_name": name, "sex": "male", "birth_year": 1985})
        bundles.append(outbox.prepare_export(commune.db))
    third = inbox.import_bundle(station.db, bundles[2].data)
    assert (third.status, third.missing) == ("pending", [1, 2])
    assert _count(station.db, "SELECT count(*) FROM person") == 0
    first = inbox.import_bundle(station.db, bundles[0].data)
    assert first.status == "accepted" and first.missing == [2]
    second = inbox.import_bundle(station.db, bundles[1].data)
    assert second.status == "accepted" and second.also_applied == [3]
    assert _count(station.db, "SELECT count(*) FROM person") == 3


def test_a_transferred_person_is_relayed_and_taken_over(sites, station, commune, tmp_path):
    other = sites("commune", "16822")  # another commune of the province
    enroll(other, station)
    person = Records(commune.db).create(
        models.Person, {"full_name": "Lầu Bá Chư", "sex": "male", "birth_year": 1992}
    )
    Records(commune.db).create(
        models.Transfer,
        {
            "person_id": person.id,
            "direction": "out",
            "from_unit_code": "16816",
            "to_unit_code": "16822",
            "move_date": date(2026, 11, 20),
        },
    )
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )

    reply = prepare_reply(station.db, other.db.device_id)
    assert reply.records >= 2
    assert inbox.import_bundle(other.db, reply.data).status == "accepted"
    assert (
        _count(
            other.db,
            "SELECT count(*) FROM person WHERE id = :i AND unit_code = '16822'",
            i=person.id,
        )
        == 1
    )
    assert (
        _count(
            other.db,
            "SELECT count(*) FROM transfer WHERE person_id = :i AND direction = 'in'",
            i=person.id,
        )
        == 1
    )

    # The new commune's takeover reaches the station, which accepts it (the transfer allows it).
    back = inbox.import_bundle(station.db, outbox.prepare_export(other.db).data)
    assert back.status == "accepted", back
    assert (
        _count(station.db, "SELECT unit_code = '16822' FROM person WHERE id = :i", i=person.id) == 1
    )
    # Nothing changed since: the next reply relays nothing again.
    assert prepare_reply(station.db, other.db.device_id).records == 0


def test_the_station_criteria_reach_the_commune(commune, station):
    import json

    from nghean_tui.reports import criteria

    edited = json.loads(criteria.export_text(criteria.defaults()))
    edited["key_area"]["min_met"] = 2
    with station.db.write() as txn:
        criteria.adopt_criteria(txn.conn, json.dumps(edited))
    reply = prepare_reply(station.db, commune.db.device_id)
    assert inbox.import_bundle(commune.db, reply.data).status == "accepted"
    with commune.db.engine.connect() as conn:
        assert criteria.current(conn).key_area.min_met == 2


def test_a_reply_whose_criteria_the_commune_refuses_is_refused_whole(commune, station, monkeypatch):
    """Criteria a commune cannot read (a newer station's format, a damaged copy) refuse the
    signed reply at step 7, before anything is written, in a single import or a folder's."""
    from nghean_tui.sync import reply

    monkeypatch.setattr(reply.criteria, "criteria_json", lambda conn: '{"format": "other"}')
    bad = prepare_reply(station.db, commune.db.device_id)
    monkeypatch.undo()
    with commune.db.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM inbound_bundle")).scalar()
    alone = inbox.import_bundle(commune.db, bad.data, bad.file_name)
    assert (alone.status, alone.reason) == ("rejected", "damaged") and "criteria" in alone.detail
    [batched] = inbox.import_many(commune.db, [(bad.file_name, bad.data)])
    assert (batched.status, batched.reason) == ("rejected", "damaged")
    with commune.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inbound_bundle")).scalar() == before
    good = prepare_reply(station.db, commune.db.device_id)
    assert inbox.import_bundle(commune.db, good.data, good.file_name).status == "accepted"


def test_a_relay_is_sent_again_until_the_takeover_comes_back(sites, station, commune):
    other = sites("commune", "16822")
    enroll(other, station)
    person = Records(commune.db).create(
        models.Person, {"full_name": "Vừ Bá Dua", "sex": "male", "birth_year": 1990}
    )
    Records(commune.db).create(
        models.Transfer,
        {
            "person_id": person.id,
            "direction": "out",
            "from_unit_code": "16816",
            "to_unit_code": "16822",
            "move_date": date(2026, 11, 20),
        },
    )
    inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data)
    lost = prepare_reply(station.db, other.db.device_id)  # never reaches the commune
    assert lost.records >= 2
    again = prepare_reply(station.db, other.db.device_id)
    assert again.records == lost.records
    assert inbox.import_bundle(other.db, again.data).status == "accepted"
    # The older reply turning up later changes nothing.
    late = inbox.import_bundle(other.db, lost.data)
    assert (late.status, late.detail) == ("duplicate", "superseded")


def test_a_bundle_from_a_newer_version_is_refused_and_an_index_migration_is_not_newer(
    commune, station
):
    from tests.sync.helpers import build, content_digest, open_inner, seal, signer_of

    Records(commune.db).create(
        models.Person, {"full_name": "Hà Văn Sinh", "sex": "male", "birth_year": 1979}
    )
    real = open_inner(outbox.prepare_export(commune.db).data, station)
    assert real.manifest["schema"] == exchange.BUNDLE_SCHEMA
    newer = seal(
        build({**real.manifest, "schema": "9999"}, real.payload(), signer_of(commune)), station
    )
    before = content_digest(station.db)
    result = inbox.import_bundle(station.db, newer)
    assert (result.status, result.reason) == ("rejected", "newer_version")
    assert content_digest(station.db) == before


def _finding(db, finding_id: str) -> tuple:
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT description, area_m2 FROM patrol_finding WHERE id = :i"), {"i": finding_id}
        ).one()


def test_a_bundle_of_an_older_schema_is_read_without_the_newer_columns(
    commune, station, monkeypatch
):
    """A commune not yet updated sends findings without their area (schema 0003): the station
    reads them, leaves a new finding's area unknown and keeps the area it already knows."""
    from nghean_tui.sync import records as sync_records

    records = Records(commune.db)
    with records.batch() as writer:
        patrol = writer.create(models.Patrol, {"patrol_date": date(2026, 10, 5), "kind": "peoples"})
        measured = writer.create(
            models.PatrolFinding,
            {
                "patrol_id": patrol.id,
                "category": "narcotic_plants",
                "count": 3200,
                "area_m2": 800,
                "description": "Nương thuốc phiện",
            },
        )
    inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data)
    assert _finding(station.db, measured.id) == ("Nương thuốc phiện", 800)

    records.update(models.PatrolFinding, measured.id, {"description": "Nương đã nhổ hết"})
    fresh = records.create(
        models.PatrolFinding, {"patrol_id": patrol.id, "category": "narcotic_plants", "count": 40}
    )
    with monkeypatch.context() as old:  # the commune's export as the previous version made it
        old.setattr(exchange, "BUNDLE_SCHEMA", "0003")
        older = {m: sync_records.columns_in(m, "0003") for m in sync_records.MODELS}
        old.setattr(sync_records, "columns", older.__getitem__)
        bundle = outbox.prepare_export(commune.db)
    payload = _payload(station, bundle.data)
    assert payload["records"]["patrol_finding"]["columns"][-1] == "description"

    result = inbox.import_bundle(station.db, bundle.data)
    assert (result.status, result.records) == ("accepted", 2)
    assert _finding(station.db, measured.id) == ("Nương đã nhổ hết", 800)
    assert _finding(station.db, fresh.id) == ("", None)


def _payload(station, data: bytes) -> dict:
    """What a bundle carries, opened with the station's keys."""
    from nghean_tui.sync import bundle as bundle_format
    from nghean_tui.sync import identity

    return bundle_format.parse_inner(
        bundle_format.decrypt(data, identity.own_keys(station.db).age_identity)
    ).payload()


def test_a_person_transferred_away_is_closed_to_edits_here(commune, station):
    """Once the transfer is recorded, the old commune no longer writes that person's records
    (the new commune's edits must never compete with later ones from here): every write is
    refused and stores nothing; the transfer itself can be corrected, or deleted to undo."""
    import pytest

    from nghean_tui.storage.database import StorageError
    from tests.sync.helpers import synced_digest

    records = Records(commune.db)
    person = records.create(
        models.Person, {"full_name": "Lò Văn Pản", "sex": "male", "birth_year": 1988}
    )
    episode = records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": date(2026, 6, 1),
            "start_date": date(2026, 6, 1),
        },
    )
    with records.batch() as writer:  # as the transfer form saves: its episodes close with it
        transfer = writer.create(
            models.Transfer,
            {
                "person_id": person.id,
                "direction": "out",
                "from_unit_code": "16816",
                "to_unit_code": "16822",
                "move_date": date(2026, 11, 20),
            },
        )
        writer.update(
            models.ManagementEpisode,
            episode.id,
            {"status": "transferred_out", "actual_end": date(2026, 11, 20)},
            confirm_warnings=True,
        )
    before = synced_digest(commune.db)
    writes = [
        lambda: records.update(models.Person, person.id, {"aliases": "Pản"}),
        lambda: records.create(
            models.DrugTest,
            {"person_id": person.id, "result": "negative", "test_date": date(2026, 11, 21)},
        ),
        lambda: records.update(models.ManagementEpisode, episode.id, {"notes": "sửa"}),
        lambda: records.delete(models.Person, person.id),
    ]
    for write in writes:
        with pytest.raises(StorageError) as refused:
            write()
        assert refused.value.reason == "moved_away"
        assert refused.value.params["date"] == "20/11/2026"
    assert synced_digest(commune.db) == before

    records.update(models.Transfer, transfer.id, {"notes": "Đã báo xã nhận"})  # still correctable
    records.delete(models.Transfer, transfer.id)  # recorded by mistake: undone
    records.update(models.Person, person.id, {"aliases": "Pản"})


def test_a_bundle_whose_columns_do_not_match_its_schema_is_refused():
    """The columns a table carries must be exactly those of the bundle's schema: a schema
    0003 bundle with the area, or a 0005 one without it, is damaged."""
    import pytest

    from nghean_tui.sync import bundle as bundle_format
    from nghean_tui.sync import records as sync_records

    model = sync_records.BY_NAME["patrol_finding"]
    for schema, carried in (
        ("0003", sync_records.columns(model)),
        ("0005", sync_records.columns_in(model, "0003")),
    ):
        block = {"patrol_finding": {"columns": list(carried), "rows": []}}
        with pytest.raises(bundle_format.BundleError) as refused:
            sync_records.check_records(block, {}, schema)
        assert refused.value.reason == "damaged"
    sync_records.check_records(
        {"patrol_finding": {"columns": list(sync_records.columns_in(model, "0003")), "rows": []}},
        {},
        "0003",
    )


def test_a_large_export_is_split_into_bundles_the_station_accepts(commune, station, monkeypatch):
    """More changes than one bundle may hold go into several, parents first: applied in
    order (or held and applied once the gap fills) they give the station every record."""
    from nghean_tui.synthetic.seed import seed

    seed(commune.db, persons=12, patrols=2, seed=3)
    monkeypatch.setattr(outbox, "EXPORT_RECORDS", 17)
    made = outbox.prepare_exports(commune.db)
    total = sum(o.records for o in made)
    assert len(made) >= 3 and all(o.records <= 17 for o in made)
    assert [o.seq for o in made] == list(range(1, len(made) + 1))
    assert outbox.prepare_exports(commune.db) == []  # the watermark covers them all
    for out in reversed(made):  # the worst order: all but the first are held
        assert inbox.import_bundle(station.db, out.data).status in ("accepted", "pending")
    assert _count(
        station.db, "SELECT count(*) FROM inbound_bundle WHERE status = 'applied'"
    ) == len(made)
    assert total == sum(
        _count(commune.db, f"SELECT count(*) FROM {m.__tablename__}") for m in sync_records.MODELS
    )
    assert _unit_rows(station.db) == _unit_rows(commune.db)


def _unit_rows(db, unit: str = "16816") -> dict:
    with db.engine.connect() as conn:
        return {
            m.__tablename__: conn.exec_driver_sql(
                f"SELECT {', '.join(sync_records.columns(m))} FROM {m.__tablename__} WHERE unit_code = ? "
                "ORDER BY id",
                (unit,),
            ).all()
            for m in sync_records.MODELS
        }
