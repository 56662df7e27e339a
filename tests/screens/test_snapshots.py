"""Screenshots of every main screen at 80×24, in Vietnamese and English.

Regenerate after an intended change with ``pytest tests/screens --snapshot-update`` and look
at the pictures (``snapshot_report.html``) before committing them.
"""

from __future__ import annotations

import pytest

from tests.screens.conftest import settle

LANGS = ["vi", "en"]


async def _go(pilot, *keys) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize("lang", LANGS)
def test_today(snap_compare, demo_app, lang):
    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=_go)


@pytest.mark.parametrize("lang", LANGS)
def test_indicators(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "i")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_people(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f3")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_people_searched(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f3", "slash", *"lau", "enter")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_person(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f3", "down", "down", "enter")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_person_form(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f3", "n")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_help(snap_compare, demo_app, lang):
    async def run(pilot):
        await _go(pilot, "f1")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)
