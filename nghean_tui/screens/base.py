"""What every section screen shares: the navigation bar, translated keys, database work in
thread workers (``db_run``, from :mod:`nghean_tui.widgets.work`: the one place that turns
failures into a message)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Static

from nghean_tui.i18n import t
from nghean_tui.widgets.paged_table import PagedTable
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import db_run  # noqa: F401  (the screens import it from here)

if TYPE_CHECKING:  # the storage stack loads after the first paint (the unlock screen)
    from nghean_tui.config import Settings
    from nghean_tui.storage.database import Database
    from nghean_tui.storage.vault import Vault


class Workspace(Protocol):
    """What the screens use of the application (:class:`nghean_tui.app.NgheanApp` provides it;
    the type checker holds the two together). ``db`` is None before the unlock and while the
    application is locked."""

    vault: Vault
    db: Database | None
    settings: Settings

    def enter_workspace(self, db: Database) -> None: ...
    def scoped_db(self) -> Any: ...  # the Database, or a read-only view of one commune
    def open_commune(self, code: str, name: str) -> None: ...
    def change_language(self, lang: str) -> None: ...
    def take_prefetched_today(self) -> Any: ...
    def take_prefetched_dashboard(self) -> Any: ...


def workspace(node: Any) -> Workspace:
    """The application of a screen or widget, as the screens use it."""
    return cast(Workspace, node.app)


# The sections, in the order of the navigation bar: (mode name, key, catalogue key).
SECTIONS = (
    ("today", "f2", "nav.today"),
    ("people", "f3", "nav.people"),
    ("patrols", "f4", "nav.patrols"),
    ("teams", "f5", "nav.teams"),
    ("hotspots", "f6", "nav.hotspots"),
    ("tips", "f7", "nav.tips"),
    ("sync", "f8", "nav.sync"),
    ("settings", "f9", "nav.settings"),
)
# A station keeps no records of its own: its sections are the province's. The commune views
# (F3–F6, the same keys as on a commune) appear while it looks at one commune, read-only.
STATION_SECTIONS = (
    ("dashboard", "f2", "nav.dashboard"),
    ("charts", "f7", "nav.charts"),
    ("sync", "f8", "nav.sync"),
    ("settings", "f9", "nav.settings"),
)
COMMUNE_VIEWS = (
    ("people", "f3", "nav.people"),
    ("patrols", "f4", "nav.patrols"),
    ("teams", "f5", "nav.teams"),
    ("hotspots", "f6", "nav.hotspots"),
)


def sections(app) -> tuple:
    """The sections the navigation bar shows and the F-keys reach, in key order."""
    if not getattr(app, "station", False):
        return SECTIONS
    if getattr(app, "viewing", None) is None:
        return STATION_SECTIONS
    return (STATION_SECTIONS[0], *COMMUNE_VIEWS, *STATION_SECTIONS[1:])


def read_only(node) -> bool:
    """Whether ``node``'s screen shows a commune's records to a station (nothing can change)."""
    return getattr(node.app, "viewing", None) is not None


# The mixin goes before Screen in a screen's bases; to the type checker it is one.
if TYPE_CHECKING:
    _ScreenBase = Screen
else:
    _ScreenBase = object


class ReadOnlyAware(_ScreenBase):
    """Mixin for screens that can show a commune's records to a station: the actions that
    would change something (``WRITE_ACTIONS``) are refused there, and so vanish from the
    footer, the help screen and the command palette."""

    WRITE_ACTIONS: frozenset[str] = frozenset()

    @property
    def read_only(self) -> bool:
        return read_only(self)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.WRITE_ACTIONS and self.read_only:
            return False
        return super().check_action(action, parameters)


class ViewBanner(Static):
    """ "Xã Mỹ Lý — chỉ xem": on every screen showing a commune's records to a station."""

    DEFAULT_CSS = """
    ViewBanner { height: 1; padding: 0 1; background: $warning-darken-2; color: $text;
                 text-style: bold; }
    """


def compose_banner(app) -> ComposeResult:
    """The read-only banner, when the screen being built shows a commune to a station."""
    if getattr(app, "viewing", None) is not None:
        text = plain(t("view.banner", name=app.viewing_name))
        text.append("  " + t("view.back"), style="not bold")
        yield ViewBanner(text)


class NavBar(Static):
    """One line: the sections with their keys, the current one highlighted; clickable.

    When the labels do not fit (Vietnamese at 80 columns), the space between each key and
    its label goes and the keys are set in bold instead, so every section stays named.
    """

    DEFAULT_CSS = """
    NavBar { height: 1; background: $primary-darken-3; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self._layout(self.size.width or self.app.size.width)

    def on_resize(self) -> None:
        self._layout(self.size.width)

    def _layout(self, width: int) -> None:
        entries = [(mode, key.upper(), t(label_key)) for mode, key, label_key in sections(self.app)]
        full = sum(len(k) + 1 + len(label) for _, k, label in entries) + len(entries) - 1
        compact = width > 0 and full > width
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for mode, key, label in entries:
            if len(text):
                text.append(" ")
            start = len(text)
            current = "reverse bold" if mode == self.current else ""
            if compact:
                text.append(key, style=current or "bold")
                text.append(label, style=current)
            else:
                text.append(f"{key} {label}", style=current)
            self._spans.append((start, len(text), mode))
        self.update(text)

    async def on_click(self, event: Click) -> None:
        for start, end, mode in self._spans:
            if start <= event.x < end:
                # The action the F-keys run (a coroutine: not awaited, nothing happened).
                await self.app.run_action(f"section('{mode}')")
                return


class Section(ReadOnlyAware, Translated, Screen):
    """A main section of the application (one Textual mode each; on a station, the commune
    views are pushed over the dashboard instead)."""

    SECTION = ""

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()
        self._shown = False

    def compose_nav(self) -> ComposeResult:
        yield NavBar(self.SECTION)
        yield from compose_banner(self.app)

    def on_screen_resume(self) -> None:
        """Back from a form, a dialog or the lock: show current data."""
        # Textual announces a mode's first screen twice (when the mode starts and when it is
        # switched to): loading twice would throw the first load's work away.
        if self._shown:
            return
        self._shown = True
        if workspace(self).db is not None:
            self.refresh_data()

    def on_screen_suspend(self) -> None:
        self._shown = False

    def refresh_data(self) -> None:
        """Load what the screen shows (subclasses; runs on mount and on resume)."""


class ListSection(Section):
    """A section listing records page by page (the ``PagedTable`` with id ``TABLE_ID``) above
    a count line that ``_count`` fills. After a new record the list starts again from the top,
    where the record sorts; otherwise the page in view is refreshed where it is."""

    TABLE_ID = ""

    def __init__(self) -> None:
        super().__init__()
        self._from_top = False

    def on_mount(self) -> None:
        table = self.query_one(f"#{self.TABLE_ID}", PagedTable)
        table.focus()
        table.reload()
        self._count()

    def refresh_data(self) -> None:
        table = self.query_one(f"#{self.TABLE_ID}", PagedTable)
        if self._from_top:
            self._from_top = False
            table.reload()
        else:
            table.refresh_page()
        self._count()

    def _count(self) -> None:
        """Count the records the filters select (subclasses)."""
