"""A growing wait after wrong passphrases, kept in a file so a restart does not reset it.

The file holds no secret: a failure count, the time of the last failure and which keyslot
opened the database last (tried first next time, so one officer's unlock costs one KDF run).
Someone who can edit this file can also copy the database and guess offline; the wait is
against guessing at the keyboard, not a substitute for a strong passphrase.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from nghean_tui.storage.atomic import write_atomic

BASE_DELAY_S = 1.0
MAX_DELAY_S = 300.0


def delay_after(failures: int, base: float = BASE_DELAY_S, cap: float = MAX_DELAY_S) -> float:
    """Seconds to wait after ``failures`` consecutive wrong attempts: 0, 1, 2, 4, … capped."""
    if failures <= 0:
        return 0.0
    return min(cap, base * 2 ** min(failures - 1, 30))


class UnlockThrottle:
    def __init__(
        self, path: Path, *, base: float = BASE_DELAY_S, cap: float = MAX_DELAY_S, clock=time.time
    ) -> None:
        self.path = Path(path)
        self.base, self.cap, self._clock = base, cap, clock
        self.failures, self.last_failure = 0, 0.0
        self.last_slot: str | None = None
        self._load()

    def _load(self) -> None:
        try:
            state = json.loads(self.path.read_bytes())
            self.failures = max(0, int(state.get("failures", 0)))
            self.last_failure = float(state.get("last_failure", 0.0))
            slot = state.get("last_slot")
            self.last_slot = slot if isinstance(slot, str) else None
        except FileNotFoundError:
            pass
        except (ValueError, TypeError, AttributeError, OSError):
            # A damaged state file must not let anyone skip the wait: assume the worst seen.
            self.failures, self.last_failure = 8, self._clock()

    def _save(self) -> None:
        state = {
            "failures": self.failures,
            "last_failure": self.last_failure,
            "last_slot": self.last_slot,
        }
        write_atomic(self.path, json.dumps(state).encode())

    def remaining(self) -> float:
        """Seconds before the next attempt is allowed (0 when it is allowed now)."""
        if self.failures == 0:
            return 0.0
        now = self._clock()
        if now < self.last_failure:  # the clock went back: restart the wait from now
            self.last_failure = now
        return max(0.0, self.last_failure + delay_after(self.failures, self.base, self.cap) - now)

    def record_failure(self) -> float:
        self.failures += 1
        self.last_failure = self._clock()
        self._save()
        return delay_after(self.failures, self.base, self.cap)

    def record_success(self, slot_id: str | None) -> None:
        if self.failures or slot_id != self.last_slot:
            self.failures, self.last_failure, self.last_slot = 0, 0.0, slot_id
            self._save()
