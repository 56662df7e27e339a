"""Teams by hamlet: active teams, current members, the leader warning, hamlets."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.validation import ValidationError
from nghean_tui.i18n import t
from nghean_tui.storage import teams
from nghean_tui.storage.records import Records
from nghean_tui.storage.summary import hamlets_without_active_team

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("NGHEAN_TODAY", TODAY.isoformat())


@pytest.fixture
def records(new_db):
    return Records(new_db)


def hamlet(db, name: str, kind: str = "ban") -> models.Hamlet:
    return teams.save_hamlet(db, {"name": name, "kind": kind}, False)


def team(db, hamlet_id: str, name: str, **extra) -> models.Team:
    return teams.save_team(
        db, {"hamlet_id": hamlet_id, "name": name, "kind": "security_order", **extra}, False
    )


def member(db, team_id: str, name: str, role: str = "member", **extra) -> models.TeamMember:
    return teams.save_member(db, team_id, {"full_name": name, "role": role, **extra}, False)


def count(db, table: str) -> int:
    """Rows not deleted (all rows of the audit log, which has no tombstones)."""
    where = "" if table == "audit_log" else " WHERE deleted = 0"
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}{where}")).scalar_one()


def by_name(rows):
    return {h.name: h for h in rows}


def test_teams_by_hamlet_active_members_and_last_activity(new_db):
    covered = hamlet(new_db, "Bản Huồi Giảng")
    dissolved = hamlet(new_db, "Bản Piêng Mỳ")
    closing = hamlet(new_db, "Xóm 2", "xom")
    hamlet(new_db, "Bản Trống")
    security = team(
        new_db, covered.id, "Tổ bảo vệ ANTT Bản Huồi Giảng", established_on="01/07/2024"
    )
    team(new_db, covered.id, "Tổ tự quản Bản Huồi Giảng", kind="self_management")
    team(new_db, dissolved.id, "Tổ cũ", established_on="01/07/2024", dissolved_on="30/11/2025")
    # Dissolved only next month: still active today.
    team(new_db, closing.id, "Tổ tự quản Xóm 2", kind="self_management", dissolved_on="31/12/2026")
    member(new_db, security.id, "Lầu Bá Tu", "leader", joined_on="01/07/2024")
    member(new_db, security.id, "Vi Văn Nam", joined_on="01/07/2024", left_on="01/06/2026")
    member(new_db, security.id, "Lô Thị Hoa", joined_on="01/07/2024", left_on="01/12/2026")
    for day in ("05/10/2026", "19/11/2026"):
        teams.save_activity(
            new_db,
            security.id,
            {"activity_date": day, "kind": "meeting", "participants": "8"},
            False,
        )

    rows = by_name(teams.hamlets_with_teams(new_db, TODAY))
    assert list(rows) == ["Bản Huồi Giảng", "Bản Piêng Mỳ", "Bản Trống", "Xóm 2"]
    huoi = rows["Bản Huồi Giảng"]
    assert [t.kind for t in huoi.teams] == ["security_order", "self_management"]
    assert huoi.has_active_team and huoi.has_security_team
    assert huoi.teams[0].members == 2  # the one who left in June no longer counts
    assert huoi.teams[0].last_activity == huoi.last_activity == date(2026, 11, 19)
    assert not rows["Bản Piêng Mỳ"].has_active_team
    assert not rows["Bản Piêng Mỳ"].teams[0].active
    assert not rows["Bản Trống"].has_active_team and rows["Bản Trống"].teams == []
    assert rows["Xóm 2"].has_active_team and not rows["Xóm 2"].has_security_team
    # The same rule as the Today screen.
    with new_db.engine.connect() as conn:
        today_list = hamlets_without_active_team(conn, new_db.unit_code, TODAY)
    assert today_list == [h.name for h in rows.values() if not h.has_active_team]


def test_demo_data_has_one_hamlet_without_an_active_team(new_db):
    from nghean_tui.synthetic.seed import seed

    seed(new_db, persons=0, demo=True, seed=2026, today=TODAY)
    rows = teams.hamlets_with_teams(new_db, TODAY)
    without = [h for h in rows if not h.has_active_team]
    assert len(without) == 1 and without[0].teams and not without[0].teams[0].active
    with new_db.engine.connect() as conn:
        assert hamlets_without_active_team(conn, new_db.unit_code, TODAY) == [without[0].name]
    first = next(h for h in rows if h.has_active_team).teams[0]
    detail = teams.team_detail(new_db, first.id, TODAY)
    assert detail.current_members == first.members
    assert [a.activity_date for a in detail.activities] == sorted(
        (a.activity_date for a in detail.activities), reverse=True
    )
    current = [detail.current(m) for m in detail.members]
    assert current == sorted(current, reverse=True)  # those who left come last


def test_member_leaving_keeps_the_record_and_drops_the_count(new_db):
    h = hamlet(new_db, "Bản Huồi Giảng")
    tm = team(new_db, h.id, "Tổ bảo vệ ANTT")
    leaving = member(new_db, tm.id, "Vừ Bá Lầu", joined_on="01/07/2024")
    member(new_db, tm.id, "Moong Văn Sơn", "leader")
    teams.save_member(new_db, tm.id, {"left_on": "15/11/2026"}, False, leaving)

    detail = teams.team_detail(new_db, tm.id, TODAY)
    assert detail.current_members == 1
    assert [m.full_name for m in detail.members] == ["Moong Văn Sơn", "Vừ Bá Lầu"]
    gone = detail.members[-1]
    assert gone.left_on == date(2026, 11, 15) and not detail.current(gone)
    assert teams.hamlets_with_teams(new_db, TODAY)[0].teams[0].members == 1
    with pytest.raises(ValidationError) as err:  # leaving before joining
        teams.save_member(new_db, tm.id, {"left_on": "01/01/2024"}, False, detail.members[-1])
    assert [i.code for i in err.value.issues] == ["date_before"]


def test_a_second_current_leader_needs_confirmation(new_db):
    h = hamlet(new_db, "Bản Huồi Giảng")
    tm = team(new_db, h.id, "Tổ bảo vệ ANTT")
    first = member(new_db, tm.id, "Lầu Bá Tu", "leader")
    before_members, before_audit = count(new_db, "team_member"), count(new_db, "audit_log")

    with pytest.raises(ValidationError) as err:
        member(new_db, tm.id, "Vi Văn Nam", "leader")
    (issue,) = err.value.issues
    assert (issue.field, issue.code, issue.warning) == ("role", teams.SECOND_LEADER, True)
    assert issue.params == {"name": "Lầu Bá Tu"}
    assert count(new_db, "team_member") == before_members  # nothing saved
    assert count(new_db, "audit_log") == before_audit
    assert "Lầu Bá Tu" in t(f"validation.{issue.code}", "vi", **issue.params)
    assert "Lầu Bá Tu" in t(f"validation.{issue.code}", "en", **issue.params)

    # A real error is reported together with the warning, and still nothing is saved.
    with pytest.raises(ValidationError) as err:
        member(new_db, tm.id, "", "leader")
    assert {i.code for i in err.value.issues} == {"required", teams.SECOND_LEADER}
    assert count(new_db, "team_member") == before_members

    second = teams.save_member(new_db, tm.id, {"full_name": "Vi Văn Nam", "role": "leader"}, True)
    assert second.role == "leader"
    # Confirmed once: correcting the phone number does not ask again.
    teams.save_member(new_db, tm.id, {"phone": "0912345678"}, False, second)
    # The old leader handing over: a leader who left, or leaves today, is not current.
    teams.save_member(new_db, tm.id, {"left_on": "20/11/2026"}, False, first)
    third = member(new_db, tm.id, "Lô Thị Hoa")
    with pytest.raises(ValidationError):  # promoting a member is a change too
        teams.save_member(new_db, tm.id, {"role": "leader"}, False, third)


def test_deleting_a_team_takes_its_members_and_activities(new_db):
    h = hamlet(new_db, "Bản Huồi Giảng")
    tm = team(new_db, h.id, "Tổ bảo vệ ANTT")
    member(new_db, tm.id, "Lầu Bá Tu", "leader")
    teams.save_activity(new_db, tm.id, {"activity_date": "19/11/2026", "kind": "meeting"}, False)
    teams.delete_team(new_db, tm.id, tm.version)
    assert count(new_db, "team") == count(new_db, "team_member") == 0
    assert count(new_db, "team_activity") == 0
    assert teams.team_detail(new_db, tm.id) is None
    assert teams.hamlets_with_teams(new_db, TODAY)[0].teams == []


def test_hamlets_added_and_renamed(new_db, records):
    h = hamlet(new_db, "Bản Huồi Giảng")
    person = records.create(
        models.Person,
        {"full_name": "Nguyễn Văn Đức", "sex": "male", "birth_year": 1990, "hamlet_id": h.id},
    )
    with pytest.raises(ValidationError) as err:  # the same name again: asked first
        teams.save_hamlet(new_db, {"name": "bản huồi  giảng", "kind": "ban"}, False)
    assert [(i.code, i.warning) for i in err.value.issues] == [(teams.HAMLET_NAME_TAKEN, True)]
    assert count(new_db, "hamlet") == 1
    with pytest.raises(ValidationError) as err:  # the kind is the officer's to choose
        teams.save_hamlet(new_db, {"name": "Xóm 3", "kind": None}, False)
    assert [i.code for i in err.value.issues] == ["required"]
    hamlet(new_db, "Bản Huoi Giang")  # diacritics make another name: no question

    renamed = teams.save_hamlet(
        new_db, {"name": "Bản Huồi Cọ", "kind": "ban"}, False, teams.hamlet_record(new_db, h.id)
    )
    assert renamed.name == "Bản Huồi Cọ"
    from nghean_tui.storage.search import PersonFilter, count_persons

    with new_db.engine.connect() as conn:  # the people who live there are found by it
        assert count_persons(conn, new_db.unit_code, "huoi co", PersonFilter()) == 1
    assert person.hamlet_id == h.id
