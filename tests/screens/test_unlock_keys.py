"""The unlock and lock screens (issue 12): focus, the recovery key, the wait, whose data it
is, the demo's passphrase, Ctrl+Q."""

from __future__ import annotations

import shutil

from textual.widgets import Input, Static

from nghean_tui.app import NgheanApp
from nghean_tui.storage import nameplate
from tests.conftest import PASSPHRASE
from tests.screens.conftest import DEMO_PASSPHRASE, settle


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def wait_until(pilot, condition, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("never happened")


async def test_typing_during_the_wait_changes_nothing(new_db):
    new_db.close()
    vault = new_db.vault
    vault.throttle.base = 1.5
    app = NgheanApp(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        secret = app.screen.query_one("#secret", Input)
        assert app.focused is secret  # focus starts in the passphrase field
        await pilot.press(*"wrong", "enter")
        await settle(pilot)
        assert secret.disabled
        # The real passphrase (with its spaces) typed during the wait: dropped, and the
        # mode stays the passphrase's.
        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        panel = app.screen.query_one("UnlockPanel")
        assert not panel.recovery and secret.password
        assert secret.value == "" and app.db is None
        await wait_until(pilot, lambda: not secret.disabled)
        assert app.focused is secret and secret.value == ""
        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen" and app.db is not None


async def test_recovery_code_only_by_f2(new_db):
    new_db.close()
    vault = new_db.vault
    app = NgheanApp(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("UnlockPanel")
        assert "F2" in shown(app.screen, "#mode")
        await pilot.press("f2")
        await settle(pilot)
        secret = app.screen.query_one("#secret", Input)
        assert panel.recovery and not secret.password and app.focused is secret
        assert "Mã khôi phục" in str(app.screen.query_one("#prompt").render())
        await pilot.press(*new_db.recovery_code, "enter")
        await settle(pilot)
        assert app.db is not None and app.db.unlocked_by == "recovery"


async def test_unlock_names_the_unit_and_the_officers_not_the_demo_passphrase(new_db):
    new_db.close()
    app = NgheanApp(new_db.vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        who = shown(app.screen, "#who")
        assert "Mỹ Lý" in who and "16816" in who
        assert "Lương Văn Thắng" in who
        assert shown(app.screen, "#demo") == ""
        assert DEMO_PASSPHRASE not in str(app.screen.query_one("UnlockPanel").render())


async def test_a_hostile_nameplate_names_nobody_and_shows_names_literally(new_db):
    new_db.close()
    folder = new_db.vault.data_dir
    nameplate.write(folder, nameplate.Nameplate("16816", ("[red]Kẻ gian[/red]",), demo=True))
    app = NgheanApp(new_db.vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[red]Kẻ gian[/red]" in shown(app.screen, "#who")  # shown as typed
        assert shown(app.screen, "#demo") == ""  # not the demo's folder: no passphrase
    (folder / nameplate.FILE).write_bytes(b"[" * 5000)
    app = NgheanApp(new_db.vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(app.screen, "#who") == ""


async def test_the_demo_shows_its_passphrase_on_unlock(demo_template, tmp_path):
    from nghean_tui.storage.vault import Vault

    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    (folder / "nghean.lock").unlink(missing_ok=True)
    vault = Vault(folder)
    try:
        app = NgheanApp(vault)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert DEMO_PASSPHRASE in shown(app.screen, "#demo")
            # Colleagues without a passphrase are not listed as able to unlock.
            who = shown(app.screen, "#who")
            assert "Lương Văn Thắng" in who and "Vi Văn Nam" not in who
    finally:
        vault.close()


async def test_ctrl_q_quits_from_the_lock_screen(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert type(app.screen).__name__ == "LockScreen"
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
