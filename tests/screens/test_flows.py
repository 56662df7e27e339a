"""Pilot tests of what officers do, asserting on the screen and on the database."""

from __future__ import annotations

import time

from sqlalchemy import text
from textual.widgets import DataTable, Input, Select, Static

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from tests.conftest import PASSPHRASE
from tests.screens.conftest import settle


def rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def table_text(screen, selector: str) -> str:
    table = screen.query_one(selector, DataTable)
    return " ".join(str(cell) for r in range(table.row_count) for cell in table.get_row_at(r))


def fill(screen, **values) -> None:
    for name, value in values.items():
        widget = screen.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            widget.value = value


async def test_new_person_episode_contact_changes_today(new_db, data_dir):
    from nghean_tui.domain import models
    from nghean_tui.storage.records import Records

    Records(new_db).create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    vault = new_db.vault
    app = NgheanApp(vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert "0" in str(app.screen.query_one("#due-counts", Static).render())
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "PersonFormScreen"
        hamlet = form.query_one("#f-hamlet_id", Select)._options[-1][1]
        fill(form, full_name="Lầu Bá Chống", sex="male", birth_year="1990", hamlet_id=hamlet)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonPage"
        person_id = app.screen.person_id
        assert rows(new_db, "SELECT full_name FROM person WHERE id = :i", i=person_id) == [
            ("Lầu Bá Chống",)
        ]

        await pilot.press("d")  # a new management episode
        await settle(pilot)
        form = app.screen
        fill(
            form,
            episode_type="drug_user",
            decision_number="21/QĐ-UBND",
            decision_date="01/09/2026",
            start_date="01/09/2026",
        )
        await settle(pilot)
        preview = str(form.query_one("#planned-end", Static).render())
        assert "01/09/2027" in preview  # shown before saving
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonPage"
        assert rows(new_db, "SELECT planned_end FROM management_episode") == [("2027-09-01",)]

        await pilot.press("f2")
        await settle(pilot)
        today = app.screen
        assert "Lầu Bá Chống" in table_text(today, "#due")  # the monthly check is overdue
        overdue_before = str(today.query_one("#due-counts", Static).render())

        await pilot.press("enter")  # one key to record the residence check
        await settle(pilot)
        form = app.screen
        assert form.query_one("#f-kind", Select).value == "residence_check"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        await settle(pilot)
        assert "Lầu Bá Chống" not in table_text(app.screen, "#due")
        assert str(app.screen.query_one("#due-counts", Static).render()) != overdue_before
    assert len(rows(new_db, "SELECT id FROM contact")) == 1


async def test_a_person_transferred_away_is_read_only_here(new_db, data_dir):
    """x records the move and closes the episode; the page then says where the person went,
    offers no more writes, and the transfer itself can still be opened."""
    from nghean_tui.domain import models
    from nghean_tui.storage.records import Records

    records = Records(new_db)
    person = records.create(
        models.Person, {"full_name": "Lò Văn Pản", "sex": "male", "birth_year": 1988}
    )
    records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "01/06/2026",
            "start_date": "01/06/2026",
        },
    )
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from nghean_tui.screens.person import PersonPage

        app.push_screen(PersonPage(person.id))
        await settle(pilot)
        page = app.screen
        assert page.check_action("edit", ()) is True
        await pilot.press("x")
        await settle(pilot)
        fill(app.screen, to_unit_code="16822")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is page
        assert "Đã chuyển đến" in str(page.query_one("#current", Static).render())
        assert rows(new_db, "SELECT status FROM management_episode") == [("transferred_out",)]
        for action in ("edit", "test", "contact", "new_episode", "transfer"):
            assert page.check_action(action, ()) is False
        assert page.check_action("open_record", ()) is True
        before = rows(new_db, "SELECT version FROM person")
        await pilot.press("e", "t")  # nothing opens
        await settle(pilot)
        assert app.screen is page and rows(new_db, "SELECT version FROM person") == before


