"""What a new passphrase must be, and how strong it is estimated to be.

A stolen laptop is only as safe as its passphrase: whoever copies the data folder can guess
offline at Argon2's pace. The estimate comes from zxcvbn (dictionaries of common passwords,
names and words, keyboard patterns, sequences, dates, l33t substitutions), not from counting
character kinds, so ``Password1!`` is weak however many kinds it uses.

zxcvbn's word lists are English. Vietnamese is taken into account by estimating several
readings of the passphrase and keeping the weakest: as typed; without diacritics (``mật khẩu``
is guessed as ``mat khau``); without the spaces between words (they add almost nothing to a
guess, but zxcvbn prices each as an unknown character); and, when it holds words a thief would
try first on a police laptop in Nghệ An (the province, "công an", common Vietnamese passwords,
the unit's and the officer's names), without those words. zxcvbn's own feedback is English
only and never shown: a refusal is explained by our catalogue (``passphrase.weak*``).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nghean_tui.domain.text import fold

MIN_LENGTH = 8
MAX_LENGTH = 256
# zxcvbn's scale: 3 = "safely unguessable", moderate protection against offline guessing
# of a slow hash (at least 10^8 guesses); 4 = at least 10^10. Our keyslots are such a hash
# (Argon2id, ~0.6 s a guess): 10^8 guesses are about two years of one core. The stricter
# readings above make a 3 here harder to reach than zxcvbn's own 3.
MIN_SCORE = 3
# zxcvbn's time grows quickly with length; a longer passphrase is only stronger than its
# first ESTIMATE_LENGTH characters, so estimating those alone never overrates it.
ESTIMATE_LENGTH = 100

# Known to any thief of a commune police laptop in this province, whoever the officer is.
CONTEXT_WORDS = (
    "nghệ an",
    "nghe an",
    "nghean",
    "công an",
    "cong an",
    "congan",
    "công an xã",
    "conganxa",
    "cand",
    "csnd",
    "canh sat",
    "canhsat",
    "police",
    "vinh",
)
# Common Vietnamese passwords (zxcvbn's lists hold English ones such as "password", "123456").
COMMON_WORDS = (
    "matkhau",
    "mat khau",
    "mật khẩu",
    "anhyeuem",
    "anh yeu em",
    "emyeuanh",
    "em yeu anh",
    "yeuem",
    "yeuanh",
    "iloveyou",
    "vietnam",
    "viet nam",
    "việt nam",
    "vietnamese",
    "hanoi",
    "ha noi",
    "hà nội",
    "saigon",
    "sai gon",
    "admin",
    "quantri",
    "xin chao",
    "xinchao",
)

_COMMON = frozenset(COMMON_WORDS)
_COMMON_FOLDED = frozenset(
    {fold(w) for w in COMMON_WORDS} | {fold(w).replace(" ", "") for w in COMMON_WORDS}
)
# zxcvbn keeps the current user inputs in a module-level dictionary: one estimate at a time.
_ESTIMATING = threading.Lock()
# Not the cause when a passphrase is refused: zxcvbn's word lists match short fragments of
# almost anything, so a match is named as the reason only when it is a good part of it.
_CAUSE_SHARE = 1 / 3


@dataclass(frozen=True)
class Assessment:
    """The estimated strength (0 … 4) and, when refused, why (``passphrase.<problem>``)."""

    score: int
    problem: str | None

    @property
    def acceptable(self) -> bool:
        return self.problem is None


def context_words(*texts: str | None) -> tuple[str, ...]:
    """Words a guesser would try for this unit and officer: each text as typed, without
    diacritics, run together, and its longer words one by one."""
    words: list[str] = []
    for text in texts:
        if not text:
            continue
        for form in (" ".join(text.lower().split()), fold(text)):
            words += [form, form.replace(" ", "")]
            words += [w for w in form.split() if len(w) >= 3]
    return tuple(dict.fromkeys(w for w in words if w))


def check_new_passphrase(value: str, context: Iterable[str] = ()) -> str | None:
    """A problem code (``passphrase.<code>`` in the catalogue), or None when acceptable.

    ``context`` holds the names at hand (unit, officer; see :func:`context_words`).
    """
    return assess(value, context).problem


def strength(value: str, context: Iterable[str] = ()) -> int:
    """0 (very weak) … 4 (very strong), the same estimate that decides acceptance: a refused
    passphrase never shows as strong."""
    return assess(value, context).score


def assess(value: str, context: Iterable[str] = ()) -> Assessment:
    """How strong ``value`` is estimated to be, and whether it may become a passphrase."""
    if not value:
        return Assessment(0, "too_short")
    if len(value) > MAX_LENGTH:
        return Assessment(0, "too_long")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return Assessment(0, "control_chars")
    score, cause = _estimate(value, tuple(context))
    if len(value) < MIN_LENGTH:
        return Assessment(min(score, MIN_SCORE - 1), "too_short")
    if len(set(value)) < 4:
        return Assessment(min(score, MIN_SCORE - 1), "too_repetitive")
    if score < MIN_SCORE:
        return Assessment(score, cause)
    return Assessment(score, None)


def _without_marks(text: str) -> str:
    """``text`` without Vietnamese diacritics, keeping case and punctuation."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def _variants(value: str) -> list[str]:
    head = value[:ESTIMATE_LENGTH]
    plain = _without_marks(head)
    joined = "".join(plain.split())
    return list(dict.fromkeys(v for v in (head, plain, joined) if v))


