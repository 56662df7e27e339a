"""A supervisor edits a commune's population from Settings → the province's units."""

from __future__ import annotations

from sqlalchemy import text

from tests.screens.conftest import settle
from tests.screens.test_dashboard_screens import station, station_app  # noqa: F401


async def _population(site, code):
    with site.db.engine.connect() as conn:
        return conn.execute(
            text("SELECT population FROM unit WHERE code = :c"), {"c": code}
        ).scalar()


async def test_population_edit_stored_audited_and_hostile_refused(station):  # noqa: F811
    app = station_app(station, "vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProvinceUnitsScreen"
        code = app.screen.shown[0].code
        before = await _population(station, code)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#population").value = "[red]12x"
        await pilot.press("enter")
        await settle(pilot)
        assert "Không lưu" in str(app.screen.query_one("#message").render())
        assert await _population(station, code) == before
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#population").value = "12.345"
        await pilot.press("enter")
        await settle(pilot)
        assert await _population(station, code) == 12345
        with station.db.engine.connect() as conn:
            audited = conn.execute(
                text("SELECT count(*) FROM audit_log WHERE table_name = 'unit' AND record_id = :c"),
                {"c": code},
            ).scalar()
        assert audited == 1
