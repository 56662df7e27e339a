"""The Patrols section as an officer uses it: the month's list, recording a patrol with its
people and findings, a patrol's page; screenshots at 80×24 in both languages."""

from __future__ import annotations

import pytest
from rich.text import Text
from sqlalchemy import text
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from tests.screens.conftest import settle

LANGS = ["vi", "en"]


def scalar(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def live_counts(db) -> dict[str, int]:
    return {
        t: scalar(db, f"SELECT count(*) FROM {t} WHERE deleted = 0")
        for t in (
            "patrol",
            "patrol_participant",
            "patrol_hamlet",
            "patrol_finding",
            "patrol_person",
            "patrol_hotspot",
        )
    }


def rendered(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def press(pilot, *keys) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_record_a_patrol_see_it_in_the_list_and_on_today(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Tuần tra tháng này: 17 chuyến" in rendered(app.screen, "#patrols")
        await press(pilot, "f4")
        screen = app.screen
        assert type(screen).__name__ == "PatrolsScreen"
        assert "Tháng 11/2026" in rendered(screen, "#month")
        assert screen.query_one("#patrols", DataTable).row_count == 17
        await press(pilot, "left_square_bracket")
        assert "Tháng 10/2026" in rendered(screen, "#month")
        await press(pilot, "right", "right")  # back, then no further than this month
        assert "Tháng 11/2026" in rendered(screen, "#month")
        await pilot.click("#month", offset=(2, 0))  # the mouse works too: ◀
        await settle(pilot)
        assert "Tháng 10/2026" in rendered(screen, "#month")
        assert screen.query_one("#patrols", DataTable).row_count > 0
        await pilot.click("#month", offset=(len("◀  Tháng 10/2026  "), 0))  # ▶
        await settle(pilot)
        assert "Tháng 11/2026" in rendered(screen, "#month")
        await press(pilot, "left_square_bracket", "t")  # t: straight back to this month
        assert "Tháng 11/2026" in rendered(screen, "#month")
        before = live_counts(app.db)

        await press(pilot, "n")
        form = app.screen
        assert type(form).__name__ == "PatrolFormScreen"
        assert form.query_one("#f-patrol_date", Input).value == "20/11/2026"
        assert form.query_one("#f-kind", Select).value is Select.NULL  # the officer's to choose
        form.query_one("#f-kind", Select).value = "commune_police"
        form.query_one("#f-start_time", Input).value = "20:00"
        form.query_one("#f-end_time", Input).value = "01:30"
        await settle(pilot)
        assert "ngày hôm sau (21/11/2026)" in rendered(form, "#h-end_time")
        hamlet_id, hamlet_name = form.choices.hamlets[0]
        form.query_one("#f-hamlet_ids", SelectionList).select(hamlet_id)
        await settle(pilot)
        members = form.query_one("#f-member_ids", SelectionList)
        # Only members of the teams in the chosen hamlet are offered now.
        shown = {members.get_option_at_index(i).value for i in range(members.option_count)}
        assert shown and shown == {m.id for m in form.choices.members if m.hamlet_id == hamlet_id}
        member = members.get_option_at_index(0).value
        members.select(member)
        form.query_one("#f-others", Input).value = "Đồn Biên phòng Mỹ Lý"
        form.query_one("#f-people_checked", Input).value = "7"
        form.query_one("#f-finding_0_category", Select).value = "gathering"
        form.query_one("#f-finding_0_count", Input).value = "2"
        form.query_one("#f-finding_0_description", Input).value = "Tụ tập tại lán nương"
        await press(pilot, "ctrl+n")  # a second row, left empty: not saved
        assert len(form.query(".finding")) == 2
        await press(pilot, "ctrl+o")  # link a managed person, found by typing
        assert type(app.screen).__name__ == "PickerDialog"
        await press(pilot, *"lau", "enter")
        assert app.screen is form
        assert len(form.query_one("#f-person_ids", SelectionList).selected) == 1
        await press(pilot, "ctrl+s")

        assert app.screen is screen  # saved: back on the list, the new patrol selected
        table = screen.query_one("#patrols", DataTable)
        assert table.row_count == 18
        new = screen.rows[table.cursor_row]
        assert (new.start_time.hour, new.end_time.hour, new.findings) == (20, 1, 2)
        assert "18 chuyến tuần tra" in rendered(screen, "#summary")
        after = live_counts(app.db)
        assert after["patrol"] == before["patrol"] + 1
        assert after["patrol_finding"] == before["patrol_finding"] + 1
        # leader (the officer logged in), the team member and the other force
        assert after["patrol_participant"] == before["patrol_participant"] + 3
        assert after["patrol_person"] == before["patrol_person"] + 1

        await press(pilot, "enter")
        page = rendered(app.screen, "#body")
        assert "20:00–01:30 (+1)" in page and "21/11/2026" in page
        assert hamlet_name in page and "Đồn Biên phòng Mỹ Lý" in page
        assert "Tụ tập tại lán nương" in page
        await press(pilot, "e", "escape")  # an untouched edit form: straight back
        assert type(app.screen).__name__ == "PatrolPage"
        await press(pilot, "escape", "f2")
        assert "Tuần tra tháng này: 18 chuyến" in rendered(app.screen, "#patrols")


async def test_the_area_of_plants_destroyed(demo_app):
    """The area field opens for narcotic plants only, is cleared when the kind changes, and
    the patrol's page shows what was saved."""
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4", "n")
        form = app.screen
        form.query_one("#f-kind", Select).value = "peoples"
        area = form.query_one("#f-finding_0_area_m2", Input)
        assert area.disabled
        category = form.query_one("#f-finding_0_category", Select)
        category.value = "narcotic_plants"
        await settle(pilot)
        assert not area.disabled
        area.value = "1.200"
        category.value = "weapons"
        await settle(pilot)
        assert area.disabled and area.value == ""
        category.value = "narcotic_plants"
        await settle(pilot)
        area.value = "1.200"
        form.query_one("#f-finding_0_count", Input).value = "900"
        form.query_one("#f-finding_0_description", Input).value = "Nương thuốc phiện"
        await press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "PatrolsScreen"
        assert (
            scalar(
                app.db, "SELECT area_m2 FROM patrol_finding WHERE description = 'Nương thuốc phiện'"
            )
            == 1200
        )
        await press(pilot, "enter")
        assert "900 (1.200 m²)" in rendered(app.screen, "#body")
        await press(pilot, "e")
        assert app.screen.query_one("#f-finding_0_area_m2", Input).value == "1200"


async def test_a_form_with_errors_saves_nothing_and_esc_asks(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = live_counts(app.db)
        await press(pilot, "f4", "n")
        form = app.screen
        form.query_one("#f-patrol_date", Input).value = "21/11/2026"  # tomorrow
        form.query_one("#f-finding_0_count", Input).value = "3"  # no category chosen
        await press(pilot, "ctrl+n")
        form.query_one("#f-finding_1_category", Select).value = "weapons"
        form.query_one("#f-finding_1_count", Input).value = "1,5"
        await press(pilot, "ctrl+s")
        assert app.screen is form
        errors = {w.id for w in form.query(".field-error") if str(w.render())}
        assert {"e-patrol_date", "e-finding_0_category", "e-finding_1_count"} <= errors
        assert live_counts(app.db) == before

        await press(pilot, "escape")
        assert type(app.screen).__name__ == "ConfirmDialog"  # unsaved changes: asks
        await press(pilot, "n")
        assert app.screen is form
        await press(pilot, "escape", "y")
        assert type(app.screen).__name__ == "PatrolsScreen"
    assert live_counts(app.db) == before


async def test_user_text_is_shown_literally_and_delete_asks(demo_app):
    from nghean_tui.storage.patrols import PatrolChildren, save_patrol

    app = demo_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        patrol = save_patrol(
            app.db,
            None,
            {
                "patrol_date": "20/11/2026",
                "start_time": "23:59",
                "kind": "peoples",
                "routes": "[bold red]x",
                "notes": "[bold red]x",
            },
            PatrolChildren(others=["[i]y"]),
        )
        await press(pilot, "f4", "enter")  # the newest patrol is first
        screen = app.screen
        assert screen.patrol_id == patrol.id
        body = screen.query_one("#body", Static).content
        assert isinstance(body, Text)
        assert body.plain.count("[bold red]x") == 2 and "[i]y" in body.plain
        assert not any("red" in str(span.style) for span in body.spans)

        await press(pilot, "delete")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await press(pilot, "y")
        assert type(app.screen).__name__ == "PatrolsScreen"
        assert patrol.id not in [r.id for r in app.screen.rows]
    assert scalar(app.db, "SELECT deleted FROM patrol WHERE id = :i", i=patrol.id) == 1
    assert (
        scalar(
            app.db,
            "SELECT count(*) FROM patrol_participant WHERE patrol_id = :i AND deleted = 0",
            i=patrol.id,
        )
        == 0
    )


# ---------------------------------------------------------------- screenshots


async def _go(pilot, *keys) -> None:
    await settle(pilot)
    await press(pilot, *keys)


@pytest.mark.parametrize("lang", LANGS)
def test_list(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f4")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_detail(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f4", "down", "enter")  # an overnight patrol with findings

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_form(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f4", "down", "enter", "e")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_form_findings(snap_compare, demo_app, lang):
    async def run(pilot):  # a new finding row: the form scrolls down to the findings
        await _go(pilot, "f4", "down", "enter", "e", "ctrl+n")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)
