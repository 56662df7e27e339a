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


def scalar(db, sql: str, **params):
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def message(dialog) -> str:
    return str(dialog.query_one(".message").render())


async def test_the_delete_question_names_the_record(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "enter")
        page = app.screen
        assert type(page).__name__ == "PersonPage"
        page.query_one("#timeline").focus()
        await press(pilot, "delete")
        asked = message(app.screen)
        assert page.detail.person.full_name in asked
        entry = page.entries[0]
        assert page.query_one("#timeline").get_row_at(0)[0] in asked  # its date
        assert "Xóa bản ghi" in asked and entry.kind and "?" in asked
        await press(pilot, "n")
        assert app.screen is page


async def test_a_tip_page_never_reveals_or_deletes_on_a_bare_enter(demo_app):
    from nghean_tui.screens.tips import TipPage

    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tip_id = scalar(app.db, "SELECT tip_id FROM tip_source LIMIT 1")
        received = scalar(app.db, "SELECT received_on FROM tip WHERE id = :i", i=tip_id)
        await press(pilot, "f7")
        app.push_screen(TipPage(tip_id))
        await settle(pilot)
        page = app.screen
        await press(pilot, "s")
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert app.focused.id == "no"  # the harmless answer is the default
        await press(pilot, "enter")
        assert app.screen is page and page.source is None
        await press(pilot, "delete")
        day = "/".join(reversed(str(received).split("-")))
        assert f"ngày {day}" in message(app.screen)


def test_lateness_says_days_left_never_negative():
    from nghean_tui.i18n import set_language
    from nghean_tui.widgets.lateness import lateness

    assert lateness(3).plain == "3" and lateness(-3).plain == "còn 3 ngày"
    set_language("en")
    assert lateness(-1).plain == "in 1 day" and lateness(-2).plain == "in 2 days"


async def test_today_shows_days_left_for_items_not_yet_due(demo_app):
    from nghean_tui.domain import clock

    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#due")
        cells = [str(table.get_row_at(r)[1]) for r in range(table.row_count)]
        assert cells and not any(c.startswith("-") for c in cells)
        ahead = [r for r in screen.summary.due_rows if r.days_late(clock.today()) < 0]
        assert ahead  # the demo has items due later this week
        assert any(c.startswith("còn ") and c.endswith(" ngày") for c in cells)


async def test_changing_the_language_stays_in_settings(demo_app):
    from nghean_tui.app import rebuilt

    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f9")
        assert type(app.screen).__name__ == "SettingsScreen"
        app.screen.query_one("#lang").value = "en"
        await settle(pilot)
    assert app.restart
    again = rebuilt(app)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(again.screen).__name__ == "SettingsScreen" and again.db is not None
        assert again.settings.lang == "en"


async def test_the_hamlet_filter_lists_hamlets_in_vietnamese_order(demo_app):
    from textual.widgets import Select

    from nghean_tui.domain import models
    from nghean_tui.domain.text import vietnamese_key
    from nghean_tui.storage.records import Records

    app = demo_app("vi")
    for name in ("Bản Đán", "Bản Ăng"):
        Records(app.db).create(models.Hamlet, {"name": name, "kind": "ban"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        select = app.screen.query_one("#hamlet", Select)
        names = [str(prompt) for prompt, _ in select._options[1:]]
        assert "Bản Đán" in names and "Bản Ăng" in names
        assert names == sorted(names, key=vietnamese_key)
        assert names != sorted(names)
