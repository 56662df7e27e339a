"""Today: what is due and overdue, each one key away from recording it; the unit at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from nghean_tui.domain import clock
from nghean_tui.domain.enums import EpisodeType, FollowUpKind
from nghean_tui.i18n import t
from nghean_tui.screens.base import Section, db_run, workspace
from nghean_tui.widgets.lateness import lateness
from nghean_tui.widgets.plain import fmt_date, fmt_int, plain

if TYPE_CHECKING:
    from nghean_tui.storage.summary import TodaySummary


class TodayScreen(Section):
    SECTION = "today"
    BINDINGS = [
        Binding("enter", "record", "key.record", priority=True),
        Binding("o", "open_person", "key.open_person"),
        Binding("i", "indicators", "key.indicators"),
        Binding("r", "reload", "key.reload"),
    ]
    DEFAULT_CSS = """
    TodayScreen .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    TodayScreen #due-counts { padding: 0 1; }
    TodayScreen #due { height: 10; }
    TodayScreen #indicators { padding: 0 1; height: auto; }
    TodayScreen #kinds { height: auto; max-height: 10; margin-top: 1; }
    TodayScreen .line { padding: 0 1; height: auto; }
    TodayScreen .warn { color: $warning; text-style: bold; }
    TodayScreen #due-note { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.summary: TodaySummary | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(t("today.loading"), id="title", classes="screen-title")
        with VerticalScroll():
            yield Static("", id="due-counts")
            yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
            yield Static("", id="due-note", classes="line")
            yield Static("", id="indicators")
            yield DataTable(id="kinds", cursor_type="none", zebra_stripes=True)
            yield Static("", id="patrols", classes="line")
            yield Static("", id="teams", classes="line")
            yield Static("", id="hotspots", classes="line")
            yield Static("", id="sync", classes="line")
        yield Footer()

    def on_mount(self) -> None:
        due = self.query_one("#due", DataTable)
        due.add_column(t("today.col_due"), key="due", width=10)
        due.add_column(t("today.col_late"), key="late", width=10)  # "còn 12 ngày" fits
        due.add_column(t("today.col_person"), key="person", width=20)
        due.add_column(t("today.col_hamlet"), key="hamlet", width=13)
        due.add_column(t("today.col_task"), key="task", width=18)
        kinds = self.query_one("#kinds", DataTable)
        kinds.add_column(t("today.col_kind"), key="kind", width=22)
        for status in ("proposed", "active", "absconded", "ended"):
            kinds.add_column(t(f"today.col_{status}"), key=status, width=10)
        due.focus()
        # The data loads when the screen is shown (Section.on_screen_resume).

    def refresh_data(self) -> None:
        from nghean_tui.reports.indicators import standing
        from nghean_tui.storage.summary import sync_state

        early = workspace(self).take_prefetched_today()

        def load(db):
            if early is not None and early.db is db:
                return early.result()
            return load_today(db)

        def shown(summary) -> None:
            self._show(summary)
            # Second, once Today is on screen: the indicators read a year of records, and
            # on a large database never sent, counting what waits to be sent takes a moment.
            db_run(
                self,
                lambda db: standing(db, clock.today()),
                done=self._show_indicators,
                group="indicators",
            )
            db_run(self, sync_state, done=self._show_sync, group="sync")

        db_run(self, load, done=shown)

    def _show_indicators(self, unit_standing) -> None:
        self.query_one("#indicators", Static).update(indicator_panel(unit_standing))

    def action_reload(self) -> None:
        self.refresh_data()

    def action_indicators(self) -> None:
        from nghean_tui.screens.indicators import IndicatorsScreen

        db = workspace(self).db
        if db is not None:
            self.app.push_screen(IndicatorsScreen(db.unit_code))

    # ------------------------------------------------------------ showing

    def _show(self, s) -> None:
        self.summary = s
        title = Text(t("today.title", date=fmt_date(s.today)) + " · ")
        title.append(plain(s.unit_name))
        if s.officer_name:
            title.append(" · ")
            title.append(plain(s.officer_name))
        self.query_one("#title", Static).update(title)
        counts = Text()
        counts.append(
            f" {t('today.overdue')} {fmt_int(s.due.overdue)} ",
            style="bold reverse red" if s.due.overdue else "",
        )
        counts.append("  ")
        counts.append(
            f" {t('today.due_today')} {fmt_int(s.due.today)} ",
            style="bold reverse yellow" if s.due.today else "",
        )
        counts.append("  ")
        counts.append(f" {t('today.due_week')} {fmt_int(s.due.week)} ")
        self.query_one("#due-counts", Static).update(counts)

        due = self.query_one("#due", DataTable)
        row = due.cursor_row
        due.clear()
        for index, item in enumerate(s.due_rows):
            late = item.days_late(s.today)
            late_text = lateness(late)
            due.add_row(
                fmt_date(item.due_on),
                late_text,
                plain(item.full_name),
                plain(item.hamlet),
                t(f"short.followup.{item.kind.value}"),
                key=str(index),
            )
        if s.due_rows:
            due.move_cursor(row=min(max(row, 0), len(s.due_rows) - 1))
        self._show_note()

        kinds = self.query_one("#kinds", DataTable)
        kinds.clear()
        for etype in EpisodeType:
            counts_by = s.by_kind.get(etype.value, {})
            ended = sum(
                counts_by.get(x, 0) for x in ("completed", "stopped_early", "transferred_out")
            )
            cells = [
                counts_by.get("proposed", 0),
                counts_by.get("active", 0),
                counts_by.get("absconded", 0),
                ended,
            ]
            kinds.add_row(
                t(f"short.episode_type.{etype.value}"), *[fmt_int(c) if c else "·" for c in cells]
            )

        patrols = t("today.patrols", count=fmt_int(s.patrols_this_month))
        if s.last_patrol:
            patrols += " " + t("today.last_patrol", date=fmt_date(s.last_patrol))
        self.query_one("#patrols", Static).update(Text(patrols))
        teams = Text(
            t(
                "today.teams",
                total=s.hamlets_total,
                covered=s.hamlets_total - len(s.hamlets_without_team),
            )
        )
        if s.hamlets_without_team:
            teams.append(" " + t("today.no_team") + " ", style="bold")
            teams.append(plain(", ".join(s.hamlets_without_team), style="reverse yellow"))
        self.query_one("#teams", Static).update(teams)
        hotspots = Text(t("today.hotspots", count=fmt_int(s.active_hotspots)))
        if s.hotspot_names:
            hotspots.append(": ")
            hotspots.append(plain(", ".join(s.hotspot_names)))
        self.query_one("#hotspots", Static).update(hotspots)

    @on(DataTable.RowHighlighted, "#due")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_note()

    def _show_note(self) -> None:
        """Under the list, why the highlighted term end is later than the term (unreported
        absences); hidden for every other item."""
        from nghean_tui.screens.person import planned_end_text

        item = self._current_due()
        ends = item is not None and item.kind is FollowUpKind.EPISODE_END
        moved = self.summary.moved_ends.get(item.episode_id) if ends and self.summary else None
        note = self.query_one("#due-note", Static)
        note.display = moved is not None
        if moved is not None:
            text = plain(item.full_name)
            text.append(": " + planned_end_text(moved))
            note.update(text)

    def _show_sync(self, state) -> None:
        if state.last_export:
            sync = t("today.sync_last", date=fmt_date(state.last_export))
        else:
            sync = t("today.sync_never")
        sync += " · " + t("today.sync_pending", count=fmt_int(state.pending_changes))
        self.query_one("#sync", Static).update(Text(sync))

    # ------------------------------------------------------------ acting

    def _current_due(self):
        if self.summary is None or not self.summary.due_rows:
            return None
        row = self.query_one("#due", DataTable).cursor_row
        return self.summary.due_rows[row] if 0 <= row < len(self.summary.due_rows) else None

    @on(DataTable.RowSelected, "#due")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_record()

    def action_record(self) -> None:
        """Open the form that settles the highlighted follow-up."""
        item = self._current_due()
        if item is not None:
            from nghean_tui.screens.person import open_followup

            open_followup(
                self, item.person_id, item.kind, item.episode_id, item.source_id, item.due_on
            )

    def action_open_person(self) -> None:
        item = self._current_due()
        if item is not None:
            from nghean_tui.screens.person import show_person

            show_person(self.app, item.person_id)


