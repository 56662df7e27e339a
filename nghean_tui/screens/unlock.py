"""Unlocking: at start (a screen) and after a lock (a modal covering whatever was open)."""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, Footer, Input, Label, Static

from nghean_tui.i18n import t
from nghean_tui.screens.base import workspace
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import run_guarded


class UnlockPanel(Vertical):
    """Passphrase (or recovery code) in, database out; wrong attempts show the wait."""

    DEFAULT_CSS = """
    UnlockPanel { width: 64; max-width: 100%; height: auto; margin: 2 0;
                  border: round $primary; padding: 0 2; }
    UnlockPanel .title { text-style: bold; margin: 1 0; }
    UnlockPanel .error { color: $error; height: auto; margin-top: 1; }
    UnlockPanel .hint { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(t("unlock.title"), classes="title")
        yield Static("", id="who", classes="hint")
        yield Label(t("unlock.prompt"), id="prompt")
        yield Input(password=True, id="secret", max_length=256)
        yield Checkbox(t("unlock.use_recovery"), id="use-recovery", compact=True)
        yield Static("", id="error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#secret", Input).focus()
        self._countdown()

    def _countdown(self) -> None:
        """While a wait after wrong attempts is in force, count it down and accept nothing."""
        remaining = workspace(self).vault.wait_remaining()
        secret = self.query_one("#secret", Input)
        if remaining > 0:
            secret.disabled = True
            self._message(t("error.wait", seconds=max(1, math.ceil(remaining))))
            self.set_timer(min(1.0, remaining), self._countdown)
        elif secret.disabled and not self._busy:
            secret.disabled = False
            secret.focus()
            self._message(f"{self._reason} {t('unlock.try_again')}".strip())

    _busy = False
    _reason = ""  # why the last attempt failed, kept beside "you may try again"

    def _message(self, text: str) -> None:
        self.query_one("#error", Static).update(plain(text))

    @on(Checkbox.Changed, "#use-recovery")
    def _mode(self, event: Checkbox.Changed) -> None:
        secret = self.query_one("#secret", Input)
        secret.password = not event.value
        self.query_one("#prompt", Label).update(
            t("unlock.prompt_recovery") if event.value else t("unlock.prompt")
        )
        secret.focus()

    @on(Input.Submitted, "#secret")
    def _submit(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        recovery = self.query_one("#use-recovery", Checkbox).value
        self._message(t("unlock.opening"))
        event.input.disabled = True
        self._busy = True
        self._unlock(event.value, recovery)

    def _unlock(self, secret: str, recovery: bool) -> None:
        from nghean_tui.errors import describe

        vault = workspace(self).vault

        def job():
            if recovery:
                return vault.unlock(recovery_code=secret)
            return vault.unlock(passphrase=secret)

        def failed(exc: Exception) -> bool:
            self._failed(describe(exc))  # told to the person; nothing changed
            return True

        run_guarded(self, job, done=workspace(self).enter_workspace, failed=failed, group="unlock")

    def _failed(self, message: str) -> None:
        self._busy = False
        secret = self.query_one("#secret", Input)
        secret.value = ""
        self._reason = message
        self._message(message)
        remaining = workspace(self).vault.wait_remaining()
        if remaining > 0:  # the reason stays on screen until the countdown takes over
            secret.disabled = True
            self.set_timer(min(1.0, remaining), self._countdown)
        else:
            secret.disabled = False
            secret.focus()


class UnlockScreen(Translated, Screen):
    def compose(self) -> ComposeResult:
        with Center():
            yield UnlockPanel()
        yield Footer()


class LockScreen(Translated, ModalScreen):
    """Covers everything while locked (opaque): nothing of the records shows through."""

    DEFAULT_CSS = """
    LockScreen { background: $background; align: center top; }
    """

    def compose(self) -> ComposeResult:
        with Center():
            yield UnlockPanel()
        yield Static(t("unlock.locked_hint"), classes="hint")
        yield Footer()
