"""People: the list of managed persons, searched as you type, filtered, paged from the database."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Footer, Input, Select, Static

from nghean_tui.domain import clock
from nghean_tui.domain.enums import EpisodeStatus, EpisodeType
from nghean_tui.i18n import label, t
from nghean_tui.screens.base import Section, db_run
from nghean_tui.storage.search import Cursor, PersonFilter, count_persons, search_persons
from nghean_tui.widgets.paged_table import Column, PagedTable
from nghean_tui.widgets.plain import fmt_int, plain, short_label

PAGE = 50


def short_kind(code: str | None) -> Text:
    """A list's short label (a code this version does not know shows as itself, escaped)."""
    return plain(short_label("short.episode_type", EpisodeType, code))


def short_status(code: str | None) -> Text:
    if not code:
        return Text("")
    style = {"active": "bold", "absconded": "bold red", "proposed": "yellow"}.get(code, "dim")
    return plain(short_label("short.status", EpisodeStatus, code), style=style)


class PeopleScreen(Section):
    SECTION = "people"
    WRITE_ACTIONS = frozenset({"new"})
    BINDINGS = [
        Binding("slash", "search", "key.search"),
        Binding("n", "new", "key.new_person"),
        Binding("enter", "open", "key.open", show=False),
        Binding("ctrl+r", "clear_filters", "key.clear_filters"),
        # From the search box (or a filter) down into the list; the list's own Down wins there.
        Binding("down", "to_list", show=False),
    ]
    DEFAULT_CSS = """
    PeopleScreen #filters { height: 1; }
    PeopleScreen #search { width: 1fr; min-width: 16; }
    PeopleScreen #kind { width: 14; }
    PeopleScreen #status { width: 14; }
    PeopleScreen #hamlet { width: 16; }
    PeopleScreen #overdue { width: auto; }
    PeopleScreen #people { height: 1fr; }
    PeopleScreen #count { padding: 0 1; color: $text-muted; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.filters = PersonFilter()
        self._hamlets_loaded = False
        self._open_when_loaded = False  # Enter in the search box came before its results

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(id="filters"):
            yield Input(placeholder=t("people.search_placeholder"), id="search", compact=True)
            yield Select(
                [(t(f"short.episode_type.{e.value}"), e.value) for e in EpisodeType],
                prompt=t("people.any_kind"),
                id="kind",
                compact=True,
            )
            yield Select(
                [(label(s), s.value) for s in EpisodeStatus],
                prompt=t("people.any_status"),
                id="status",
                compact=True,
            )
            yield Select([], prompt=t("people.any_hamlet"), id="hamlet", compact=True)
            yield Checkbox(t("people.overdue"), id="overdue", compact=True)
        yield PagedTable(
            [
                Column("name", t("people.col_name"), 19),
                Column("born", t("people.col_born"), 4),
                Column("hamlet", t("people.col_hamlet"), 11),
                Column("cid", t("people.col_cid"), 12),
                Column("kind", t("people.col_kind"), 10),
                Column("status", t("people.col_status"), 10),
            ],
            self._cells,
            self._fetch,
            page_size=PAGE,
            id="people",
        )
        yield Static("", id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people", PagedTable).focus()
        self.query_one("#people", PagedTable).reload()

    @on(PagedTable.Loaded, "#people")
    def _first_page(self, event: PagedTable.Loaded) -> None:
        """The rows come first; the count and the hamlet filter follow once they show."""
        if not event.first:
            return
        if self._open_when_loaded:
            self._open_when_loaded = False
            self.action_open()
        self._count()
        if not self._hamlets_loaded:
            from nghean_tui.storage.people import hamlet_choices

            self._hamlets_loaded = True
            db_run(self, hamlet_choices, done=self._hamlets, group="hamlets")

    def _hamlets(self, choices) -> None:
        self.query_one("#hamlet", Select).set_options([(plain(name), hid) for hid, name in choices])

    def refresh_data(self) -> None:
        self.query_one("#people", PagedTable).refresh_page()

    # ------------------------------------------------------------ data

    @staticmethod
    def _cells(row) -> list:
        return [
            plain(row.full_name),
            str(row.birth_year or ""),
            plain(row.hamlet),
            plain(row.citizen_id or ""),
            short_kind(row.episode_type),
            short_status(row.episode_status),
        ]

    def _fetch(self, db, after, before, limit):
        query, filters = self.query_text, self.filters
        with db.engine.connect() as conn:
            page = search_persons(
                conn,
                db.unit_code,
                query,
                filters,
                after=Cursor(after.sort_key, after.id) if after else None,
                before=Cursor(before.sort_key, before.id) if before else None,
                limit=limit,
            )
        return page.rows, page.has_more

    def _count(self) -> None:
        query, filters = self.query_text, self.filters

        def count(db):
            with db.engine.connect() as conn:
                return count_persons(conn, db.unit_code, query, filters)

        db_run(self, count, done=self._show_count, group="count")

    def _show_count(self, n: int) -> None:
        self.query_one("#count", Static).update(t("people.count", count=fmt_int(n)))

    def _apply(self) -> None:
        self.query_one("#people", PagedTable).reload()  # the count follows the first page

    # ------------------------------------------------------------ input

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._apply()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        """Enter in the search box opens the first person found (one Enter, not two); the
        list has the focus when the page is left, so F3 comes back to it."""
        table = self.query_one("#people", PagedTable)
        table.focus()
        if table.loading_page:
            self._open_when_loaded = True
        else:
            self.action_open()

    @on(Select.Changed)
    @on(Checkbox.Changed, "#overdue")
    def _filter_changed(self) -> None:
        def value(wid):
            v = self.query_one(wid, Select).value
            return None if v is Select.NULL else v

        self.filters = PersonFilter(
            episode_type=value("#kind"),
            status=value("#status"),
            hamlet_id=value("#hamlet"),
            overdue_on=clock.today() if self.query_one("#overdue", Checkbox).value else None,
        )
        self._apply()

    def action_to_list(self) -> None:
        self.query_one("#people", PagedTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        for wid in ("#kind", "#status", "#hamlet"):
            self.query_one(wid, Select).clear()
        self.query_one("#overdue", Checkbox).value = False

    def action_open(self) -> None:
        row = self.query_one("#people", PagedTable).current
        if row is not None:
            from nghean_tui.screens.person import show_person

            show_person(self.app, row.id)

    @on(PagedTable.Chosen, "#people")
    def _chosen(self, event: PagedTable.Chosen) -> None:
        from nghean_tui.screens.person import show_person

        show_person(self.app, event.row.id)

    def action_new(self) -> None:
        from nghean_tui.screens.person import show_person
        from nghean_tui.screens.person_forms import person_form

        def saved(person) -> None:
            if person:
                show_person(self.app, person.id)

        def opened(form) -> None:
            form.open_person = lambda person_id: show_person(self.app, person_id)
            self.app.push_screen(form, saved)

        db_run(self, person_form, done=opened, group="open-form")
