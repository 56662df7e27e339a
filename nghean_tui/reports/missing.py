"""Why an indicator is not known, in words (the codes of :data:`indicators.MISSING`): the
Indicators screen, ``criteria explain`` and the reports say it the same way."""

from __future__ import annotations

from nghean_tui.domain.formats import fmt_date
from nghean_tui.i18n import t


def missing_text(reason: str, found) -> str:
    """Why some indicators are not known, in words (a code of :data:`indicators.MISSING`)."""
    coverage = found.coverage
    if reason == "reach":
        last = coverage.last_received if coverage else None
        if coverage is None or coverage.reach is None:
            return t("explain.missing.reach_unknown", date=fmt_date(found.as_of))
        return t(
            "explain.missing.reach",
            reach=fmt_date(coverage.reach),
            date=fmt_date(found.as_of),
            last=fmt_date(last.date()) if last else "",
        )
    if reason == "no_patrols":
        return t(
            "explain.missing.no_patrols",
            start=fmt_date(found.window_start),
            date=fmt_date(found.as_of),
        )
    return t(f"explain.missing.{reason}")
