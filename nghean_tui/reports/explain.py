"""One unit's drug indicators explained: each checklist condition against its value, then, for
every indicator, the records that make it up (which episode, hotspot or finding counts, and how
much it adds). The Indicators screen and ``nghean-tui criteria explain`` both show this.

A rate is explained by the count it divides; the records of a count are listed up to
``limit`` each (a commune of thousands under management would otherwise print thousands of
lines), with how many more there are.

What records say (names, places, a station's copy of a commune's data that came in a bundle)
is shown literally: a ``Text`` is never read as markup, and control characters are written as
escapes (:func:`nghean_tui.domain.text.literal`), so a name can neither restyle the screen nor
send an escape sequence to the terminal ``criteria explain`` prints to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text

from nghean_tui.domain.formats import fmt_date
from nghean_tui.domain.text import literal
from nghean_tui.i18n import t
from nghean_tui.reports import indicators
from nghean_tui.reports.criteria import RATES, AnyOf, Checklist, Condition, Verdict
from nghean_tui.reports.missing import missing_text
from nghean_tui.reports.model import number_text
from nghean_tui.reports.report import unit_name
from nghean_tui.storage.database import Database

LIMIT = 100
SECTIONS = (
    "managed_people",
    "drug_use_places",
    "retail_points",
    "offenders",
    "plants_destroyed",
    indicators.AREA_INDICATOR,
)
"""The counts, in the order they are explained (rates are explained by their count)."""
AMOUNTS = frozenset({"offenders", "plants_destroyed", indicators.AREA_INDICATOR})


@dataclass(frozen=True)
class Explanation:
    unit_code: str
    unit_name: str
    standing: indicators.Standing
    evidence: dict[str, list[indicators.Evidence]] = field(default_factory=dict)
    more: dict[str, int] = field(default_factory=dict)  # records not listed, per indicator


def explanation(db: Database, unit: str, as_of: date, *, limit: int = LIMIT) -> Explanation:
    """``unit``'s indicators on ``as_of`` and the records behind them (a station explains any
    commune it holds; a commune its own)."""
    standing = indicators.standing(db, as_of, unit)
    window = standing.criteria.window_months
    evidence, more = {}, {}
    with db.engine.connect() as conn:
        for indicator in SECTIONS:
            records = indicators.explain(conn, unit, indicator, as_of, window)
            evidence[indicator], more[indicator] = records[:limit], max(len(records) - limit, 0)
    return Explanation(unit, unit_name(unit), standing, evidence, more)


# ---------------------------------------------------------------- as text


def _value(indicator: str, value: float | None) -> str:
    if value is None:
        return "?"
    return number_text(round(value, 2)) + (" %" if indicator in RATES else "")


def _mark(result: bool | None) -> tuple[str, str]:
    if result is None:
        return "?", "yellow"
    return ("✓", "bold") if result else ("✗", "dim")


def _condition(
    condition: Condition | AnyOf, result: bool | None, values: dict[str, float | None]
) -> Text:
    mark, style = _mark(result)
    line = Text(f"  {mark} ", style=style)
    for part, test in enumerate(condition.tests):  # an alternative on a line of its own
        if part:
            line.append(f"\n    {t('indicators.or')} ", style="dim")
        line.append(f"{t(f'indicator.{test.indicator}')}: ")
        line.append(_value(test.indicator, values.get(test.indicator)), style="bold")
        line.append(f" ({test.sign} {_value(test.indicator, test.threshold)})", style="dim")
    return line


def _checklist(
    name: str, checklist: Checklist, verdict: Verdict, values: dict[str, float | None]
) -> Text:
    holds = verdict.holds
    answer = (
        t("indicators.not_known")
        if holds is None
        else t("indicators.holds" if holds else "indicators.fails")
    )
    block = Text(
        t(f"explain.{name}", met=verdict.met, count=len(verdict.results), needed=verdict.needed)
        + " ",
        style="bold",
    )
    block.append(answer, style="bold reverse" if holds else "bold")
    for condition, result in zip(checklist.conditions, verdict.results, strict=False):
        block.append("\n")
        block.append(_condition(condition, result, values))
    return block


def render(e: Explanation) -> Text:
    """The whole explanation, for a screen or a terminal."""
    s, found = e.standing, e.standing.indicators
    population = (
        t("explain.population", population=number_text(found.population))
        if found.population
        else t("indicators.no_population")
    )
    out = Text(
        t(
            "explain.title",
            unit=literal(e.unit_name),
            code=literal(e.unit_code),
            date=fmt_date(found.as_of),
        ),
        style="bold",
    )
    out.append("\n" + population)
    for reason in found.missing:  # which input is missing, and so what is not known
        if reason != "population":
            out.append("\n" + missing_text(reason, found), style="yellow")
    out.append(
        "\n"
        + t("explain.window", start=fmt_date(found.window_start), months=s.criteria.window_months)
    )
    out.append("\n\n")
    out.append(_checklist("key_area", s.criteria.key_area, s.key_area, found.values))
    out.append("\n\n")
    out.append(_checklist("drug_free", s.criteria.drug_free, s.drug_free, found.values))
    for indicator in SECTIONS:
        out.append("\n\n" + t(f"indicator.{indicator}") + ": ", style="bold")
        out.append(_value(indicator, found.values.get(indicator)), style="bold")
        rates = [r for r, base in indicators.RATE_OF.items() if base == indicator]
        for rate in rates:
            out.append(
                " = " + _value(rate, found.values.get(rate)) + " " + t("explain.of_population"),
                style="dim",
            )
        listed = e.evidence.get(indicator, [])
        if indicator in found.unknown:
            out.append(
                "\n  "
                + t(
                    "explain.not_known_because",
                    reason=missing_text(found.unknown[indicator], found),
                ),
                style="yellow",
            )
        elif not listed:
            out.append("\n  " + t("explain.none"), style="dim")
        # What each record adds, where it is more than one (findings count people or plants).
        amounts = (
            [f"+{number_text(r.amount)}" for r in listed]
            if indicator in AMOUNTS
            else [""] * len(listed)
        )
        width = max(map(len, amounts), default=0)
        for record, amount in zip(listed, amounts, strict=False):
            out.append(f"\n  {fmt_date(record.day):<10}  ")
            if amount:
                out.append(f"{amount:>{width}}  ", style="bold")
            out.append(literal(record.summary) or "—")
        if e.more.get(indicator):
            out.append(
                "\n  " + t("explain.more", count=number_text(e.more[indicator])), style="italic"
            )
    return out