def _residue(value: str, known: Iterable[str]) -> tuple[str, list[str]]:
    """What is left of ``value`` (folded) once the known words are taken out, and those words.

    zxcvbn prices any three known pieces at 10^8 guesses or more, so ``congan nghean 2026``
    would pass; a guesser who targets this laptop tries those words first, so they count for
    nothing here. Whole words (and runs of words, ``nguyen van an``) are taken out, and known
    words of five letters or more also from inside a longer word (``congannghean2026``).
    """
    runs = {tuple(fold(w).split()) for w in known if fold(w)}
    inner = sorted(
        {w for w in (fold(w).replace(" ", "") for w in known) if len(w) >= 5}, key=len, reverse=True
    )
    longest = max((len(r) for r in runs), default=1)
    tokens = fold(value[:ESTIMATE_LENGTH]).split()
    kept: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            if tuple(tokens[i : i + n]) in runs:
                removed.append(" ".join(tokens[i : i + n]))
                i += n
                break
        else:
            kept.append(tokens[i])
            i += 1
    residue: list[str] = []
    for token in kept:
        for word in inner:
            if word in token:
                removed.append(word)
                token = token.replace(word, " ")
        residue += token.split()
    return "".join(residue), removed  # spaces between words add next to nothing


def _estimate(value: str, context: tuple[str, ...]) -> tuple[int, str]:
    """zxcvbn's score of the weakest reading of ``value``, and a catalogue code for what made
    it weak."""
    from zxcvbn import zxcvbn  # imported when needed: the command line's --help stays fast

    known = list(dict.fromkeys((*context, *CONTEXT_WORDS, *COMMON_WORDS)))
    residue, removed = _residue(value, known)
    readings: list[tuple[str, str | None]] = [(variant, None) for variant in _variants(value)]
    if removed:
        by_words = "weak_personal"
        if all(w in _COMMON_FOLDED for w in removed):
            by_words = "weak_common"
        if not residue:
            return 0, by_words
        readings.append((residue, by_words))
    weakest: dict[str, Any] | None = None
    cause = "weak"
    with _ESTIMATING:
        for variant, explained in readings:
            result = zxcvbn(variant, user_inputs=known, max_length=ESTIMATE_LENGTH)
            if weakest is None or result["guesses"] < weakest["guesses"]:
                weakest, cause = result, explained or _cause(result)
    assert weakest is not None  # there is always one reading: the value itself
    return int(weakest["score"]), cause


def _cause(result: dict) -> str:
    """Our own explanation (zxcvbn's feedback is English only): common words, the unit's or
    officer's names, a pattern, or simply too little of it."""
    matches = [m for m in result["sequence"] if m["pattern"] != "bruteforce"]
    if not matches:
        return "weak"
    main = max(matches, key=lambda m: len(m["token"]))
    if len(main["token"]) < len(result["password"]) * _CAUSE_SHARE:
        return "weak"
    if main["pattern"] == "dictionary":
        if main.get("dictionary_name") == "user_inputs" and main["matched_word"] not in _COMMON:
            return "weak_personal"
        return "weak_common"
    return "weak_pattern"
