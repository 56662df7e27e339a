"""The province dashboard (a station's first screen): one row per commune with its figures and
drug indicators, a totals row kept in view, sorting by any column and filtering; Enter opens the
commune's own screens, read-only.

The figures come in two parts run side by side (:mod:`nghean_tui.reports.dashboard`): the quick
ones paint the table, the episodes' ones fill their columns a moment later.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Footer, Input, Static

from nghean_tui.domain import clock
from nghean_tui.domain.enums import EpisodeType
from nghean_tui.i18n import label, t
from nghean_tui.reports import dashboard
from nghean_tui.reports.model import number_text
from nghean_tui.screens.base import Section, db_run, workspace
from nghean_tui.widgets.plain import fmt_date, fmt_int, plain

LATE_DAYS = 14  # a commune silent this long stands out (as on the Sync screen)
# (figure, width): the ones a supervisor scans first fit in 80 columns; the indicators and the
# kinds of management follow, reached by moving right.
COLUMNS = (
    ("name", 14),
    ("border", 3),
    ("key_area", 4),
    ("days_since_bundle", 4),
    ("managed", 6),
    ("overdue", 6),
    ("patrols", 5),
    ("teams", 5),
    ("members", 6),
    ("hotspots", 4),
    ("drug_free", 4),
    ("ind.managed_rate", 5),
    ("ind.drug_use_places", 4),
    ("ind.retail_points", 4),
    ("ind.offenders", 5),
    ("ind.offender_rate", 5),
    ("ind.plants_destroyed", 7),
    ("ind.plants_area_m2", 6),
    *[(f"kind.{k}", 6) for k in dashboard.KINDS],
)
RATES = {"ind.managed_rate", "ind.offender_rate"}
TOTAL = "__total__"


def about(column: str) -> str:
    """What a column counts, in words (its heading is an abbreviation)."""
    heading = t(f"dashboard.col.{column}")
    if column.startswith("ind."):
        return f"{heading}: {t('indicator.' + column[4:])}"
    if column.startswith("kind."):
        return f"{heading}: {label(EpisodeType(column[5:]))}"
    return t(f"dashboard.about.{column}")


def _number(value, *, rate: bool = False, style: str = "", known: bool = False) -> Text:
    """A figure; None is "…" while it is being counted, "?" once counted and not known."""
    if value is None:
        return Text("?" if rate or known else "…", style="dim", justify="right")
    text = number_text(value) if rate else fmt_int(int(value))
    return Text(text, style=style, justify="right")


def _verdict(verdict, holds_style: str) -> Text:
    if verdict is None:
        return Text("…", style="dim")
    text = Text(f"{verdict.met}/{len(verdict.results)}")
    if verdict.holds is True:
        text.stylize(holds_style)
    elif verdict.holds is None:
        text.append("?", style="yellow")
    else:
        text.stylize("dim")
    return text


def cells(row: dashboard.CommuneRow) -> list:
    """One commune's row, in :data:`COLUMNS` order."""
    days = row.days_since_bundle
    if not row.heard:  # never heard from: nothing it holds is a figure of the commune
        return [
            plain(row.name),
            Text("●" if row.border else ""),
            _verdict(row.key_area, ""),
            Text("—", style="bold", justify="right"),
            *[Text("—", style="dim", justify="right") for _ in COLUMNS[4:10]],
            _verdict(row.drug_free, ""),
            *[Text("—", style="dim", justify="right") for _ in COLUMNS[11:]],
        ]
    result = [
        plain(row.name),
        Text("●" if row.border else ""),
        _verdict(row.key_area, "bold reverse red"),
        Text(
            "·" if days is None else str(days),
            justify="right",
            style="bold" if days is None or days >= LATE_DAYS else "",
        ),
        _number(row.managed),
        _number(row.overdue, style="bold red" if row.overdue else ""),
        _number(row.patrols),
        _number(row.teams),
        _number(row.members),
        _number(row.hotspots, style="bold" if row.hotspots else ""),
        _verdict(row.drug_free, "bold green"),
    ]
    for column, _ in COLUMNS[len(result) :]:
        result.append(_number(row.figure(column), rate=column in RATES, known=True))
    return result


def total_cells(total: dashboard.Totals) -> list:
    row = total.row
    result = cells(row)
    result[0] = Text(
        t("dashboard.total", heard=fmt_int(total.heard), count=fmt_int(total.communes))
    )
    result[1] = Text("")
    result[2] = _number(total.key_areas)
    result[3] = Text("")
    result[10] = _number(total.drug_free)
    for cell in result:
        cell.stylize("bold")
    return result


