"""Patrols: the patrols of one month with the month's totals, and one patrol's page
(everything it covered, who took part, what was found)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Click
from textual.widgets import DataTable, Footer, Static

from nghean_tui.domain import clock
from nghean_tui.domain.enums import PatrolKind
from nghean_tui.i18n import t
from nghean_tui.screens.base import Section, compose_banner, db_run
from nghean_tui.screens.patrol_text import patrol_text, time_span
from nghean_tui.screens.record_page import RecordPage
from nghean_tui.storage import patrols as store
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.plain import fmt_date, fmt_int, plain

# Widths of the list's columns other than the hamlets, which take the rest of the line.
LIST_WIDTHS = {"date": 10, "time": 14, "kind": 10, "leader": 15, "findings": 3}
CELL_PADDING = 2  # DataTable puts one space each side of a cell
SCROLLBAR = 2


def short_kind(code: str) -> Text:
    """A list's short label (a code this version does not know shows as itself, escaped)."""
    known = code in {k.value for k in PatrolKind}
    return plain(t(f"patrols.short_kind.{code}") if known else code)


def hamlets_cell(names: list[str], width: int) -> Text:
    """The first hamlet and how many more ("Bản Phá Lé +2"), cut to keep the count in
    view: the column is narrow at 80 columns."""
    if not names:
        return Text("")
    more = f" +{len(names) - 1}" if len(names) > 1 else ""
    first = plain(names[0])
    room = max(width - len(more), 4)
    if first.cell_len > room:
        first.truncate(room - 1)
        first.rstrip()
        first.append("…")
    first.append(more, style="dim")
    return first


class MonthBar(Static):
    """ "◀  Tháng 11/2026  ▶": a click on an arrow (or near it) changes the month."""

    def on_click(self, event: Click) -> None:
        x = event.x - self.styles.padding.left
        length = self.content.cell_len if isinstance(self.content, Text) else 0
        screen = self.screen
        if not isinstance(screen, PatrolsScreen):
            return
        if x < 3:
            screen.action_previous_month()
        elif length - 3 <= x < length + 2:
            screen.action_next_month()


