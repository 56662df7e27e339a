"""The first-day wizard: each step's screen in turn, over the workspace that has just opened."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from nghean_tui.i18n import t
from nghean_tui.screens.onboarding import HamletsStep, OfficersStep
from nghean_tui.screens.station_link import StationStep


def start_onboarding(app) -> None:
    """The wizard, over the workspace that has just opened: each step's screen in turn."""
    steps: list[Callable[[], Screen]] = [
        lambda: HamletsStep(in_wizard=True),
        lambda: OfficersStep(in_wizard=True),
        lambda: StationStep(in_wizard=True),
    ]

    def show(index: int) -> None:
        if index == len(steps):
            app.notify(t("onboard.finished"), timeout=10)
            return
        app.push_screen(steps[index](), lambda _: show(index + 1))

    show(0)
