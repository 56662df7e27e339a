"""Forms and lists as an officer finds them (issue 12): the first Space in a selection list,
Ctrl+Q from a form, one Enter to open a search result, F3 back to the list, search in
Patrols, Tips and Hotspots, the delete question, the tip's buttons, "in N days", the
language change, Vietnamese order."""

from __future__ import annotations

from textual.widgets import Input, SelectionList

from tests.screens.conftest import settle


async def press(pilot, *keys) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_the_first_space_ticks_the_first_row(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4", "n")
        form = app.screen
        hamlets = form.query_one("#f-hamlet_ids", SelectionList)
        hamlets.focus()
        await settle(pilot)
        await press(pilot, "space")
        assert hamlets.selected == [hamlets.get_option_at_index(0).value]
        # Choosing a hamlet rebuilds the team members' list: its first Space counts too.
        members = form.query_one("#f-member_ids", SelectionList)
        assert members.option_count and members.selected == []
        members.focus()
        await settle(pilot)
        await press(pilot, "space")
        assert members.selected == [members.get_option_at_index(0).value]


async def test_ctrl_q_from_a_changed_form_asks_first(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f4", "n")
        form = app.screen
        form.query_one("#f-others", Input).value = "Đồn Biên phòng"
        await settle(pilot)
        await press(pilot, "ctrl+q")
        assert app.is_running and type(app.screen).__name__ == "ConfirmDialog"
        await press(pilot, "escape")  # keep editing
        assert app.screen is form and app.is_running
        await press(pilot, "ctrl+q")
        app.screen.query_one("#yes").press()
        await settle(pilot)
        assert not app.is_running


async def test_ctrl_q_from_an_unchanged_form_quits(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "n")
        assert type(app.screen).__name__ == "PersonFormScreen"
        await press(pilot, "ctrl+q")
        assert not app.is_running


async def test_one_enter_opens_a_search_result_and_f3_comes_back_to_the_list(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        people = app.screen
        await press(pilot, "slash", *"lau", "enter")
        page = app.screen
        assert type(page).__name__ == "PersonPage"
        assert "Lầu" in page.detail.person.full_name
        await press(pilot, "f3")
        assert app.screen is people
        await press(pilot, "f3")  # already there: nothing more happens
        assert app.screen is people
