"""Showing what people typed, or what came from a bundle, a file or a stick, exactly as it is.

Textual treats plain strings as markup, so a name such as ``[bold]x`` would restyle a screen
and ``\\x1b[31m`` could reach the terminal. Everything that comes from records goes through
:func:`plain`, which returns a ``rich.text.Text`` (never parsed as markup) with control
characters, bidirectional overrides and the like written as escapes (``\\x1b``), by the one
rule the command line uses too (:func:`nghean_tui.domain.text.literal`).
"""

from __future__ import annotations

from rich.text import Text

from nghean_tui.domain import formats
from nghean_tui.domain.formats import fmt_date, fmt_time  # noqa: F401 (the screens' import)
from nghean_tui.domain.text import literal
from nghean_tui.i18n import label as enum_label


def visible(value: object, *, multiline: bool = False) -> str:
    """``value`` as a string that shows literally: unsafe characters escaped (line breaks
    kept when ``multiline``). Markup is not escaped: put the result in a ``Text``."""
    if value is None:
        return ""
    return literal(str(value), keep_newlines=multiline)


def plain(value: object, *, multiline: bool = False, style: str = "") -> Text:
    """``value`` as literal text, safe to show anywhere."""
    return Text(visible(value, multiline=multiline), style=style)


def fmt_int(value: int | None, lang: str | None = None) -> str:
    """Thousands grouped as the language in force writes them (:func:`formats.fmt_int`)."""
    from nghean_tui.i18n import language

    return formats.fmt_int(value, lang or language())


def fmt_code(enum, code: str | None, lang: str | None = None) -> str:
    """The label of an enumeration code (or the code itself, escaped, if unknown: e.g. from a
    newer version of the application, or a bundle)."""
    if not code:
        return ""
    try:
        return enum_label(enum(code), lang)
    except ValueError:
        return literal(code)


def fmt_known(enum, code: str | None, lang: str | None = None) -> str:
    """Like :func:`fmt_code`, for a choice that may be unknown: no code reads "chưa rõ"
    ("unknown"), never blank and never a default."""
    from nghean_tui.i18n import t

    return fmt_code(enum, code, lang) if code else t("value.unknown")


def short_label(prefix: str, enum, code: str | None) -> str:
    """The short catalogue label ``prefix.code`` for a list column; the enum's own label (or
    the code itself, escaped) for a code this version does not know."""
    from nghean_tui.i18n import t

    if not code:
        return ""
    if code in {member.value for member in enum}:
        key = f"{prefix}.{code}"
        text = t(key)
        if text != key:
            return text
    return fmt_code(enum, code)