async def test_a_form_with_errors_saves_nothing_and_esc_asks(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = rows(app.db, "SELECT count(*) FROM person")
        await pilot.press("f3", "n")
        await settle(pilot)
        form = app.screen
        fill(form, full_name="Người Thử", birth_date="31/02/1990", citizen_id="12345")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still on the form
        errors = {w.id: str(w.render()) for w in form.query(".field-error") if str(w.render())}
        assert {"e-sex", "e-birth_date", "e-citizen_id"} <= set(errors)
        assert rows(app.db, "SELECT count(*) FROM person") == before
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"  # unsaved changes: asks
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert type(app.screen).__name__ == "PeopleScreen"
    assert rows(app.db, "SELECT count(*) FROM person") == before


async def test_esc_on_an_untouched_form_just_goes_back(demo_app):
    app = demo_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "PeopleScreen"


async def test_idle_lock_keeps_the_open_form(demo_app):
    app = demo_app("vi", idle_minutes=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        await settle(pilot)
        form = app.screen
        fill(form, full_name="Đang gõ dở")
        app.last_activity = time.monotonic() - 6 * 60
        app._check_idle()
        await settle(pilot)
        assert type(app.screen).__name__ == "LockScreen" and app.db is None
        app.screen.query_one("#secret", Input).value = "demo nghe an 2026"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form and app.db is not None
        assert form.query_one("#f-full_name", Input).value == "Đang gõ dở"


async def test_markup_in_names_is_shown_literally(demo_app):
    from nghean_tui.domain import models
    from nghean_tui.storage.records import Records

    app = demo_app("vi")
    person = Records(app.db).create(
        models.Person,
        {"full_name": "[bold red]Xồng[/] Bá", "sex": "male", "birth_year": 1990},
        confirm_warnings=True,
    )
    with app.db.engine.begin() as conn:  # as data from elsewhere might hold (forms refuse it)
        conn.execute(
            text("UPDATE person SET aliases = :a WHERE id = :i"), {"a": "\x1b[31m", "i": person.id}
        )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(
            "f3", "slash", *"xong ba", "down"
        )  # Down: to the list (Enter opens the first)
        await settle(pilot)
        shown = table_text(app.screen, "#people")
        assert "[bold red]Xồng[/] Bá" in shown
        await pilot.press("enter")
        await settle(pilot)
        title = str(app.screen.query_one("#name", Static).render())
        assert "[bold red]Xồng[/] Bá" in title and "\x1b" not in title
        assert "(\\x1b[31m)" in title  # the escape written out, as the command line writes it


async def test_settings_officer_passphrase_and_recovery(demo_app):
    app = demo_app("vi")
    vault = app.vault
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        fill(app.screen, full_name="Vi Văn Nam", position="Cán bộ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "PassphraseDialog"
        dialog.query_one("#new", Input).value = "vivannam2026"  # the officer's own name
        dialog.query_one("#again", Input).value = "vivannam2026"
        dialog.query_one("#again", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "tên cán bộ" in str(dialog.query_one("#error", Static).render())
        assert "chưa đủ" in str(dialog.query_one("#strength", Static).render())
        assert len(vault.officers_with_passphrase()) == 1
        dialog.query_one("#new", Input).value = "ngựa trắng leo đèo mù sương"
        dialog.query_one("#again", Input).value = "ngựa trắng leo đèo mù sương"
        dialog.query_one("#again", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert len(vault.officers_with_passphrase()) == 2
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecoveryCodeScreen"
        code = app.screen.code
        key = app.db.key
    vault.keyslots.load()
    assert vault.keyslots.unlock_recovery(code).dbk == key


async def test_changing_my_passphrase_asks_for_the_current_one(demo_app):
    app = demo_app("en")
    vault = app.vault
    vault.throttle.base = 0.01
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        mine = next(i for i, row in enumerate(app.screen.rows) if row.is_me)
        app.screen.query_one("#officers", DataTable).move_cursor(row=mine)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#current", Input).value = "not the passphrase"
        dialog.query_one("#new", Input).value = "a brand new passphrase"
        dialog.query_one("#again", Input).value = "a brand new passphrase"
        dialog.query_one("#again", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
    vault.keyslots.load()
    assert vault.keyslots.unlock_passphrase("demo nghe an 2026").officer_id  # unchanged


async def test_language_change_rebuilds_the_app(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        app.screen.query_one("#lang", Select).value = "en"
        await settle(pilot)
    assert app.restart and app.settings.lang == "en"
    assert Settings.load(app.vault.data_dir).lang == "en"
    assert app.db is not None and not app.db.closed  # still unlocked for the new app


async def test_no_color_still_works(demo_app, monkeypatch):
    """With NO_COLOR the same keys open the same person, every word on the screen is still
    there, and the screen is drawn in greys only (so nothing is told by colour alone)."""

    async def person_screen(no_color: bool) -> tuple[list[str], set[tuple[int, int, int]]]:
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        app = demo_app("vi")
        assert app.no_color is no_color
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f3", "down", "enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "PersonPage"
            strips = app.screen._compositor.render_strips()
        colours = {
            colour.get_truecolor()[:3]
            for strip in strips
            for segment in strip
            if segment.style
            for colour in (segment.style.color, segment.style.bgcolor)
            if colour is not None
        }
        return [strip.text for strip in strips], colours

    coloured_text, coloured = await person_screen(no_color=False)
    plain_text, plain = await person_screen(no_color=True)
    assert plain_text == coloured_text
    assert any(len(set(rgb)) > 1 for rgb in coloured)  # the normal screen has colour
    assert plain and all(len(set(rgb)) == 1 for rgb in plain), plain - {
        rgb for rgb in plain if len(set(rgb)) == 1
    }


async def test_wrong_passphrase_at_start_shows_the_wait(new_db, data_dir):
    new_db.close()
    vault = new_db.vault
    vault.throttle.base = 3.0  # long enough that a busy machine still sees the wait
    app = NgheanApp(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"wrong", "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#error", Static).render())
        assert "không đúng" in message and "3" in message
        secret = app.screen.query_one("#secret", Input)
        assert secret.disabled  # nothing can be tried during the wait
        for _ in range(100):  # the wait ends by itself
            if not secret.disabled:
                break
            await pilot.pause(0.1)
        assert not secret.disabled
        secret.value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"


async def test_a_commune_reaches_its_own_charts_from_the_palette(demo_app):
    app = demo_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Charts" in titles
        app.action_own_charts()
        await settle(pilot)
        charts = app.screen
        assert type(charts).__name__ == "ChartsScreen"
        assert charts.data is not None and charts.data.unit == app.db.unit_code
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"


async def test_each_section_and_record_page_loads_once_when_shown(demo_app, monkeypatch):
    """Textual announces a section's first screen twice and it is mounted too: loading on
    each would throw work away (the second load replaces the first, prefetched one). A
    record's page is mounted and announced too when it opens: one load; back in front after
    something covered it (help, here), one more."""
    import collections
    import importlib
    import pkgutil

    import nghean_tui.screens as screens
    from nghean_tui.screens import base
    from nghean_tui.screens.hotspots import HotspotPage
    from nghean_tui.screens.patrols import PatrolPage
    from nghean_tui.screens.person import PersonPage
    from nghean_tui.screens.teams import TeamPage
    from nghean_tui.screens.tips import TipPage

    pages = {
        PersonPage: "person",
        PatrolPage: "patrol",
        TeamPage: "team",
        HotspotPage: "hotspot",
        TipPage: "tip",
    }

    # Every section class defined (the Sync screens are in a package of their own).
    for module in pkgutil.walk_packages(screens.__path__, prefix="nghean_tui.screens."):
        importlib.import_module(module.name)
    loads = collections.Counter()
    for cls in {c for c in _subclasses(base.Section) if "refresh_data" in c.__dict__}:
        original = cls.__dict__["refresh_data"]

        def counted(self, _original=original):
            loads[type(self).__name__] += 1
            return _original(self)

        monkeypatch.setattr(cls, "refresh_data", counted)
    page_loads = collections.Counter()
    for cls in pages:

        def counted_page(self, _original=cls.refresh_data):
            page_loads[type(self).__name__] += 1
            return _original(self)

        monkeypatch.setattr(cls, "refresh_data", counted_page)
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("f3", "f4", "f5", "f6", "f7", "f8", "f9"):
            await pilot.press(key)
            await settle(pilot)
        assert type(app.screen).__name__ == "SettingsScreen"
        shown = collections.Counter(loads)  # Settings loads again each time a page closes
        for cls, table in pages.items():
            name = cls.__name__
            record_id = rows(app.db, f"SELECT id FROM {table} WHERE NOT deleted LIMIT 1")[0][0]
            app.push_screen(cls(record_id))
            await settle(pilot)
            assert app.screen.detail is not None, name  # shown
            assert page_loads[name] == 1, page_loads
            await pilot.press("f1")
            await settle(pilot)
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen) is cls
            assert page_loads[name] == 2, page_loads
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "SettingsScreen"
    assert set(shown) >= {
        "TodayScreen",
        "PeopleScreen",
        "PatrolsScreen",
        "TeamsScreen",
        "HotspotsScreen",
        "TipsScreen",
        "SettingsScreen",
    }, shown
    assert set(shown.values()) == {1}, shown


def _subclasses(cls) -> list:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found
