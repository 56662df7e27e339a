"""Step 7 at a station (sync/scope.py): one commune, with its own valid keys, cannot write
another commune's records, take over its people, attach records to them, or block its bundles.

The victim is commune V (16816), seeded with every kind of record and imported at the
station; the attacker is commune X (16822). Each forged bundle is signed by X's real key.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nghean_tui
from nghean_tui.domain import models
from nghean_tui.storage.records import Records
from nghean_tui.sync import bundle, exchange, identity, inbox, outbox
from nghean_tui.sync import records as sync_records
from nghean_tui.sync.outcome import Outcome
from nghean_tui.sync.reply import prepare_reply
from nghean_tui.synthetic.seed import seed
from tests.sync.conftest import enroll
from tests.sync.helpers import Snapshot, count, open_inner, seal

V, A = "16816", "16822"
HIGH = "ffffffffffff0000@"  # a version stamp that wins every merge


class Scene:
    """The station with V's records, and what X can see of them (ids, by table)."""

    def __init__(self, station, victim, attacker) -> None:
        self.station, self.victim, self.attacker = station, victim, attacker
        seed(victim.db, persons=6, patrols=3, teams=2, seed=11)
        out = outbox.prepare_export(victim.db)
        assert inbox.import_bundle(station.db, out.data).status == "accepted"
        self.victims = open_inner(out.data, station).payload()["records"]
        # X's own records, accepted: a hamlet, an officer and a person of its own.
        Records(attacker.db).create(
            models.Person, {"full_name": "Lò Văn Xâm", "sex": "male", "birth_year": 1990}
        )
        own = outbox.prepare_export(attacker.db)
        assert inbox.import_bundle(station.db, own.data).status == "accepted"
        self.own = open_inner(own.data, station).payload()["records"]
        self.seq = 1

    def rows(self, table: str) -> list[list]:
        return [list(r) for r in self.victims[table]["rows"]]

    def own_row(self, table: str) -> list:
        return list(self.own[table]["rows"][0])

    def victim_row(self, table: str, **where) -> list:
        cols = sync_records.columns(sync_records.BY_NAME[table])
        for row in self.rows(table):
            if all(row[cols.index(k)] == v for k, v in where.items()):
                return row
        raise LookupError(table)

    def send(self, records: dict[str, list[list]]) -> Outcome:
        """X's next bundle carrying these rows, signed with X's key."""
        keys = identity.own_keys(self.attacker.db)
        self.seq += 1
        prev = (
            count(
                self.station.db,
                "SELECT digest FROM inbound_bundle WHERE sender_device = :d AND seq = :s",
                d=keys.device_id,
                s=self.seq - 1,
            )
            or ""
        )
        blocks = {
            name: sync_records.table_block(sync_records.BY_NAME[name], rows)
            for name, rows in records.items()
        }
        counts = {name: len(rows) for name, rows in records.items()}
        manifest = {
            "bundle_id": os.urandom(16).hex(),
            "kind": "changes",
            "sender": {"device_id": keys.device_id, "unit_code": A, "role": "commune"},
            "recipients": [self.station.db.device_id],
            "seq": self.seq,
            "prev_digest": prev,
            "schema": exchange.BUNDLE_SCHEMA,
            "app_version": nghean_tui.__version__,
            "created_at": "2026-01-01T00:00:00+00:00",
            "counts": counts,
        }
        inner = bundle.build_inner(manifest, {"records": blocks}, keys.signer)
        outcome = inbox.import_bundle(self.station.db, seal(inner, self.station))
        if outcome.status == "rejected":
            self.seq -= 1  # the station has not seen this number: X may use it again
        return outcome

    def victim_state(self) -> str:
        """V's records at the station and everything that hangs on them."""
        return victim_digest(self.station.db, V)

    def victim_next_bundle_goes_in(self) -> None:
        """V goes on working: its next bundle is accepted and applied as it is."""
        records = Records(self.victim.db)
        person = self.victim_row("person")
        records.update(models.Person, person[0], {"notes": "V vẫn quản lý"})
        records.create(
            models.DrugTest,
            {"person_id": person[0], "test_date": date(2026, 11, 2), "result": "negative"},
        )
        outcome = inbox.import_bundle(self.station.db, outbox.prepare_export(self.victim.db).data)
        assert outcome.status == "accepted", outcome
        assert (
            count(self.station.db, "SELECT notes FROM person WHERE id = :i", i=person[0])
            == "V vẫn quản lý"
        )
        assert (
            count(self.station.db, "SELECT unit_code FROM person WHERE id = :i", i=person[0]) == V
        )


