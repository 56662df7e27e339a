"""Textual's own strings (a dropdown's "Dismiss menu", the palette's placeholder and "No matches
found", the Ctrl+C hint) reach the officer in the catalogue's words."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Input, Select
from textual.widgets._select import SelectOverlay

from nghean_tui.i18n import t
from nghean_tui.widgets.translated import FRAMEWORK_BINDINGS

from .conftest import settle


def test_every_translated_framework_binding_still_exists():
    """Fails when Textual renames or drops one of the actions we translate (then the footer
    would show Textual's English again): look at the new binding and update the table."""
    classes = {"SelectOverlay": SelectOverlay, "CommandPalette": CommandPalette}
    for (name, action), key in FRAMEWORK_BINDINGS.items():
        shown = [b for _, b in classes[name]._merged_bindings if b.action == action and b.show]
        assert shown, f"{name} has no shown binding {action!r}"
        assert t(key, lang="vi") != shown[0].description


def footer_text(app) -> str:
    return " ".join(str(key.render()) for key in app.screen.query_one(Footer).children)


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_open_dropdown_footer_is_translated(demo_app, lang):
    app = demo_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")  # People: a kind dropdown
        await settle(pilot)
        select = app.screen.query_one("#kind", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert select.expanded
        text = footer_text(app)
        assert t("lang.key_dismiss_menu", lang=lang) in text
        assert "Dismiss menu" not in text


async def test_palette_placeholder_and_no_matches_in_vietnamese(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        field = app.screen.query_one(Input)
        assert field.placeholder == t("lang.palette_placeholder", lang="vi")
        await pilot.press(*"zzqqxx")
        await pilot.pause(0.8)
        screen_text = " ".join(
            str(option.prompt)
            for option in app.screen.query_one("CommandList")._options  # type: ignore[attr-defined]
        )
        assert "No matches found" not in screen_text
        assert t("lang.palette_no_matches", lang="vi") in screen_text


async def test_ctrl_c_hint_in_vietnamese(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Nhấn") and "thoát" in m for m in messages), messages
        assert not any("Press" in m for m in messages)
