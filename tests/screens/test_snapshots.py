"""Screenshots of every main screen at 80×24, in Vietnamese and English.

Regenerate after an intended change with ``pytest tests/screens --snapshot-update`` and look
at the pictures (``snapshot_report.html``) before committing them.
"""

from __future__ import annotations

import shutil

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
        await _go(pilot, "f3", "slash", *"lau", "down")  # Down: to the list (Enter opens the first)

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


@pytest.mark.parametrize("lang", LANGS)
def test_settings(snap_compare, demo_app, lang, monkeypatch):
    """What differs on every run (the test's folder, the demo's random keys, the release) is
    fixed, so the picture is the same each time."""
    import dataclasses

    from nghean_tui.storage import officers

    real = officers.about

    def about(db):
        return dataclasses.replace(
            real(db),
            version="9.9.9",
            data_dir="/home/canbo/.local/share/nghean-tui",
            database_fingerprint="1111-2222-3333-4444",
            device_fingerprint="5555-6666-7777-8888",
        )

    monkeypatch.setattr(officers, "about", about)

    async def run(pilot):
        await _go(pilot, "f9")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_lock(snap_compare, demo_app, lang):
    """Locked over Today: nothing of the records shows through."""

    async def run(pilot):
        await _go(pilot, "ctrl+l")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.fixture
def shell_app(demo_template, tmp_path):
    """``make(lang, initialised=…)`` → the application at start, nothing unlocked: on a copy
    of the demo database (the unlock screen) or on an empty folder (first run, setup)."""
    from nghean_tui.app import NgheanApp
    from nghean_tui.config import Settings
    from nghean_tui.i18n import set_language
    from nghean_tui.storage.vault import Vault

    vaults = []

    def make(lang: str, *, initialised: bool):
        set_language(lang)
        folder = tmp_path / f"data-{len(vaults)}"
        if initialised:
            shutil.copytree(demo_template, folder)
            (folder / "nghean.lock").unlink(missing_ok=True)
        vault = Vault(folder)
        vaults.append(vault)
        return NgheanApp(vault, settings=Settings(lang=lang, idle_lock_minutes=0))

    yield make
    for vault in vaults:
        vault.close()


@pytest.mark.parametrize("lang", LANGS)
def test_unlock(snap_compare, shell_app, lang):
    assert snap_compare(shell_app(lang, initialised=True), terminal_size=(80, 24), run_before=_go)


@pytest.mark.parametrize("lang", LANGS)
def test_setup(snap_compare, shell_app, lang):
    """First run, the commune looked for without diacritics ("my ly" finds Mỹ Lý)."""

    async def run(pilot):
        await _go(pilot, *"my ly")

    assert snap_compare(shell_app(lang, initialised=False), terminal_size=(80, 24), run_before=run)