def load_today(db):
    """What Today shows first (run in a worker thread)."""
    from nghean_tui.storage.summary import today_summary

    return today_summary(db, clock.today())


class Prefetch:
    """Today's figures, computed in a thread started as soon as the database is open, so the
    queries run while Textual is still building the first screen (on an old laptop the two
    take about as long as each other)."""

    def __init__(self, db) -> None:
        import threading

        self.db = db
        self._done = threading.Event()
        self._value: Any = None
        self._error: Exception | None = None
        threading.Thread(target=self._run, name="today-prefetch", daemon=True).start()

    def _run(self) -> None:
        try:
            self._value = load_today(self.db)
        except Exception as exc:  # raised again in the worker that takes the result
            self._error = exc
        finally:
            self._done.set()

    def result(self):
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value


# ---------------------------------------------------------------- the indicators panel


def _verdict(holds: bool | None, *, bad_when_met: bool) -> Text:
    if holds is None:
        return Text("?")
    return Text(
        t("indicators.holds" if holds else "indicators.fails"),
        style="bold red" if holds == bad_when_met else "bold",
    )


def _value(condition, value) -> str:
    from nghean_tui.reports.criteria import RATES
    from nghean_tui.reports.model import number_text

    percent = "%" if condition.indicator in RATES else ""
    shown = "?" if value is None else number_text(round(value, 2)) + percent
    return f"{t(f'indicators.short.{condition.indicator}')} {shown}"


