"""A record's page (a person, a patrol, a team, a hotspot, a tip) whose record is not there:
never there (a stale link) or deleted while the page was open (here, or by a sync). The page
says so in the officer's language and closes; nothing breaks."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from nghean_tui.i18n import t
from nghean_tui.screens.hotspots import HotspotPage
from nghean_tui.screens.patrols import PatrolPage
from nghean_tui.screens.person import PersonPage
from nghean_tui.screens.teams import TeamPage
from nghean_tui.screens.tips import TipPage
from tests.screens.conftest import settle

PAGES = [
    (PersonPage, "person"),
    (PatrolPage, "patrol"),
    (TeamPage, "team"),
    (HotspotPage, "hotspot"),
    (TipPage, "tip"),
]


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def first_id(db, table: str) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT id FROM {table} WHERE NOT deleted LIMIT 1")).scalar()


def mark_deleted(db, table: str, record_id: str) -> None:
    """As a sync applying another machine's deletion would leave it: the row, tombstoned."""
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE {table} SET deleted = 1 WHERE id = :i"), {"i": record_id})


@pytest.mark.parametrize(("page", "table"), PAGES, ids=[table for _, table in PAGES])
async def test_a_record_that_does_not_exist_says_so_and_closes(demo_app, page, table):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(page("no-such-record"))
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert t("error.not_found") in messages(app)


@pytest.mark.parametrize(("page", "table"), PAGES, ids=[table for _, table in PAGES])
async def test_a_record_deleted_while_its_page_is_open_closes_it(demo_app, page, table):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        record_id = first_id(app.db, table)
        app.push_screen(page(record_id))
        await settle(pilot)
        assert type(app.screen) is page and app.screen.detail is not None
        await pilot.press("f1")  # help over the page; meanwhile the record goes
        await settle(pilot)
        mark_deleted(app.db, table, record_id)
        await pilot.press("escape")  # back in front: loaded again, gone
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert messages(app).count(t("error.not_found")) == 1
