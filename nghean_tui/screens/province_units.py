"""A station's roll of the province's units (Settings → the province's units): every commune
and ward with whether it is enrolled, the last bundle received from it and its population;
Enter edits a population (stored and audited as ``population load`` does), ``c`` goes to the
station's Sync screen to enroll a commune by its identity card."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static

from nghean_tui.domain.formats import fmt_day
from nghean_tui.domain.text import fold
from nghean_tui.i18n import t
from nghean_tui.screens.base import db_run
from nghean_tui.widgets.plain import fmt_int, plain
from nghean_tui.widgets.translated import Translated


class ProvinceUnitsScreen(Translated, Screen):
    DEFAULT_CSS = """
    ProvinceUnitsScreen .step-title { text-style: bold; padding: 0 1; background: $boost; }
    ProvinceUnitsScreen #summary { padding: 0 1; height: auto; }
    ProvinceUnitsScreen #filter { margin: 0 1; width: 40; }
    ProvinceUnitsScreen #units { height: 1fr; }
    ProvinceUnitsScreen #message { padding: 0 1; height: auto; }
    ProvinceUnitsScreen #message.error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "close", "key.onboard_close"),
        Binding("e", "population", "key.onboard_population"),
        Binding("c", "enroll", "key.sync_enroll_commune"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()
        self.roll: list = []
        self.shown: list = []

    def compose(self) -> ComposeResult:
        yield Static(t("onboard.units_heading"), classes="step-title")
        yield Static(t("sync_ui.loading"), id="summary")
        yield Input(placeholder=t("onboard.units_filter"), id="filter", compact=True)
        yield DataTable(id="units", cursor_type="row", zebra_stripes=True)
        yield Static(t("onboard.units_keys"), id="message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#units", DataTable)
        table.add_column(t("onboard.col_code"), width=5)
        table.add_column(t("onboard.col_unit"), width=24)
        table.add_column(t("onboard.col_enrolled"), width=9)
        table.add_column(t("onboard.col_last_bundle"), width=10)
        table.add_column(t("onboard.col_population"), width=10)
        table.focus()
        self._load()

    def _load(self) -> None:
        from nghean_tui.sync.enrolment import unit_roll

        db_run(self, unit_roll, done=self._show, group="units")

    def _show(self, roll) -> None:
        self.roll = roll
        enrolled = sum(1 for u in roll if u.enrolled)
        self.query_one("#summary", Static).update(
            t("onboard.units_summary", enrolled=fmt_int(enrolled), total=fmt_int(len(roll)))
        )
        self._fill()

    def _fill(self) -> None:
        wanted = fold(self.query_one("#filter", Input).value.strip())
        table = self.query_one("#units", DataTable)
        cursor = table.cursor_row
        self.shown = [
            u for u in self.roll if not wanted or wanted in fold(u.name) or u.code == wanted
        ]
        table.clear()
        for unit in self.shown:
            table.add_row(
                unit.code,
                plain(unit.name),
                Text(t("onboard.enrolled_yes"), style="bold")
                if unit.enrolled
                else Text(t("onboard.enrolled_no"), style="dim"),
                fmt_day(unit.last_bundle),
                fmt_int(unit.population) if unit.population is not None else t("onboard.unknown"),
                key=unit.code,
            )
        if self.shown:
            table.move_cursor(row=min(max(cursor, 0), len(self.shown) - 1))

    @on(Input.Changed, "#filter")
    def _filtered(self) -> None:
        self._fill()

    @on(Input.Submitted, "#filter")
    def _to_table(self) -> None:
        self.query_one("#units", DataTable).focus()

    def _current(self):
        row = self.query_one("#units", DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    @on(DataTable.RowSelected, "#units")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_population()

    def action_population(self) -> None:
        unit = self._current()
        if unit is None:
            return

        def typed(value: str | None) -> None:
            if value is not None:
                self._store(unit, value)

        self.app.push_screen(PopulationDialog(unit.name, unit.population), typed)

    def _store(self, unit, value: str) -> None:
        from nghean_tui.reports.population import PopulationError, set_population

        message = self.query_one("#message", Static)

        def stored(number: int) -> None:
            message.set_class(False, "error")
            message.update(
                plain(t("onboard.population_saved", name=unit.name, count=fmt_int(number)))
            )
            self._load()

        def refused(exc: Exception) -> bool:
            if not isinstance(exc, PopulationError):
                return False  # the general message
            message.set_class(True, "error")
            message.update(plain(t("onboard.population_refused", why=str(exc))))
            return True

        db_run(self, set_population, unit.code, value, done=stored, failed=refused)

    def action_enroll(self) -> None:
        """To the station's Sync screen, with its "read a commune's card" already started."""
        app = self.app

        def start() -> None:
            if hasattr(app.screen, "action_import_card"):
                app.screen.action_import_card()

        async def go() -> None:
            await app.run_action("section('sync')")
            app.call_after_refresh(start)

        self.dismiss()
        app.call_later(go)

    def action_close(self) -> None:
        self.dismiss()


class PopulationDialog(Translated, ModalScreen[str | None]):
    """One unit's population, typed as people write it (12.345); Enter saves, Esc cancels."""

    DEFAULT_CSS = """
    PopulationDialog { align: center middle; }
    PopulationDialog > Vertical { width: 60; max-width: 96%; height: auto;
                                  border: thick $primary; background: $surface; padding: 0 1; }
    PopulationDialog .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, unit_name: str, population: int | None) -> None:
        super().__init__()
        self._translate_bindings()
        self.unit_name, self.population = unit_name, population

    def compose(self) -> ComposeResult:
        title = Text(t("onboard.population_title") + " ", style="bold")
        title.append(plain(self.unit_name))
        with Vertical():
            yield Static(title)
            yield Input(
                fmt_int(self.population) if self.population is not None else "",
                id="population",
                max_length=12,
            )
            yield Static(t("onboard.population_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#population", Input).focus()

    @on(Input.Submitted, "#population")
    def _typed(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
