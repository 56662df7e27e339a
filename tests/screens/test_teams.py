"""The Teams section: driven with the keyboard on the demo database, and photographed."""

from __future__ import annotations

import html
from datetime import date

import pytest
from textual.widgets import DataTable, Static, TextArea

from nghean_tui.screens.teams import TeamPage, TeamsScreen
from nghean_tui.storage.teams import hamlets_with_teams
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.form import FormScreen
from tests.screens.conftest import settle

TODAY = date(2026, 11, 20)
LANGS = ["vi", "en"]


async def _go(pilot, *keys) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def _hamlet_without_team(app) -> int:
    """The row of the demo's hamlet whose only team was dissolved."""
    screen = app.screen
    assert isinstance(screen, TeamsScreen)
    return next(
        i
        for i, (hamlet, team) in enumerate(screen.rows)
        if team is None and not hamlet.has_active_team
    )


async def _fill(pilot, **values) -> None:
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        widget = form.field_widget(name)
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value
    await settle(pilot)


async def test_create_a_team_with_members_and_an_activity(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await _go(pilot, "f5")
        row = _hamlet_without_team(app)
        hamlet = app.screen.rows[row][0]
        assert "8/9" in str(app.screen.query_one("#title", Static).render())
        app.screen.query_one("#teams", DataTable).move_cursor(row=row)

        await _go(pilot, "n")  # the hamlet highlighted is chosen; the kind is the officer's
        form = app.screen
        assert form.collect()["hamlet_id"] == hamlet.id
        assert form.collect()["kind"] is None and form.collect()["name"] == ""
        await _fill(pilot, kind="security_order")  # then the name is suggested
        assert form.collect()["name"] == f"Tổ bảo vệ ANTT {hamlet.name}"
        await _go(pilot, "ctrl+s")
        assert isinstance(app.screen, TeamPage)

        await _go(pilot, "m")
        await _fill(pilot, full_name="Lữ Văn Hùng", role="leader")
        await _go(pilot, "ctrl+s")
        await _go(pilot, "m")
        await _fill(pilot, full_name="[bold red]x", role="member", phone="0912345678")
        await _go(pilot, "ctrl+s")
        await _go(pilot, "m")  # a second leader: warned, and not saved when declined
        await _fill(pilot, full_name="Vi Văn Nam", role="leader")
        await _go(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Lữ Văn Hùng" in str(app.screen.query_one(".message", Static).render())
        await _go(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await _go(pilot, "escape", "y")  # leave it, discarding the changes
        assert isinstance(app.screen, TeamPage)

        await _go(pilot, "a")
        await _fill(pilot, kind="meeting", participants="2", notes="Họp triển khai")
        await _go(pilot, "ctrl+s")
        screen = app.screen
        assert isinstance(screen, TeamPage)
        assert screen.detail.current_members == 2 and len(screen.detail.activities) == 1
        assert [m.role for m in screen.detail.members] == ["leader", "member"]
        heading = str(screen.query_one("#members-heading", Static).render())
        assert "2 đang tham gia" in heading

        # What the officer typed is shown as typed: no markup applied.
        members = screen.query_one("#members", DataTable)
        cell = members.get_row_at(1)[0]
        assert cell.plain == "[bold red]x" and not cell.spans and "red" not in str(cell.style)
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[bold red]x" in shown

        await _go(pilot, "escape")  # the list shows the new counts
        assert isinstance(app.screen, TeamsScreen)
        assert "9/9" in str(app.screen.query_one("#title", Static).render())
        hamlet = next(h for h in app.screen.hamlets if h.id == hamlet.id)
        assert hamlet.has_active_team and hamlet.members == 2
        assert hamlet.last_activity == TODAY

        await _go(pilot, "f2")  # and Today no longer lists the hamlet as without a team
        teams_line = str(app.screen.query_one("#teams", Static).render())
        assert "9/9" in teams_line and hamlet.name not in teams_line


async def test_member_leaves_and_rows_are_deleted(demo_app):
    app = demo_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _go(pilot, "f5", "down", "enter")
        screen = app.screen
        assert isinstance(screen, TeamPage)
        before = screen.detail.current_members
        leaving = screen.detail.members[-1]
        members = screen.query_one("#members", DataTable)
        members.move_cursor(row=len(screen.detail.members) - 1)
        await _go(pilot, "enter")
        await _fill(pilot, left_on="15/11/2026")
        await _go(pilot, "ctrl+s")
        assert screen.detail.current_members == before - 1
        gone = next(m for m in screen.detail.members if m.id == leaving.id)
        assert gone.left_on == date(2026, 11, 15)
        assert str(members.get_row(gone.id)[0].style) == "dim"

        activities = len(screen.detail.activities)
        screen.query_one("#activities", DataTable).focus()
        await _go(pilot, "delete")
        assert isinstance(app.screen, ConfirmDialog)
        await _go(pilot, "y")
        assert len(screen.detail.activities) == activities - 1

        await _go(pilot, "escape", "up", "delete")  # a hamlet's row: nothing to delete
        assert isinstance(app.screen, TeamsScreen)
        team = app.screen.rows[1][1]
        await _go(pilot, "down", "delete", "y")  # the team, its members and its log
        assert team.id not in {t.id for h in app.screen.hamlets for t in h.teams}
        assert team.id not in {t.id for h in hamlets_with_teams(app.db, TODAY) for t in h.teams}


async def test_hamlet_added_renamed_and_unsaved_changes_asked(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await _go(pilot, "f5", "n")
        await _fill(pilot, decision_number="12/QĐ-UBND")
        await _go(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)  # asked before discarding
        await _go(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await _go(pilot, "escape", "y")
        assert isinstance(app.screen, TeamsScreen)
        teams = sum(len(h.teams) for h in app.screen.hamlets)
        assert teams == sum(len(h.teams) for h in hamlets_with_teams(app.db, TODAY))

        await _go(pilot, "h")
        await _fill(pilot, name="Xóm Mới", kind="xom")
        await _go(pilot, "ctrl+s")
        assert isinstance(app.screen, TeamsScreen)
        table = app.screen.query_one("#teams", DataTable)
        row = table.cursor_row  # the new hamlet is highlighted, standing out: no team yet
        assert app.screen.rows[row][0].name == "Xóm Mới"
        assert "CHƯA CÓ TỔ" in str(table.get_row_at(row)[4])
        await _go(pilot, "r")
        assert app.screen.collect()["name"] == "Xóm Mới"
        app.screen.field_widget("name").value = "Xóm Đổi Tên"
        await _go(pilot, "ctrl+s")
        assert "Xóm Đổi Tên" in [h.name for h in app.screen.hamlets]
        assert "Xóm Mới" not in [h.name for h in app.screen.hamlets]


@pytest.mark.parametrize("lang", LANGS)
def test_teams_list(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f5")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_team_page(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f5", "down", "enter")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)
