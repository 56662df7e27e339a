"""A citizen ID stays one living profile per unit across sync; a station lists the same
number under two communes for review and merges nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.storage import duplicates
from nghean_tui.storage.records import Records
from nghean_tui.sync import inbox, outbox
from nghean_tui.sync.reply import prepare_reply
from tests.sync.conftest import enroll

CID = "040092123456"  # a man born in 1992


def _rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_a_transfer_in_whose_citizen_id_is_already_here_is_held_not_taken_over(
    sites, station, commune
):
    other = sites("commune", "16822")
    enroll(other, station)
    moved = Records(commune.db).create(
        models.Person,
        {"full_name": "Lầu Bá Chư", "sex": "male", "birth_year": 1992, "citizen_id": CID},
    )
    Records(commune.db).create(
        models.Transfer,
        {
            "person_id": moved.id,
            "direction": "out",
            "from_unit_code": "16816",
            "to_unit_code": "16822",
            "move_date": date(2026, 11, 20),
        },
    )
    # The new commune had already typed him in by hand.
    here = Records(other.db).create(
        models.Person,
        {"full_name": "Lầu Bá Chư", "sex": "male", "birth_year": 1992, "citizen_id": CID},
    )
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )

    reply = prepare_reply(station.db, other.db.device_id)
    outcome = inbox.import_bundle(other.db, reply.data)
    assert outcome.status == "accepted" and outcome.conflicts >= 1
    living = _rows(
        other.db,
        "SELECT id FROM person WHERE citizen_id = :c AND deleted = 0 AND unit_code = '16822'",
        c=CID,
    )
    assert [r[0] for r in living] == [here.id]
    assert _rows(other.db, "SELECT count(*) FROM transfer WHERE direction = 'in'")[0][0] == 0
    held = _rows(
        other.db, "SELECT record_id, winner_version FROM sync_conflict WHERE table_name = 'person'"
    )
    assert held == [(moved.id, "")]

    # Once the officer deletes the profile typed twice, the next reply takes him over.
    Records(other.db).delete(models.Person, here.id)
    again = inbox.import_bundle(other.db, prepare_reply(station.db, other.db.device_id).data)
    assert again.status == "accepted"
    assert _rows(other.db, "SELECT unit_code FROM person WHERE id = :i", i=moved.id) == [("16822",)]


def test_a_station_lists_one_citizen_id_under_two_communes_and_merges_nothing(
    sites, station, commune
):
    other = sites("commune", "16822")
    enroll(other, station)
    a = Records(commune.db).create(
        models.Person,
        {"full_name": "Lầu Bá Chư", "sex": "male", "birth_year": 1992, "citizen_id": CID},
    )
    b = Records(other.db).create(
        models.Person,
        {"full_name": "Lau Ba Chu", "sex": "male", "birth_year": 1992, "citizen_id": CID},
    )
    for site in (commune, other):
        assert (
            inbox.import_bundle(station.db, outbox.prepare_export(site.db).data).status
            == "accepted"
        )
    with station.db.engine.connect() as conn:
        groups, n = duplicates.cross_commune_matches(conn)
    assert n == 1
    assert {(p.id, p.unit_code) for p in groups[0].profiles} == {(a.id, "16816"), (b.id, "16822")}
    assert (
        len(_rows(station.db, "SELECT id FROM person WHERE citizen_id = :c AND deleted = 0", c=CID))
        == 2
    )
