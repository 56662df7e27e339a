"""Why an indicator is not known, in words (the codes of :data:`indicators.MISSING`): the
Indicators screen, ``criteria explain`` and the reports say it the same way."""

from __future__ import annotations

from datetime import date

from nghean_tui.i18n import t


def _date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def missing_text(reason: str, found) -> str:
    """Why some indicators are not known, in words (a code of :data:`indicators.MISSING`)."""
    coverage = found.coverage
    if reason == "reach":
        last = coverage.last_received if coverage else None
        if coverage is None or coverage.reach is None:
            return t("explain.missing.reach_unknown", date=_date(found.as_of))
        return t(
            "explain.missing.reach",
            reach=_date(coverage.reach),
            date=_date(found.as_of),
            last=_date(last.date()) if last else "",
        )
    if reason == "no_patrols":
        return t(
            "explain.missing.no_patrols", start=_date(found.window_start), date=_date(found.as_of)
        )
    return t(f"explain.missing.{reason}")
