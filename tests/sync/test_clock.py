"""Clocks at the station: a commune whose clock runs ahead is flagged and its stamps clamped,
so that its edits cannot win every later edit of the same records for ever; the original
stamps are kept; nothing that loses a merge is dropped silently (sync/records.py)."""

from __future__ import annotations

import time
from datetime import date

from nghean_tui.domain import models
from nghean_tui.domain.hlc import HybridClock, Stamp, clock_warning
from nghean_tui.storage.records import Records
from nghean_tui.sync import inbox, outbox, records
from tests.sync.helpers import count

DAY_MS = 24 * 3600 * 1000


def _run_ahead(site, days: int) -> None:
    real = site.db.clock._now_ms
    site.db.clock._now_ms = lambda: real() + days * DAY_MS


def test_the_clock_adopts_its_own_last_stamp_however_far_ahead():
    now = int(time.time() * 1000)
    ahead = str(Stamp(now + 30 * DAY_MS, 7, "dev"))
    clock = HybridClock("dev", ahead)  # used to raise: the database refused to open
    assert clock.now() > ahead
    assert clock.reserve(3)[0] > ahead
    kind, minutes = clock_warning(clock)
    assert kind == "behind" and 29 * 24 * 60 <= minutes <= 30 * 24 * 60
    assert clock_warning(HybridClock("dev", str(Stamp(now, 0, "dev")))) is None
    old = HybridClock("dev", str(Stamp(now - 200 * DAY_MS, 0, "dev")))
    assert clock_warning(old)[0] == "ahead"


def test_a_commune_clock_far_ahead_is_flagged_and_clamped(commune, station):
    _run_ahead(commune, 30)
    person = Records(commune.db).create(
        models.Person, {"full_name": "Lò Văn Nhanh", "sex": "male", "birth_year": 1990}
    )
    first = outbox.prepare_export(commune.db)
    outcome = inbox.import_bundle(station.db, first.data)
    assert outcome.status == "accepted" and outcome.clamped == 1, outcome  # the person
    limit = int(time.time() * 1000) + inbox.CLAMP_MARGIN_MS
    stored = count(station.db, "SELECT version FROM person WHERE id = :i", i=person.id)
    assert Stamp.parse(stored).ms <= limit
    assert Stamp.parse(stored).device == commune.db.device_id
    assert (
        count(station.db, "SELECT original FROM stamp_clamp WHERE record_id = :i", i=person.id)
        == person.version
    )
    assert (
        count(
            station.db,
            "SELECT count(*) FROM sync_alert WHERE kind = 'clock_skew' AND device_id = :d",
            d=commune.db.device_id,
        )
        == 1
    )
    # The station's own clock did not follow the commune's.
    assert Stamp.parse(station.db.clock.now()).ms <= limit

    # Its next edit of the record still wins at the station (the device's order is kept)...
    Records(commune.db).update(models.Person, person.id, {"notes": "sửa lần hai"})
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )
    assert count(station.db, "SELECT notes FROM person WHERE id = :i", i=person.id) == "sửa lần hai"
    assert count(station.db, "SELECT version FROM person WHERE id = :i", i=person.id) > stored


def test_clamping_the_same_stamp_again_changes_nothing(station):
    """The same original always maps to the same clamped stamp; an older edit of the device
    arriving late loses and is kept; another device's later edit wins once past the margin."""
    cols = records.columns(models.Person)
    now = int(time.time() * 1000)
    person = _person_row(station, cols)
    far = str(Stamp(now + 30 * DAY_MS, 0, "fast-device"))
    limit = now + DAY_MS

    def merge(row, not_after=limit):
        with station.db.write() as txn:
            incoming = records.Incoming(tables={"person": [list(row)]})
            return records.merge(txn.conn, incoming, today=date(2026, 12, 1), not_after=not_after)

    first = merge(_with(person, cols, version=far))
    assert (first.inserted, first.clamped) == (1, 1)
    clamped = count(station.db, "SELECT version FROM person WHERE id = :i", i=person[0])
    again = merge(_with(person, cols, version=far), not_after=limit + 5000)
    assert (again.unchanged, again.clamped) == (1, 0)
    assert count(station.db, "SELECT version FROM person WHERE id = :i", i=person[0]) == clamped
    older = str(Stamp(now + 29 * DAY_MS, 0, "fast-device"))
    late = merge(_with(person, cols, version=older, notes="cũ"))
    assert late.conflicts == 1 and late.updated == 0
    assert (
        count(
            station.db,
            "SELECT count(*) FROM sync_conflict WHERE record_id = :i AND loser_version = :v",
            i=person[0],
            v=older,
        )
        == 1
    )
    honest = str(Stamp(limit + 1, 0, "other-device"))  # a real edit, a day on
    won = merge(_with(person, cols, version=honest, notes="mới"), not_after=limit + DAY_MS)
    assert won.updated == 1
    assert count(station.db, "SELECT notes FROM person WHERE id = :i", i=person[0]) == "mới"


def test_an_older_version_from_the_same_device_is_kept_not_dropped(station):
    cols = records.columns(models.Person)
    person = _person_row(station, cols)
    now = int(time.time() * 1000)
    newer, older = (str(Stamp(now - k, 0, "dev-a")) for k in (1000, 5000))
    with station.db.write() as txn:
        records.merge(
            txn.conn,
            records.Incoming(tables={"person": [_with(person, cols, version=newer)]}),
            today=date(2026, 12, 1),
        )
    with station.db.write() as txn:
        result = records.merge(
            txn.conn,
            records.Incoming(
                tables={"person": [_with(person, cols, version=older, notes="bản cũ")]}
            ),
            today=date(2026, 12, 1),
        )
    assert result.conflicts == 1
    assert (
        count(
            station.db,
            "SELECT count(*) FROM sync_conflict WHERE record_id = :i "
            "AND loser_version = :v AND winner_version = :w",
            i=person[0],
            v=older,
            w=newer,
        )
        == 1
    )


def _person_row(site, cols) -> list:
    import uuid

    values = {c: None for c in cols}
    values.update(
        id=str(uuid.uuid4()),
        unit_code="16816",
        created_at="2026-11-01 00:00:00",
        updated_at="2026-11-01 00:00:00",
        origin_device="dev-a",
        deleted=0,
        full_name="Hà Thị Giờ",
        sex="female",
        birth_year=1991,
    )
    for column in models.Person.__table__.columns:
        if column.name in values and values[column.name] is None and not column.nullable:
            values[column.name] = "" if column.name != "birth_year" else 1991
    return [values[c] for c in cols]


def _with(row: list, cols, **changes) -> list:
    row = list(row)
    for key, value in changes.items():
        row[cols.index(key)] = value
    return row
