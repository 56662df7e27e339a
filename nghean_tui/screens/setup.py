"""First run: choose the unit, name the first officer, set a passphrase, write down the
recovery code."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from nghean_tui.domain.enums import Role
from nghean_tui.domain.passphrase import check_new_passphrase, context_words
from nghean_tui.domain.text import fold
from nghean_tui.i18n import t
from nghean_tui.screens.base import workspace
from nghean_tui.storage import reference
from nghean_tui.widgets.passphrase import strength_hint
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import run_guarded


class SetupScreen(Translated, Screen):
    """Create the encrypted database."""

    BINDINGS = [
        Binding("down", "unit_cursor(1)", show=False),
        Binding("up", "unit_cursor(-1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()

    def action_unit_cursor(self, step: int) -> None:
        """Arrows in the filter box move through the filtered units."""
        units = self.query_one("#units", OptionList)
        if self.focused is not self.query_one("#unit-filter", Input) or not units.option_count:
            if self.focused is not None:
                self.focus_next() if step > 0 else self.focus_previous()
            return
        current = units.highlighted or 0
        units.highlighted = max(0, min(units.option_count - 1, current + step))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup"):
            yield Static(t("setup.title"), classes="title")
            yield Static(t("setup.intro"), classes="hint")
            yield Label(t("setup.unit"))
            yield Input(placeholder=t("setup.unit_filter"), id="unit-filter")
            yield OptionList(id="units")
            yield Label(t("setup.officer"))
            yield Input(id="officer", max_length=100)
            yield Label(t("setup.passphrase"))
            yield Input(password=True, id="pass1", max_length=256)
            yield Static("", id="strength", classes="hint")
            yield Label(t("setup.passphrase_again"))
            yield Input(password=True, id="pass2", max_length=256)
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("setup.create"), variant="primary", id="create")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_units("")
        self.query_one("#unit-filter", Input).focus()

    def _fill_units(self, text: str) -> None:
        wanted = fold(text)
        options = [
            Option(f"{u.code}  {u.name}", id=u.code)
            for u in reference.units().values()
            if not wanted or wanted in fold(u.name) or u.code.startswith(wanted)
        ]
        units = self.query_one("#units", OptionList)
        units.clear_options()
        units.add_options(options)
        if options:
            units.highlighted = 0

    @on(Input.Changed, "#unit-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill_units(event.value)

    def _guessable(self) -> tuple[str, ...]:
        """The unit and officer typed so far: a guesser who has the laptop tries them first."""
        units = self.query_one("#units", OptionList)
        unit = None
        if units.highlighted is not None:
            option_id = units.get_option_at_index(units.highlighted).id
            unit = reference.unit(option_id) if option_id is not None else None
        return context_words(
            self.query_one("#officer", Input).value,
            unit.code if unit else None,
            unit.name if unit else None,
        )

    @on(Input.Changed, "#pass1")
    @on(Input.Changed, "#officer")
    @on(OptionList.OptionHighlighted, "#units")
    def _strength(self) -> None:
        value = self.query_one("#pass1", Input).value
        self.query_one("#strength", Static).update(strength_hint(value, self._guessable()))

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#pass2")
    def _create(self) -> None:
        units = self.query_one("#units", OptionList)
        error = self.query_one("#error", Static)
        officer = self.query_one("#officer", Input).value.strip()
        first, second = self.query_one("#pass1", Input).value, self.query_one("#pass2", Input).value
        code = (
            None if units.highlighted is None else units.get_option_at_index(units.highlighted).id
        )
        if code is None:
            error.update(t("setup.choose_unit"))
            return
        if not officer:
            error.update(t("setup.officer_required"))
            return
        from nghean_tui.storage.records import officer_name_refused

        refused = officer_name_refused(officer)
        if refused is not None:  # before anything is created: no half-made database
            from nghean_tui.errors import describe

            error.update(plain(describe(refused)))
            return
        problem = check_new_passphrase(first, self._guessable())
        if problem:
            error.update(t(f"passphrase.{problem}"))
            return
        if first != second:
            error.update(t("cli.passphrases_differ"))
            return
        error.update(t("setup.creating"))
        self.query_one("#create", Button).disabled = True
        role = Role.SUPERVISOR if code == reference.PROVINCE_CODE else Role.COMMUNE
        self._do_create(role, code, officer, first)

    def _do_create(self, role: Role, code: str, officer: str, passphrase: str) -> None:
        from nghean_tui.errors import describe

        def failed(exc: Exception) -> bool:
            self._failed(describe(exc))  # nothing was created
            return True

        vault = workspace(self).vault
        run_guarded(
            self,
            lambda: vault.create(
                role=role, unit_code=code, officer_name=officer, passphrase=passphrase
            ),
            done=lambda made: self._created(*made),
            failed=failed,
            group="setup",
        )

    def _failed(self, message: str) -> None:
        self.query_one("#error", Static).update(plain(message))
        self.query_one("#create", Button).disabled = False

    def _created(self, db, recovery: str) -> None:
        self.app.push_screen(RecoveryCodeScreen(recovery), lambda _: self._opened(db))

    def _opened(self, db) -> None:
        """The workspace opens; a commune's first-day steps come over it (a station has
        none: it keeps no hamlets of its own)."""
        app = self.app
        workspace(self).enter_workspace(db)
        if db.role is Role.COMMUNE:
            from nghean_tui.screens.first_day import start_onboarding

            app.call_later(start_onboarding, app)


class RecoveryCodeScreen(Translated, Screen[bool]):
    """Show the recovery code once; continue only after the last group is typed back."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="recovery"):
            yield Static(t("recovery.title"), classes="title")
            yield Static(t("cli.recovery_intro"))
            yield Static(self.code, id="code", classes="code")
            yield Static(t("cli.recovery_warning"), classes="hint")
            yield Label(t("recovery.confirm"))
            yield Input(id="confirm", max_length=4)
            yield Static("", id="error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#confirm", Input).focus()

    @on(Input.Submitted, "#confirm")
    def _check(self, event: Input.Submitted) -> None:
        if event.value.strip().upper() == self.code.split("-")[-1]:
            self.dismiss(True)
        else:
            self.query_one("#error", Static).update(t("recovery.mismatch"))
