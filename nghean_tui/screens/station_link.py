"""Step 3 of a commune's first day, and Settings → Station connection: write this laptop's
identity card to a stick for the station, read the station's card, compare the fingerprints
aloud. The work is the Sync screen's own (``SyncBase.action_write_card`` and
``action_import_card``, with its drive dialog, fingerprint dialog and progress line): this
screen only lays it out as a step."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Footer, Static

from nghean_tui.domain.formats import fmt_day
from nghean_tui.i18n import t
from nghean_tui.screens.base import db_run
from nghean_tui.screens.steps import STEP_CSS, step_bindings, step_buttons, step_title
from nghean_tui.screens.sync.base import SyncBase
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.sync_dialogs import fingerprint_text


class StationStep(SyncBase):
    """Connect to the provincial station (a commune's; Esc skips it)."""

    DEFAULT_CSS = (
        STEP_CSS.format(name="StationStep")
        + """
    StationStep #results { max-height: 4; }
    """
    )
    BINDINGS = [
        *step_bindings(),
        Binding("o", "write_card", "key.sync_write_card"),
        Binding("c", "import_card", "key.sync_enroll_station"),
    ]

    def __init__(self, *, in_wizard: bool = False) -> None:
        super().__init__()
        self.in_wizard = in_wizard
        self.link = None

    def compose(self) -> ComposeResult:
        yield Static(step_title(3, "onboard.station_title", self.in_wizard), classes="step-title")
        with VerticalScroll():
            yield Static(t("onboard.station_intro"), classes="hint")
            yield Static(t("sync_ui.loading"), id="link", classes="heading")
            yield from self.compose_results()
            yield from step_buttons(
                self.in_wizard,
                Button(t("onboard.write_card"), id="write-card"),
                Button(t("onboard.read_card"), id="read-card"),
            )
        yield from self.compose_progress()
        yield Footer()

    def mount_tables(self) -> None:
        self.query_one("#write-card", Button).focus()

    def on_screen_resume(self) -> None:
        # Not a section: shown over the workspace, its data loads each time it is shown.
        self._shown = False
        super().on_screen_resume()

    def refresh_data(self) -> None:
        from nghean_tui.sync.enrolment import station_link

        db_run(self, station_link, done=self._show, group="station-link")

    def _show(self, link) -> None:
        self.link = link
        text = Text(t("sync_ui.own_fingerprint") + " ", style="not bold")
        text.append_text(fingerprint_text(link.own_fingerprint))
        text.append("\n")
        if link.stations:
            for name, added in link.stations:
                text.append(t("onboard.station_enrolled") + " ", style="not bold")
                text.append(plain(name))
                text.append(f" ({fmt_day(added)})" if added else "", style="not bold")
        else:
            text.append(t("onboard.station_none"), style="bold reverse")
        self.query_one("#link", Static).update(text)

    @on(Button.Pressed, "#write-card")
    def _write(self) -> None:
        self.action_write_card()

    @on(Button.Pressed, "#read-card")
    def _read(self) -> None:
        self.action_import_card()

    @on(Button.Pressed, "#skip")
    def _skip(self) -> None:
        self.action_leave(False)

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_leave(True)

    def action_leave(self, forward: bool) -> None:
        if self.busy:  # a card being written: the stick is not safe to pull out yet
            self.app.notify(t("sync_ui.busy"), severity="warning")
            return
        self.dismiss(forward)
