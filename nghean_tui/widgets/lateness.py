"""How late a follow-up is, for the "Trễ" columns: days late, "today", or days still left."""

from __future__ import annotations

from rich.text import Text

from nghean_tui.i18n import t


def days_left_text(days: int) -> str:
    """``còn 3 ngày`` / ``in 3 days`` (``in 1 day``): never a negative number of days late."""
    return t("forms.in_one_day" if days == 1 else "forms.in_days", days=days)


def lateness(late: int) -> Text:
    """The cell for an item ``late`` days past its due date (negative: not yet due)."""
    if late > 0:
        return Text(str(late), style="bold red")
    if late == 0:
        return Text(t("today.today_short"))
    return Text(days_left_text(-late))
