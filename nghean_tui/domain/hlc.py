"""Hybrid logical clock stamps that order every change across devices.

A stamp is ``"<ms:12 hex><counter:4 hex>@<device id>"``; fixed widths make plain string
comparison the same as comparing (physical ms, counter, device id), so SQL can compare stamps.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

_STAMP = re.compile(r"^([0-9a-f]{12})([0-9a-f]{4})@([0-9a-z-]{1,64})$")
MAX_COUNTER = 0xFFFF
# A remote stamp further ahead of our wall clock than this is refused, not adopted: a single
# forged or broken clock must not drag every later local stamp into the future.
MAX_DRIFT_MS = 7 * 24 * 3600 * 1000
# How far this device's own last stamp may be ahead of its wall clock, or its wall clock past
# its last stamp, before the officer is told to look at the clock (see :func:`clock_warning`).
BEHIND_WARN_MS = 10 * 60 * 1000
AHEAD_WARN_MS = 90 * 24 * 3600 * 1000


class StampError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Stamp:
    ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.ms:012x}{self.counter:04x}@{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        m = _STAMP.match(text)
        if not m:
            raise StampError(f"not a version stamp: {text!r}")
        return cls(int(m.group(1), 16), int(m.group(2), 16), m.group(3))


class HybridClock:
    """Issues strictly increasing stamps for one device; thread-safe."""

    def __init__(self, device: str, last: str | None = None, now_ms=None) -> None:
        self.device = device
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))
        self._lock = threading.Lock()
        self._ms, self._counter = 0, 0
        if last:  # our own last stamp: adopted however far ahead (a clock set back later)
            own = Stamp.parse(last)
            self._ms, self._counter = own.ms, own.counter

    def now(self) -> str:
        with self._lock:
            wall = self._now_ms()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            else:  # counter exhausted within one millisecond: borrow the next one
                self._ms, self._counter = self._ms + 1, 0
            return str(Stamp(self._ms, self._counter, self.device))

    def reserve(self, n: int) -> list[str]:
        """``n`` consecutive stamps at once, for bulk writes (same guarantees as :meth:`now`)."""
        with self._lock:
            wall = self._now_ms()
            if wall > self._ms:
                ms, counter = wall, 0
            else:
                ms, counter = self._ms, self._counter + 1
            stamps = []
            device = self.device
            for _ in range(n):
                if counter > MAX_COUNTER:
                    ms, counter = ms + 1, 0
                stamps.append(f"{ms:012x}{counter:04x}@{device}")
                counter += 1
            if n:
                self._ms, self._counter = ms, counter - 1
            return stamps

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen from elsewhere, so our next stamp sorts after it."""
        seen = Stamp.parse(stamp)
        with self._lock:
            if seen.ms > self._now_ms() + MAX_DRIFT_MS:
                raise StampError(f"stamp too far in the future: {stamp}")
            if (seen.ms, seen.counter) > (self._ms, self._counter):
                self._ms, self._counter = seen.ms, seen.counter

    def wall_ms(self) -> int:
        return self._now_ms()

    def lead_ms(self) -> int:
        """How far the last stamp issued or seen is ahead of the wall clock (negative: behind)."""
        with self._lock:
            return self._ms - self._now_ms() if self._ms else 0

    @property
    def last(self) -> str:
        with self._lock:
            return str(Stamp(self._ms, self._counter, self.device))


def clock_warning(clock: HybridClock) -> tuple[str, int] | None:
    """``("behind", minutes)`` when the wall clock is behind the last stamp this device wrote
    or merged (the clock was set back, or ran ahead before): stamps stay monotonic, so work
    goes on, but dates typed from "today" may be wrong. ``("ahead", days)`` when the wall
    clock is far past the last stamp (a clock set far ahead, or a long unused laptop)."""
    lead = clock.lead_ms()  # 0 before the first stamp: nothing to compare with
    if lead > BEHIND_WARN_MS:
        return "behind", lead // 60_000
    if -lead > AHEAD_WARN_MS:
        return "ahead", -lead // 86_400_000
    return None