class DashboardScreen(Section):
    SECTION = "dashboard"
    BINDINGS = [
        Binding("enter", "open", "key.dashboard_open"),
        Binding("slash", "filter", "key.dashboard_filter"),
        Binding("s", "sort", "key.dashboard_sort"),
        Binding("g", "charts", "key.dashboard_charts"),
        Binding("i", "indicators", "key.indicators"),
        Binding("b", "toggle_box('#border')", "key.dashboard_border", show=False),
        Binding("k", "toggle_box('#key')", "key.dashboard_key_area", show=False),
        Binding("o", "toggle_box('#overdue')", "key.dashboard_overdue", show=False),
        Binding("r", "reload", "key.reload", show=False),
        Binding("ctrl+r", "clear_filters", "key.clear_filters", show=False),
    ]
    DEFAULT_CSS = """
    DashboardScreen .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    DashboardScreen #filters { height: 1; }
    DashboardScreen #name { width: 1fr; min-width: 16; }
    DashboardScreen #filters Checkbox { width: auto; }
    DashboardScreen #communes { height: 1fr; }
    DashboardScreen #about { padding: 0 1; color: $text-muted; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.frame: dashboard.Frame | None = None
        self.counted: dashboard.Management | None = None
        self.rows: list[dashboard.CommuneRow] = []  # as shown, in order
        self.keep = dashboard.Filter()
        self.sort_column, self.descending = "name", False

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(t("dashboard.loading"), id="title", classes="screen-title")
        with Horizontal(id="filters"):
            yield Input(placeholder=t("dashboard.filter_placeholder"), id="name", compact=True)
            yield Checkbox(t("dashboard.border_only"), id="border", compact=True)
            yield Checkbox(t("dashboard.key_only"), id="key", compact=True)
            yield Checkbox(t("dashboard.overdue_only"), id="overdue", compact=True)
        # The totals row is kept in view (fixed) once there is one: a fixed row that does
        # not exist yet breaks DataTable's drawing.
        yield DataTable(id="communes", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Static("", id="about")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#communes", DataTable)
        for column, width in COLUMNS:
            table.add_column(t(f"dashboard.col.{column}"), key=column, width=width)
        table.focus()
        # The figures load when the screen is shown (Section.on_screen_resume): loading here
        # too would count everything twice on the way up.

    def refresh_data(self) -> None:
        day = clock.today()
        early = workspace(self).take_prefetched_dashboard()
        if early is not None and (early.db is not workspace(self).scoped_db() or early.day != day):
            early = None

        def part(name: str, compute):
            def job(db):
                return early.result(name) if early is not None else compute(db, day)

            return job

        # Side by side: the quick figures paint the table while the episodes are counted.
        db_run(self, part("frame", dashboard.frame), done=self._framed, group="dashboard-frame")
        db_run(
            self,
            part("management", dashboard.management),
            done=self._counted,
            group="dashboard-counted",
        )

    def _framed(self, frame: dashboard.Frame) -> None:
        self.frame = frame
        self._paint()

    def _counted(self, counted: dashboard.Management) -> None:
        self.counted = counted
        if self.frame is not None:
            self._paint()

    def action_reload(self) -> None:
        self.refresh_data()

    # ------------------------------------------------------------ showing

    def _paint(self) -> None:
        if self.frame is None:
            return
        whole = dashboard.combine(self.frame, self.counted)
        self.rows = dashboard.shown(whole.rows, self.keep, self.sort_column, self.descending)
        table = self.query_one("#communes", DataTable)
        keep_row, keep_column = self._cursor_key(), table.cursor_column
        table.clear()
        table.add_row(
            *total_cells(dashboard.totals(self.rows, whole.today, whole.criteria)), key=TOTAL
        )
        table.fixed_rows = 1
        for row in self.rows:
            table.add_row(*cells(row), key=row.code)
        codes = [r.code for r in self.rows]
        row_index = codes.index(keep_row) + 1 if keep_row in codes else (1 if codes else 0)
        table.move_cursor(row=row_index, column=keep_column, animate=False)
        self._title(len(whole.rows))
        self._about()

    def _title(self, total: int) -> None:
        frame = self.frame
        if frame is None:
            return
        text = Text(t("dashboard.title", date=fmt_date(frame.today)))
        text.append(
            " · " + t("dashboard.shown", shown=fmt_int(len(self.rows)), total=fmt_int(total))
        )
        heard = sum(r.heard for r in frame.rows)
        text.append(
            " · "
            + t("dashboard.heard", heard=fmt_int(heard), never=fmt_int(len(frame.rows) - heard)),
            style="not bold",
        )
        text.append(
            " · "
            + t(
                "dashboard.sorted",
                column=t(f"dashboard.col.{self.sort_column}"),
                arrow="↓" if self.descending else "↑",
            ),
            style="not bold",
        )
        self.query_one("#title", Static).update(text)

    def _about(self) -> None:
        table = self.query_one("#communes", DataTable)
        if self.frame is not None and not any(r.heard for r in self.frame.rows):
            text = Text(t("dashboard.no_commune"))
        elif self.frame is not None and not self.rows:
            text = Text(t("dashboard.none_shown"))
        else:
            text = Text(about(COLUMNS[max(table.cursor_column, 0)][0]))
            row = table.cursor_row - 1
            if 0 <= row < len(self.rows):  # the commune under the cursor: heard from or not
                unit = self.rows[row]
                days = unit.days_since_bundle
                said = (
                    t("dashboard.unit_never", name=unit.name)
                    if not unit.heard
                    else t("dashboard.unit_days", name=unit.name, days=days)
                    if days is not None
                    else ""
                )
                if said:
                    text.append(" · ")
                    text.append(plain(said))
            if self.counted is None:
                text.append(" · " + t("dashboard.counting"), style="italic")
        self.query_one("#about", Static).update(text)

    def _cursor_key(self) -> str | None:
        row = self.query_one("#communes", DataTable).cursor_row - 1
        return self.rows[row].code if 0 <= row < len(self.rows) else None

    @on(DataTable.CellHighlighted, "#communes")
    def _moved(self) -> None:
        self._about()

    # ------------------------------------------------------------ sorting and filtering

    def action_sort(self) -> None:
        self._sort_by(COLUMNS[max(self.query_one("#communes", DataTable).cursor_column, 0)][0])

    @on(DataTable.HeaderSelected, "#communes")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self._sort_by(str(event.column_key.value))

    def _sort_by(self, column: str) -> None:
        """A new column sorts the way people read it (names A→Z, figures largest first); the
        same column again turns the order round."""
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, column != "name"
        self._paint()

    @on(Input.Changed, "#name")
    @on(Checkbox.Changed)
    def _filter_changed(self) -> None:
        self.keep = dashboard.Filter(
            name=self.query_one("#name", Input).value,
            border=self.query_one("#border", Checkbox).value,
            key_area=self.query_one("#key", Checkbox).value,
            overdue=self.query_one("#overdue", Checkbox).value,
        )
        self._paint()

    @on(Input.Submitted, "#name")
    def _filter_done(self) -> None:
        self.query_one("#communes", DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#name", Input).focus()

    def action_toggle_box(self, box: str) -> None:
        checkbox = self.query_one(box, Checkbox)
        checkbox.value = not checkbox.value

    def action_clear_filters(self) -> None:
        self.query_one("#name", Input).value = ""
        for box in ("#border", "#key", "#overdue"):
            self.query_one(box, Checkbox).value = False

    # ------------------------------------------------------------ opening a commune

    def _current(self) -> dashboard.CommuneRow | None:
        row = self.query_one("#communes", DataTable).cursor_row - 1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @on(DataTable.CellSelected, "#communes")
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self._current()
        if row is not None:
            workspace(self).open_commune(row.code, row.name)

    def action_indicators(self) -> None:
        from nghean_tui.screens.indicators import IndicatorsScreen

        row = self._current()
        if row is not None:
            self.app.push_screen(IndicatorsScreen(row.code))

    def action_charts(self) -> None:
        from nghean_tui.screens.charts import ChartsScreen

        row = self._current()
        if row is not None:
            self.app.push_screen(ChartsScreen(row.code, row.name))


class Prefetch:
    """The dashboard's two halves, computed in a thread started as soon as the station's
    database is open, so they run while Textual is still building the first screen. One after
    the other, quick half first: on a two-core laptop, Textual starting up and both halves at
    once would delay the first paint."""

    PARTS = (("frame", dashboard.frame), ("management", dashboard.management))

    def __init__(self, db) -> None:
        import threading

        self.db, self.day = db, clock.today()
        self._done = {name: threading.Event() for name, _ in self.PARTS}
        self._results: dict = {}
        threading.Thread(target=self._run, daemon=True, name="dashboard-prefetch").start()

    def _run(self) -> None:
        for name, compute in self.PARTS:
            try:
                self._results[name] = (compute(self.db, self.day), None)
            except Exception as exc:  # raised again in the worker that takes the result
                self._results[name] = (None, exc)
            finally:
                self._done[name].set()

    def result(self, name: str):
        self._done[name].wait()
        value, error = self._results[name]
        if error is not None:
            raise error
        return value