class PatrolsScreen(Section):
    SECTION = "patrols"
    WRITE_ACTIONS = frozenset({"new"})
    BINDINGS = [
        Binding("n", "new", "key.patrols_new"),
        Binding("enter", "open", "key.open", show=False),
        Binding("left_square_bracket", "previous_month", "key.patrols_prev_month"),
        Binding("right_square_bracket", "next_month", "key.patrols_next_month"),
        Binding("left", "previous_month", "key.patrols_prev_month", show=False, priority=True),
        Binding("right", "next_month", "key.patrols_next_month", show=False, priority=True),
        Binding("t", "this_month", "key.patrols_this_month", show=False),
    ]
    DEFAULT_CSS = """
    PatrolsScreen #month { text-style: bold; padding: 0 1; background: $boost; }
    PatrolsScreen #summary { padding: 0 1; color: $text-muted; height: 1; }
    PatrolsScreen #patrols { height: 1fr; }
    PatrolsScreen #empty { padding: 1 2; color: $text-muted; display: none; }
    PatrolsScreen #empty.shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        today = clock.today()
        self.year, self.month = today.year, today.month
        self.rows: list = []
        self.select_id: str | None = None  # the row to put the cursor on after loading
        self.hamlets_width = 12

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield MonthBar(self._month_label(), id="month")
        yield Static(t("patrols.loading"), id="summary")
        yield DataTable(id="patrols", cursor_type="row", zebra_stripes=True)
        yield Static(t("patrols.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#patrols", DataTable)
        fixed = sum(LIST_WIDTHS.values()) + CELL_PADDING * (len(LIST_WIDTHS) + 1) + SCROLLBAR
        widths = {**LIST_WIDTHS, "hamlets": max(12, self.app.size.width - fixed)}
        self.hamlets_width = widths["hamlets"]
        for key in ("date", "time", "kind", "hamlets", "leader", "findings"):
            table.add_column(t(f"patrols.col_{key}"), key=key, width=widths[key])
        table.focus()
        # The data loads when the screen is shown (Section.on_screen_resume).

    def _month_label(self) -> Text:
        label = t("patrols.month", month=f"{self.month:02d}", year=self.year)
        today = clock.today()
        current = (self.year, self.month) == (today.year, today.month)
        text = Text("◀  ")
        text.append(label)
        text.append("  ▶", style="dim" if current else "")
        return text

    def refresh_data(self) -> None:
        self.query_one("#month", MonthBar).update(self._month_label())
        db_run(self, store.patrols_in_month, self.year, self.month, done=self._show)

    # ------------------------------------------------------------ showing

    def _show(self, rows) -> None:
        summary = store.summarize(rows)
        self.rows = rows
        self.query_one("#summary", Static).update(
            t(
                "patrols.summary",
                patrols=fmt_int(summary.patrols),
                findings=fmt_int(summary.findings),
                checked=fmt_int(summary.people_checked),
            )
        )
        table = self.query_one("#patrols", DataTable)
        keep = self.select_id or self._current_id()
        self.select_id = None
        table.clear()
        for row in rows:
            table.add_row(
                fmt_date(row.patrol_date),
                time_span(row.start_time, row.end_time, compact=True),
                short_kind(row.kind),
                hamlets_cell(row.hamlets, self.hamlets_width),
                plain(row.leader),
                Text(
                    fmt_int(row.findings) if row.findings else "·",
                    justify="right",
                    style="bold" if row.findings else "dim",
                ),
                key=row.id,
            )
        ids = [r.id for r in rows]
        if ids:
            table.move_cursor(row=ids.index(keep) if keep in ids else 0)
        self.query_one("#empty", Static).set_class(not rows, "shown")

    def _current_id(self) -> str | None:
        table = self.query_one("#patrols", DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row].id
        return None

    # ------------------------------------------------------------ months

    def _go(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.refresh_data()

    def action_previous_month(self) -> None:
        self._go(*store.shift_month(self.year, self.month, -1))

    def action_next_month(self) -> None:
        today = clock.today()
        if (self.year, self.month) >= (today.year, today.month):
            self.app.notify(t("patrols.no_later_month"))
            return
        self._go(*store.shift_month(self.year, self.month, 1))

    def action_this_month(self) -> None:
        today = clock.today()
        self._go(today.year, today.month)

    # ------------------------------------------------------------ opening

    def action_open(self) -> None:
        patrol_id = self._current_id()
        if patrol_id is not None:
            self.app.push_screen(PatrolPage(patrol_id))

    @on(DataTable.RowSelected, "#patrols")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_new(self) -> None:
        from nghean_tui.screens.patrol_form import patrol_form

        def saved(patrol) -> None:
            if patrol is not None:  # show the new patrol in its month, under the cursor
                self.year, self.month = patrol.patrol_date.year, patrol.patrol_date.month
                self.select_id = patrol.id
                self.refresh_data()

        db_run(
            self,
            patrol_form,
            done=lambda form: self.app.push_screen(form, saved),
            group="open-form",
        )


class PatrolPage(RecordPage):
    """One patrol, whole: e edits, Delete deletes (after asking)."""

    WRITE_ACTIONS = frozenset({"edit", "delete"})

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.patrols_edit"),
        Binding("delete", "delete", "key.patrols_delete"),
    ]
    DEFAULT_CSS = """
    PatrolPage .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    PatrolPage #body { padding: 0 1; }
    """

    @property
    def patrol_id(self) -> str:
        return self.record_id

    def compose(self) -> ComposeResult:
        yield from compose_banner(self.app)
        yield Static(t("patrols.loading"), id="title", classes="screen-title")
        with VerticalScroll(id="scroll"):
            yield Static("", id="body")
        yield Footer()

    def prepare(self) -> None:
        self.query_one("#scroll").focus()

    def load(self, db):
        return store.patrol_detail(db, self.patrol_id)

    def show(self, detail) -> None:
        p = detail.patrol
        title = Text(t("patrols.title", date=fmt_date(p.patrol_date)))
        span = time_span(p.start_time, p.end_time)
        if span:
            title.append(f" · {span}")
        self.query_one("#title", Static).update(title)
        self.query_one("#body", Static).update(patrol_text(detail))

    # ------------------------------------------------------------ actions

    def action_edit(self) -> None:
        if self.detail is None:
            return
        from nghean_tui.screens.patrol_form import patrol_form

        db_run(self, patrol_form, self.patrol_id, done=self.app.push_screen, group="open-form")

    def action_delete(self) -> None:
        if self.detail is None:
            return
        patrol = self.detail.patrol
        day = fmt_date(patrol.patrol_date)

        def deleted(_) -> None:
            self.app.notify(t("patrols.deleted", date=day))
            self.dismiss()

        def refused(exc: Exception) -> bool:
            self.closing = False
            return False  # the message is shown as usual

        def answered(yes: bool | None) -> None:
            if yes:
                self.closing = True  # a reload racing the deletion must not close it twice
                db_run(
                    self,
                    store.delete_patrol,
                    patrol.id,
                    patrol.version,
                    done=deleted,
                    failed=refused,
                    group="delete",
                )

        self.app.push_screen(
            ConfirmDialog(
                t("patrols.delete_question", date=day), yes=t("dialog.delete"), danger=True
            ),
            answered,
        )
