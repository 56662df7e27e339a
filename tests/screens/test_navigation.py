"""The navigation bar: a click on a section's name opens that section (as its F-key does)."""

from __future__ import annotations

from tests.screens.conftest import settle


async def test_clicking_a_section_in_the_nav_bar_opens_it(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        for mode, screen_name in (
            ("patrols", "PatrolsScreen"),
            ("tips", "TipsScreen"),
            ("settings", "SettingsScreen"),
            ("today", "TodayScreen"),
        ):
            nav = app.screen.query_one("NavBar")
            start, _, _ = next(span for span in nav._spans if span[2] == mode)
            assert await pilot.click(nav, offset=(start + 1, 0))
            await settle(pilot)
            assert type(app.screen).__name__ == screen_name, mode
            assert app.current_mode == mode
