"""What every section screen shares: the navigation bar, translated keys, database work in
thread workers with one place that turns failures into a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from nghean_tui.i18n import t
from nghean_tui.widgets.translated import Translated

# The sections, in the order of the navigation bar: (mode name, key, catalogue key).
SECTIONS = (
    ("today", "f2", "nav.today"),
    ("people", "f3", "nav.people"),
    ("patrols", "f4", "nav.patrols"),
    ("teams", "f5", "nav.teams"),
    ("hotspots", "f6", "nav.hotspots"),
    ("tips", "f7", "nav.tips"),
    ("sync", "f8", "nav.sync"),
    ("settings", "f9", "nav.settings"),
)


class NavBar(Static):
    """One line: the sections with their keys, the current one highlighted; clickable.

    When the labels do not fit (Vietnamese at 80 columns), the space between each key and
    its label goes and the keys are set in bold instead, so every section stays named.
    """

    DEFAULT_CSS = """
    NavBar { height: 1; background: $primary-darken-3; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self._layout(self.size.width or self.app.size.width)

    def on_resize(self) -> None:
        self._layout(self.size.width)

    def _layout(self, width: int) -> None:
        entries = [(mode, key.upper(), t(label_key)) for mode, key, label_key in SECTIONS]
        full = sum(len(k) + 1 + len(label) for _, k, label in entries) + len(entries) - 1
        compact = width > 0 and full > width
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for mode, key, label in entries:
            if len(text):
                text.append(" ")
            start = len(text)
            current = "reverse bold" if mode == self.current else ""
            if compact:
                text.append(key, style=current or "bold")
                text.append(label, style=current)
            else:
                text.append(f"{key} {label}", style=current)
            self._spans.append((start, len(text), mode))
        self.update(text)

    def on_click(self, event: Click) -> None:
        for start, end, mode in self._spans:
            if start <= event.x < end:
                self.app.run_action(f"section('{mode}')")
                return


class Section(Translated, Screen):
    """A main section of the application (one Textual mode each)."""

    SECTION = ""

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()

    def compose_nav(self) -> ComposeResult:
        yield NavBar(self.SECTION)

    def on_screen_resume(self) -> None:
        """Back from a form, a dialog or the lock: show current data."""
        if self.app.db is not None:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Load what the screen shows (subclasses; runs on mount and on resume)."""


def db_run(node, fn: Callable[..., Any], *args, done: Callable[[Any], None] | None = None,
           failed: Callable[[Exception], bool] | None = None, group: str = "db",
           exclusive: bool = True) -> None:
    """Run ``fn(db, *args)`` in a thread worker owned by ``node`` (a screen or widget).

    ``done(result)`` runs on the UI thread if the worker was not superseded; a failure goes
    to ``failed(exc)`` first and, unless it returns True, becomes an error message.
    """
    app = node.app

    def job():
        worker = get_current_worker()
        try:
            if app.db is None:
                from nghean_tui.storage.database import StorageError

                raise StorageError("locked")
            result = fn(app.db, *args)
        except Exception as exc:  # reported on the UI thread
            if not worker.is_cancelled:
                app.call_from_thread(_report, app, exc, failed)
            return
        if done is not None and not worker.is_cancelled:
            app.call_from_thread(done, result)

    node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def _report(app, exc: Exception, failed) -> None:
    if failed is not None and failed(exc):
        return
    app.show_error(exc)
