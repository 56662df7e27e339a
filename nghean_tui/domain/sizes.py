"""File and drive sizes as people read them: 512 B, 12 KB, 3,4 GB (Vietnamese decimal
comma) or 3.4 GB (English)."""

from __future__ import annotations

UNITS = ("B", "KB", "MB", "GB", "TB")


def fmt_size(size: int, lang: str) -> str:
    """``size`` bytes in the largest unit that keeps it at least 1 (1 KB = 1024 B); one
    decimal below 10 units, none above. Never rounds a non-empty file down to "0"."""
    if size < 0:
        raise ValueError(size)
    value, unit = float(size), 0
    while value >= 1024 and unit < len(UNITS) - 1:
        value /= 1024
        unit += 1
    if unit == 0:
        text = str(size)
    elif value < 10:
        text = f"{int(value * 10) / 10:.1f}".removesuffix(".0")
    else:
        text = str(int(value))
    if lang == "vi":
        text = text.replace(".", ",")
    return f"{text} {UNITS[unit]}"