def victim_digest(db, unit: str) -> str:
    """Every synced row of ``unit``, and every row of any unit that references one of them."""
    import hashlib

    h = hashlib.sha256()
    with db.engine.connect() as conn:
        owned: dict[str, set[str]] = {}
        for model in sync_records.MODELS:
            name = model.__tablename__
            cols = sync_records.columns(model)
            rows = conn.exec_driver_sql(f"SELECT {', '.join(cols)} FROM {name} ORDER BY id").all()
            mine = [r for r in rows if r[cols.index("unit_code")] == unit]
            owned[name] = {r[0] for r in mine}
            refs = [
                (cols.index(c.name), fk.column.table.name)
                for c in model.__table__.columns
                for fk in c.foreign_keys
            ]
            hanging = [
                r
                for r in rows
                if r not in mine and any(r[at] in owned.get(parent, ()) for at, parent in refs)
            ]
            h.update(f"{name}|{mine!r}|{hanging!r}".encode())
    return h.hexdigest()


@pytest.fixture
def scene(sites, station, commune):
    attacker = sites("commune", A, "Hà Văn Bình")
    enroll(attacker, station)
    return Scene(station, commune, attacker)


def _refused(scene, records, table):
    before = Snapshot(scene.station.db)
    outcome = scene.send(records)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        "rejected",
        "out_of_scope",
        table,
    ), outcome
    assert before.unchanged()


def _as_attacker(row: list, table: str, **changes) -> list:
    cols = sync_records.columns(sync_records.BY_NAME[table])
    row = list(row)
    for key, value in {"unit_code": A, "version": HIGH + "x", **changes}.items():
        row[cols.index(key)] = value
    return row


def _new_id() -> str:
    import uuid

    return str(uuid.uuid4())


def _make(scene, table: str, **values) -> list:
    """A new row of X's: the common fields borrowed from X's own person, then ``values``."""
    cols = sync_records.columns(sync_records.BY_NAME[table])
    common = dict(
        zip(
            sync_records.columns(models.Person),
            _as_attacker(scene.own_row("person"), "person"),
            strict=False,
        )
    )
    row = {c: common.get(c) for c in cols}
    row.update(id=_new_id(), deleted=0, **values)
    return [row[c] for c in cols]


def _forged_transfer(scene, person_id: str, unit: str) -> list:
    return _make(
        scene,
        "transfer",
        person_id=person_id,
        direction="out",
        from_unit_code=V,
        to_unit_code=A,
        move_date="2026-10-01",
        notified_on=None,
        new_address="",
        notes="",
        unit_code=unit,
    )


def test_a_forged_transfer_in_the_same_bundle_takes_nobody_over(scene):
    person = scene.victim_row("person")
    for unit in (A, V):  # written as X's own, or labelled as V's
        takeover = _as_attacker(person, "person", full_name="Người Khác", hamlet_id=None)
        _refused(
            scene,
            {"person": [takeover], "transfer": [_forged_transfer(scene, person[0], unit)]},
            "person",
        )
    scene.victim_next_bundle_goes_in()


@pytest.mark.parametrize(
    "table",
    ["management_episode", "drug_test", "contact", "support_record", "addiction_assessment"],
)
def test_a_child_record_on_another_communes_person_is_refused(scene, table):
    person = scene.victim_row("person")
    if table == "addiction_assessment":
        row = _make(
            scene,
            table,
            person_id=person[0],
            requested_on="2026-01-01",
            facility="",
            result_on=None,
            result="addicted",
            notes="",
        )
    else:
        row = scene.rows(table)[0]
    for unit in (A, V):
        child = _as_attacker(row, table, id=_new_id(), person_id=person[0], unit_code=unit)
        if "episode_id" in sync_records.columns(sync_records.BY_NAME[table]):
            child[sync_records.columns(sync_records.BY_NAME[table]).index("episode_id")] = None
        if "officer_id" in sync_records.columns(sync_records.BY_NAME[table]):
            child[sync_records.columns(sync_records.BY_NAME[table]).index("officer_id")] = None
        _refused(scene, {table: [child]}, table)
    scene.victim_next_bundle_goes_in()


