"""A worker that fails — list page, form save, first run, unlock, a dialog's search, the
drives lookup, what is done with a result — shows a translated message and the application
keeps running; nothing of the record the failure carried (its text, the local variables a
traceback would print) reaches the screen or the terminal. An error nothing catches stops
the application with one translated line, the traceback only with NGHEAN_DEBUG=1."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Static

from nghean_tui.app import NgheanApp
from nghean_tui.errors import Stopped
from nghean_tui.i18n import set_language
from nghean_tui.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.screens.conftest import settle

# A person's row, as a failure's text or a worker's local variables would hold it.
SECRET = "Lò Thị Bí Mật 040199001122"
SHOWN_VI = "Lỗi không mong đợi (RuntimeError)"
SHOWN_EN = "Unexpected error (RuntimeError)"


def leak(*args, **kwargs):
    row = {"full_name": SECRET, "citizen_id": SECRET.split()[-1]}  # a local a traceback shows
    raise RuntimeError(f"UNIQUE constraint failed: {row}")


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def everything_shown(app) -> str:
    texts = [str(w.render()) for w in app.screen.query(Static)]
    return " ".join(texts + notices(app))


async def until(pilot, condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


def still_running(app) -> bool:
    return app.is_running and app.return_code is None and app._exception is None


def nothing_leaked(app, capfd) -> None:
    out, err = capfd.readouterr()
    assert SECRET not in everything_shown(app)
    assert SECRET not in out + err and "Traceback" not in out + err


async def test_a_list_page_that_fails_to_load_is_a_message(demo_app, capfd):
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#people")
        rows_before = list(table.rows_data)
        table.reload(leak)
        await until(pilot, lambda: SHOWN_VI in " ".join(notices(app)))
        assert still_running(app) and type(app.screen).__name__ == "PeopleScreen"
        assert table.rows_data == rows_before and not table.loading_page
        nothing_leaked(app, capfd)


async def test_a_form_whose_save_fails_says_so_and_keeps_what_was_typed(demo_app, capfd):
    from nghean_tui.widgets.fields import FieldSpec
    from nghean_tui.widgets.form import FormScreen

    app = demo_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        form = FormScreen("A form", [FieldSpec("notes")], {"notes": "typed"}, save=leak)
        await app.push_screen(form)
        await pilot.press("ctrl+s")
        status = form.query_one("#form-status", Static)
        await until(pilot, lambda: SHOWN_EN in str(status.render()))
        assert still_running(app) and app.screen is form and not form._saving
        assert form.collect() == {"notes": "typed"}
        nothing_leaked(app, capfd)


async def test_a_first_run_that_fails_says_so_and_can_be_tried_again(data_dir, capfd):
    vault = Vault(data_dir)
    vault.create = leak
    app = NgheanApp(vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"my ly")
        app.screen.query_one("#officer", Input).value = "Lương Văn Thắng"
        app.screen.query_one("#pass1", Input).value = PASSPHRASE
        app.screen.query_one("#pass2", Input).value = PASSPHRASE
        app.screen.query_one("#pass2", Input).focus()
        await pilot.press("enter")
        error = app.screen.query_one("#error", Static)
        await until(pilot, lambda: SHOWN_VI in str(error.render()))
        assert still_running(app) and type(app.screen).__name__ == "SetupScreen"
        assert not app.screen.query_one("#create").disabled
        nothing_leaked(app, capfd)
    vault.close()


async def test_an_unlock_whose_next_step_fails_is_a_message_not_a_crash(new_db, capfd):
    """On main the unlock worker's own ``exit_on_error`` ended the application here, its
    traceback printing the passphrase among the worker's local variables."""
    new_db.close()
    vault = new_db.vault
    app = NgheanApp(vault)
    async with app.run_test(size=(100, 30)) as pilot:
        app.enter_workspace = leak
        app.screen.query_one("#secret", Input).value = PASSPHRASE
        app.screen.query_one("#secret", Input).focus()
        await pilot.press("enter")
        error = app.screen.query_one("#error", Static)
        await until(pilot, lambda: SHOWN_VI in str(error.render()))
        assert still_running(app) and type(app.screen).__name__ == "UnlockScreen"
        nothing_leaked(app, capfd)
        out, err = capfd.readouterr()
        assert PASSPHRASE not in out + err
    if app.db is not None:
        app.db.close()


