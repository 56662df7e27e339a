"""Patrols: a month's list and totals, one patrol whole, and saving a patrol with all its
children in one transaction (everything or nothing)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.validation import ValidationError
from nghean_tui.storage import patrols
from nghean_tui.storage.records import Records

TODAY = date(2026, 11, 20)
CHILD_TABLES = (
    "patrol_participant",
    "patrol_hamlet",
    "patrol_finding",
    "patrol_person",
    "patrol_hotspot",
)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("NGHEAN_TODAY", TODAY.isoformat())


@pytest.fixture
def unit(new_db):
    """Two hamlets, a second officer, a team with two members, a hotspot and a person."""
    records = Records(new_db)
    h1 = records.create(models.Hamlet, {"name": "Bản Phá Lé", "kind": "ban"})
    h2 = records.create(models.Hamlet, {"name": "Bản Xiềng Phột", "kind": "ban"})
    officer = records.create(models.Officer, {"full_name": "Vi Văn Nam"})
    team = records.create(
        models.Team, {"hamlet_id": h1.id, "name": "Tổ ANTT Phá Lé", "kind": "security_order"}
    )
    m1 = records.create(
        models.TeamMember, {"team_id": team.id, "full_name": "Lô Văn Pọm", "role": "leader"}
    )
    m2 = records.create(
        models.TeamMember, {"team_id": team.id, "full_name": "Moong Thị Ca", "role": "member"}
    )
    spot = records.create(
        models.Hotspot,
        {
            "name": "Lối mở Huồi Muộng",
            "kind": "border_route",
            "found_on": "01/03/2026",
            "hamlet_id": h1.id,
        },
    )
    person = records.create(
        models.Person,
        {"full_name": "Lầu Bá Chống", "sex": "male", "birth_year": 1990, "hamlet_id": h1.id},
    )
    return {
        "h1": h1,
        "h2": h2,
        "officer": officer,
        "m1": m1,
        "m2": m2,
        "spot": spot,
        "person": person,
        "leader": new_db.officer_id,
    }


def counts(db) -> dict[str, int]:
    """Live rows per table (patrol and its children) and every row of the audit log."""
    with db.engine.connect() as conn:
        live = {
            t: conn.execute(text(f"SELECT count(*) FROM {t} WHERE deleted = 0")).scalar_one()
            for t in ("patrol", *CHILD_TABLES)
        }
        live["audit_log"] = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    return live


def values(**changes) -> dict:
    base = {
        "patrol_date": "18/11/2026",
        "start_time": "08:00",
        "end_time": "11:30",
        "kind": "commune_police",
        "routes": "Đường mòn Phá Lé – Piêng Mỳ",
        "people_checked": "12",
        "notes": "",
    }
    return {**base, **changes}


def full_children(u, **changes) -> patrols.PatrolChildren:
    base = dict(
        hamlet_ids=[u["h1"].id, u["h2"].id],
        officer_ids=[u["officer"].id],
        member_ids=[u["m1"].id],
        others=["Đồn Biên phòng Mỹ Lý"],
        findings=[
            patrols.FindingInput("a", "gathering", "3", "Tụ tập tại lán nương"),
            patrols.FindingInput("b", "narcotic_plants", "120", ""),
        ],
        person_ids=[u["person"].id],
        hotspot_ids=[u["spot"].id],
    )
    return patrols.PatrolChildren(**{**base, **changes})


def test_create_with_children_and_read_it_back(new_db, unit):
    patrol = patrols.save_patrol(
        new_db, None, values(leader_id=unit["leader"]), full_children(unit)
    )
    detail = patrols.patrol_detail(new_db, patrol.id)
    assert detail.patrol.patrol_date == date(2026, 11, 18)
    assert detail.leader_name == "Lương Văn Thắng"
    assert [name for _, name in detail.hamlets] == ["Bản Phá Lé", "Bản Xiềng Phột"]
    # The leader counts as a participating officer without being ticked twice.
    assert [(p.kind, p.name) for p in detail.participants] == [
        ("officer", "Lương Văn Thắng"),
        ("officer", "Vi Văn Nam"),
        ("team_member", "Lô Văn Pọm"),
        ("other", "Đồn Biên phòng Mỹ Lý"),
    ]
    assert sorted((f.category, f.count) for f in detail.findings) == [
        ("gathering", 3),
        ("narcotic_plants", 120),
    ]
    assert [p.full_name for p in detail.persons] == ["Lầu Bá Chống"]
    assert [name for _, name in detail.hotspots] == ["Lối mở Huồi Muộng"]

    rows = patrols.patrols_in_month(new_db, 2026, 11)
    assert [(r.id, r.findings, r.leader, r.hamlets) for r in rows] == [
        (patrol.id, 123, "Lương Văn Thắng", ["Bản Phá Lé", "Bản Xiềng Phột"])
    ]
    assert patrols.month_summary(new_db, 2026, 11) == patrols.MonthSummary(1, 123, 12)
    assert patrols.patrols_in_month(new_db, 2026, 10) == []
    assert patrols.month_summary(new_db, 2026, 12) == patrols.MonthSummary()


def test_edit_adds_removes_and_updates_children(new_db, unit):
    patrol = patrols.save_patrol(
        new_db, None, values(leader_id=unit["leader"]), full_children(unit)
    )
    detail = patrols.patrol_detail(new_db, patrol.id)
    gathering = next(f for f in detail.findings if f.category == "gathering")
    before = counts(new_db)
    children = full_children(
        unit,
        hamlet_ids=[unit["h2"].id],
        officer_ids=[],
        member_ids=[unit["m2"].id],
        others=["Dân quân bản", "Đồn Biên phòng Mỹ Lý"],
        person_ids=[],
        hotspot_ids=[],
        findings=[
            patrols.FindingInput("x", "gathering", "5", "Tụ tập tại lán nương", id=gathering.id),
            patrols.FindingInput("y", "", "", ""),
        ],
    )  # a blank row is not a finding
    patrols.save_patrol(
        new_db,
        patrol.id,
        values(leader_id=unit["leader"], people_checked="20"),
        children,
        expected_version=detail.patrol.version,
    )

    after = patrols.patrol_detail(new_db, patrol.id)
    assert [name for _, name in after.hamlets] == ["Bản Xiềng Phột"]
    assert [(p.kind, p.name) for p in after.participants] == [
        ("officer", "Lương Văn Thắng"),
        ("team_member", "Moong Thị Ca"),
        ("other", "Dân quân bản"),
        ("other", "Đồn Biên phòng Mỹ Lý"),
    ]
    assert [(f.id, f.count) for f in after.findings] == [(gathering.id, 5)]
    assert after.persons == [] and after.hotspots == []
    assert after.patrol.people_checked == 20
    now = counts(new_db)
    # Removed rows are tombstones (they must travel in sync), not gone.
    assert now["patrol_hamlet"] == before["patrol_hamlet"] - 1
    assert now["patrol_finding"] == 1 and now["patrol_person"] == 0
    with new_db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM patrol_hotspot WHERE deleted = 1")).scalar_one()
            == 1
        )
    # Saving the same thing again writes nothing.
    quiet = counts(new_db)
    patrols.save_patrol(
        new_db, patrol.id, values(leader_id=unit["leader"], people_checked="20"), children
    )
    assert counts(new_db) == quiet


def test_a_bad_finding_saves_nothing_at_all(new_db, unit):
    before = counts(new_db)
    bad = full_children(
        unit,
        findings=[
            patrols.FindingInput("a", "gathering", "ba", "Tụ tập"),  # not a number
            patrols.FindingInput("b", "", "2", "Không rõ loại"),  # no category
            patrols.FindingInput("c", "drug_use", "1", "Một người"),
            patrols.FindingInput("d", "gathering", "2", "", area_m2="300"),  # an area: plants only
            patrols.FindingInput("e", "narcotic_plants", "900", "", area_m2="ba trăm"),
            patrols.FindingInput("f", "narcotic_plants", "900", "Nương", area_m2="1.200"),
        ],
    )  # fine
    with pytest.raises(ValidationError) as err:
        patrols.save_patrol(new_db, None, values(leader_id=unit["leader"]), bad)
    fields = {i.field: i.code for i in err.value.errors}
    assert {"findings.a.count", "findings.b.category"} <= set(fields)
    assert fields["findings.d.area_m2"] == "area_only_plants"
    assert fields["findings.e.area_m2"] == "not_integer"
    assert not any(f.startswith(("findings.c.", "findings.f.")) for f in fields)
    assert counts(new_db) == before

    patrol = patrols.save_patrol(
        new_db, None, values(leader_id=unit["leader"]), full_children(unit)
    )
    before = counts(new_db)
    with pytest.raises(ValidationError):
        patrols.save_patrol(
            new_db,
            patrol.id,
            values(notes="đã sửa"),
            full_children(
                unit, hamlet_ids=[], findings=[patrols.FindingInput("z", "weapons", "-1", "")]
            ),
        )
    assert counts(new_db) == before
    assert patrols.patrol_detail(new_db, patrol.id).patrol.notes == ""


def test_future_date_is_refused_and_a_missing_link_rolls_back(new_db, unit):
    before = counts(new_db)
    with pytest.raises(ValidationError) as err:
        patrols.save_patrol(new_db, None, values(patrol_date="21/11/2026"), full_children(unit))
    assert [i.code for i in err.value.errors] == ["date_in_future"]
    with pytest.raises(ValidationError) as err:
        patrols.save_patrol(
            new_db,
            None,
            values(),
            full_children(unit, hotspot_ids=["0190a0b0-0000-7000-8000-000000000000"]),
        )
    assert err.value.errors[0].field == "hotspot_ids.hotspot_id"
    assert counts(new_db) == before


def test_overnight_patrol_needs_confirming_unless_the_form_showed_it(new_db, unit):
    night = values(start_time="20:00", end_time="01:30", leader_id=unit["leader"])
    before = counts(new_db)
    with pytest.raises(ValidationError) as err:
        patrols.save_patrol(new_db, None, night, patrols.PatrolChildren())
    assert [(i.code, i.warning) for i in err.value.issues] == [("end_time_before_start", True)]
    assert counts(new_db) == before
    saved = patrols.save_patrol(
        new_db, None, night, patrols.PatrolChildren(), confirm_warnings=True
    )
    assert (saved.start_time, saved.end_time) == (time(20, 0), time(1, 30))
    shown = patrols.save_patrol(
        new_db, None, night, patrols.PatrolChildren(), accept_overnight=True
    )
    assert patrols.is_overnight(shown.start_time, shown.end_time)
    # Eighteen hours "overnight" is more likely a typing slip: still asked.
    with pytest.raises(ValidationError):
        patrols.save_patrol(
            new_db,
            None,
            values(start_time="08:00", end_time="02:00"),
            patrols.PatrolChildren(),
            accept_overnight=True,
        )


def test_delete_tombstones_the_patrol_and_its_children(new_db, unit):
    patrol = patrols.save_patrol(
        new_db, None, values(leader_id=unit["leader"]), full_children(unit)
    )
    patrols.delete_patrol(new_db, patrol.id, patrol.version)
    assert patrols.patrol_detail(new_db, patrol.id) is None
    assert all(n == 0 for k, n in counts(new_db).items() if k != "audit_log")
    assert patrols.month_summary(new_db, 2026, 11) == patrols.MonthSummary()


def test_form_choices_and_person_search(new_db, unit):
    records = Records(new_db)
    records.update(models.TeamMember, unit["m2"].id, {"left_on": "01/10/2026"})
    choices = patrols.form_choices(new_db)
    assert [name for _, name in choices.officers] == ["Lương Văn Thắng", "Vi Văn Nam"]
    assert [name for _, name in choices.hamlets] == ["Bản Phá Lé", "Bản Xiềng Phột"]
    assert [m.name for m in choices.members] == ["Lô Văn Pọm"]  # m2 has left the team
    assert [h[1] for h in choices.hotspots] == ["Lối mở Huồi Muộng"]
    # What a patrol links to stays on offer when it is edited, even after m2 left the team
    # and the hotspot was deleted: an edit must not drop links the officer did not touch.
    children = patrols.PatrolChildren(member_ids=[unit["m2"].id], hotspot_ids=[unit["spot"].id])
    patrol = patrols.save_patrol(new_db, None, values(), children)
    records.delete(models.Hotspot, unit["spot"].id)
    detail = patrols.patrol_detail(new_db, patrol.id)
    kept = patrols.form_choices(new_db, detail)
    assert {m.name for m in kept.members} == {"Lô Văn Pọm", "Moong Thị Ca"}
    assert [h[0] for h in kept.hotspots] == [unit["spot"].id]
    assert patrols.form_choices(new_db).hotspots == []
    patrols.save_patrol(
        new_db,
        patrol.id,
        values(notes="sửa ghi chú"),
        children,
        expected_version=detail.patrol.version,
    )
    assert [h for h, _ in patrols.patrol_detail(new_db, patrol.id).hotspots] == [unit["spot"].id]
    assert [p.full_name for p in patrols.find_persons(new_db, "chong")] == ["Lầu Bá Chống"]


def test_month_helpers():
    assert patrols.shift_month(2026, 1, -1) == (2025, 12)
    assert patrols.shift_month(2026, 12, 1) == (2027, 1)
    assert patrols.month_bounds(2026, 12) == (date(2026, 12, 1), date(2027, 1, 1))
    assert patrols.duration_minutes(time(20, 0), time(1, 30)) == 330
    assert patrols.duration_minutes(time(8, 0), None) is None
    assert not patrols.is_overnight(time(8, 0), time(8, 0))