def test_an_episode_record_on_another_communes_episode_is_refused(scene):
    episode = scene.rows("management_episode")[0]
    member = _as_attacker(
        scene.rows("episode_team_member")[0],
        "episode_team_member",
        id=_new_id(),
        episode_id=episode[0],
        officer_id=scene.own_row("officer")[0],
    )
    _refused(scene, {"episode_team_member": [member]}, "episode_team_member")


@pytest.mark.parametrize(
    "table,column,parent",
    [
        ("person", "hamlet_id", "hamlet"),  # X's person counted in V's hamlet
        ("team", "hamlet_id", "hamlet"),
        ("team_member", "team_id", "team"),
        ("patrol_finding", "patrol_id", "patrol"),
        ("patrol_person", "person_id", "person"),  # X's patrol "met" V's person
    ],
)
def test_a_record_hung_on_another_communes_record_is_refused(scene, table, column, parent):
    records = {}
    if table == "patrol_person":  # on a patrol of X's own, sent with it
        patrol = _as_attacker(
            scene.rows("patrol")[0], "patrol", id=_new_id(), leader_id=scene.own_row("officer")[0]
        )
        records["patrol"] = [patrol]
        row = _make(scene, table, patrol_id=patrol[0], note="")
    else:
        row = scene.own_row(table) if table in scene.own else scene.rows(table)[0]
    forged = _as_attacker(row, table, id=_new_id(), **{column: scene.rows(parent)[0][0]})
    records[table] = [forged]
    _refused(scene, records, table)
    scene.victim_next_bundle_goes_in()


def test_a_stale_transfer_does_not_give_a_person_back(sites, station, commune):
    """V moves a person to X, X takes over and later moves them back; V takes them over
    again. X cannot take them once more on the strength of the first, stale, transfer."""
    attacker = sites("commune", A, "Hà Văn Bình")
    enroll(attacker, station)
    person = Records(commune.db).create(
        models.Person, {"full_name": "Vừ Bá Lử", "sex": "male", "birth_year": 1991}
    )
    Records(commune.db).create(
        models.Transfer,
        {
            "person_id": person.id,
            "direction": "out",
            "from_unit_code": V,
            "to_unit_code": A,
            "move_date": date(2026, 3, 1),
        },
    )
    _round(station, commune, attacker)
    Records(attacker.db).create(
        models.Transfer,
        {
            "person_id": person.id,
            "direction": "out",
            "from_unit_code": A,
            "to_unit_code": V,
            "move_date": date(2026, 6, 1),
        },
    )
    _round(station, attacker, commune)
    assert count(station.db, "SELECT unit_code FROM person WHERE id = :i", i=person.id) == V
    # X replays its old takeover of the person, newer than everything.
    keys = identity.own_keys(attacker.db)
    with attacker.db.engine.connect() as conn:
        row = list(sync_records.rows_by_id(conn, models.Person, [person.id])[0])
    row = _as_attacker(row, "person", full_name="Lại Lấy")
    scene = object.__new__(Scene)
    scene.station, scene.attacker = station, attacker
    scene.seq = count(attacker.db, "SELECT max(seq) FROM outbound_bundle")
    assert keys.unit_code == A
    outcome = scene.send({"person": [row]})
    # X moved the person away itself: its late version is kept for review, never merged.
    assert (outcome.status, outcome.conflicts) == ("accepted", 1), outcome
    assert (
        count(station.db, "SELECT unit_code || full_name FROM person WHERE id = :i", i=person.id)
        == V + "Vừ Bá Lử"
    )


def _round(station, sender, receiver) -> None:
    """sender's bundle to the station, the station's reply to receiver, receiver's back."""
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(sender.db).data).status == "accepted"
    )
    reply = prepare_reply(station.db, receiver.db.device_id)
    assert inbox.import_bundle(receiver.db, reply.data).status == "accepted"
    back = inbox.import_bundle(station.db, outbox.prepare_export(receiver.db).data)
    assert back.status == "accepted", back


