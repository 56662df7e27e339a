"""One unit's drug indicators explained: the key-area and drug-free checklists with each value
against its threshold, then the records behind every figure (:mod:`nghean_tui.reports.explain`).

Opened with ``i`` from a commune's Today and from a station's dashboard (the commune under the
cursor). It only reads.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from nghean_tui.domain import clock
from nghean_tui.i18n import t
from nghean_tui.screens.base import compose_banner, db_run
from nghean_tui.widgets.translated import Translated


class IndicatorsScreen(Translated, Screen):
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("r", "reload", "key.reload"),
    ]
    DEFAULT_CSS = """
    IndicatorsScreen .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    IndicatorsScreen #body { padding: 0 1; height: auto; text-wrap: nowrap;
                             text-overflow: ellipsis; }
    IndicatorsScreen #scroll { height: 1fr; }
    """

    def __init__(self, unit: str) -> None:
        super().__init__()
        self._translate_bindings()
        self.unit = unit
        self.explained = None

    def compose(self) -> ComposeResult:
        yield from compose_banner(self.app)
        yield Static(t("explain.screen_title"), id="title", classes="screen-title")
        with VerticalScroll(id="scroll"):
            yield Static(t("explain.loading"), id="body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scroll").focus()
        self.refresh_data()

    def refresh_data(self) -> None:
        from nghean_tui.reports.explain import explanation

        db_run(
            self,
            lambda db: explanation(db, self.unit, clock.today()),
            done=self._show,
            group="explain",
        )

    def _show(self, explained) -> None:
        from nghean_tui.reports.explain import render

        self.explained = explained
        self.query_one("#body", Static).update(render(explained))  # one record, one line

    def action_reload(self) -> None:
        self.refresh_data()

    def action_back(self) -> None:
        self.dismiss()
