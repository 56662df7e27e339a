"""Text normalisation: everything stored is NFC; search compares diacritic-free folds."""

from __future__ import annotations

import unicodedata

# Letters that carry no combining mark in Unicode, so NFD cannot strip them.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss"})


def nfc(text: str) -> str:
    """``text`` in Unicode NFC with surrounding whitespace removed and inner runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics: ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``.

    Anything that is not a letter or digit becomes a space, so punctuation never glues tokens.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        ch = ch.lower().translate(_SPECIAL)
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def tokens(text: str) -> list[str]:
    """Folded search tokens of ``text``."""
    return fold(text).split()


def given_name(full_name: str) -> str:
    """The given name (tên): the last word of a Vietnamese full name."""
    parts = nfc(full_name).split(" ")
    return parts[-1] if parts else ""


def sort_key(full_name: str) -> str:
    """Vietnamese list order: by given name, then the whole name, ignoring diacritics."""
    return f"{fold(given_name(full_name))} {fold(full_name)}"
