"""Charts: people under management, patrols and overdue follow-ups month by month, for the
province or one commune (:mod:`nghean_tui.reports.series` says what each figure counts).

On a station the Charts section draws the province and offers every commune; the dashboard's
``g`` opens one commune's charts over it. One chart at a time, so it stays readable at 80×24.
"""

from __future__ import annotations

from plotext import _utility as _plotext_utility
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Click
from textual.widgets import Footer, Select, Static
from textual_plotext import PlotextPlot

from nghean_tui.domain import clock
from nghean_tui.i18n import t
from nghean_tui.screens.base import Section, db_run
from nghean_tui.widgets.plain import fmt_int, plain

CHARTS = ("managed", "flow", "patrols", "overdue")

# Plotext removes duplicate points through a set, so which of two overlapping marks is drawn
# last (and so seen) changed from one run to the next with Python's string hashing: keep the
# order instead (the alternative its own source gives), so a chart is the same every time.
_plotext_utility.no_duplicates = lambda data: list(dict.fromkeys(data))


def count_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 past ``top`` in steps of 1, 2 or 5 × 10ⁿ (counts have no
    fractions: 0.83 of a patrol would mislead)."""
    step = 1
    while (top + step - 1) // step > most:
        for factor in (2, 5, 10):
            if (top + step * factor - 1) // (step * factor) <= most or factor == 10:
                step *= factor
                break
    last = max(step, -(-top // step) * step)
    return list(range(0, last + 1, step))


def month_label(month) -> str:
    return f"{month.first.month:02d}/{month.first.year % 100:02d}"


class ChartTabs(Static):
    """ "1 People  2 Patrols  3 Overdue", the chart shown highlighted; clickable."""

    def show(self, current: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        self.spans = []
        for index, chart in enumerate(CHARTS, start=1):
            start = len(text)
            text.append(
                f" {index} {t(f'charts.{chart}')} ",
                style="reverse bold" if chart == current else "",
            )
            self.spans.append((start, len(text), chart))
            text.append(" ")
        self.update(text)

    def on_click(self, event: Click) -> None:
        for start, end, chart in getattr(self, "spans", []):
            if start <= event.x - 1 < end and isinstance(self.screen, ChartsScreen):
                self.screen.action_show(chart)


class ChartsScreen(Section):
    SECTION = "charts"
    BINDINGS = [
        # The charts' line shows their numbers: the footer keeps its room.
        Binding("1", "show('managed')", "key.chart_managed", show=False),
        Binding("2", "show('flow')", "key.chart_flow", show=False),
        Binding("3", "show('patrols')", "key.chart_patrols", show=False),
        Binding("4", "show('overdue')", "key.chart_overdue", show=False),
        Binding("c", "next_chart", "key.chart_next"),
        Binding("u", "choose_unit", "key.chart_unit"),
        Binding("escape", "back", "key.back"),
    ]
    DEFAULT_CSS = """
    ChartsScreen #top { height: 1; background: $boost; }
    ChartsScreen .screen-title { text-style: bold; padding: 0 1; width: 1fr; }
    ChartsScreen #unit { width: 28; }
    ChartsScreen #tabs { height: 1; padding: 0 1; }
    ChartsScreen #plot { height: 1fr; }
    ChartsScreen #latest { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, unit: str | None = None, name: str = "") -> None:
        """``unit`` for one commune's charts opened over another screen (Esc goes back);
        without it, the station's Charts section (the province, any commune on request)."""
        super().__init__()
        self.pushed = unit is not None
        self.unit, self.unit_name = unit, name
        self.chart = CHARTS[0]
        self.data = None
        self.units: dict[str, str] = {}  # code → name, for the commune chooser

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "back":
            return self.pushed
        if action == "choose_unit":
            return getattr(self.app, "station", False)
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(id="top"):
            yield Static(self._title(), id="title", classes="screen-title")
            if getattr(self.app, "station", False):
                yield Select([], prompt=t("charts.province"), id="unit", compact=True)
        yield ChartTabs(id="tabs")
        yield PlotextPlot(id="plot")
        yield Static(t("charts.loading"), id="latest")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ChartTabs).show(self.chart)
        if getattr(self.app, "station", False):
            from nghean_tui.reports.series import chart_units

            db_run(self, chart_units, done=self._units, group="chart-units")
        # The data loads when the screen is shown (Section.on_screen_resume).

    def refresh_data(self) -> None:
        from nghean_tui.reports.series import series

        db_run(self, series, clock.today(), self.unit, done=self._loaded)

    def _title(self) -> Text:
        text = Text(
            t("charts.title", unit="")
            if self.unit
            else t("charts.title", unit=t("charts.province"))
        )
        if self.unit:
            text.append_text(plain(self.unit_name or self.unit))
        return text

    def _units(self, units: list[tuple[str, str]]) -> None:
        self.units = dict(units)
        select = self.query_one("#unit", Select)
        with self.prevent(Select.Changed):
            select.set_options([(plain(name), code) for code, name in units])
            if self.unit is not None and any(code == self.unit for code, _ in units):
                select.value = self.unit

    def _loaded(self, data) -> None:
        self.data = data
        self._draw()

    # ------------------------------------------------------------ drawing

    def _draw(self) -> None:
        self.query_one(ChartTabs).show(self.chart)
        data = self.data
        if data is None:
            return
        plot = self.query_one("#plot", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        labels = [month_label(m) for m in data.months]
        xs = list(range(1, len(labels) + 1))
        latest = labels[-1]
        if self.chart == "managed":
            plt.bar(xs, data.managed, width=0.5)
            top = max(data.managed)
            summary = t("charts.managed_latest", month=latest, managed=fmt_int(data.managed[-1]))
        elif self.chart == "flow":
            # Two fills as well as two colours: told apart without colour too (NO_COLOR).
            plt.multiple_bar(
                xs,
                [data.started, data.ended],
                marker=["█", "▒"],
                labels=[t("charts.started"), t("charts.ended")],
                width=0.7,
            )
            top = max(data.started + data.ended)
            summary = t(
                "charts.flow_latest",
                month=latest,
                started=fmt_int(data.started[-1]),
                ended=fmt_int(data.ended[-1]),
            )
        elif self.chart == "patrols":
            plt.bar(xs, data.patrols, width=0.5)
            top = max(data.patrols)
            summary = t(
                "charts.patrols_latest",
                month=latest,
                patrols=fmt_int(data.patrols[-1]),
                total=fmt_int(sum(data.patrols)),
            )
        else:
            plt.bar(xs, data.overdue, width=0.5)
            top = max(data.overdue)
            summary = t("charts.overdue_latest", month=latest, overdue=fmt_int(data.overdue[-1]))
        plt.title(t(f"charts.{self.chart}_title"))
        plt.xticks(xs, labels)
        plt.xlim(0.4, len(xs) + 0.6)  # room for the first and last bars inside the frame
        ticks = count_ticks(top)
        plt.yticks(ticks, [fmt_int(n) for n in ticks])
        plt.ylim(0, ticks[-1])
        plot.refresh()
        self.query_one("#latest", Static).update(Text(summary))

    # ------------------------------------------------------------ keys

    def action_show(self, chart: str) -> None:
        self.chart = chart
        self._draw()

    def action_next_chart(self) -> None:
        self.action_show(CHARTS[(CHARTS.index(self.chart) + 1) % len(CHARTS)])

    def action_choose_unit(self) -> None:
        select = self.query_one("#unit", Select)
        select.focus()
        select.action_show_overlay()

    @on(Select.Changed, "#unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.unit = None if value is Select.NULL else str(value)
        self.unit_name = self.units.get(self.unit, "") if self.unit else ""
        self.query_one("#title", Static).update(self._title())
        self.refresh_data()

    def action_back(self) -> None:
        if self.pushed:
            self.dismiss()
