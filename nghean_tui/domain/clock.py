"""Today's date, in one place.

``NGHEAN_TODAY=2026-11-20`` fixes it (tests, screenshots, reproducible benchmarks and demos);
otherwise it is the computer's date.
"""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    fixed = os.environ.get("NGHEAN_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()