async def test_an_unlock_that_fails_says_why(new_db, capfd):
    new_db.close()
    vault = new_db.vault
    vault.unlock = leak
    app = NgheanApp(vault)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#secret", Input).value = PASSPHRASE
        app.screen.query_one("#secret", Input).focus()
        await pilot.press("enter")
        secret = app.screen.query_one("#secret", Input)
        error = app.screen.query_one("#error", Static)
        await until(pilot, lambda: SHOWN_VI in str(error.render()))
        assert still_running(app) and not secret.disabled
        nothing_leaked(app, capfd)


async def test_a_pickers_search_that_fails_is_a_message(demo_app, capfd):
    from nghean_tui.widgets.dialogs import PickerDialog

    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = PickerDialog("Chọn người", leak)
        await app.push_screen(dialog)
        await until(pilot, lambda: SHOWN_VI in " ".join(notices(app)))
        await pilot.press("a")
        assert still_running(app) and app.screen is dialog
        nothing_leaked(app, capfd)


async def test_a_drive_lookup_that_fails_is_a_message(demo_app, capfd, monkeypatch):
    from nghean_tui.storage import drives
    from nghean_tui.widgets.sync_dialogs import FolderDialog

    monkeypatch.setattr(drives, "removable_drives", leak)
    app = demo_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = FolderDialog("Where")
        await app.push_screen(dialog)
        label = dialog.query_one("#drives-label", Static)
        await until(pilot, lambda: SHOWN_EN in str(label.render()))
        assert still_running(app) and app.screen is dialog
        nothing_leaked(app, capfd)


async def test_what_is_done_with_a_result_failing_is_a_message_too(demo_app, capfd):
    """A worker's result is used on the interface thread; failing there used to leave the
    worker failed in silence."""
    from nghean_tui.screens.base import db_run

    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        db_run(app.screen, lambda db: db.unit_code, done=leak)
        await until(pilot, lambda: SHOWN_VI in " ".join(notices(app)))
        assert still_running(app)
        nothing_leaked(app, capfd)


async def test_a_database_worker_failing_is_a_message(demo_app, capfd):
    """Every database worker goes the same way: db_run's failure is the app's message."""
    from nghean_tui.screens.base import db_run

    app = demo_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        db_run(app.screen, leak)
        await until(pilot, lambda: SHOWN_EN in " ".join(notices(app)))
        assert still_running(app)
        nothing_leaked(app, capfd)


@pytest.mark.parametrize(
    "lang, line",
    [
        ("vi", "nghean-tui đã dừng vì một lỗi không mong đợi (RuntimeError)"),
        ("en", "nghean-tui stopped after an unexpected error (RuntimeError)"),
    ],
)
async def test_an_error_nothing_caught_stops_with_one_translated_line(
    demo_app, capfd, monkeypatch, lang, line
):
    monkeypatch.delenv("NGHEAN_DEBUG", raising=False)
    app = demo_app(lang)
    with pytest.raises(Stopped) as stopped:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.call_later(leak)
            await asyncio.sleep(0.5)
    assert isinstance(stopped.value.__cause__, RuntimeError)
    assert app.return_code == 1
    out, err = capfd.readouterr()
    assert line in err and len(err.strip().splitlines()) == 1, err
    assert SECRET not in out + err and "Traceback" not in err and "row" not in err
    set_language("vi")


async def test_nghean_debug_brings_the_traceback_back(demo_app, capfd, monkeypatch):
    monkeypatch.setenv("NGHEAN_DEBUG", "1")
    app = demo_app()
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.call_later(leak)
            await asyncio.sleep(0.5)
    _, err = capfd.readouterr()
    assert "Traceback" in err
