"""Fixtures for the synthetic generator tests."""

from __future__ import annotations

import pytest

from nghean_tui.synthetic import Ctx

from .checks import TODAY, run_checked


@pytest.fixture(scope="session")
def border_ctx() -> Ctx:
    return Ctx(unit_code="16858", today=TODAY, hamlets=[], officers=[], border=True)


@pytest.fixture(scope="session")
def demo(border_ctx: Ctx) -> dict[str, list[dict]]:
    return run_checked(border_ctx, persons=0, demo=True, seed=7)
