"""Showing what people typed exactly as typed.

Textual treats plain strings as markup, so a name such as ``[bold]x`` would restyle a screen
and ``\\x1b[31m`` could reach the terminal. Everything that comes from records goes through
:func:`plain`, which returns a ``rich.text.Text`` (never parsed as markup) with control
characters replaced by visible symbols.
"""

from __future__ import annotations

from datetime import date, datetime, time

from rich.text import Text

from nghean_tui.i18n import label as enum_label

# C0 controls and DEL → the Unicode "control pictures" (␀ … ␟, ␡); C1 controls → "�".
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_MULTILINE = {k: v for k, v in _VISIBLE.items() if k != 0x0A}


def visible(value: object, *, multiline: bool = False) -> str:
    if value is None:
        return ""
    return str(value).translate(_MULTILINE if multiline else _VISIBLE)


def plain(value: object, *, multiline: bool = False, style: str = "") -> Text:
    """``value`` as literal text, safe to show anywhere."""
    return Text(visible(value, multiline=multiline), style=style)


def fmt_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, the way dates are written and typed in Vietnam."""
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_time(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def fmt_int(value: int | None, lang: str | None = None) -> str:
    """Thousands grouped as each language writes them: 1.234 in Vietnamese, 1,234 in English."""
    from nghean_tui.i18n import language

    if value is None:
        return ""
    text = f"{value:,}"
    return text.replace(",", ".") if (lang or language()) == "vi" else text


def fmt_code(enum, code: str | None, lang: str | None = None) -> str:
    """The label of an enumeration code (or the code itself if unknown, e.g. from a newer
    version of the application)."""
    if not code:
        return ""
    try:
        return enum_label(enum(code), lang)
    except ValueError:
        return code
