"""The Textual application: sections (one mode each), global keys, locking, help, palette."""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from nghean_tui.config import Settings
from nghean_tui.domain.enums import Role
from nghean_tui.i18n import t
from nghean_tui.screens.base import COMMUNE_VIEWS, SECTIONS, STATION_SECTIONS, sections
from nghean_tui.widgets.translated import TranslatedApp, full_name, is_ours

if TYPE_CHECKING:  # the storage stack is imported after the first paint (_preload)
    from nghean_tui.screens import dashboard, today
    from nghean_tui.screens.base import Workspace
    from nghean_tui.storage.database import Database
    from nghean_tui.storage.vault import Vault

RESTART = 75  # exit code asking run_app for a new App (after a language change)
IDLE_CHECK_S = 5.0
PRELOAD_AFTER_S = 0.3  # after the first paint (bench/startup.py)
# Workers that must not have the database closed under them by the idle lock: a form being
# saved, a bundle being written to or imported from a stick.
BUSY_GROUPS = ("form-save", "sync-io")


# The sections' screens: (module, class). Each is imported when first shown, or ahead of that
# by _preload after the first paint: the unlock screen never waits for the storage stack.
SECTION_SCREENS = {
    "today": ("nghean_tui.screens.today", "TodayScreen"),
    "people": ("nghean_tui.screens.people", "PeopleScreen"),
    "patrols": ("nghean_tui.screens.patrols", "PatrolsScreen"),
    "teams": ("nghean_tui.screens.teams", "TeamsScreen"),
    "hotspots": ("nghean_tui.screens.hotspots", "HotspotsScreen"),
    "tips": ("nghean_tui.screens.tips", "TipsScreen"),
    "settings": ("nghean_tui.screens.settings", "SettingsScreen"),
}
# Imported after the first paint too; a station's own screens (charts bring plotext) and the
# commune's charts are imported only when first shown.
PRELOADED = (
    "nghean_tui.storage.opening",
    "nghean_tui.screens.sync",
    *(module for module, _ in SECTION_SCREENS.values()),
)


def _section_screen(mode: str) -> Screen:
    module, name = SECTION_SCREENS[mode]
    return getattr(importlib.import_module(module), name)()


def _modes(app: NgheanApp) -> dict:
    def sync() -> Screen:
        # A commune and a station see different Sync screens: made when first shown,
        # once the database (and so its role) is open.
        from nghean_tui.screens.sync import sync_screen

        return sync_screen(app.db)

    return {
        **{mode: partial(_section_screen, mode) for mode in SECTION_SCREENS},
        "dashboard": lambda: _station_screen("dashboard"),
        "charts": lambda: _station_screen("charts"),
        "sync": sync,
    }


def _station_screen(name: str) -> Screen:
    if name == "dashboard":
        from nghean_tui.screens.dashboard import DashboardScreen

        return DashboardScreen()
    from nghean_tui.screens.charts import ChartsScreen

    return ChartsScreen()


_VIEW_MODES = frozenset(mode for mode, _, _ in COMMUNE_VIEWS)


def _views() -> dict:
    """The screens of a commune's read-only views on a station, by section."""
    from nghean_tui.screens.hotspots import HotspotsScreen
    from nghean_tui.screens.patrols import PatrolsScreen
    from nghean_tui.screens.people import PeopleScreen
    from nghean_tui.screens.teams import TeamsScreen

    return {
        "people": PeopleScreen,
        "patrols": PatrolsScreen,
        "teams": TeamsScreen,
        "hotspots": HotspotsScreen,
    }


