"""Hotspots and tips on screen: creating, eliminating, a source hidden until an audited
reveal, text shown literally, and screenshots at 80×24 in both languages."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import text
from textual.widgets import DataTable, Static, TextArea

from nghean_tui.storage import places
from tests.screens.conftest import settle

SECRET = "Hờ Thị Kín Đáo"
SECRET_PHONE = "0912345678"


def rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def reveals(db) -> int:
    return rows(db, "SELECT count(*) FROM audit_log WHERE action = 'reveal'")[0][0]


def on_screen(app) -> str:
    """Everything visible: the rendered screen, as text."""
    svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    statics = " ".join(str(w.render()) for w in app.screen.query(Static))
    tables = " ".join(
        str(c)
        for t in app.screen.query(DataTable)
        for r in range(t.row_count)
        for c in t.get_row_at(r)
    )
    return " ".join((svg, statics, tables))


def fill(screen, **values) -> None:
    for name, value in values.items():
        widget = screen.query_one(f"#f-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value


async def go(pilot, *keys) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


# ---------------------------------------------------------------- hotspots


async def test_new_hotspot_then_eliminated_leaves_the_default_list(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, "f6", "n")
        fill(app.screen, name="Lán tạm khe Nậm Tột", kind="gathering", location="Khe suối")
        await go(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "HotspotPage"
        spot_id = app.screen.hotspot_id
        assert "Lán tạm khe Nậm Tột" in on_screen(app)
        await go(pilot, "x")
        assert app.screen.query_one("#f-eliminated_on").value == "20/11/2026"
        await go(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "HotspotPage"
        assert rows(
            app.db, "SELECT status, eliminated_on FROM hotspot WHERE id = :i", i=spot_id
        ) == [("eliminated", "2026-11-20")]
        await go(pilot, "escape")
        assert type(app.screen).__name__ == "HotspotsScreen"
        listed = [r.id for r in app.screen.query_one("#hotspots").rows_data]
        assert spot_id not in listed and listed
        await go(pilot, "a")  # eliminated ones too
        assert spot_id in [r.id for r in app.screen.query_one("#hotspots").rows_data]


async def test_delete_hotspot_asks_first(demo_app):
    app = demo_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, "f6")
        first = app.screen.query_one("#hotspots").rows_data[0]
        await go(pilot, "delete", "escape")  # the question, answered no
        assert rows(app.db, "SELECT deleted FROM hotspot WHERE id = :i", i=first.id) == [(0,)]
        await go(pilot, "delete", "y")
        assert rows(app.db, "SELECT deleted FROM hotspot WHERE id = :i", i=first.id) == [(1,)]
        assert first.id not in [r.id for r in app.screen.query_one("#hotspots").rows_data]


async def test_names_are_shown_literally(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        spot = places.save_hotspot(
            app.db,
            {"name": "[bold red]x", "kind": "retail", "found_on": "20/11/2026", "notes": "[link]y"},
        )
        await go(pilot, "f6")
        table = app.screen.query_one("#hotspots", DataTable)
        assert str(table.get_row_at(0)[0]) == "[bold red]x"
        await go(pilot, "enter")
        assert app.screen.hotspot_id == spot.id
        shown = on_screen(app)
        assert "[bold red]x" in shown and "[link]y" in shown


# ---------------------------------------------------------------- tips


async def test_tip_source_hidden_until_an_audited_reveal(demo_app):
    app = demo_app("vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, "f7", "n")
        fill(
            app.screen,
            channel="phone",
            content="Có người lạ mang hàng qua lối mở",
            source_name=SECRET,
            source_phone=SECRET_PHONE,
        )
        app.screen.query_one("#f-person_id").focus()
        await go(pilot, "enter")  # people are searched, never listed
        assert type(app.screen).__name__ == "PickerDialog"
        await go(pilot, *"ban", "enter")
        person_id = app.screen.query_one("#f-person_id").value
        await go(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "TipPage"
        tip_id = app.screen.tip_id
        [(name,)] = rows(
            app.db,
            "SELECT p.full_name FROM tip t JOIN person p ON p.id = t.person_id WHERE t.id = :i",
            i=tip_id,
        )
        assert "Ban" in name and rows(
            app.db, "SELECT id FROM person WHERE id = :i", i=person_id
        ) == [(person_id,)]
        assert rows(
            app.db,
            "SELECT count(*) FROM tip_source WHERE tip_id = :i AND source_name = :n",
            i=tip_id,
            n=SECRET,
        ) == [(1,)]
        before = reveals(app.db)
        shown = on_screen(app)
        assert SECRET not in shown and SECRET_PHONE not in shown
        assert "giữ kín" in shown  # that a source exists may be said

        await go(pilot, "s")  # the warning; cancelled
        assert type(app.screen).__name__ == "ConfirmDialog"
        await go(pilot, "n")
        assert SECRET not in on_screen(app) and reveals(app.db) == before

        await go(pilot, "s", "y")
        shown = on_screen(app)
        assert SECRET in shown and SECRET_PHONE in shown
        assert reveals(app.db) == before + 1
        [(record_id,)] = rows(
            app.db,
            "SELECT record_id FROM audit_log WHERE action = 'reveal' ORDER BY seq DESC LIMIT 1",
        )
        assert rows(app.db, "SELECT tip_id FROM tip_source WHERE id = :i", i=record_id) == [
            (tip_id,)
        ]

        await go(pilot, "escape")  # leaving the page forgets it; the list never shows it
        assert type(app.screen).__name__ == "TipsScreen"
        shown = on_screen(app)
        assert SECRET not in shown and SECRET_PHONE not in shown
        table = app.screen.query_one("#tips", DataTable)
        table.move_cursor(row=[r.id for r in table.rows_data].index(tip_id))
        await go(pilot, "enter")
        assert app.screen.tip_id == tip_id and SECRET not in on_screen(app)

        await go(pilot, "s", "y")  # revealed again, then the lock forgets it
        page = app.screen
        assert SECRET in str(page.query_one("#source", Static).render())
        assert reveals(app.db) == before + 2
        await go(pilot, "ctrl+l")
        assert page.source is None and SECRET not in str(page.query_one("#source", Static).render())


# ---------------------------------------------------------------- screenshots

LANGS = ["vi", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_hotspots_list(snap_compare, demo_app, lang):
    async def run(pilot):
        await go(pilot, "f6")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_hotspot_page(snap_compare, demo_app, lang):
    async def run(pilot):
        await go(pilot, "f6", "enter")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_tips_list(snap_compare, demo_app, lang):
    async def run(pilot):
        await go(pilot, "f7")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_tip_page_unrevealed(snap_compare, demo_app, lang):
    async def run(pilot):
        await go(pilot, "f7", "enter")

    assert snap_compare(demo_app(lang), terminal_size=(80, 24), run_before=run)
