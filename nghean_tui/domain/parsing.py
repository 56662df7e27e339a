"""Turning what was typed in a form into Python values.

Each parser takes a Python value or the string from a form and returns the value, or raises
:class:`ParseError` with an issue code of :data:`nghean_tui.domain.issues.MESSAGES`. Empty input
is the caller's business (it means "no value"), never passed here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from typing import Any

from nghean_tui.domain.text import fold, nfc

MIN_YEAR = 1900
MAX_INT = 10**15
# Unicode categories refused in text: controls, invisible format characters, line and
# paragraph separators, surrogates. A superset of what text.has_unsafe finds (C0/C1 controls,
# DEL, bidirectional overrides, U+2028/2029, surrogates), so nothing stored from a form or a
# file ever needs text.literal's escapes (a test holds the two together).
_FORBIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?$")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_TRUE = frozenset({"1", "true", "yes", "y", "co", "c", "x", "dung"})
_FALSE = frozenset({"0", "false", "no", "n", "khong", "k", "sai"})


class ParseError(ValueError):
    """A value that cannot be read; ``code`` and ``params`` make the :class:`Issue`."""

    def __init__(self, code: str, params: dict | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}


def is_empty(value: Any) -> bool:
    """``None`` or a string of whitespace only."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Any) -> date:
    """A date from a ``date``/``datetime`` or from "dd/mm/yyyy", "d/m/yyyy" (also with "." or
    "-") or ISO "yyyy-mm-dd". Two-digit years are refused as ambiguous."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        iso, dmy = _ISO.match(text), _DMY.match(text)
        if iso:
            year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
        elif dmy:
            year, month, day = int(dmy[3]), int(dmy[2]), int(dmy[1])
        else:
            raise ParseError("date_invalid")
        try:
            result = date(year, month, day)
        except ValueError as exc:  # 31/02, month 13 …
            raise ParseError("date_invalid") from exc
    else:
        raise ParseError("date_invalid")
    if result.year < MIN_YEAR:
        raise ParseError("date_too_early", {"min_year": MIN_YEAR})
    return result


def parse_time(value: Any) -> time:
    """A time of day from a ``time``/``datetime`` or "HH:MM" (also "7:30", "21h15", "21h")."""
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, str):
        m = _TIME.match(value.strip())
        if m:
            hour, minute, second = int(m[1]), int(m[2] or 0), int(m[3] or 0)
            if hour < 24 and minute < 60 and second < 60:
                return time(hour, minute, second)
    raise ParseError("time_invalid")


def parse_int(value: Any) -> int:
    """A whole number; strings may group thousands with dots, commas or spaces ("18.000.000")."""
    if isinstance(value, bool):
        raise ParseError("not_integer")
    if isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    elif isinstance(value, str):
        text = value.strip()
        sign = -1 if text.startswith("-") else 1
        body = text.lstrip("+-").strip()
        if _GROUPED.match(body):
            body = re.sub(r"[.,\s]", "", body)
        if not body.isascii() or not body.isdigit():
            raise ParseError("not_integer")
        result = sign * int(body)
    else:
        raise ParseError("not_integer")
    if abs(result) > MAX_INT:
        raise ParseError("number_too_large", {"max": MAX_INT})
    return result


def parse_bool(value: Any) -> bool:
    """Yes/no from a bool, 0/1, or words such as "có"/"không", "true"/"false", "x"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = fold(value)
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise ParseError("not_boolean")


def as_date(value: Any) -> date | None:
    """A date as the database returns it in raw SQL (ISO text, sometimes with a time) as a
    :class:`~datetime.date`; None for NULL or empty. Not a form parser: stored dates only."""
    return date.fromisoformat(str(value)[:10]) if value else None


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ParseError("not_text")


def clean_line(value: Any) -> str:
    """Single-line text: refused if it holds a line break or control character, else NFC with
    outer whitespace removed and inner runs of spaces collapsed."""
    text = _as_text(value)
    if any(unicodedata.category(ch) in _FORBIDDEN for ch in text):
        raise ParseError("control_characters")
    return nfc(text)


def clean_multiline(value: Any) -> str:
    """Multi-line text: line breaks kept (CR LF and CR become LF, tabs become spaces), every line
    NFC and stripped, blank lines at either end dropped; other control characters refused
    (with their own message: a line break is not the problem here)."""
    text = _as_text(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if any(ch != "\n" and unicodedata.category(ch) in _FORBIDDEN for ch in text):
        raise ParseError("control_characters_multiline")
    lines = [unicodedata.normalize("NFC", line).strip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
