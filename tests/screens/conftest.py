"""Screens are tested on the demo database, built once with a fixed date and seed so every
screenshot is the same on every machine and every day."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from nghean_tui.i18n import set_language

TODAY = "2026-11-20"
DEMO_PASSPHRASE = "demo nghe an 2026"


@pytest.fixture(autouse=True)
def fixed_day_and_language(monkeypatch):
    monkeypatch.setenv("NGHEAN_TODAY", TODAY)
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A demo database made once per test session (copied for each test that uses it)."""
    import os

    from nghean_tui.demo import prepare_demo

    old = os.environ.get("NGHEAN_TODAY")
    os.environ["NGHEAN_TODAY"] = TODAY
    try:
        folder = tmp_path_factory.mktemp("demo-template") / "demo"
        vault, db, _ = prepare_demo(str(folder), DEMO_PASSPHRASE, "16816")
        db.close()
        vault.close()
    finally:
        if old is None:
            os.environ.pop("NGHEAN_TODAY", None)
        else:
            os.environ["NGHEAN_TODAY"] = old
    return folder


@pytest.fixture
def demo_app(demo_template, tmp_path):
    """``make(lang)`` → an unlocked application on a fresh copy of the demo database."""
    from nghean_tui.app import NgheanApp
    from nghean_tui.config import Settings
    from nghean_tui.storage.vault import Vault

    opened = []

    def make(lang: str = "vi", *, idle_minutes: int = 0) -> NgheanApp:
        set_language(lang)
        folder = tmp_path / f"demo-{len(opened)}"
        shutil.copytree(demo_template, folder)
        (folder / "nghean.lock").unlink(missing_ok=True)
        vault = Vault(folder)
        db = vault.unlock(passphrase=DEMO_PASSPHRASE)
        app = NgheanApp(vault, db, settings=Settings(lang=lang, idle_lock_minutes=idle_minutes))
        opened.append((vault, app))
        return app

    yield make
    for vault, app in opened:
        if app.db is not None:
            app.db.close()
        vault.close()


async def workers_done(app) -> None:
    """Wait for the running workers. One superseded by a newer one of its group (exclusive
    workers: a screen reloading what it shows) is cancelled, which is not a failure."""
    from textual.worker import WorkerCancelled

    results = await asyncio.gather(*(w.wait() for w in list(app.workers)), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
            raise result


async def settle(pilot) -> None:
    """Wait until every worker has finished and the screen has been redrawn."""
    for _ in range(3):
        await workers_done(pilot.app)
        await pilot.pause()
    await pilot.pause(0.05)  # one more frame: footers and scrollbars settle after layout
