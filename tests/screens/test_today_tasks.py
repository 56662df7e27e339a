"""A task on Today opens the record it is about, at the fields that complete it, and goes
once they are saved: no second episode, no task left overdue after it was done."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import DataTable

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from nghean_tui.domain import models
from nghean_tui.storage.records import Records
from tests.screens.conftest import settle


def _rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _tasks(app) -> list[str]:
    table = app.screen.query_one("#due", DataTable)
    return [" ".join(str(c) for c in table.get_row_at(r)) for r in range(table.row_count)]


def _positive_test(records, person_id: str, day: str = "10/11/2026") -> None:
    records.create(
        models.DrugTest,
        {
            "person_id": person_id,
            "test_date": day,
            "reason": "random",
            "sample": "urine",
            "result": "positive",
            "substances": ["heroin"],
        },
        confirm_warnings=True,
    )


async def _enter_on(pilot, app, task: str):
    rows = _tasks(app)
    index = next(i for i, row in enumerate(rows) if task in row)
    app.screen.query_one("#due", DataTable).move_cursor(row=index)
    await pilot.press("enter")
    await settle(pilot)
    return app.screen


async def test_a_decision_during_a_term_opens_that_episode_at_its_decision(new_db):
    records = Records(new_db)
    person = records.create(
        models.Person, {"full_name": "Lầu Bá Chống", "sex": "male", "birth_year": 1990}
    )
    episode = records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "01/06/2026",
            "start_date": "01/06/2026",
        },
    )
    _positive_test(records, person.id)
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("Ra quyết định QL" in row for row in _tasks(app))
        form = await _enter_on(pilot, app, "Ra quyết định QL")
        assert type(form).__name__ == "EpisodeFormScreen"
        assert form.record_id == episode.id  # the episode the task is about, not a new one
        assert app.focused.id == "f-decision_number"
        form.query_one("#f-decision_number").value = "31/QĐ-UBND"
        form.query_one("#f-decision_date").value = "12/11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        await settle(pilot)
        assert not any("Ra quyết định QL" in row for row in _tasks(app))
    assert _rows(
        new_db, "SELECT decision_number, decision_date, status FROM management_episode"
    ) == [("31/QĐ-UBND", "2026-11-12", "active")]


async def test_a_decision_with_no_episode_is_proposed_until_decided_then_goes(new_db):
    records = Records(new_db)
    person = records.create(
        models.Person, {"full_name": "Vừ Bá Dua", "sex": "male", "birth_year": 1992}
    )
    _positive_test(records, person.id)
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = await _enter_on(pilot, app, "Ra quyết định QL")
        assert form.record_id is None and app.focused.id == "f-decision_number"
        await pilot.press("ctrl+s")  # saved with no decision yet
        await settle(pilot)
        assert _rows(new_db, "SELECT status, decision_number FROM management_episode") == [
            ("proposed", "")
        ]
        await settle(pilot)
        assert any("Ra quyết định QL" in row for row in _tasks(app))  # not done yet
        form = await _enter_on(pilot, app, "Ra quyết định QL")
        [(proposed,)] = _rows(new_db, "SELECT id FROM management_episode")
        assert form.record_id == proposed  # the same episode again, not a second one
        assert form.query_one("#f-status").value == "proposed"
        form.query_one("#f-decision_number").value = "32/QĐ-UBND"
        form.query_one("#f-decision_date").value = "12/11/2026"
        await settle(pilot)
        assert form.query_one("#f-status").value == "proposed"  # not decided without a start
        form.query_one("#f-start_date").value = "12/11/2026"
        await settle(pilot)
        # The decision typed in puts the proposal in force, shown before saving.
        assert form.query_one("#f-status").value == "active"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert not any("Ra quyết định QL" in row for row in _tasks(app))
    assert _rows(new_db, "SELECT status, decision_number FROM management_episode") == [
        ("active", "32/QĐ-UBND")
    ]


async def test_active_without_a_decision_is_refused_in_the_form(new_db):
    records = Records(new_db)
    person = records.create(
        models.Person, {"full_name": "Lò Văn Pản", "sex": "male", "birth_year": 1988}
    )
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        from nghean_tui.screens.person import PersonPage

        app.push_screen(PersonPage(person.id))
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-episode_type").value = "drug_user"
        form.query_one("#f-status").value = "active"
        form.query_one("#f-start_date").value = "01/11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        from textual.widgets import Static

        error = str(form.query_one("#e-decision_number", Static).render())
        assert "Đề xuất" in error
    assert _rows(new_db, "SELECT count(*) FROM management_episode") == [(0,)]
