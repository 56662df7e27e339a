"""Text normalisation: everything stored is NFC; search compares diacritic-free folds."""

from __future__ import annotations

import re
import unicodedata

# Letters that carry no combining mark in Unicode, so NFD cannot strip them.
_SPECIAL = str.maketrans(
    {"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss"}
)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC with surrounding whitespace removed and inner runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        ch = ch.lower().translate(_SPECIAL)
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def _latin_table() -> dict[int, str]:
    """Every Latin letter (with any diacritic) and ASCII character to its folded form,
    and combining marks to nothing, so most text folds with a single ``str.translate``."""
    table: dict[int, str] = {}
    for code in list(range(0x80)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        folded = _slow_fold(ch)
        table[code] = folded if folded else " "
    for code in range(0x300, 0x370):  # combining marks (text that arrives decomposed)
        table[code] = ""
    return table


_FAST = _latin_table()


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics: ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``.

    Anything that is not a letter or digit becomes a space, so punctuation never glues tokens.
    """
    quick = text.translate(_FAST)
    if quick.isascii():
        return " ".join(quick.split())
    return _slow_fold(text)  # other scripts: the general (slower) path


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


# The Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with
# the Latin letters it lacks (f j w z) where the Latin alphabet has them; digits first.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Marks that make a letter of its own (ă â ê ô ơ ư) and the five tones, in dictionary order
# after the level tone: huyền, sắc, hỏi, ngã, nặng (a à á ả ã ạ).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": "1", "\u0301": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def vietnamese_key(text: str) -> str:
    """A key whose code-point order is Vietnamese dictionary order: letters by the
    Vietnamese alphabet (d before đ, a before ă before â), case ignored, then words alike
    but for their tones by tone (a à á ả ã ạ), then the text itself (a total order)."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", nfc(text).lower()):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if ch in _LETTER_MARKS and letters:
            base = unicodedata.normalize("NFC", letters[-1] + ch)
            if base in _RANK:
                letters[-1] = base
            continue
        if unicodedata.combining(ch):
            continue
        letters.append(ch)
        tones.append("0")
    primary = "".join(
        chr(0x20 + _RANK[ch])
        if ch in _RANK
        else ("\x02" if ch.isspace() else chr(0x1000 + ord(ch)))
        for ch in letters
    )
    return f"{primary}\x01{''.join(tones)}\x01{nfc(text)}"


def vietnamese_compare(left: str, right: str) -> int:
    """``cmp`` of two texts in Vietnamese order (the ``vi`` collation of the database)."""
    a, b = vietnamese_key(left), vietnamese_key(right)
    return (a > b) - (a < b)


# Words that say what kind of place a hamlet is; every hamlet of a commune starts with one,
# so as search tokens they would match everyone ("ba" → "Bản …").
_PLACE_KIND_WORDS = (
    ("to", "dan", "pho"),
    ("ban",),
    ("thon",),
    ("xom",),
    ("khoi",),
    ("lang",),
    ("khu",),
    ("ap",),
    ("buon",),
    ("to",),
)


def fold_place(name: str) -> str:
    """A hamlet name folded for search, without its leading kind word:
    ``"Bản Huồi Giảng"`` → ``"huoi giang"``, ``"Tổ dân phố 3"`` → ``"3"``."""
    words = fold(name).split()
    for kind in _PLACE_KIND_WORDS:
        if len(words) > len(kind) and tuple(words[: len(kind)]) == kind:
            return " ".join(words[len(kind) :])
    return " ".join(words)


# What must never reach a terminal, a report cell or a log as itself: C0 and C1 controls and
# DEL (escape sequences, bells, carriage returns that overwrite a line), bidirectional
# embeddings, overrides and isolates (text that reads in another order than it is stored),
# line and paragraph separators, and lone surrogates (a file name that is not UTF-8 arrives
# with them and cannot even be printed under a strict UTF-8 locale).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_BUT_LF = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` as it may be shown: every character of :data:`_UNSAFE` written as an escape
    (``\\x1b``, ``\\u202e``), so a name from a bundle, a file or a stick is shown literally and
    can neither restyle the terminal nor forge a line. Other text is unchanged."""
    pattern = _UNSAFE_BUT_LF if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)


def has_unsafe(text: str, *, newlines: bool = False) -> bool:
    """Whether ``text`` holds a character :func:`literal` would escape (line feeds allowed
    with ``newlines=True``)."""
    return (_UNSAFE_BUT_LF if newlines else _UNSAFE).search(text) is not None
