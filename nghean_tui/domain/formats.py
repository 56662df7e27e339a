"""How dates, times and numbers are written for people: one place, so a screen, a report, a
validation message and the command line never disagree.

Dates are dd/mm/yyyy and times HH:MM, as they are written and typed in Vietnam, in both
languages. Numbers group thousands as each language does (1.234 and 0,5 in Vietnamese; 1,234
and 0.5 in English); the language is a parameter, since the domain knows no current language
(:mod:`nghean_tui.widgets.plain` and the reports pass the one in force).
A missing value is written as nothing (""), never as a made-up date or a zero.
"""

from __future__ import annotations

from datetime import date, datetime, time

DATE = "%d/%m/%Y"
TIME = "%H:%M"


def fmt_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy (the day as given: a datetime is not converted to local time first)."""
    return value.strftime(DATE) if value else ""


def fmt_time(value: time | datetime | None) -> str:
    """HH:MM."""
    return value.strftime(TIME) if value else ""


def fmt_moment(moment: datetime | None) -> str:
    """An instant (a bundle made, a receipt received) as "dd/mm/yyyy HH:MM" on this laptop's
    clock face."""
    return moment.astimezone().strftime(f"{DATE} {TIME}") if moment else ""


def fmt_day(moment: datetime | None) -> str:
    """The local day of an instant, dd/mm/yyyy."""
    return fmt_date(moment.astimezone().date()) if moment else ""


def fmt_int(value: int | None, lang: str) -> str:
    """A count with thousands grouped: 1.234 in Vietnamese, 1,234 in English."""
    if value is None:
        return ""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_number(value: float, lang: str) -> str:
    """A threshold or rate as people write it: 3.000 and 0,5 in Vietnamese, 3,000 and 0.5 in
    English (at most two decimals, no trailing zeros)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    if lang == "vi":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def fmt_fingerprint(fingerprint: str) -> str:
    """A fingerprint as every screen, dialog and command shows it: its letters and digits in
    groups of four joined by a dash (``5PMW-RMEW-2QXA-…``), so what one side reads aloud is
    what the other side sees. Spaces, dashes and case in ``fingerprint`` do not matter."""
    chars = "".join(ch for ch in fingerprint.upper() if ch.isascii() and ch.isalnum())
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))
