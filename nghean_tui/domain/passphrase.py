"""What a new passphrase must be, and a plain hint of how strong it is."""

from __future__ import annotations

import math
import unicodedata

MIN_LENGTH = 8
MAX_LENGTH = 256


def check_new_passphrase(value: str) -> str | None:
    """A problem code (``passphrase.<code>`` in the catalogue), or None when acceptable."""
    if len(value) < MIN_LENGTH:
        return "too_short"
    if len(value) > MAX_LENGTH:
        return "too_long"
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return "control_chars"
    if len(set(value)) < 4:
        return "too_repetitive"
    return None


def strength(value: str) -> int:
    """0 (weak) … 4 (strong): a rough guide for the setup screen, not a security guarantee.

    Estimates bits from the length and the kinds of characters used; several words with
    spaces (a passphrase) score well, which is the advice given to officers.
    """
    if not value:
        return 0
    pool = 0
    if any(ch.islower() for ch in value):
        pool += 26
    if any(ch.isupper() for ch in value):
        pool += 26
    if any(ch.isdigit() for ch in value):
        pool += 10
    if any(not ch.isalnum() and ord(ch) < 128 for ch in value):
        pool += 33
    if any(ord(ch) >= 128 for ch in value):  # Vietnamese letters widen the alphabet
        pool += 60
    distinct = len(set(value))
    bits = min(len(value), distinct * 2) * math.log2(max(pool, 2))
    for threshold, score in ((80, 4), (60, 3), (45, 2), (30, 1)):
        if bits >= threshold:
            return score
    return 0
