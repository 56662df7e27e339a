"""A choice the officer leaves untouched is never saved as a value they did not pick: an
optional one is stored as unknown (and shown "chưa rõ"/"unknown"), a required one is refused
beside its field."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import select
from textual.widgets import Select, Static

from nghean_tui.domain import models
from nghean_tui.screens import patrol_form, person_forms, place_forms, team_forms
from nghean_tui.screens.person import PersonPage
from tests.screens.conftest import settle


def rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def first(db, model, *where):
    with db.read() as session:
        return session.exec(select(model).where(model.deleted == False, *where)).first()  # noqa: E712


def fill(screen, **values) -> None:
    for name, value in values.items():
        screen.query_one(f"#f-{name}").value = value


async def open_form(app, pilot, builder, *args):
    app.push_screen(builder(app.db, *args))
    await settle(pilot)
    return app.screen


def error_of(form, name: str) -> str:
    return str(form.query_one(f"#e-{name}", Static).render())


# Presets a new record's form may show: states the system knows, or the action the officer
# chose to open the form with. Anything else starts unchosen.
PRESETS = {
    ("episode_form", "status"),  # being reworked by the integrator (proposed/active)
    ("contact_form", "kind"),  # the key pressed: a residence check, or an absence
    ("hotspot_form", "status"),  # a hotspot is found active
    ("tip_form", "status"),  # a tip is received first
    ("tip_form", "received_by"),  # the officer at the keyboard
    ("contact_form", "officer_id"),
    ("patrol_form", "leader_id"),
}


def _builders(db):
    person = first(db, models.Person)
    episode = first(
        db, models.ManagementEpisode, models.ManagementEpisode.person_id == person.id
    ) or first(db, models.ManagementEpisode)
    team = first(db, models.Team)
    return {
        "person_form": (person_forms.person_form, ()),
        "episode_form": (person_forms.episode_form, (person,)),
        "team_member_form": (person_forms.team_member_form, (person, episode)),
        "test_form": (person_forms.test_form, (person,)),
        "contact_form": (person_forms.contact_form, (person,)),
        "assessment_form": (person_forms.assessment_form, (person,)),
        "support_form": (person_forms.support_form, (person,)),
        "transfer_form": (person_forms.transfer_form, (person,)),
        "team_form": (team_forms.team_form, ()),
        "member_form": (team_forms.member_form, (team,)),
        "activity_form": (team_forms.activity_form, (team,)),
        "hamlet_form": (team_forms.hamlet_form, ()),
        "hotspot_form": (place_forms.hotspot_form, ()),
        "tip_form": (place_forms.tip_form, ()),
        "patrol_form": (patrol_form.patrol_form, ()),
    }


async def test_every_new_record_form_starts_with_its_choices_unchosen(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for name, (builder, args) in _builders(app.db).items():
            form = await open_form(app, pilot, builder, *args)
            for select_widget in form.query(Select):
                field = (select_widget.id or "")[2:]
                if (name, field) not in PRESETS:
                    assert select_widget.value is Select.NULL, (name, field, select_widget.value)
            form.dismiss(None)
            await settle(pilot)


async def test_an_untouched_ethnicity_is_saved_unknown_and_shown_so(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await open_form(app, pilot, person_forms.person_form)
        fill(form, full_name="Lầu Bá Chống", sex="male", birth_year="1990")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ != "FormScreen", error_of(form, "ethnicity")
        saved = rows(app.db, "SELECT id, ethnicity FROM person WHERE full_name = 'Lầu Bá Chống'")
        assert [r[1] for r in saved] == [None]
        app.push_screen(PersonPage(saved[0][0]))
        await settle(pilot)
        assert "Dân tộc: chưa rõ" in str(app.screen.query_one("#profile", Static).render())
        person = first(app.db, models.Person, models.Person.id == saved[0][0])
        edit = await open_form(
            app, pilot, person_forms.person_form, person
        )  # editing shows it unknown
        ethnicity = edit.query_one("#f-ethnicity", Select)
        assert ethnicity.value is Select.NULL and ethnicity.prompt == "— chưa rõ —"


async def test_the_person_page_says_unknown_in_english(demo_app):
    app = demo_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        person = first(app.db, models.Person)
        with app.db.engine.begin() as conn:
            conn.execute(text("UPDATE person SET ethnicity = NULL WHERE id = :i"), {"i": person.id})
        app.push_screen(PersonPage(person.id))
        await settle(pilot)
        assert "Ethnicity: unknown" in str(app.screen.query_one("#profile", Static).render())


async def test_an_untouched_test_reason_and_sample_are_saved_unknown(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        person = first(app.db, models.Person)
        form = await open_form(app, pilot, person_forms.test_form, person)
        fill(form, result="negative")
        before = {r[0] for r in rows(app.db, "SELECT id FROM drug_test")}
        await pilot.press("ctrl+s")
        await settle(pilot)
        new = [
            r
            for r in rows(app.db, "SELECT id, reason, sample, result FROM drug_test")
            if r[0] not in before
        ]
        assert [r[1:] for r in new] == [(None, None, "negative")]


async def _refused(app, pilot, builder, args, values: dict, field: str, table: str) -> None:
    form = await open_form(app, pilot, builder, *args)
    fill(form, **values)
    await settle(pilot)
    before = rows(app.db, f"SELECT count(*) FROM {table}")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is form
    assert "Bắt buộc" in error_of(form, field), (builder.__name__, field)
    assert rows(app.db, f"SELECT count(*) FROM {table}") == before
    form.dismiss(None)
    await settle(pilot)


async def test_required_choices_left_empty_are_refused_beside_the_field(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        db = app.db
        hamlet = first(db, models.Hamlet)
        team = first(db, models.Team)
        await _refused(
            app,
            pilot,
            team_forms.team_form,
            (),
            {"hamlet_id": hamlet.id, "name": "Tổ mới"},
            "kind",
            "team",
        )
        await _refused(
            app,
            pilot,
            team_forms.member_form,
            (team,),
            {"full_name": "Vi Văn Nam"},
            "role",
            "team_member",
        )
        await _refused(app, pilot, team_forms.activity_form, (team,), {}, "kind", "team_activity")
        await _refused(
            app, pilot, team_forms.hamlet_form, (), {"name": "Bản Mới Lập"}, "kind", "hamlet"
        )
        await _refused(
            app,
            pilot,
            place_forms.tip_form,
            (),
            {"content": "Có người lạ vào bản"},
            "channel",
            "tip",
        )
        await _refused(
            app, pilot, patrol_form.patrol_form, (), {"routes": "Đường mòn"}, "kind", "patrol"
        )
        await _refused(
            app,
            pilot,
            person_forms.person_form,
            (),
            {"full_name": "Lò Thị Hoa", "birth_year": "1992"},
            "sex",
            "person",
        )
        await _refused(
            app,
            pilot,
            person_forms.test_form,
            (first(db, models.Person),),
            {},
            "result",
            "drug_test",
        )
