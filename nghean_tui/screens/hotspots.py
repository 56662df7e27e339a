"""Hotspots: complicated points and drug retail or gathering places — the list (those not yet
eliminated unless asked) and each hotspot's page with the patrols that visited it and the
tips about it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, DataTable, Footer, Select, Static

from nghean_tui.domain.enums import HotspotKind, HotspotStatus, PatrolKind, TipStatus
from nghean_tui.i18n import label, t
from nghean_tui.screens import place_forms
from nghean_tui.screens.base import ListSection, compose_banner, db_run
from nghean_tui.screens.record_page import RecordPage
from nghean_tui.storage.places import HotspotFilter, count_hotspots, hotspot_detail, hotspot_page
from nghean_tui.widgets.paged_table import Column, PagedTable
from nghean_tui.widgets.plain import fmt_code, fmt_date, fmt_int, plain, short_label

PAGE = 50
STATUS_STYLE = {"active": "bold red", "monitoring": "yellow", "eliminated": "dim"}


def status_text(code: str | None) -> Text:
    return Text(
        short_label("hotspots.status_short", HotspotStatus, code),
        style=STATUS_STYLE.get(code or "", ""),
    )


def kind_text(code: str | None) -> Text:
    return plain(short_label("hotspots.kind_short", HotspotKind, code))


class HotspotsScreen(ListSection):
    """The list: newest found first; eliminated ones only when asked (``a`` or a status)."""

    TABLE_ID = "hotspots"

    SECTION = "hotspots"
    WRITE_ACTIONS = frozenset({"new", "edit", "eliminate", "delete"})
    BINDINGS = [
        Binding("n", "new", "key.new_hotspot"),
        Binding("enter", "open", "key.open", show=False),
        Binding("e", "edit", "key.edit_hotspot"),
        Binding("x", "eliminate", "key.eliminate_hotspot"),
        Binding("a", "toggle_eliminated", "key.show_eliminated", show=False),
        Binding("delete", "delete", "key.delete_hotspot", show=False),
    ]
    DEFAULT_CSS = """
    HotspotsScreen #filters { height: 1; }
    HotspotsScreen #status { width: 24; }
    HotspotsScreen #eliminated { width: auto; }
    HotspotsScreen #hotspots { height: 1fr; }
    HotspotsScreen #count { padding: 0 1; color: $text-muted; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filters = HotspotFilter()

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(id="filters"):
            yield Select(
                [(label(s), s.value) for s in HotspotStatus],
                prompt=t("hotspots.any_status"),
                id="status",
                compact=True,
            )
            yield Checkbox(t("hotspots.show_eliminated"), id="eliminated", compact=True)
        yield PagedTable(
            [
                Column("name", t("hotspots.col_name"), 24),
                Column("hamlet", t("hotspots.col_hamlet"), 13),
                Column("kind", t("hotspots.col_kind"), 9),
                Column("status", t("hotspots.col_status"), 12),
                Column("found", t("hotspots.col_found"), 10),
            ],
            self._cells,
            self._fetch,
            page_size=PAGE,
            id="hotspots",
        )
        yield Static("", id="count")
        yield Footer()

    # ------------------------------------------------------------ data

    @staticmethod
    def _cells(row) -> list:
        return [
            plain(row.name),
            plain(row.hamlet),
            kind_text(row.kind),
            status_text(row.status),
            fmt_date(row.found_on),
        ]

    def _fetch(self, db, after, before, limit):
        return hotspot_page(db, self.filters, after=after, before=before, limit=limit)

    def _count(self) -> None:
        db_run(self, count_hotspots, self.filters, done=self._show_count, group="count")

    def _show_count(self, n: int) -> None:
        key = (
            "hotspots.count"
            if self.filters.status or self.filters.include_eliminated
            else "hotspots.count_open"
        )
        self.query_one("#count", Static).update(t(key, count=fmt_int(n)))

    @on(Select.Changed, "#status")
    @on(Checkbox.Changed, "#eliminated")
    def _filter_changed(self) -> None:
        status = self.query_one("#status", Select)
        self.filters = HotspotFilter(
            status=None if status.is_blank() else str(status.value),
            include_eliminated=self.query_one("#eliminated", Checkbox).value,
        )
        self.query_one("#hotspots", PagedTable).reload()
        self._count()

    # ------------------------------------------------------------ actions

    def _current(self):
        return self.query_one("#hotspots", PagedTable).current

    def _with_record(self, then) -> None:
        """Load the current row's hotspot (its version, for a safe edit), then act on it."""
        row = self._current()
        if row is None:
            return

        def loaded(detail) -> None:
            if detail is None:
                self.app.notify(t("error.not_found"), severity="warning")
                self.refresh_data()
            else:
                then(detail.hotspot)

        db_run(self, hotspot_detail, row.id, done=loaded, group="load")

    def action_toggle_eliminated(self) -> None:
        box = self.query_one("#eliminated", Checkbox)
        box.value = not box.value

    def action_open(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(HotspotPage(row.id))

    @on(PagedTable.Chosen, "#hotspots")
    def _chosen(self, event: PagedTable.Chosen) -> None:
        self.app.push_screen(HotspotPage(event.row.id))

    def action_new(self) -> None:
        def created(spot) -> None:
            self._from_top = True
            self.app.push_screen(HotspotPage(spot.id))

        place_forms.open_form(self, place_forms.hotspot_form, done=created)

    def action_edit(self) -> None:
        self._with_record(lambda spot: place_forms.open_form(self, place_forms.hotspot_form, spot))

    def action_eliminate(self) -> None:
        self._with_record(lambda spot: place_forms.eliminate(self, spot))

    def action_delete(self) -> None:
        self._with_record(lambda spot: place_forms.delete_hotspot(self, spot, self.refresh_data))


class HotspotPage(RecordPage):
    """One hotspot: what it is, where, since when, and its history (patrols, tips)."""

    # Tips are not among a commune's read-only views (their page edits), so they stay shut.
    WRITE_ACTIONS = frozenset({"edit", "eliminate", "delete", "new_tip", "open_tip"})

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.edit_hotspot"),
        Binding("x", "eliminate", "key.eliminate_hotspot"),
        Binding("t", "new_tip", "key.new_tip_here"),
        Binding("delete", "delete", "key.delete_hotspot", show=False),
        Binding("enter", "open_tip", "key.open_tip", show=False),
    ]
    DEFAULT_CSS = """
    HotspotPage .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    HotspotPage #top { height: auto; max-height: 50%; }
    HotspotPage #info { padding: 0 1; height: auto; }
    HotspotPage #history-title { padding: 0 1; color: $text-muted; margin-top: 1; }
    HotspotPage #history { height: 1fr; min-height: 5; }
    """

    def __init__(self, hotspot_id: str) -> None:
        super().__init__(hotspot_id)
        self.entries: list = []  # (kind, record id) per history row

    @property
    def hotspot_id(self) -> str:
        return self.record_id

    def compose(self) -> ComposeResult:
        yield from compose_banner(self.app)
        yield Static(t("hotspots.loading"), id="name", classes="screen-title")
        with VerticalScroll(id="top"):
            yield Static("", id="info")
        yield Static(t("hotspots.history"), id="history-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def prepare(self) -> None:
        table = self.query_one("#history", DataTable)
        table.add_column(t("hotspots.col_date"), key="date", width=10)
        table.add_column(t("hotspots.col_what"), key="what", width=8)
        table.add_column(t("hotspots.col_content"), key="content", width=35)
        table.add_column(t("hotspots.col_detail"), key="detail", width=15)
        table.focus()

    def load(self, db):
        return hotspot_detail(db, self.hotspot_id)

    def show(self, detail) -> None:
        spot = detail.hotspot
        title = plain(spot.name)
        title.append("  ")
        title.append_text(status_text(spot.status))
        self.query_one("#name", Static).update(title)
        info = Text()
        parts = [
            (t("field.kind"), fmt_code(HotspotKind, spot.kind)),
            (t("field.hamlet_id"), detail.hamlet_name),
            (t("field.location"), spot.location),
            (t("field.found_on"), fmt_date(spot.found_on)),
            (t("field.eliminated_on"), fmt_date(spot.eliminated_on)),
        ]
        for key, value in parts:
            if value:
                info.append(("\n" if info else "") + f"{key}: ", style="dim")
                info.append(plain(value))
        if spot.notes:
            info.append(f"\n{t('field.notes')}: ", style="dim")
            info.append(plain(spot.notes, multiline=True))
        self.query_one("#info", Static).update(info)
        self._history(detail)

    def _history(self, detail) -> None:
        rows = [
            (
                v.patrol_date,
                "patrol",
                v.patrol_id,
                t("hotspots.kind_patrol"),
                plain(fmt_code(PatrolKind, v.kind) + (f" — {v.routes}" if v.routes else "")),
                plain(v.leader),
            )
            for v in detail.visits
        ]
        rows += [
            (
                x.received_on,
                "tip",
                x.id,
                t("hotspots.kind_tip"),
                plain(" ".join(x.content.split())),
                plain(short_label("tips.status_short", TipStatus, x.status)),
            )
            for x in detail.tips
        ]
        rows.sort(key=lambda r: r[0], reverse=True)
        table = self.query_one("#history", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.entries = [(kind, record_id) for _, kind, record_id, *_ in rows]
        for index, (day, _, _, what, content, extra) in enumerate(rows):
            table.add_row(fmt_date(day), what, content, extra, key=str(index))
        if rows:
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
        else:
            self.query_one("#history-title", Static).update(t("hotspots.no_history"))

    # ------------------------------------------------------------ actions

    def action_edit(self) -> None:
        if self.detail:
            place_forms.open_form(self, place_forms.hotspot_form, self.detail.hotspot)

    def action_eliminate(self) -> None:
        if self.detail:
            place_forms.eliminate(self, self.detail.hotspot)

    def action_delete(self) -> None:
        if self.detail:
            place_forms.delete_hotspot(self, self.detail.hotspot, self.dismiss)

    def action_new_tip(self) -> None:
        if self.detail:
            place_forms.open_form(
                self, lambda db: place_forms.tip_form(db, preset={"hotspot_id": self.hotspot_id})
            )

    @on(DataTable.RowSelected, "#history")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_tip()

    def action_open_tip(self) -> None:
        if self.read_only:
            return
        row = self.query_one("#history", DataTable).cursor_row
        if 0 <= row < len(self.entries) and self.entries[row][0] == "tip":
            from nghean_tui.screens.tips import TipPage

            self.app.push_screen(TipPage(self.entries[row][1]))
