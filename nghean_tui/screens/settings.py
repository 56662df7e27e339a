"""Settings: language, idle lock, officers and their passphrases, the recovery code, About."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from nghean_tui.domain.formats import fmt_fingerprint
from nghean_tui.i18n import t
from nghean_tui.screens.base import Section, db_run, workspace
from nghean_tui.screens.officer_forms import ask_passphrase, officer_form
from nghean_tui.screens.setup_parts import compose_setup_parts, load_setup_parts
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.plain import fmt_int, plain

IDLE_MIN, IDLE_MAX = 1, 120


class SettingsScreen(Section):
    SECTION = "settings"
    BINDINGS = [
        Binding("n", "new_officer", "key.new_officer"),
        Binding("e", "edit_officer", "key.edit_officer", show=False),
        Binding("p", "passphrase", "key.set_passphrase"),
        Binding("x", "remove_passphrase", "key.remove_passphrase", show=False),
        Binding("r", "renew_recovery", "key.renew_recovery", show=False),  # rare: F1, Ctrl+P
        # Found again after the first-run wizard (a commune), the province's units (a station).
        Binding("t", "hamlets", "key.onboard_hamlets"),
        Binding("k", "station_link", "key.onboard_station"),
        Binding("u", "units", "key.onboard_units"),
    ]
    DEFAULT_CSS = """
    SettingsScreen VerticalScroll { padding: 0 1; }
    SettingsScreen .heading { text-style: bold; margin-top: 1; }
    SettingsScreen .row { height: 1; margin-top: 1; }
    SettingsScreen .row > Label { width: 26; }
    SettingsScreen #lang { width: 20; }
    SettingsScreen #idle { width: 8; }
    SettingsScreen #officers { height: auto; max-height: 10; }
    SettingsScreen .hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with VerticalScroll():
            with Horizontal(classes="row"):
                yield Label(t("settings.language"))
                yield Select(
                    [("Tiếng Việt", "vi"), ("English", "en")],
                    id="lang",
                    value=workspace(self).settings.lang,
                    allow_blank=False,
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label(t("settings.idle_lock"))
                yield Input(
                    str(workspace(self).settings.idle_lock_minutes),
                    id="idle",
                    compact=True,
                    restrict=r"[0-9]*",
                    max_length=3,
                )
                yield Static(
                    t("settings.idle_hint", low=IDLE_MIN, high=IDLE_MAX),
                    classes="hint",
                    id="idle-hint",
                )
            yield Static(t("settings.officers"), classes="heading")
            yield DataTable(id="officers", cursor_type="row", zebra_stripes=True)
            yield Static(t("settings.officers_hint"), classes="hint")
            yield from compose_setup_parts(self.app)
            yield Static(t("settings.about"), classes="heading")
            yield Static("", id="about")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#officers", DataTable)
        table.add_column(t("settings.col_name"), width=24)
        table.add_column(t("settings.col_position"), width=20)
        table.add_column(t("settings.col_passphrase"), width=12)
        table.add_column("", width=10)
        table.focus()
        # The data loads when the screen is shown (Section.on_screen_resume).

    def refresh_data(self) -> None:
        from nghean_tui.storage.officers import about, officer_rows

        vault = workspace(self).vault
        db_run(
            self,
            lambda db: (officer_rows(db, vault.officers_with_passphrase()), about(db)),
            done=self._show,
        )
        load_setup_parts(self)

    def _show(self, result) -> None:
        rows, info = result
        self.rows = rows
        table = self.query_one("#officers", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            o = row.officer
            status = Text(
                t("settings.has_passphrase") if row.has_passphrase else t("settings.no_passphrase"),
                style="" if row.has_passphrase else "dim",
            )
            flags = t("settings.me") if row.is_me else ("" if o.active else t("settings.inactive"))
            table.add_row(plain(o.full_name), plain(o.position or o.rank), status, flags)
        if rows:
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
        about = Text()
        for key, value in (
            (t("settings.version"), info.version),
            (t("settings.data_dir"), info.data_dir),
            (t("settings.unit"), info.unit_code),
            (t("settings.db_fingerprint"), fmt_fingerprint(info.database_fingerprint)),
            (t("settings.device_fingerprint"), fmt_fingerprint(info.device_fingerprint)),
            (t("settings.schema"), info.schema),
            (t("settings.people"), fmt_int(info.people)),
        ):
            about.append(f"{key}: ", style="dim")
            about.append(plain(value))
            about.append("\n")
        self.query_one("#about", Static).update(about)

    # ------------------------------------------------------------ preferences

    @on(Select.Changed, "#lang")
    def _language(self, event: Select.Changed) -> None:
        if event.value in ("vi", "en") and event.value != workspace(self).settings.lang:
            workspace(self).change_language(event.value)

    @on(Input.Submitted, "#idle")
    @on(Input.Blurred, "#idle")
    def _idle(self, event) -> None:
        text = self.query_one("#idle", Input).value
        minutes = int(text) if text.isdigit() else -1
        if not IDLE_MIN <= minutes <= IDLE_MAX:
            self.app.notify(
                t("settings.idle_invalid", low=IDLE_MIN, high=IDLE_MAX), severity="warning"
            )
            self.query_one("#idle", Input).value = str(workspace(self).settings.idle_lock_minutes)
            return
        if minutes != workspace(self).settings.idle_lock_minutes:
            workspace(self).settings.idle_lock_minutes = minutes
            workspace(self).settings.save(workspace(self).vault.data_dir)
            self.app.notify(t("settings.saved"))

    # ------------------------------------------------------------ officers

    def _current(self):
        row = self.query_one("#officers", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def action_new_officer(self) -> None:
        def saved(officer) -> None:
            if officer is not None:
                ask_passphrase(self, officer, has_passphrase=False, done=self._done)

        self.app.push_screen(officer_form(None), saved)

    def action_edit_officer(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(officer_form(row.officer))

    @on(DataTable.RowSelected, "#officers")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_officer()

    def action_passphrase(self) -> None:
        row = self._current()
        if row is not None:
            ask_passphrase(
                self,
                row.officer,
                has_passphrase=row.has_passphrase,
                mine=row.is_me,
                done=self._done,
            )

    def action_remove_passphrase(self) -> None:
        row = self._current()
        if row is None or not row.has_passphrase:
            return
        vault = workspace(self).vault

        def answered(yes: bool | None) -> None:
            if yes:
                db_run(
                    self,
                    lambda db: vault.remove_passphrase(db, row.officer.id),
                    done=lambda _: self._done(t("settings.passphrase_removed")),
                    group="keyslots",
                )

        self.app.push_screen(
            ConfirmDialog(
                t("settings.remove_question", name=row.officer.full_name),
                yes=t("settings.remove"),
                danger=True,
            ),
            answered,
        )

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        station = getattr(self.app, "station", False)
        if action in ("hamlets", "station_link") and station:
            return False
        if action == "units" and not station:
            return False
        return super().check_action(action, parameters)

    def action_hamlets(self) -> None:
        from nghean_tui.screens.onboarding import HamletsStep

        self.app.push_screen(HamletsStep())

    def action_station_link(self) -> None:
        from nghean_tui.screens.station_link import StationStep

        self.app.push_screen(StationStep())

    def action_units(self) -> None:
        from nghean_tui.screens.province_units import ProvinceUnitsScreen

        self.app.push_screen(ProvinceUnitsScreen())

    def action_renew_recovery(self) -> None:
        vault = workspace(self).vault

        def answered(yes: bool | None) -> None:
            if yes:
                db_run(self, vault.renew_recovery, done=self._show_code, group="keyslots")

        self.app.push_screen(
            ConfirmDialog(t("settings.renew_question"), yes=t("settings.renew"), danger=True),
            answered,
        )

    def _show_code(self, code: str) -> None:
        from nghean_tui.screens.setup import RecoveryCodeScreen

        self.app.push_screen(RecoveryCodeScreen(code))

    def _done(self, message: str) -> None:
        self.app.notify(message)
        self.refresh_data()
