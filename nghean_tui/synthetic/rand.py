"""Fast random draws shared by the generator modules.

Everything takes the run's :class:`random.Random` so a seed reproduces a run exactly. The helpers
avoid per-call allocation and normalisation because they run a million times for a large run.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from collections.abc import Sequence
from datetime import date
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

# UUIDv7 layout (as the application's own ids): 48-bit millisecond field, version 7,
# variant 10. The millisecond field counts up from a fixed start, so ids follow generation
# order and every insert appends to its indexes; the rest is drawn from the rng.
_V7_START_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
_V7_VERSION = 0x7 << 76
_V7_VARIANT = 0b10 << 62


def nfc_all(items: Sequence[str]) -> list[str]:
    """The pool in NFC: pools are normalised once at import so no row pays for it."""
    return [unicodedata.normalize("NFC", s) for s in items]


def uid(rng: random.Random) -> str:
    """A time-ordered (v7) uuid string, reproducible from ``rng``: each call on the same rng
    sorts after the previous one."""
    seq = rng.__dict__.get("_uid_seq", 0)
    rng.__dict__["_uid_seq"] = seq + 1
    bits = rng.getrandbits(74)
    value = (
        ((_V7_START_MS + seq) << 80)
        | _V7_VERSION
        | ((bits >> 62) << 64)
        | _V7_VARIANT
        | (bits & ((1 << 62) - 1))
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Weighted(Generic[T]):
    """Items with fixed weights; ``pick`` is one random() and a bisect."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its bounds checks (about twice as fast)."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """An int in ``[low, high]`` (inclusive), faster than ``randint``."""
    return low + int(rng.random() * (high - low + 1))


# Mobile prefixes in use (0 + 3|5|7|8|9 + one digit); the last seven digits are random.
_MOBILE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "056",
    "058",
    "059",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "099",
)


def phone(rng: random.Random) -> str:
    """A mobile number ``0`` + (3|5|7|8|9) + 8 digits."""
    return _MOBILE_PREFIXES[int(rng.random() * 32)] + f"{int(rng.random() * 10_000_000):07d}"


# Birth-registration provinces: Nghệ An most of the time, else neighbours and the places where
# people from the province go to work (Hà Nội, Thanh Hóa, Hà Tĩnh, Đà Nẵng, HCMC, Bình Dương, Đồng Nai).
_PROVINCES = Weighted(
    [
        ("040", 88),
        ("038", 3),
        ("042", 3),
        ("001", 1),
        ("048", 1),
        ("079", 2),
        ("074", 1),
        ("075", 1),
    ]
)


class CitizenIds:
    """Unique 12-digit citizen IDs consistent with sex and birth year."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, rng: random.Random, female: bool, birth_year: int) -> str:
        century = (0 if birth_year < 2000 else 2) + (1 if female else 0)
        head = f"{_PROVINCES.pick(rng)}{century}{birth_year % 100:02d}"
        seen = self.seen
        while True:
            cid = head + f"{int(rng.random() * 1_000_000):06d}"
            if cid not in seen:
                seen.add(cid)
                return cid


def legacy_id(rng: random.Random) -> str:
    """An old 9-digit identity card number (CMND); Nghệ An's began with 18."""
    return "18" + f"{int(rng.random() * 10_000_000):07d}"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    for dd in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


_DECISION_SUFFIX = {
    "drug_user": "QĐ-UBND",
    "voluntary_community": "QĐ-UBND",
    "voluntary_facility": "QĐ-CSCN",
    "opioid_substitution": "QĐ-TTYT",
    "compulsory_file": "QĐ-UBND",
    "post_rehab": "QĐ-UBND",
}
_DECISION_SUFFIX = {k: unicodedata.normalize("NFC", v) for k, v in _DECISION_SUFFIX.items()}
_COURT = unicodedata.normalize("NFC", "QĐ-TA")


def decision_number(rng: random.Random, episode_type: str, decided: date) -> str:
    """A plausible decision number: commune decisions ``15/QĐ-UBND``, court decisions
    ``12/2024/QĐ-TA``; numbers grow through the year as they do in a real register."""
    n = 1 + decided.timetuple().tm_yday // 2 + int(rng.random() * 12)
    if episode_type in ("compulsory_adult", "compulsory_minor"):
        return f"{n}/{decided.year}/{_COURT}"
    return f"{n}/{_DECISION_SUFFIX[episode_type]}"
