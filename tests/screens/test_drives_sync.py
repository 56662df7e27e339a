"""The Sync screens as the drives work left them: writing this laptop's identity card is in
the footer at 80×24, every key whole; the drive picker lists drives and remembers the choice;
a station's refusal reason is readable in full."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.screens.conftest import settle


def footer_keys(app) -> list[tuple[str, str, bool]]:
    """(key, description, whole) of each key the footer shows; ``whole`` when it is drawn
    entirely inside the part of the footer left of the palette's key."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    right = footer.region.right
    for key in keys:
        if key.has_class("-command-palette"):
            right = min(right, key.region.x)
    return [
        (k.key_display, k.description, k.region.right <= right and k.region.width > 0)
        for k in keys
        if not k.has_class("-command-palette")
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_commune_sync_footer_shows_every_key_whole_with_the_card(demo_app, lang):
    app = demo_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        keys = footer_keys(app)
        assert "o" in [k for k, _, _ in keys]
        assert all(whole for _, _, whole in keys), keys


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_station_sync_footer_shows_every_key_whole_with_the_card(tmp_path, lang):
    from nghean_tui.domain.enums import Role
    from tests.screens.test_sync_screens import station_app
    from tests.sync.conftest import Site

    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh", demo=True)
    try:
        app = station_app(site, lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            keys = footer_keys(app)
            assert "o" in [k for k, _, _ in keys]
            assert all(whole for _, _, whole in keys), keys
    finally:
        site.close()
