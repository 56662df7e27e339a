"""The first screen after unlocking (the full Today screen is built on this)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nghean_tui.i18n import t


class HomeScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(t("home.loading"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        from nghean_tui.storage.summary import today_summary

        summary = today_summary(self.app.db, date.today())
        self.app.call_from_thread(self._show, summary)

    def _show(self, summary) -> None:
        text = Text()
        text.append(f"{summary.unit_name}\n\n", style="bold")
        text.append(t("home.due", overdue=summary.due.overdue, today=summary.due.today,
                      week=summary.due.week) + "\n")
        text.append(t("home.people", count=summary.people) + "\n")
        self.query_one("#summary", Static).update(text)
