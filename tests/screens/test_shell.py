"""The application shell: first run, recovery code, unlock, lock."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, OptionList, Static

from nghean_tui.app import NgheanApp
from nghean_tui.domain import models
from nghean_tui.i18n import set_language
from nghean_tui.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.screens.conftest import workers_done


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language("vi")


async def settle(pilot) -> None:
    await workers_done(pilot.app)
    await pilot.pause()


def screen_text(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


async def test_first_run_creates_the_database_and_shows_the_code_once(data_dir):
    vault = Vault(data_dir)
    app = NgheanApp(vault)
    async with app.run_test(size=(100, 30)) as pilot:
        assert type(app.screen).__name__ == "SetupScreen"
        await pilot.press(*"my ly")
        units = app.screen.query_one("#units", OptionList)
        assert units.option_count == 1  # "Mỹ Lý" found without diacritics
        app.screen.query_one("#officer", Input).value = "Lương Văn Thắng"
        app.screen.query_one("#pass1", Input).value = "short"
        app.screen.query_one("#pass2", Input).value = "short"
        app.screen.query_one("#pass2", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "8" in str(app.screen.query_one("#error", Static).render())
        assert not vault.initialised  # nothing created from a refused form
        app.screen.query_one("#pass1", Input).value = PASSPHRASE
        app.screen.query_one("#pass2", Input).value = PASSPHRASE
        app.screen.query_one("#pass2", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecoveryCodeScreen"
        code = app.screen.code
        assert vault.initialised
        await pilot.press(*"ZZZZ", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecoveryCodeScreen"
        app.screen.query_one("#confirm", Input).value = code.split("-")[-1].lower()
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        # The first day's steps come over the workspace: hamlets first.
        assert type(app.screen).__name__ == "HamletsStep"
        await pilot.press(*"Thôn", "space", "1", "enter", *"Bản Phá Lé", "ctrl+t")
        await settle(pilot)
        assert "Đã thêm 2 thôn/bản" in screen_text(app)
        await pilot.press("f10")
        await settle(pilot)
        assert type(app.screen).__name__ == "OfficersStep"
        await pilot.press("escape")  # skipped: found again in Settings
        await settle(pilot)
        assert type(app.screen).__name__ == "StationStep"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert "Mỹ Lý" in screen_text(app)
        with app.db.read() as session:
            hamlets = sorted(h.name for h in session.exec(select(models.Hamlet)))
        assert hamlets == ["Bản Phá Lé", "Thôn 1"]
    vault.close()
    db = Vault(data_dir).unlock(recovery_code=code)
    db.close()


async def test_first_run_refuses_a_weak_passphrase_and_says_why(data_dir):
    vault = Vault(data_dir)
    app = NgheanApp(vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"my ly")
        app.screen.query_one("#officer", Input).focus()
        await pilot.press(*"Lương Văn Thắng")
        app.screen.query_one("#pass1", Input).focus()
        await pilot.press(*"congan123")
        await pilot.pause()
        meter = str(app.screen.query_one("#strength", Static).render())
        assert "Rất yếu" in meter and "chưa đủ" in meter
        app.screen.query_one("#pass2", Input).value = "congan123"
        app.screen.query_one("#pass2", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one("#error", Static).render())
        assert "Mật khẩu dễ đoán" in error and "“công an”" in error
        assert "bốn, năm từ" in error  # and how to choose a better one
        # The officer's own name is a weak passphrase on this screen too.
        app.screen.query_one("#pass1", Input).value = "luongvanthang1985"
        app.screen.query_one("#pass2", Input).value = "luongvanthang1985"
        app.screen.query_one("#pass2", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "tên cán bộ" in str(app.screen.query_one("#error", Static).render())
        assert type(app.screen).__name__ == "SetupScreen"
        assert not vault.initialised  # nothing created from a refused form
        app.screen.query_one("#pass1", Input).value = "trâu ăn cỏ bờ sông lam"
        await pilot.pause()
        meter = str(app.screen.query_one("#strength", Static).render())
        assert meter == "Độ mạnh: Rất mạnh"
    vault.close()


async def test_unlock_wrong_then_right_then_lock(new_db, data_dir):
    new_db.close()
    vault = new_db.vault
    vault.throttle.base = 0.01
    app = NgheanApp(vault)
    async with app.run_test(size=(100, 30)) as pilot:
        assert type(app.screen).__name__ == "UnlockScreen"
        await pilot.press(*"not it", "enter")
        await settle(pilot)
        assert "không đúng" in str(app.screen.query_one("#error", Static).render())
        assert app.db is None
        await pilot.pause(0.05)
        app.screen.query_one("#secret", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen" and app.db is not None
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert type(app.screen).__name__ == "LockScreen" and app.db is None
