"""Unlocking: at start (a screen) and after a lock (a modal covering whatever was open).

The passphrase field has the focus whenever something can be typed; the recovery code is
chosen with F2, never by typing. During the wait after wrong attempts the field is disabled
and nothing else can take a key, so what is typed then is dropped, not half-kept: after the
wait the field is empty and the whole passphrase is typed again.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, Static

from nghean_tui.i18n import t
from nghean_tui.screens.base import workspace
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import run_guarded


def nameplate_text(plate) -> Text:
    """What the unlock screen says about whose data this is (names shown literally)."""
    from nghean_tui.storage import reference

    unit = reference.unit(plate.unit_code)
    lines = [
        t("forms.unlock_unit", name=unit.name, code=plate.unit_code)
        if unit
        else t("forms.unlock_unit_code", code=plate.unit_code)
    ]
    if plate.officers:
        lines.append(t("forms.unlock_officers", names=", ".join(plate.officers)))
    return Text("\n".join(lines))


class UnlockPanel(Vertical):
    """Passphrase (or recovery code) in, database out; wrong attempts show the wait."""

    DEFAULT_CSS = """
    UnlockPanel { width: 64; max-width: 100%; height: auto; margin: 2 0;
                  border: round $primary; padding: 0 2; }
    UnlockPanel .title { text-style: bold; margin: 1 0 0 0; }
    UnlockPanel #who { margin-bottom: 1; }
    UnlockPanel #demo { color: $warning; height: auto; }
    UnlockPanel .error { color: $error; height: auto; margin-top: 1; }
    UnlockPanel .hint { color: $text-muted; height: auto; }
    """

    recovery = False  # the recovery code is being typed instead of a passphrase
    _busy = False
    _reason = ""  # why the last attempt failed, kept beside "you may try again"

    def compose(self) -> ComposeResult:
        yield Static(t("unlock.title"), classes="title")
        yield Static("", id="who", classes="hint")
        yield Static("", id="demo")
        yield Label(t("unlock.prompt"), id="prompt")
        yield Input(password=True, id="secret", max_length=256)
        yield Static(t("forms.unlock_mode_hint"), id="mode", classes="hint")
        yield Static("", id="error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#secret", Input).focus()
        self._countdown()
        self._read_nameplate()

    def _read_nameplate(self) -> None:
        from nghean_tui.storage import nameplate

        data_dir = workspace(self).vault.data_dir

        def job():
            plate = nameplate.read(data_dir)
            return plate, nameplate.demo_passphrase(data_dir, plate)

        run_guarded(self, job, done=self._show_nameplate, failed=lambda exc: True, group="plate")

    def _show_nameplate(self, found) -> None:
        plate, demo_passphrase = found
        if plate is None:
            return  # an older database, or an unreadable file: nobody is named
        self.query_one("#who", Static).update(nameplate_text(plate))
        if demo_passphrase:
            self.query_one("#demo", Static).update(
                Text(t("forms.unlock_demo", passphrase=demo_passphrase))
            )

    @property
    def waiting(self) -> bool:
        """An attempt is being checked, or the wait after wrong ones is in force."""
        return self._busy or self.query_one("#secret", Input).disabled

    def _countdown(self) -> None:
        """While a wait after wrong attempts is in force, count it down and accept nothing."""
        remaining = workspace(self).vault.wait_remaining()
        secret = self.query_one("#secret", Input)
        if remaining > 0:
            self._disable(secret)
            self._message(t("error.wait", seconds=max(1, math.ceil(remaining))))
            self.set_timer(min(1.0, remaining), self._countdown)
        elif secret.disabled and not self._busy:
            self._enable(secret)
            self._message(f"{self._reason} {t('unlock.try_again')}".strip())

    def _disable(self, secret: Input) -> None:
        secret.value = ""  # nothing half-typed survives the wait
        secret.disabled = True
        self.screen.refresh_bindings()

    def _enable(self, secret: Input) -> None:
        secret.value = ""
        secret.disabled = False
        secret.focus()
        self.screen.refresh_bindings()

    def _message(self, text: str) -> None:
        self.query_one("#error", Static).update(plain(text))

    def toggle_mode(self) -> None:
        """F2: the recovery code instead of a passphrase, or back."""
        if self.waiting:
            return
        self.recovery = not self.recovery
        secret = self.query_one("#secret", Input)
        secret.value = ""
        secret.password = not self.recovery
        self.query_one("#prompt", Label).update(
            t("unlock.prompt_recovery") if self.recovery else t("unlock.prompt")
        )
        self.query_one("#mode", Static).update(
            t("forms.unlock_mode_back") if self.recovery else t("forms.unlock_mode_hint")
        )
        secret.focus()
        self.screen.refresh_bindings()

    @on(Input.Submitted, "#secret")
    def _submit(self, event: Input.Submitted) -> None:
        if not event.value or self.waiting:
            return
        self._message(t("unlock.opening"))
        self._busy = True
        secret, recovery = event.value, self.recovery
        self._disable(event.input)
        self._unlock(secret, recovery)

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
        self._reason = message
        self._message(message)
        remaining = workspace(self).vault.wait_remaining()
        if remaining > 0:  # the reason stays on screen until the countdown takes over
            self._disable(secret)
            self.set_timer(min(1.0, remaining), self._countdown)
        else:
            self._enable(secret)


# The keys of both unlock screens: F2 switches to the recovery code, Ctrl+Q quits (a modal
# screen hides the application's own Ctrl+Q, so it is declared here too).
UNLOCK_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("f2", "recovery_mode", "key.recovery_mode", id="recovery_mode"),
    Binding("ctrl+q", "app.quit", "key.quit", id="quit"),
]


class _UnlockKeys(Translated):
    def action_recovery_mode(self) -> None:
        self.query_one(UnlockPanel).toggle_mode()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "recovery_mode":
            panels = self.query(UnlockPanel)  # type: ignore[attr-defined]
            return None if not panels or panels.first().waiting else True
        return True


class UnlockScreen(_UnlockKeys, Screen):
    BINDINGS = UNLOCK_KEYS

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()

    def compose(self) -> ComposeResult:
        with Center():
            yield UnlockPanel()
        yield Footer()


class LockScreen(_UnlockKeys, ModalScreen):
    """Covers everything while locked (opaque): nothing of the records shows through."""

    DEFAULT_CSS = """
    LockScreen { background: $background; align: center top; }
    """
    BINDINGS = UNLOCK_KEYS

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()

    def compose(self) -> ComposeResult:
        with Center():
            yield UnlockPanel()
        yield Static(t("unlock.locked_hint"), classes="hint")
        yield Footer()