def _key_conditions(checklist, verdict, values) -> Text:
    """Each value beside its threshold (dim); those that count toward a key commune bold red."""
    from nghean_tui.reports.model import number_text

    line = Text()
    for index, (condition, met) in enumerate(
        zip(checklist.conditions, verdict.results, strict=False)
    ):
        line.append(" · " if index else "")
        for part, test in enumerate(condition.tests):  # "plants … or m² …" is one condition
            line.append(f" {t('indicators.or')} " if part else "", style="dim")
            line.append(_value(test, values.get(test.indicator)), style="bold red" if met else "")
            line.append(f" {test.sign}{number_text(test.threshold)}", style="dim")
    return line


def indicator_panel(s) -> Text:
    """The key-commune checklist with every value against its threshold, then the drug-free
    verdict with what stands in its way: three lines (four at 80 columns, where the plants
    condition, "number or area", wraps)."""
    values, key, free = s.indicators.values, s.key_area, s.drug_free
    panel = Text(
        t(
            "indicators.key_area",
            date=fmt_date(s.indicators.as_of),
            met=key.met,
            count=len(key.results),
            needed=key.needed,
        )
        + " "
    )
    panel.append(_verdict(key.holds, bad_when_met=True))
    panel.append("\n")
    panel.append(_key_conditions(s.criteria.key_area, key, values))
    panel.append("\n" + t("indicators.drug_free", met=free.met, count=len(free.results)) + " ")
    panel.append(_verdict(free.holds, bad_when_met=False))
    failing = [
        f" {t('indicators.or')} ".join(t(f"indicators.short.{test.indicator}") for test in c.tests)
        for c, met in zip(s.criteria.drug_free.conditions, free.results, strict=False)
        if met is False
    ]
    if failing:
        panel.append(" (" + ", ".join(failing) + ")")
    if s.indicators.population is None:
        panel.append("\n" + t("indicators.no_population"), style="italic")
    return panel
