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


def screen_text(app) -> str:
    """What the screen shows, as one string without whitespace (a wrapped line reads on)."""
    import html
    import re

    svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    return "".join(re.sub(r"<[^>]+>", " ", svg.split("</style>", 1)[-1]).split())


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_station_shows_the_whole_refusal_reason_at_80x24(tmp_path, lang):
    from textual.widgets import Input

    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import t
    from tests.screens.test_sync_screens import station_app
    from tests.sync.conftest import Site

    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "16816-000001.nghean").write_bytes(b"age-encryption.org/v1\n-> X25519 [red]x\n")
    (stick / "16816-000002.nghean").write_bytes(b"not a bundle at all")
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh", demo=True)
    try:
        app = station_app(site, lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            app.screen.query_one("#folder", Input).value = str(stick)
            await pilot.press("enter")
            await settle(pilot)
            outcomes = app.screen.outcomes
            assert len(outcomes) == 2 and all(o.status == "rejected" for o in outcomes)
            for row, outcome in enumerate(outcomes):
                if row:
                    await pilot.press("down")
                    await settle(pilot)
                reason = t(f"sync.reason.{outcome.reason}")
                assert len(reason) > 18  # longer than the table's column
                assert "".join(reason.split()) in screen_text(app), reason
                assert outcome.name in str(app.screen.query_one("#result-detail").render())
    finally:
        site.close()