def test_a_takeover_after_the_old_commune_undid_the_move_is_set_aside(sites, station, commune):
    """V moves a person to X by mistake and undoes it; the station gets the undo before X's
    takeover. X's records of the person are kept for review, not merged, and X's bundle
    (and the ones after it) still go in: V's undo does not block X."""
    attacker = sites("commune", A, "Hà Văn Bình")
    enroll(attacker, station)
    person = Records(commune.db).create(
        models.Person, {"full_name": "Giàng A Tủa", "sex": "male", "birth_year": 1993}
    )
    transfer = Records(commune.db).create(
        models.Transfer,
        {
            "person_id": person.id,
            "direction": "out",
            "from_unit_code": V,
            "to_unit_code": A,
            "move_date": date(2026, 3, 1),
        },
    )
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )
    reply = prepare_reply(station.db, attacker.db.device_id)
    assert inbox.import_bundle(attacker.db, reply.data).status == "accepted"
    Records(commune.db).delete(models.Transfer, transfer.id)  # the mistake undone
    Records(commune.db).update(models.Person, person.id, {"notes": "không chuyển đi"})
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )
    Records(attacker.db).create(
        models.Person, {"full_name": "Lò Thị Mai", "sex": "female", "birth_year": 1995}
    )
    late = inbox.import_bundle(station.db, outbox.prepare_export(attacker.db).data)
    assert late.status == "accepted" and late.conflicts >= 2, late  # person + arrival
    assert count(station.db, "SELECT unit_code FROM person WHERE id = :i", i=person.id) == V
    assert (
        count(station.db, "SELECT notes FROM person WHERE id = :i", i=person.id)
        == "không chuyển đi"
    )
    assert (
        count(
            station.db,
            "SELECT count(*) FROM sync_conflict WHERE record_id = :i "
            "AND unit_code = :u AND winner_version = ''",
            i=person.id,
            u=A,
        )
        == 1
    )
    assert count(station.db, "SELECT count(*) FROM person WHERE full_name = 'Lò Thị Mai'") == 1
    Records(attacker.db).create(
        models.Person, {"full_name": "Lò Văn Sơn", "sex": "male", "birth_year": 1996}
    )
    nxt = inbox.import_bundle(station.db, outbox.prepare_export(attacker.db).data)
    assert nxt.status == "accepted", nxt


# ---------------------------------------------------------------- whatever X sends

_TABLES = (
    "person",
    "management_episode",
    "drug_test",
    "contact",
    "transfer",
    "hamlet",
    "officer",
    "team",
    "team_member",
    "patrol",
    "patrol_finding",
    "hotspot",
    "tip",
    "episode_team_member",
    "patrol_person",
    "support_record",
)


@st.composite
def forgeries(draw, scene):
    """A bundle X might send: rows of V's (relabelled or not, newer or not, under new ids or
    the same), pointed at V's parents or X's, with or without a forged transfer."""
    records: dict[str, list[list]] = {}
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from([t for t in _TABLES if t in scene.victims]))
        cols = sync_records.columns(sync_records.BY_NAME[table])
        row = list(draw(st.sampled_from(scene.rows(table))))
        if draw(st.booleans()):
            row[cols.index("unit_code")] = draw(st.sampled_from([A, V]))
        if draw(st.booleans()):
            row[0] = _new_id()
        if draw(st.booleans()):
            row[cols.index("version")] = HIGH + identity.own_keys(scene.attacker.db).device_id
        for column in ("person_id", "hamlet_id", "team_id", "patrol_id", "officer_id"):
            if column in cols and draw(st.booleans()):
                parent = {
                    "person_id": "person",
                    "hamlet_id": "hamlet",
                    "team_id": "team",
                    "patrol_id": "patrol",
                    "officer_id": "officer",
                }[column]
                source = draw(st.sampled_from(["victim", "own"]))
                pool = (
                    scene.rows(parent)
                    if source == "victim" or parent not in scene.own
                    else [list(r) for r in scene.own[parent]["rows"]]
                )
                row[cols.index(column)] = draw(st.sampled_from(pool))[0]
        if any(r[0] == row[0] for r in records.get(table, [])):
            continue
        records.setdefault(table, []).append(row)
    if draw(st.booleans()):
        person = draw(st.sampled_from(scene.rows("person")))
        records.setdefault("transfer", []).append(
            _forged_transfer(scene, person[0], draw(st.sampled_from([A, V])))
        )
    return records


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_whatever_one_commune_sends_another_communes_records_stay_as_they_were(scene, data):
    before = scene.victim_state()
    progress = count(
        scene.station.db,
        "SELECT max(seq) FROM inbound_bundle WHERE sender_unit = :u AND status = 'applied'",
        u=V,
    )
    outcome = scene.send(data.draw(forgeries(scene), label="bundle"))
    assert outcome.status in ("accepted", "rejected"), outcome
    assert scene.victim_state() == before
    assert (
        count(
            scene.station.db,
            "SELECT max(seq) FROM inbound_bundle WHERE sender_unit = :u AND status = 'applied'",
            u=V,
        )
        == progress
    )
    scene.victim_next_bundle_goes_in()
