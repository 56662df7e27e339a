"""Unlock with a passphrase (or the recovery code); wrong attempts show the wait."""

from __future__ import annotations

import math

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Label, Static

from nghean_tui.i18n import t


class UnlockScreen(Screen):
    def compose(self) -> ComposeResult:
        with Center():
            with Vertical(id="unlock"):
                yield Static(t("unlock.title"), classes="title")
                yield Label(t("unlock.prompt"), id="prompt")
                yield Input(password=True, id="secret", max_length=256)
                yield Checkbox(t("unlock.use_recovery"), id="use-recovery")
                yield Static("", id="error", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#secret", Input).focus()
        self._show_wait()

    def _show_wait(self) -> None:
        remaining = self.app.vault.wait_remaining()
        if remaining > 0:
            self.query_one("#error", Static).update(
                t("error.wait", seconds=max(1, math.ceil(remaining))))

    @on(Checkbox.Changed, "#use-recovery")
    def _mode(self, event: Checkbox.Changed) -> None:
        secret = self.query_one("#secret", Input)
        secret.password = not event.value
        self.query_one("#prompt", Label).update(
            t("unlock.prompt_recovery") if event.value else t("unlock.prompt"))
        secret.focus()

    @on(Input.Submitted, "#secret")
    def _submit(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        recovery = self.query_one("#use-recovery", Checkbox).value
        self.query_one("#error", Static).update(t("unlock.opening"))
        event.input.disabled = True
        self._unlock(event.value, recovery)

    @work(thread=True, exclusive=True)
    def _unlock(self, secret: str, recovery: bool) -> None:
        from nghean_tui.errors import describe

        try:
            if recovery:
                db = self.app.vault.unlock(recovery_code=secret)
            else:
                db = self.app.vault.unlock(passphrase=secret)
        except Exception as exc:
            self.app.call_from_thread(self._failed, describe(exc))
            return
        self.app.call_from_thread(self.app.enter_workspace, db)

    def _failed(self, message: str) -> None:
        secret = self.query_one("#secret", Input)
        secret.disabled = False
        secret.value = ""
        secret.focus()
        self.query_one("#error", Static).update(message)
