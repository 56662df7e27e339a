"""Hotspots and tips: eliminating, paging, and a tip's source kept out of every read but the
audited reveal."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.validation import ValidationError
from nghean_tui.storage import places
from nghean_tui.storage.database import StorageError
from nghean_tui.storage.records import Records

TODAY = date(2026, 11, 20)
SOURCE_NAME = "Vi Thị Nguồn Kín"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("NGHEAN_TODAY", TODAY.isoformat())


@pytest.fixture
def hamlet(new_db):
    return Records(new_db).create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})


def hotspot(db, name="Lán nương đầu bản", **extra):
    values = {"name": name, "kind": "gathering", "found_on": "03/02/2026", **extra}
    return places.save_hotspot(db, values)


def tip(db, source: dict | None = None, **extra):
    values = {
        "received_on": "18/11/2026",
        "channel": "phone",
        "content": "Có người lạ tụ tập ở lán nương",
        **extra,
    }
    return places.save_tip(db, values, source=source)


def audit_rows(db, action=None):
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action, table_name, record_id, fields FROM audit_log ORDER BY seq")
        ).all()
    return [r for r in rows if action is None or r.action == action]


def count(db, table):
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


# ---------------------------------------------------------------- hotspots


def test_eliminate_sets_status_and_date(new_db, hamlet):
    spot = hotspot(new_db, hamlet_id=hamlet.id)
    done = places.eliminate_hotspot(new_db, spot, "19/11/2026", notes="Đã phá lán")
    assert done.status == "eliminated" and done.eliminated_on == date(2026, 11, 19)
    assert done.notes == "Đã phá lán"
    with pytest.raises(ValidationError) as err:
        places.eliminate_hotspot(new_db, done, "")
    assert [i.field for i in err.value.issues] == ["eliminated_on"]


def test_default_list_hides_eliminated_newest_found_first(new_db, hamlet):
    old = hotspot(new_db, "Cũ", found_on="01/01/2025", hamlet_id=hamlet.id)
    new = hotspot(new_db, "Mới", found_on="01/10/2026")
    gone = hotspot(new_db, "Đã xóa sổ", found_on="01/05/2026")
    places.eliminate_hotspot(new_db, gone, TODAY)
    rows, more = places.hotspot_page(new_db)
    assert [r.name for r in rows] == ["Mới", "Cũ"] and not more
    assert rows[1].hamlet == "Bản Huồi Giảng"
    everything = places.HotspotFilter(include_eliminated=True)
    assert [r.id for r in places.hotspot_page(new_db, everything)[0]] == [new.id, gone.id, old.id]
    only = places.HotspotFilter(status="eliminated")
    assert [r.id for r in places.hotspot_page(new_db, only)[0]] == [gone.id]
    assert places.count_hotspots(new_db) == 2 and places.count_hotspots(new_db, everything) == 3
    first, more = places.hotspot_page(new_db, everything, limit=2)
    assert more and [r.id for r in first] == [new.id, gone.id]
    rest, more = places.hotspot_page(new_db, everything, after=first[-1], limit=2)
    assert [r.id for r in rest] == [old.id] and not more
    back, more = places.hotspot_page(new_db, everything, before=rest[0], limit=1)
    assert [r.id for r in back] == [gone.id] and more


def test_hotspot_detail_lists_patrol_visits_and_tips(new_db):
    spot = hotspot(new_db)
    records = Records(new_db)
    patrol = records.create(
        models.Patrol,
        {
            "patrol_date": "10/11/2026",
            "kind": "commune_police",
            "leader_id": new_db.officer_id,
            "routes": "Đường mòn",
        },
    )
    records.create(models.PatrolHotspot, {"patrol_id": patrol.id, "hotspot_id": spot.id})
    linked = tip(new_db, hotspot_id=spot.id).tip
    detail = places.hotspot_detail(new_db, spot.id)
    assert [(v.patrol_date, v.leader) for v in detail.visits] == [
        (date(2026, 11, 10), "Lương Văn Thắng")
    ]
    assert [t.id for t in detail.tips] == [linked.id]
    places.delete_hotspot(new_db, places.hotspot_detail(new_db, spot.id).hotspot)
    assert places.hotspot_detail(new_db, spot.id) is None
    assert places.hotspot_page(new_db)[0] == []


# ---------------------------------------------------------------- tips


def test_tip_with_source_is_saved_in_one_transaction(new_db):
    saved = tip(
        new_db,
        {
            "source_name": SOURCE_NAME,
            "source_phone": "0912 345 678",
            "source_address": "Bản Huồi Giảng",
            "notes": "",
        },
    )
    assert saved.source.tip_id == saved.tip.id and saved.source.source_phone == "0912345678"
    with new_db.engine.connect() as conn:
        seqs = (
            conn.execute(
                text("SELECT change_seq FROM tip UNION ALL SELECT change_seq FROM tip_source")
            )
            .scalars()
            .all()
        )
    assert len(set(seqs)) == 1  # written by the same transaction


def test_a_bad_source_saves_neither_tip_nor_source(new_db):
    before = count(new_db, "tip"), count(new_db, "tip_source"), count(new_db, "audit_log")
    with pytest.raises(ValidationError) as err:
        tip(new_db, {"source_name": SOURCE_NAME, "source_phone": "12345"})
    assert [i.field for i in err.value.issues] == ["source_phone"]
    assert (count(new_db, "tip"), count(new_db, "tip_source"), count(new_db, "audit_log")) == before


def test_an_empty_source_is_not_stored(new_db):
    saved = tip(new_db, {"source_name": "", "source_phone": "", "source_address": "", "notes": ""})
    assert saved.source is None and count(new_db, "tip_source") == 0
    assert not places.tip_detail(new_db, saved.tip.id).has_source


def test_reveal_writes_exactly_one_audit_entry_and_returns_the_source(new_db):
    saved = tip(new_db, {"source_name": SOURCE_NAME})
    before = len(audit_rows(new_db))
    source = places.reveal_tip_source(new_db, saved.tip.id)
    assert source.source_name == SOURCE_NAME
    rows = audit_rows(new_db)
    assert len(rows) == before + 1
    action, table, record_id, fields = rows[-1]
    assert (action, table, record_id) == ("reveal", "tip_source", source.id)
    assert "source_name" in json.loads(fields) and SOURCE_NAME not in fields


def test_reveal_of_a_tip_without_source_shows_and_records_nothing(new_db):
    saved = tip(new_db)
    before = len(audit_rows(new_db))
    assert places.reveal_tip_source(new_db, saved.tip.id) is None
    assert len(audit_rows(new_db)) == before


def test_a_reveal_that_cannot_be_audited_shows_nothing(new_db, monkeypatch):
    saved = tip(new_db, {"source_name": SOURCE_NAME})
    before = len(audit_rows(new_db, "reveal"))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(new_db, "audit", broken)
    with pytest.raises(OSError):
        places.reveal_tip_source(new_db, saved.tip.id)
    monkeypatch.undo()
    assert len(audit_rows(new_db, "reveal")) == before


def test_list_and_detail_reads_never_carry_the_source(new_db):
    spot = hotspot(new_db)
    saved = tip(
        new_db,
        {
            "source_name": SOURCE_NAME,
            "source_phone": "0987654321",
            "source_address": "Nhà sàn cuối bản Xốp Tụ",
            "notes": "Quen trưởng bản",
        },
        hotspot_id=spot.id,
    )
    rows, _ = places.tip_page(new_db)
    detail = places.tip_detail(new_db, saved.tip.id)
    spot_detail = places.hotspot_detail(new_db, spot.id)
    assert rows[0].has_source and detail.has_source and spot_detail.tips[0].has_source
    dumped = " ".join(
        [
            repr(rows),
            repr(asdict(rows[0])),
            repr(detail),
            repr(detail.tip.model_dump()),
            repr(spot_detail),
            repr(places.count_tips(new_db)),
        ]
    )
    for secret in (SOURCE_NAME, "0987654321", "Nhà sàn cuối bản Xốp Tụ", "Quen trưởng bản"):
        assert secret not in dumped
    assert audit_rows(new_db, "reveal") == []


def test_tip_list_newest_first_with_status_filter(new_db):
    older = tip(new_db, received_on="01/11/2026").tip
    newer = tip(new_db, received_on="19/11/2026", status="verifying").tip
    rows, _ = places.tip_page(new_db)
    assert [r.id for r in rows] == [newer.id, older.id]
    verifying = places.TipFilter(status="verifying")
    assert [r.id for r in places.tip_page(new_db, verifying)[0]] == [newer.id]
    assert places.count_tips(new_db, verifying) == 1


def test_editing_the_source_needs_the_revealed_row(new_db):
    saved = tip(new_db, {"source_name": SOURCE_NAME})
    changes = {"status": "verifying"}
    with pytest.raises(StorageError) as err:  # a source the form never showed stays as it is
        places.save_tip(new_db, changes, tip=saved.tip, source={"source_name": "Khác"})
    assert err.value.reason == "tip_source_hidden"
    source = places.reveal_tip_source(new_db, saved.tip.id)
    done = places.save_tip(
        new_db, changes, tip=saved.tip, source={"source_name": "Tên mới"}, revealed=source
    )
    assert done.tip.status == "verifying" and done.source.source_name == "Tên mới"
    untouched = places.save_tip(new_db, {"handling": "Đã xác minh"}, tip=done.tip)
    assert untouched.source is None
    assert places.reveal_tip_source(new_db, saved.tip.id).source_name == "Tên mới"


def test_deleting_a_tip_erases_its_source(new_db):
    saved = tip(new_db, {"source_name": SOURCE_NAME, "source_phone": "0912345678"})
    places.delete_tip(new_db, saved.tip)
    assert places.tip_detail(new_db, saved.tip.id) is None
    with new_db.engine.connect() as conn:
        row = conn.execute(text("SELECT source_name, source_phone, deleted FROM tip_source")).one()
    assert tuple(row) == ("", None, 1)


def test_person_choices_search_only(new_db, hamlet):
    Records(new_db).create(
        models.Person,
        {"full_name": "Lò Văn Páo", "sex": "male", "birth_year": 1990, "hamlet_id": hamlet.id},
    )
    assert places.person_choices(new_db, "") == []
    [(pid, label)] = places.person_choices(new_db, "pao")
    assert label == "Lò Văn Páo (1990, Bản Huồi Giảng)"