class NgheanApp(TranslatedApp, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "nghean-tui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *[Binding(key, f"section('{mode}')", label, show=False) for mode, key, label in SECTIONS],
        Binding("f1", "help", "key.help"),
        # In help and the palette: at 80 columns the footer's room is the screen's keys'.
        Binding("ctrl+l", "lock", "key.lock", show=False),
        # Out of a commune's read-only views, back to the station's dashboard.
        Binding("escape", "leave_commune", "key.leave_commune", show=False),
        # Listed in help and the palette; the footer keeps its room for the screen's keys.
        Binding("ctrl+q", "quit", "key.quit", show=False),
        # Declared here so the footer's palette entry is in the officer's language.
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
    ]

    def __init__(
        self,
        vault: Vault,
        db: Database | None = None,
        *,
        settings: Settings | None = None,
        start_mode: str | None = None,
    ) -> None:
        super().__init__()
        self._translate_bindings()
        self.vault = vault
        self.db = db
        self.settings = settings or Settings.load(vault.data_dir)
        self.last_activity = time.monotonic()
        self.locked = False
        self.restart = False
        self.start_mode = start_mode  # the section to open on (a rebuild after a language change)
        self.station = False  # a supervisor station (set once the database is open)
        self.viewing: str | None = None  # the commune a station is looking at, read-only
        self.viewing_name = ""
        self._today_prefetch: today.Prefetch | None = None
        self._dashboard_prefetch: dashboard.Prefetch | None = None
        if db is not None:
            self._prefetch_today(db)
            self._prefetch_dashboard(db)

    # ------------------------------------------------------------ start

    def on_mount(self) -> None:
        from nghean_tui.screens.setup import SetupScreen
        from nghean_tui.screens.unlock import UnlockScreen

        for name, screen in _modes(self).items():
            self.add_mode(name, screen)
        if self.db is not None:
            self.enter_workspace(self.db)
        elif not self.vault.initialised:
            self.push_screen(SetupScreen())
        else:
            self.push_screen(UnlockScreen())
        self.set_interval(IDLE_CHECK_S, self._check_idle)
        if self.db is None:  # painted first, then the rest while the passphrase is typed
            # (a timer: a thread started at once competes for the GIL with the first paint)
            self.set_timer(PRELOAD_AFTER_S, self._preload)

    def _preload(self) -> None:
        """Import the storage stack and the sections' screens in a thread, so that unlocking
        and the first section do not wait for them. Nothing depends on it finishing: a failed
        import happens again, and is told, where the module is used."""

        def import_all() -> None:
            for module in PRELOADED:
                importlib.import_module(module)

        self.run_worker(
            import_all, thread=True, exit_on_error=False, group="preload", description="preload"
        )

    def _prefetch_today(self, db: Database) -> None:
        if db.role is Role.COMMUNE and self._today_prefetch is None:
            from nghean_tui.screens.today import Prefetch

            self._today_prefetch = Prefetch(db)

    def take_prefetched_today(self):
        """Today's figures computed ahead for the first paint (once), or None."""
        early, self._today_prefetch = self._today_prefetch, None
        return early

    def _prefetch_dashboard(self, db: Database) -> None:
        if db.role is Role.SUPERVISOR and self._dashboard_prefetch is None:
            from nghean_tui.screens.dashboard import Prefetch

            self._dashboard_prefetch = Prefetch(db)

    def take_prefetched_dashboard(self):
        """The dashboard's figures computed ahead for the first paint (once), or None."""
        early, self._dashboard_prefetch = self._dashboard_prefetch, None
        return early

    def enter_workspace(self, db: Database) -> None:
        """Unlocked: show the officer's first screen (or whatever was open before the lock)."""
        from nghean_tui.errors import clock_notice

        self.db = db
        notice = clock_notice(db)
        if notice:
            self.notify(notice, severity="warning", timeout=30)
        if not self.locked:
            self._prefetch_today(db)
            self._prefetch_dashboard(db)
        if self.locked:
            self.locked = False
            self.pop_screen()  # the lock screen; what was open underneath is intact
            return
        self.station = db.role is Role.SUPERVISOR
        self._bind_sections()
        # A station keeps no people of its own: it opens on the province's communes.
        start, self.start_mode = self.start_mode, None
        self.switch_mode(start or ("dashboard" if self.station else "today"))

    def _bind_sections(self) -> None:
        """F2–F9 reach this installation's sections (a station's differ from a commune's)."""
        keyed = (*STATION_SECTIONS, *COMMUNE_VIEWS) if self.station else SECTIONS
        for mode, key, label in keyed:
            self._bindings.key_to_bindings[key] = [
                Binding(key, f"section('{mode}')", t(label), show=False)
            ]

    def scoped_db(self):
        """The database as the screens see it: a station looking at one commune sees only
        that commune's records, and cannot change them."""
        if self.viewing is not None and self.db is not None:
            from nghean_tui.storage.scoped import UnitView

            return UnitView(self.db, self.viewing)
        return self.db

    # ------------------------------------------------------------ a commune seen from a station

    def open_commune(self, code: str, name: str) -> None:
        """Show a commune's People, read-only (F3–F6 then reach its other views)."""
        self.viewing, self.viewing_name = code, name
        self._show_view("people")

    def _show_view(self, mode: str) -> None:
        from nghean_tui.screens.base import Section

        if isinstance(self.screen, Section) and self.screen.SECTION == mode:
            return
        self._pop_views()
        self.push_screen(_views()[mode]())

    def _pop_views(self) -> None:
        from nghean_tui.screens.dashboard import DashboardScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()

    def action_leave_commune(self) -> None:
        if self.viewing is None:
            return
        self.viewing = None
        self._pop_views()

    # ------------------------------------------------------------ sections and keys

    def action_section(self, mode: str) -> None:
        if self.db is None or self.locked:
            return
        if self.station and mode in _VIEW_MODES:
            if self.viewing is not None:
                self._show_view(mode)
            return
        self.action_leave_commune()
        if mode == self.current_mode:  # the section's key again: back to its list
            self._pop_record_pages()
            return
        self.switch_mode(mode)

    def _pop_record_pages(self) -> None:
        from nghean_tui.screens.record_page import RecordPage

        while len(self.screen_stack) > 1 and isinstance(self.screen, RecordPage):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("section", "lock", "help") and (self.db is None or self.locked):
            return False
        if action == "section":
            return parameters[0] in {mode for mode, _, _ in sections(self)}
        if action == "leave_commune":
            return self.viewing is not None
        return True

    def action_help(self) -> None:
        from nghean_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_own_charts(self) -> None:
        """This commune's charts per month, over the current screen (Esc goes back)."""
        from nghean_tui.screens.charts import ChartsScreen
        from nghean_tui.storage import reference

        if self.db is None:  # locked meanwhile (the palette entry is only offered unlocked)
            return
        unit = reference.unit(self.db.unit_code)
        self.push_screen(ChartsScreen(self.db.unit_code, unit.name if unit else ""))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (Ctrl+P) reaches every action: the sections, the global keys
        and every key of the screen underneath."""
        if self.db is None or self.locked:
            yield SystemCommand(t("key.quit"), "Ctrl+Q", self.exit)
            return
        for mode, key, label in sections(self):
            yield SystemCommand(t(label), key.upper(), lambda mode=mode: self.action_section(mode))
        if not self.station:  # a commune's own charts: no F-key left, so from here
            yield SystemCommand(t("nav.charts"), "", self.action_own_charts)
        yield SystemCommand(t("key.help"), "F1", self.action_help)
        yield SystemCommand(t("key.lock"), "Ctrl+L", self.action_lock)
        yield SystemCommand(t("key.switch_officer"), "Ctrl+L", self.action_lock)
        yield SystemCommand(t("key.quit"), "Ctrl+Q", self.exit)
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not is_ours(binding.description) or binding.action in seen or active.node is self:
                continue
            seen.add(binding.action)
            node = active.node
            yield SystemCommand(
                full_name(binding),
                self.get_key_display(binding),
                lambda node=node, action=binding.action: self.call_later(
                    self.run_action, action, node
                ),
            )

    # ------------------------------------------------------------ locking

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
        ):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        minutes = self.settings.idle_lock_minutes
        if not minutes or self.db is None or self.locked:
            return
        if time.monotonic() - self.last_activity < minutes * 60:
            return
        if self.busy():
            return  # never lock in the middle of saving
        self.action_lock()

    def busy(self) -> bool:
        return any(w.group in BUSY_GROUPS and w.is_running for w in self.workers)

    def action_lock(self) -> None:
        """Forget the key and cover the screen. What was open stays underneath, so a form
        being filled in is still there after unlocking; the instance lock stays held."""
        from nghean_tui.screens.unlock import LockScreen

        if self.db is None or self.locked:
            return
        if self.busy():
            self.notify(t("sync_ui.busy"), severity="warning")
            return
        self.db.close()
        self.db = None
        self.locked = True
        self.push_screen(LockScreen())

    # ------------------------------------------------------------ errors and restart

    def show_error(self, exc: Exception) -> None:
        """A failure told to the person (every worker's, :mod:`nghean_tui.widgets.work`)."""
        from nghean_tui.errors import describe

        self.notify(describe(exc), severity="error", timeout=10, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing caught (a bug on the interface thread: workers never get here).
        The application stops, as Textual's always does, but what it prints is one
        translated line: Textual's own report is a traceback with every local variable,
        records among them. ``NGHEAN_DEBUG=1`` brings that traceback back, for developers."""
        from nghean_tui.errors import Stopped, debugging

        if not debugging():
            stopped = Stopped(error)
            stopped.__cause__ = error  # tests (run_test re-raises it) still see what broke
            error = stopped
        super()._handle_exception(error)

    def change_language(self, lang: str) -> None:
        """Save the choice and rebuild every screen in the new language (still unlocked)."""
        from nghean_tui.i18n import set_language

        self.settings.lang = lang
        self.settings.save(self.vault.data_dir)
        set_language(lang)
        self.restart = True
        self.start_mode = self.current_mode  # the rebuilt application opens where this was
        self.exit(RESTART)

    def on_unmount(self) -> None:
        if self.db is not None and not self.restart:
            self.db.close()


if TYPE_CHECKING:
    # The screens' view of the application (screens.base.Workspace) is what it provides.
    _provides_the_workspace: type[Workspace] = NgheanApp


def rebuilt(app: NgheanApp) -> NgheanApp:
    """The application again after a language change: same database, still unlocked, on
    the section that was open (Settings, where the language is chosen)."""
    return NgheanApp(app.vault, app.db, settings=app.settings, start_mode=app.start_mode)


def run_app(vault: Vault, *, db: Database | None = None) -> int:
    """Run the application until it quits; a language change rebuilds it, still unlocked."""
    settings = Settings.load(vault.data_dir)
    app = None
    try:
        app = NgheanApp(vault, db, settings=settings)
        while True:
            app.run()
            if not app.restart:
                return 0 if app.return_code in (None, RESTART) else app.return_code
            app = rebuilt(app)
    finally:
        if app is not None and app.db is not None:
            app.db.close()
        vault.close()
