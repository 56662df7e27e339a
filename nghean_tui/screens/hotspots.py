"""Section: hotspots (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from nghean_tui.i18n import t
from nghean_tui.screens.base import Section


class HotspotsScreen(Section):
    SECTION = "hotspots"

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(t("nav.hotspots"))
        yield Footer()
