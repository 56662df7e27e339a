"""Pilot tests: legal terms on the episode form, contact outcomes, and a planned end moved by
unreported absences shown on the person page and on Today."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Static

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from nghean_tui.domain import models
from nghean_tui.storage.records import Records
from tests.screens.conftest import settle


def rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def fill(screen, **values) -> None:
    for name, value in values.items():
        screen.query_one(f"#f-{name}").value = value


def _person(db):
    return Records(db).create(
        models.Person, {"full_name": "Lương Thị Mai", "sex": "female", "birth_year": 1991}
    )


async def test_the_episode_form_refuses_a_term_outside_the_law_naming_range_and_source(new_db):
    person = _person(new_db)
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        from nghean_tui.screens.person import PersonPage

        app.push_screen(PersonPage(person.id))
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        fill(
            form,
            episode_type="voluntary_community",
            decision_number="7/QĐ-UBND",
            decision_date="01/06/2026",
            start_date="01/06/2026",
            term_months="13",
        )
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # No "save anyway" dialog: the form stays, with the refusal beside the field.
        assert app.screen is form
        error = str(form.query_one("#e-term_months", Static).render())
        assert "từ 6 đến 12 tháng" in error
        assert "khoản 2 Điều 30 Luật Phòng, chống ma túy 2021 (73/2021/QH14)" in error
        await pilot.press("ctrl+s")  # pressing again changes nothing
        await settle(pilot)
        assert app.screen is form
    assert rows(new_db, "SELECT count(*) FROM management_episode") == [(0,)]


def _post_rehab(db, person):
    return Records(db).create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "post_rehab",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "05/03/2026",
            "start_date": "02/03/2026",
        },
    )


async def _contact_via_form(db, person, **values):
    app = NgheanApp(db.vault, db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        from nghean_tui.screens.person import PersonPage

        page = PersonPage(person.id)
        app.push_screen(page)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        from textual.widgets import Select

        assert form.query_one("#f-outcome", Select).value is Select.NULL  # not chosen
        fill(form, contact_date="10/04/2026", **values)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is page
        return str(page.query_one("#current", Static).render())


async def test_a_residence_check_left_without_an_outcome_is_stored_as_unknown(new_db):
    person = _person(new_db)
    _post_rehab(new_db, person)
    await _contact_via_form(new_db, person)
    assert rows(new_db, "SELECT kind, outcome, absence_reported FROM contact") == [
        ("residence_check", None, None)
    ]


async def test_an_unreported_absence_at_a_check_moves_the_end_shown_on_the_person_page(new_db):
    person = _person(new_db)
    _post_rehab(new_db, person)
    current = await _contact_via_form(
        new_db,
        person,
        outcome="absent_unreported",
        absence_from="01/04/2026",
        absence_to="14/04/2026",
    )
    assert rows(new_db, "SELECT kind, outcome, absence_reported FROM contact") == [
        ("residence_check", "absent_unreported", 0)
    ]
    assert rows(new_db, "SELECT planned_end FROM management_episode") == [("2027-03-16",)]
    assert "kết thúc dự kiến 16/03/2027 (lùi 14 ngày vì vắng mặt không báo)" in current


async def test_today_shows_a_term_end_moved_by_unreported_absences_with_the_reason(new_db):
    from textual.widgets import DataTable

    from nghean_tui.domain.enums import FollowUpKind

    person = _person(new_db)
    records = Records(new_db)
    episode = records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "post_rehab",
            "status": "active",
            "decision_number": "4/QĐ-UBND",
            "decision_date": "12/11/2025",
            "start_date": "10/11/2025",
        },
    )
    records.create(
        models.Contact,
        {
            "person_id": person.id,
            "kind": "residence_check",
            "contact_date": "01/03/2026",
            "outcome": "absent_unreported",
            "absence_from": "01/03/2026",
            "absence_to": "05/03/2026",
        },
    )
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = app.screen
        assert type(today).__name__ == "TodayScreen"
        note = today.query_one("#due-note", Static)
        kinds = [r.kind for r in today.summary.due_rows]
        assert FollowUpKind.EPISODE_END in kinds
        table = today.query_one("#due", DataTable)
        table.move_cursor(row=kinds.index(FollowUpKind.EPISODE_END))
        await settle(pilot)
        assert note.display
        assert str(note.render()) == (
            "Lương Thị Mai: kết thúc dự kiến 15/11/2026 (lùi 5 ngày vì vắng mặt không báo)"
        )
        table.move_cursor(row=kinds.index(FollowUpKind.RESIDENCE_CHECK))
        await settle(pilot)
        assert not note.display  # said only of the item it explains
    assert rows(
        new_db, "SELECT planned_end FROM management_episode WHERE id = :i", i=episode.id
    ) == [("2026-11-15",)]


async def test_the_moved_end_reads_in_english_too(new_db):
    from nghean_tui.i18n import set_language

    set_language("en")  # the fixture sets Vietnamese back afterwards
    person = _person(new_db)
    _post_rehab(new_db, person)
    current = await _contact_via_form(
        new_db,
        person,
        outcome="absent_unreported",
        absence_from="01/04/2026",
        absence_to="14/04/2026",
    )
    assert "planned end 16/03/2027 (moved 14 days later by unreported absences)" in current
