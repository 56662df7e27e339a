"""Every screen and dialog of the demo at 80×24, commune and station, Vietnamese and English:
the footer shows each of its keys whole (none cut, none pushed off the line), and a dialog
fits the window."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen
from textual.widgets import Footer

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from nghean_tui.domain.enums import Role
from nghean_tui.i18n import set_language
from tests.reports import province
from tests.screens.conftest import settle
from tests.sync.conftest import Site

LANGS = ["vi", "en"]
PERSON = ("f3", "down", "down", "enter")

# (keys pressed from the first screen, the screen they lead to)
COMMUNE = [
    ((), "TodayScreen"),
    (("i",), "IndicatorsScreen"),
    (("f1",), "HelpScreen"),
    (("f3",), "PeopleScreen"),
    (("f3", "n"), "PersonFormScreen"),
    (PERSON, "PersonPage"),
    ((*PERSON, "e"), "PersonFormScreen"),
    ((*PERSON, "d"), "EpisodeFormScreen"),
    ((*PERSON, "t"), "FormScreen"),
    ((*PERSON, "c"), "FormScreen"),
    ((*PERSON, "v"), "FormScreen"),
    ((*PERSON, "g"), "FormScreen"),
    ((*PERSON, "h"), "FormScreen"),
    ((*PERSON, "m"), "FormScreen"),
    ((*PERSON, "k"), "FormScreen"),
    ((*PERSON, "x"), "FormScreen"),
    ((*PERSON, "f1"), "HelpScreen"),
    (("f4",), "PatrolsScreen"),
    (("f4", "n"), "PatrolFormScreen"),
    (("f4", "enter"), "PatrolPage"),
    (("f4", "enter", "delete"), "ConfirmDialog"),
    (("f5",), "TeamsScreen"),
    (("f5", "n"), "TeamFormScreen"),
    (("f5", "tab", "enter"), "FormScreen"),
    (("f6",), "HotspotsScreen"),
    (("f6", "n"), "FormScreen"),
    (("f6", "enter"), "HotspotPage"),
    (("f6", "enter", "t"), "TipFormScreen"),
    (("f7",), "TipsScreen"),
    (("f7", "n"), "TipFormScreen"),
    (("f7", "enter"), "TipPage"),
    (("f8",), "CommuneSyncScreen"),
    (("f8", "c"), "FolderDialog"),
    (("f9",), "SettingsScreen"),
    (("f9", "n"), "FormScreen"),
    (("f9", "p"), "PassphraseDialog"),
]
COMMUNE_VIEW = ("down", "enter")
STATION = [
    ((), "DashboardScreen"),
    (("i",), "IndicatorsScreen"),
    (("f1",), "HelpScreen"),
    (("f7",), "ChartsScreen"),
    (("f8",), "StationSyncScreen"),
    (("f8", "i"), "FolderDialog"),
    (("f9",), "SettingsScreen"),
    (COMMUNE_VIEW, "PeopleScreen"),
    ((*COMMUNE_VIEW, "f4"), "PatrolsScreen"),
    ((*COMMUNE_VIEW, "f5"), "TeamsScreen"),
    ((*COMMUNE_VIEW, "f6"), "HotspotsScreen"),
]


def footer_items(app, screen) -> list[str]:
    """What the footer of ``screen`` should show, one "key label" text per action."""
    seen: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.action not in seen:
            seen[binding.action] = f"{app.get_key_display(binding)} {binding.description}"
    return list(seen.values())


async def assert_fits(pilot, expected_screen: str) -> None:
    app = pilot.app
    await settle(pilot)
    screen = app.screen
    assert type(screen).__name__ == expected_screen
    lines = [strip.text for strip in screen._compositor.render_strips()]
    assert len(lines) == 24 and all(len(line) == 80 for line in lines)
    if isinstance(screen, ModalScreen):
        # A dialog is whole inside the window: its frame is not cut by the window's edges.
        frame = screen.children[0]
        assert screen.region.contains_region(frame.region), frame.region
        under = app.screen_stack[-2]
        if not under.query(Footer):
            return
        items = footer_items(app, under)
        # The footer under a dialog is dimmed, not gone: read it from the screen below.
        lines = [strip.text for strip in under._compositor.render_strips()]
    else:
        assert screen.query(Footer), "every full screen has a footer"
        items = footer_items(app, screen)
    footer = lines[-1]
    assert items
    for item in items:
        assert item in footer, f"{item!r} cut or missing in footer {footer!r}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("keys", "expected"), COMMUNE, ids=["-".join(keys) or "start" for keys, _ in COMMUNE]
)
async def test_commune_footers_fit_80x24(demo_app, lang, keys, expected):
    app = demo_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await assert_fits(pilot, expected)


@pytest.fixture(scope="module")
def province_template(tmp_path_factory):
    """A station with the hand-made province, built once for this module's tests."""
    folder = tmp_path_factory.mktemp("province") / "station"
    site = Site(folder, Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    province.build(site.db)
    site.close()
    return folder


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("keys", "expected"), STATION, ids=["-".join(keys) or "start" for keys, _ in STATION]
)
async def test_station_footers_fit_80x24(province_template, tmp_path, lang, keys, expected):
    import shutil

    from nghean_tui.storage.vault import Vault
    from tests.sync.conftest import PASSPHRASE

    folder = tmp_path / "station"
    shutil.copytree(province_template, folder)
    (folder / "nghean.lock").unlink(missing_ok=True)
    vault = Vault(folder, throttle_base=0.01)
    db = vault.unlock(passphrase=PASSPHRASE)
    set_language(lang)
    app = NgheanApp(vault, db, settings=Settings(lang=lang, idle_lock_minutes=0))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            await assert_fits(pilot, expected)
    finally:
        if app.db is not None:
            app.db.close()
        vault.close()
