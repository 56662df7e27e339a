"""Hostile text in the database (:mod:`tests.reports.outside`: escape sequences and markup, as a
bundle could bring them) is shown literally and escaped on every screen, and never reaches the
terminal as itself; forms refuse it."""

from __future__ import annotations

import pytest
from rich.text import Text
from sqlalchemy import text
from textual.widgets import DataTable, Input, Static, TextArea

from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.i18n import t
from nghean_tui.storage.records import Records
from tests.reports import province
from tests.reports.outside import ESCAPES, HOSTILE, SHOWN, poison
from tests.screens.conftest import settle
from tests.screens.test_dashboard_screens import names, press, station_app
from tests.screens.test_flows import fill, rows, table_text
from tests.sync.conftest import Site

MARKUP_CODE = "[reverse]new_kind[/]"


@pytest.fixture
def station(tmp_path):
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    site.ids = province.build(site.db)
    poison(site.db, site.ids, province.A)
    yield site
    site.close()


def terminal_output(app) -> str:
    """What the whole screen would write to the terminal, control sequences included."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_harmless(output: str) -> None:
    """None of the hostile sequences as such: no title change, no bell, no screen clear."""
    assert "\x1b]0;pwned" not in output and "\x07" not in output and "\x1b[2J" not in output


async def test_a_station_shows_hostile_names_escaped(station):
    app = station_app(station, "vi")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = names(app)
        mine = next(i for i, name in enumerate(shown) if "Mỹ Lý" in name)
        assert shown[mine] == f"Xã Mỹ Lý {SHOWN}"
        assert_harmless(terminal_output(app))

        await press(pilot, *["down"] * (mine - 1), "i")  # the commune's indicators explained
        assert type(app.screen).__name__ == "IndicatorsScreen" and app.screen.unit == province.A
        body = str(app.screen.query_one("#body", Static).render())
        assert "\x1b" not in body and "\x07" not in body
        assert f"Lầu Bá Chống {SHOWN}" in body  # markup shown as typed, not obeyed
        assert f"Bãi Cỏ {SHOWN}" in body
        assert_harmless(terminal_output(app))

        await press(pilot, "escape", "enter")  # the commune's people, read-only
        assert type(app.screen).__name__ == "PeopleScreen"
        assert f"Lầu Bá Chống {SHOWN}" in table_text(app.screen, "#people")
        banner = str(app.screen.query_one("ViewBanner").render())
        assert "\x1b" not in banner and SHOWN in banner
        assert_harmless(terminal_output(app))


async def test_a_person_list_page_and_form_show_a_hostile_name_escaped(demo_app):
    app = demo_app("vi")
    records = Records(app.db)
    person = records.create(
        models.Person,
        {"full_name": "Xồng Bá Tủa", "sex": "male", "birth_year": 1990, "notes": "Dòng 1"},
        confirm_warnings=True,
    )
    with app.db.engine.begin() as conn:  # as a bundle might bring them (forms refuse them)
        conn.execute(
            text("UPDATE person SET full_name = :n, aliases = :a, notes = :o WHERE id = :i"),
            {
                "n": f"Xồng Bá Tủa {HOSTILE}",
                "a": "\u202eA kí",
                "i": person.id,
                "o": f"Dòng 1\n{ESCAPES}Dòng 2",
            },
        )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(
            "f3", "slash", *"xong ba tua", "down"
        )  # Down: to the list (Enter opens the first)
        await settle(pilot)
        listed = table_text(app.screen, "#people")
        assert f"Xồng Bá Tủa {SHOWN}" in listed and "\x1b" not in listed
        assert_harmless(terminal_output(app))

        await pilot.press("enter")
        await settle(pilot)
        title = str(app.screen.query_one("#name", Static).render())
        assert title == f"Xồng Bá Tủa {SHOWN} (\\u202eA kí)"  # the bidi override too
        assert_harmless(terminal_output(app))

        await pilot.press("e")  # the profile's form
        await settle(pilot)
        form = app.screen
        subtitle = str(form.query_one(".form-subtitle", Static).render())
        assert subtitle == f"Xồng Bá Tủa {SHOWN}"
        # What is stored is shown escaped in the fields too: saving keeps what is shown.
        assert form.query_one("#f-full_name", Input).value == f"Xồng Bá Tủa {SHOWN}"
        notes = form.query_one("#f-notes", TextArea).text
        assert notes == "Dòng 1\n\\x1b]0;pwned\\x07\\x1b[2JDòng 2"
        assert_harmless(terminal_output(app))


async def test_forms_refuse_control_characters_with_a_message(demo_app):
    app = demo_app("vi")
    people = len(rows(app.db, "SELECT id FROM person"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3", "n")
        await settle(pilot)
        form = app.screen
        fill(form, full_name=f"Lò Văn {ESCAPES}Pọm Thử", sex="male", birth_year="1991")
        form.query_one("#f-notes", TextArea).text = f"Dòng 1\nDòng {ESCAPES}2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # nothing saved
        name_error = str(form.query_one("#e-full_name", Static).render())
        notes_error = str(form.query_one("#e-notes", Static).render())
        assert name_error == t("validation.control_characters")
        assert notes_error == t("validation.control_characters_multiline")
        assert len(rows(app.db, "SELECT id FROM person")) == people

        fill(form, full_name="Lò Văn Pọm Thử")
        form.query_one("#f-notes", TextArea).text = "Dòng 1\nDòng 2"  # line breaks are fine
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert rows(app.db, "SELECT notes FROM person WHERE full_name = 'Lò Văn Pọm Thử'") == [
            ("Dòng 1\nDòng 2",)
        ]


async def test_an_unknown_code_from_a_bundle_is_shown_as_itself_escaped(demo_app):
    app = demo_app("vi")
    records = Records(app.db)
    person = records.create(
        models.Person,
        {"full_name": "Vừ Bá Sềnh", "sex": "male", "birth_year": 1990},
        confirm_warnings=True,
    )
    records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "01/10/2026",
            "start_date": "01/10/2026",
        },
        confirm_warnings=True,
    )
    with app.db.engine.begin() as conn:  # a code a newer version (or a forger) might send
        conn.execute(
            text("UPDATE management_episode SET episode_type = :c WHERE person_id = :p"),
            {"c": f"{MARKUP_CODE}{ESCAPES}", "p": person.id},
        )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(
            "f3", "slash", *"vu ba senh", "down"
        )  # Down: to the list (Enter opens the first)
        await settle(pilot)
        table = app.screen.query_one("#people", DataTable)
        kinds = [table.get_row_at(r)[4] for r in range(table.row_count)]
        assert all(isinstance(k, Text) for k in kinds)  # a string cell is read as markup
        assert f"{MARKUP_CODE}\\x1b]0;pwned\\x07\\x1b[2J" in [str(k) for k in kinds]
        assert_harmless(terminal_output(app))
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#timeline", DataTable)
        what = [table.get_row_at(r)[2] for r in range(table.row_count)]
        assert all(isinstance(w, Text) for w in what)
        assert any(str(w).startswith(f"{MARKUP_CODE}\\x1b]0;pwned") for w in what)
        assert_harmless(terminal_output(app))
