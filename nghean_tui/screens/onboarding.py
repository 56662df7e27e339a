"""A commune's first day: after the passphrase and the recovery code, three steps — the
commune's hamlets, the other officers, the connection to the provincial station — each one
skippable, and each one found again later in Settings (the same screens, opened alone).

A station (supervisor) database has none of these steps: it keeps no hamlets, and its
communes enroll with it (Settings → the province's units).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Select, Static, TextArea

from nghean_tui.domain.enums import HamletKind
from nghean_tui.i18n import label, t
from nghean_tui.screens.base import db_run, workspace
from nghean_tui.screens.officer_forms import ask_passphrase, officer_form
from nghean_tui.screens.steps import STEP_CSS, step_bindings, step_buttons, step_title
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.plain import fmt_int, plain, visible
from nghean_tui.widgets.translated import Translated

# ---------------------------------------------------------------- step 1: hamlets


class HamletsStep(Translated, Screen[bool]):
    """The commune's hamlets: names typed one per line (or taken from a shipped list where
    one exists), their kind chosen for the lines or said by the name itself; Enter on a
    listed hamlet edits it."""

    DEFAULT_CSS = (
        STEP_CSS.format(name="HamletsStep")
        + """
    HamletsStep #names { height: 6; }
    HamletsStep .row { height: auto; margin-top: 1; }
    HamletsStep .row Select { width: 28; margin-right: 2; }
    """
    )
    BINDINGS = [*step_bindings(), Binding("ctrl+t", "add", "key.onboard_add_hamlets")]

    def __init__(self, *, in_wizard: bool = False) -> None:
        super().__init__()
        self._translate_bindings()
        self.in_wizard = in_wizard
        self.rows: list[tuple[str, str, str]] = []
        self.shipped: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static(step_title(1, "onboard.hamlets_title", self.in_wizard), classes="step-title")
        with VerticalScroll():
            yield Static(t("onboard.hamlets_intro"), classes="hint")
            yield TextArea(id="names", show_line_numbers=False, compact=True)
            with Horizontal(classes="row"):
                yield Select(
                    [(label(k), k.value) for k in HamletKind],
                    prompt=t("onboard.kind_prompt"),
                    id="kind",
                    compact=True,
                )
                yield Button(t("onboard.add_hamlets"), id="add")
            yield Button("", id="shipped")
            yield Static("", id="message", classes="message")
            yield Static("", id="count", classes="heading")
            yield DataTable(id="hamlets", cursor_type="row", zebra_stripes=True)
            yield from step_buttons(self.in_wizard)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#hamlets", DataTable)
        table.add_column(t("onboard.col_hamlet"), width=30)
        table.add_column(t("onboard.col_kind"), width=14)
        self.query_one("#shipped", Button).display = False
        self.query_one("#names", TextArea).focus()
        self._load()

    def _load(self) -> None:
        from nghean_tui.storage.hamlet_list import hamlet_rows, shipped_hamlets

        def load(db):
            return hamlet_rows(db), shipped_hamlets(db.unit_code)

        db_run(self, load, done=self._show, failed=self._refused, group="hamlets")

    def _show(self, result) -> None:
        rows, shipped = result
        self.rows, self.shipped = rows, shipped or []
        table = self.query_one("#hamlets", DataTable)
        table.clear()
        for _, name, kind in rows:
            table.add_row(plain(name), label(HamletKind(kind)) if kind else "")
        table.display = bool(rows)
        self.query_one("#count", Static).update(
            t("onboard.hamlets_count", count=fmt_int(len(rows)))
            if rows
            else t("onboard.hamlets_none")
        )
        button = self.query_one("#shipped", Button)
        button.label = t("onboard.add_shipped", count=fmt_int(len(self.shipped)))
        button.display = bool(self.shipped)

    def say(self, message: str | Text, error: bool = False) -> None:
        line = self.query_one("#message", Static)
        line.update(message if isinstance(message, Text) else plain(message))
        line.set_class(error, "error")

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        from nghean_tui.storage.hamlet_list import MAX_NAME, names_from_lines, with_kinds

        names = names_from_lines(self.query_one("#names", TextArea).text)
        if not names:
            self.say(t("onboard.type_names"), error=True)
            return
        too_long = [n for n in names if len(n) > MAX_NAME]
        if too_long:
            self.say(
                t("onboard.name_too_long", name=visible(too_long[0][:40]), limit=MAX_NAME), True
            )
            return
        kind = self.query_one("#kind", Select).value
        ready, unknown = with_kinds(names, kind if isinstance(kind, str) else None)
        if unknown:  # never a default kind: the officer says which
            shown = ", ".join(visible(n) for n in unknown[:3]) + (", …" if len(unknown) > 3 else "")
            self.say(t("onboard.choose_kind", names=shown), error=True)
            self.query_one("#kind", Select).focus()
            return
        self._add(ready, clear=True)

    @on(Button.Pressed, "#shipped")
    def _add_shipped(self) -> None:
        self._add(self.shipped, clear=False)

    def _add(self, hamlets: list[tuple[str, str]], *, clear: bool) -> None:
        from nghean_tui.storage.hamlet_list import add_hamlets

        def added(result) -> None:
            if clear:
                self.query_one("#names", TextArea).clear()
            message = t("onboard.hamlets_added", count=fmt_int(len(result.added)))
            if result.already:
                names = ", ".join(visible(n) for n in result.already[:3])
                message += " " + t("onboard.hamlets_already", names=names)
            self.say(message)
            self._load()

        db_run(self, add_hamlets, hamlets, done=added, failed=self._refused, group="hamlets-add")

    def _refused(self, exc: Exception) -> bool:
        """A list refused whole says why here; anything else, the general message."""
        from nghean_tui.storage.hamlet_list import HamletListError

        if isinstance(exc, HamletListError):
            self.say(t(f"onboard.{exc.reason}", **exc.params), error=True)
            return True
        return False

    @on(DataTable.RowSelected, "#hamlets")
    def _edit(self, event: DataTable.RowSelected) -> None:
        """Enter on a hamlet: its form (the one Teams uses), to rename it or fix its kind."""
        from nghean_tui.screens import team_forms

        event.stop()
        if not 0 <= event.cursor_row < len(self.rows):
            return
        hamlet_id = self.rows[event.cursor_row][0]

        def opened(form) -> None:
            if form is not None:
                self.app.push_screen(form, lambda saved: self._load() if saved else None)

        db_run(self, team_forms.hamlet_form, hamlet_id, done=opened, group="open-form")

    @on(Button.Pressed, "#skip")
    def _skip(self) -> None:
        self.action_leave(False)

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_leave(True)

    def action_leave(self, forward: bool) -> None:
        """On to the next step (or back to Settings); lines typed but not added are asked
        about first, never lost silently."""
        if not self.query_one("#names", TextArea).text.strip():
            self.dismiss(forward)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(forward)

        self.app.push_screen(
            ConfirmDialog(t("onboard.discard_typed"), yes=t("onboard.discard")), answered
        )


# ---------------------------------------------------------------- step 2: officers


class OfficersStep(Translated, Screen[bool]):
    """The other officers of the commune police, each with an optional passphrase of their
    own: Settings' officer form and passphrase dialog."""

    DEFAULT_CSS = STEP_CSS.format(name="OfficersStep")
    BINDINGS = [
        *step_bindings(),
        Binding("n", "new_officer", "key.new_officer"),
        Binding("p", "passphrase", "key.set_passphrase"),
    ]

    def __init__(self, *, in_wizard: bool = False) -> None:
        super().__init__()
        self._translate_bindings()
        self.in_wizard = in_wizard
        self.rows: list = []

    def compose(self) -> ComposeResult:
        yield Static(step_title(2, "onboard.officers_title", self.in_wizard), classes="step-title")
        with VerticalScroll():
            yield Static(t("onboard.officers_intro"), classes="hint")
            yield DataTable(id="officers", cursor_type="row", zebra_stripes=True)
            yield Static("", id="message", classes="message")
            yield from step_buttons(
                self.in_wizard,
                Button(t("onboard.add_officer"), id="add"),
                Button(t("onboard.officer_passphrase"), id="passphrase"),
            )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#officers", DataTable)
        table.add_column(t("settings.col_name"), width=26)
        table.add_column(t("settings.col_position"), width=20)
        table.add_column(t("settings.col_passphrase"), width=14)
        self.query_one("#add", Button).focus()
        self._load()

    def _load(self) -> None:
        from nghean_tui.storage.officers import officer_rows

        vault = workspace(self).vault
        db_run(
            self,
            lambda db: officer_rows(db, vault.officers_with_passphrase()),
            done=self._show,
            group="officers",
        )

    def _show(self, rows) -> None:
        self.rows = rows
        table = self.query_one("#officers", DataTable)
        table.clear()
        for row in rows:
            o = row.officer
            table.add_row(
                plain(o.full_name),
                plain(o.position or o.rank),
                t("settings.has_passphrase") if row.has_passphrase else t("settings.no_passphrase"),
            )

    def _said(self, message: str) -> None:
        self.query_one("#message", Static).update(plain(message))
        self._load()

    @on(Button.Pressed, "#add")
    def action_new_officer(self) -> None:
        def saved(officer) -> None:
            if officer is None:
                return
            self._said(t("onboard.officer_added", name=visible(officer.full_name)))
            # A passphrase of their own now, or later (Esc): never required.
            ask_passphrase(self, officer, has_passphrase=False, done=self._said)

        self.app.push_screen(officer_form(None), saved)

    @on(Button.Pressed, "#passphrase")
    def action_passphrase(self) -> None:
        row = self.query_one("#officers", DataTable).cursor_row
        if not 0 <= row < len(self.rows):
            return
        chosen = self.rows[row]
        ask_passphrase(
            self,
            chosen.officer,
            has_passphrase=chosen.has_passphrase,
            mine=chosen.is_me,
            done=self._said,
        )

    @on(Button.Pressed, "#skip")
    def _skip(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.dismiss(True)

    def action_leave(self, forward: bool) -> None:
        self.dismiss(forward)
