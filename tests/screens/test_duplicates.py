"""The profile form refuses a citizen ID already on file, warns on a probable duplicate, and
opens the other profile with one key."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Select, Static

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from nghean_tui.domain import models
from nghean_tui.i18n import set_language
from nghean_tui.storage.records import Records
from tests.screens.conftest import settle

CID = "040090123456"


def _live(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT full_name FROM person WHERE deleted = 0 ORDER BY full_name")
        ).all()


async def _new_person_form(pilot, app):
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    return app.screen


async def test_a_citizen_id_on_file_is_refused_and_ctrl_o_opens_its_profile(new_db):
    records = Records(new_db)
    hamlet = records.create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    first = records.create(
        models.Person,
        {
            "full_name": "Lầu Bá Chống",
            "sex": "male",
            "birth_year": 1990,
            "citizen_id": CID,
            "hamlet_id": hamlet.id,
        },
    )
    app = NgheanApp(new_db.vault, new_db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = await _new_person_form(pilot, app)
        form.query_one("#f-full_name").value = "Vừ Bá Dua"
        form.query_one("#f-sex", Select).value = "male"
        form.query_one("#f-birth_year").value = "1990"
        form.query_one("#f-citizen_id").value = CID
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # nothing saved, the form stays
        error = str(form.query_one("#e-citizen_id", Static).render())
        assert "Lầu Bá Chống" in error and "1990" in error and "Bản Huồi Giảng" in error
        status = str(form.query_one("#form-status", Static).render())
        assert "Ctrl+O" in status
        assert form.check_action("open_duplicate", ()) is True
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonPage"
        assert app.screen.person_id == first.id
    assert _live(new_db) == [("Lầu Bá Chống",)]


async def test_a_probable_duplicate_asks_first_in_english(new_db):
    set_language("en")
    records = Records(new_db)
    hamlet = records.create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    records.create(
        models.Person,
        {
            "full_name": "Lầu Bá Chống",
            "sex": "male",
            "birth_date": "02/03/1990",
            "hamlet_id": hamlet.id,
        },
    )
    app = NgheanApp(new_db.vault, new_db, settings=Settings(lang="en", idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = await _new_person_form(pilot, app)
        form.query_one("#f-full_name").value = "lau ba chong"
        form.query_one("#f-sex", Select).value = "male"
        form.query_one("#f-birth_year").value = "1990"
        form.query_one("#f-hamlet_id", Select).value = hamlet.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "ConfirmDialog"
        shown = " ".join(str(w.render()) for w in dialog.query(Static))
        assert "May be the same person as Lầu Bá Chống" in shown and "02/03/1990" in shown
        await pilot.press("escape")  # not saved: the officer looks first
        await settle(pilot)
        assert app.screen is form and form.check_action("open_duplicate", ()) is True
        assert len(_live(new_db)) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # another person after all (a namesake): saved when confirmed
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonPage"
    assert len(_live(new_db)) == 2


async def test_a_station_lists_a_citizen_id_under_two_communes_with_both_profiles(tmp_path):
    from textual.widgets import DataTable

    from nghean_tui.domain.enums import Role
    from nghean_tui.sync import inbox, outbox
    from tests.screens.test_sync_screens import enroll_both, on_screen, press, station_app
    from tests.sync.conftest import Site

    station = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    communes = []
    try:
        for unit, name in (("16816", "Lầu Bá Chống"), ("16822", "Lau Ba Chong")):
            site = Site(tmp_path / unit, Role.COMMUNE, unit, "Lương Văn Thắng")
            communes.append(site)
            enroll_both(site.db, site.vault, station.db)
            Records(site.db).create(
                models.Person,
                {"full_name": name, "sex": "male", "birth_year": 1990, "citizen_id": CID},
            )
            inbox.import_bundle(station.db, outbox.prepare_export(site.db).data)
        app = station_app(station, "vi")
        async with app.run_test(size=(80, 24)) as pilot:
            await press(pilot, "f8")
            assert "Trùng CCCD giữa các xã: 1" in on_screen(app)
            table = app.screen.query_one("#matches", DataTable)
            cells = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
            assert [c[2] for c in cells] == ["Lầu Bá Chống", "Lau Ba Chong"]
            assert cells[0][0] == CID and {c[1] for c in cells} == {"Xã Mỹ Lý", "Xã Keng Đu"}
            table.focus()
            await press(pilot, "enter")
            shown = on_screen(app)
            assert "Lầu Bá Chống" in shown and "Lau Ba Chong" in shown and CID in shown
        with station.db.engine.connect() as conn:  # nothing merged
            assert (
                conn.execute(
                    text("SELECT count(*) FROM person WHERE citizen_id = :c"), {"c": CID}
                ).scalar()
                == 2
            )
    finally:
        for site in communes:
            site.close()
        station.close()
