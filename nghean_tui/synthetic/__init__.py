"""Synthetic, reproducible data for the application's tables (demo profile and load tests).

Pure Python on the standard library's :mod:`random`: no database access, no UI.
"""

from __future__ import annotations

from nghean_tui.synthetic.generator import STORAGE_FILLED, Ctx, generate

__all__ = ["Ctx", "generate", "STORAGE_FILLED"]
