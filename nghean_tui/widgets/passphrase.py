"""Asking for a new passphrase: twice, with a strength hint; optionally the current one first."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from nghean_tui.domain.passphrase import MIN_SCORE, assess, check_new_passphrase
from nghean_tui.i18n import t
from nghean_tui.widgets.dialogs import shown
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated


def strength_hint(value: str, context: tuple[str, ...] = ()) -> str:
    """The strength meter's line: the same estimate that accepts or refuses the passphrase."""
    if not value:
        return ""
    found = assess(value, context)
    level = t(f"passphrase.strength_{found.score}")
    if found.acceptable:
        return t("setup.strength", level=level)
    return t("setup.strength_low", level=level, needed=t(f"passphrase.strength_{MIN_SCORE}"))


@dataclass(frozen=True)
class PassphraseAnswer:
    current: str | None
    new: str


class PassphraseDialog(Translated, ModalScreen[PassphraseAnswer | None]):
    DEFAULT_CSS = """
    PassphraseDialog { align: center middle; }
    PassphraseDialog > Vertical { width: 70; max-width: 98%; height: auto; max-height: 100%;
                                  overflow-y: auto; border: thick $primary;
                                  background: $surface; padding: 0 2; }
    PassphraseDialog .title { text-style: bold; margin: 1 0 0 0; }
    PassphraseDialog Label { margin-top: 1; }
    PassphraseDialog .hint { color: $text-muted; }
    PassphraseDialog .error { color: $error; height: auto; }
    PassphraseDialog Horizontal { height: auto; align-horizontal: right; margin: 1 0 0 0; }
    PassphraseDialog Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(
        self,
        title: str,
        *,
        ask_current: bool = False,
        subtitle: str | Text = "",
        guessable: tuple[str, ...] = (),
    ) -> None:
        """``guessable``: words a guesser would try here (see ``domain.passphrase.context_words``)."""
        super().__init__()
        self._translate_bindings()
        self.title_text, self.ask_current, self.subtitle = title, ask_current, subtitle
        self.guessable = guessable

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), classes="title")  # it names an officer
            if self.subtitle:
                yield Static(shown(self.subtitle), classes="hint")
            if self.ask_current:
                yield Label(t("passphrase.current"))
                yield Input(password=True, id="current", max_length=256)
            yield Label(t("setup.passphrase"))
            yield Input(password=True, id="new", max_length=256)
            yield Static("", id="strength", classes="hint")
            yield Label(t("setup.passphrase_again"))
            yield Input(password=True, id="again", max_length=256)
            yield Static("", id="error", classes="error")
            with Horizontal():
                yield Button(t("key.cancel"), id="cancel")
                yield Button(t("key.save"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#current" if self.ask_current else "#new", Input).focus()

    @on(Input.Changed, "#new")
    def _strength(self, event: Input.Changed) -> None:
        self.query_one("#strength", Static).update(strength_hint(event.value, self.guessable))

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        order = (["#current"] if self.ask_current else []) + ["#new", "#again"]
        current = f"#{event.input.id}"
        if current != order[-1]:
            self.query_one(order[order.index(current) + 1], Input).focus()
        else:
            self._done()

    @on(Button.Pressed, "#ok")
    def _done(self) -> None:
        new = self.query_one("#new", Input).value
        again = self.query_one("#again", Input).value
        current = self.query_one("#current", Input).value if self.ask_current else None
        problem = check_new_passphrase(new, self.guessable)
        if self.ask_current and not current:
            message = t("passphrase.current_required")
        elif problem:
            message = t(f"passphrase.{problem}")
        elif new != again:
            message = t("cli.passphrases_differ")
        else:
            self.dismiss(PassphraseAnswer(current, new))
            return
        self.query_one("#error", Static).update(Text(message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
