"""What the first day's steps share: their title, buttons, keys and layout (screens.onboarding,
screens.station_link)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from nghean_tui.i18n import t

STEP_COUNT = 3

STEP_CSS = """
{name} VerticalScroll {{ padding: 0 1; height: 1fr; }}
{name} .step-title {{ text-style: bold; padding: 0 1; background: $boost; }}
{name} .hint {{ color: $text-muted; height: auto; }}
{name} .heading {{ text-style: bold; margin-top: 1; height: auto; }}
{name} .message {{ height: auto; }}
{name} .message.error {{ color: $error; text-style: bold; }}
{name} DataTable {{ height: auto; max-height: 8; }}
{name} .buttons {{ height: auto; margin-top: 1; }}
{name} .buttons Button {{ margin-right: 2; }}
"""


def step_title(step: int, key: str, in_wizard: bool) -> str:
    """ "Bước 1/3 · Thôn, bản…" in the wizard; the step's own name when opened from Settings."""
    name = t(key)
    return t("onboard.step_of", step=step, count=STEP_COUNT, name=name) if in_wizard else name


def step_buttons(in_wizard: bool, *extra: Button) -> ComposeResult:
    """The step's own buttons, then "Bỏ qua" and "Tiếp tục" (the wizard) or "Xong"."""
    with Horizontal(classes="buttons"):
        yield from extra
        if in_wizard:
            yield Button(t("onboard.skip"), id="skip")
            yield Button(t("onboard.next"), id="next", variant="primary")
        else:
            yield Button(t("onboard.close"), id="next", variant="primary")


def step_bindings() -> list[Binding]:
    return [
        Binding("escape", "leave(False)", "key.onboard_skip"),
        Binding("f10", "leave(True)", "key.onboard_next"),
    ]
