"""The parts of Settings that set the installation up, found again after the first day: a
commune's hamlets and its connection to the provincial station (the wizard's steps, opened
alone), a station's roll of the province's units (population, enrolment)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from nghean_tui.i18n import t
from nghean_tui.screens.base import db_run
from nghean_tui.widgets.plain import fmt_int, plain


def compose_setup_parts(app) -> ComposeResult:
    if getattr(app, "station", False):
        yield Static(t("onboard.units_heading"), classes="heading")
        yield Static(t("sync_ui.loading"), id="units-line")
        yield Static(t("onboard.units_hint"), classes="hint")
        return
    yield Static(t("onboard.hamlets_heading"), classes="heading")
    yield Static(t("sync_ui.loading"), id="hamlets-line")
    yield Static(t("onboard.hamlets_hint"), classes="hint")
    yield Static(t("onboard.station_heading"), classes="heading")
    yield Static(t("sync_ui.loading"), id="station-line")
    yield Static(t("onboard.station_hint"), classes="hint")


def load_setup_parts(screen) -> None:
    """Fill the lines composed above, in a worker."""
    if getattr(screen.app, "station", False):
        from nghean_tui.sync.enrolment import unit_roll

        db_run(screen, unit_roll, done=lambda roll: _show_units(screen, roll), group="setup-parts")
        return

    def load(db):
        from nghean_tui.storage.hamlet_list import hamlet_rows
        from nghean_tui.sync.enrolment import station_link

        return len(hamlet_rows(db)), station_link(db).stations

    db_run(screen, load, done=lambda got: _show_commune(screen, *got), group="setup-parts")


def _show_commune(screen, hamlets: int, stations: list) -> None:
    screen.query_one("#hamlets-line", Static).update(
        t("onboard.hamlets_count", count=fmt_int(hamlets))
        if hamlets
        else Text(t("onboard.hamlets_none"), style="bold reverse")
    )
    if stations:
        line = Text(t("onboard.station_enrolled") + " ")
        line.append(plain(", ".join(name for name, _ in stations)))
    else:
        line = Text(t("onboard.station_none"), style="bold reverse")
    screen.query_one("#station-line", Static).update(line)


def _show_units(screen, roll: list) -> None:
    enrolled = sum(1 for u in roll if u.enrolled)
    screen.query_one("#units-line", Static).update(
        t("onboard.units_summary", enrolled=fmt_int(enrolled), total=fmt_int(len(roll)))
    )
