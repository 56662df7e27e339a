"""A station's dashboard, a commune's read-only views and the charts, driven as a supervisor
would, on the hand-made province of ``tests/reports/province.py``; screenshots at 80×24 and
120×40 in both languages."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from textual.widgets import DataTable, Static

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from nghean_tui.domain.enums import Role
from nghean_tui.i18n import set_language, t
from nghean_tui.widgets.paged_table import PagedTable
from tests.reports import province
from tests.screens.conftest import settle
from tests.sync.conftest import Site

LANGS = ["vi", "en"]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def station(tmp_path):
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    site.ids = province.build(site.db)
    yield site
    site.close()


def station_app(site: Site, lang: str) -> NgheanApp:
    set_language(lang)
    return NgheanApp(site.vault, site.db, settings=Settings(lang=lang, idle_lock_minutes=0))


async def press(pilot, *keys) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def names(app) -> list[str]:
    """The communes in the table, in order (the totals row first)."""
    table = app.screen.query_one("#communes", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def to_row(pilot, name: str) -> None:
    """Put the cursor on the commune named ``name`` (130 rows: moving there key by key would
    only make the test slow)."""
    await settle(pilot)
    table = pilot.app.screen.query_one("#communes", DataTable)
    table.move_cursor(row=names(pilot.app).index(name))
    await settle(pilot)


def row_of(app, name: str) -> int:
    return names(app).index(name)


def cell(app, row: int, column: str) -> str:
    table = app.screen.query_one("#communes", DataTable)
    return str(table.get_cell_at((row, table.get_column_index(column))))


def database_state(db) -> str:
    """A digest of every row of every table: any change anywhere shows."""
    digest = hashlib.sha256()
    with db.engine.connect() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE '%fts%' ORDER BY name"
                )
            )
        ]
        for table in tables:
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- the dashboard


async def test_a_station_opens_on_the_dashboard_with_rows_and_totals(station):
    app = station_app(station, "vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "DashboardScreen"
        # Every commune of the province, heard from or not; the totals say how many sent data.
        assert names(app)[0] == "Tổng 4/130 xã" and len(names(app)) == 131
        assert {"Xã Huồi Tụ", "Xã Keng Đu", "Xã Mỹ Lý", "Phường Thành Vinh", "Xã Na Loi"} <= set(
            names(app)
        )
        title = str(app.screen.query_one("#title", Static).render())
        assert "130/130 xã" in title and "4 xã có dữ liệu, 126 chưa nhận dữ liệu" in title
        assert [
            cell(app, 0, c)
            for c in ("managed", "overdue", "patrols", "hotspots", "key_area", "drug_free")
        ] == ["4", "4", "3", "3", "1", "0"]
        a = row_of(app, "Xã Mỹ Lý")
        assert [
            cell(app, a, c)
            for c in ("border", "key_area", "days_since_bundle", "managed", "overdue", "members")
        ] == ["●", "3/4", "0", "2", "3", "2"]
        b = row_of(app, "Xã Keng Đu")  # records up to 15/11 only: not known today
        assert cell(app, b, "days_since_bundle") == "5" and cell(app, b, "drug_free") == "0/4?"
        assert cell(app, row_of(app, "Phường Thành Vinh"), "ind.managed_rate") == "?"
        never = row_of(app, "Xã Na Loi")  # never heard from: no figure, nothing decided
        assert [
            cell(app, never, c)
            for c in ("key_area", "days_since_bundle", "managed", "patrols", "drug_free")
        ] == ["0/4?", "—", "—", "—", "0/4?"]
        await to_row(pilot, "Xã Na Loi")
        assert "Xã Na Loi: chưa nhận dữ liệu" in str(
            app.screen.query_one("#about", Static).render()
        )
        nav = str(app.screen.query_one("NavBar").render())
        assert t("nav.dashboard") in nav and t("nav.people") not in nav
        assert t("nav.today") not in nav


async def test_sorting_and_filtering(station):
    app = station_app(station, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *["right"] * 5)  # to the overdue column
        assert t("dashboard.about.overdue") in str(app.screen.query_one("#about", Static).render())
        await press(pilot, "s")
        assert names(app)[1:3] == ["Xã Mỹ Lý", "Phường Thành Vinh"]
        await press(pilot, "s")  # again: the other way round
        assert names(app)[-1] == "Xã Mỹ Lý"

        await press(pilot, "b")
        assert {"Xã Keng Đu", "Xã Mỹ Lý"} <= set(names(app)[1:])
        border = len(names(app)) - 1
        assert names(app)[0] == t("dashboard.total", heard=2, count=border)
        assert cell(app, 0, "managed") == "3"  # totals of the rows shown
        await press(pilot, "k")
        assert names(app)[1:] == ["Xã Mỹ Lý"]
        await press(pilot, "ctrl+r", "o")
        assert sorted(names(app)[1:]) == ["Phường Thành Vinh", "Xã Mỹ Lý"]
        await press(pilot, "ctrl+r", "slash", "k", "e", "n", "g")
        assert names(app)[1:] == ["Xã Keng Đu"]
        await press(pilot, "ctrl+r")
        await press(pilot, "x", "y", "z")  # typed into the filter (it has the focus)
        assert names(app)[1:] == []
        assert t("dashboard.none_shown") in str(app.screen.query_one("#about", Static).render())


async def test_enter_opens_the_communes_people_read_only_and_esc_goes_back(station):
    app = station_app(station, "vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_row(pilot, "Xã Mỹ Lý")
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "PeopleScreen"
        assert app.viewing == province.A
        shown = [row.full_name for row in app.screen.query_one(PagedTable).rows_data]
        assert sorted(shown) == sorted(["Lầu Bá Chống", "Vừ Bá Lử", "Xồng Bá Dình"])
        banner = str(app.screen.query_one("ViewBanner").render())
        assert t("view.banner", name="Xã Mỹ Lý") in banner
        nav = str(app.screen.query_one("NavBar").render())
        assert t("nav.people") in nav and t("nav.tips") not in nav

        await press(pilot, "escape")
        assert type(app.screen).__name__ == "DashboardScreen" and app.viewing is None
        await press(pilot, "f3")  # not looking at a commune: no commune views
        assert type(app.screen).__name__ == "DashboardScreen"

        assert (
            names(app)[app.screen.query_one("#communes", DataTable).cursor_row] == "Xã Mỹ Lý"
        )  # the cursor stayed
        await to_row(pilot, "Xã Keng Đu")
        await press(pilot, "enter", "f4")  # Keng Đu, then F2
        assert type(app.screen).__name__ == "PatrolsScreen" and app.viewing == province.B
        await press(pilot, "f2")
        assert type(app.screen).__name__ == "DashboardScreen" and app.viewing is None
        assert len(app.screen_stack) == 1


async def test_no_write_is_reachable_in_a_communes_views(station):
    before = database_state(station.db)
    app = station_app(station, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_row(pilot, "Xã Mỹ Lý")
        await press(pilot, "enter")
        people = app.screen
        footer_keys = {b.binding.key for b in people.active_bindings.values()}
        assert "n" not in footer_keys
        await press(pilot, "n")
        assert app.screen is people
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "PersonPage"
        person = app.screen
        assert t("key.edit_profile") not in {
            b.binding.description for b in person.active_bindings.values()
        }
        for key in ("e", "d", "t", "c", "v", "g", "h", "m", "k", "x", "delete", "enter"):
            await press(pilot, key)
            assert app.screen is person, key
        await press(pilot, "escape", "f4")
        patrols = app.screen
        assert type(patrols).__name__ == "PatrolsScreen"
        await press(pilot, "n")
        assert app.screen is patrols
        await press(pilot, "[", "enter")  # October's patrol
        assert type(app.screen).__name__ == "PatrolPage"
        for key in ("e", "delete"):
            await press(pilot, key)
            assert type(app.screen).__name__ == "PatrolPage", key
        await press(pilot, "escape", "f5")
        teams = app.screen
        for key in ("n", "h", "r", "delete", "enter"):  # enter on a hamlet would rename it
            await press(pilot, key)
            assert app.screen is teams, key
        await press(pilot, "down", "enter")
        assert type(app.screen).__name__ == "TeamPage"
        for key in ("e", "m", "a", "enter", "delete"):
            await press(pilot, key)
            assert type(app.screen).__name__ == "TeamPage", key
        await press(pilot, "escape", "f6")
        hotspots = app.screen
        for key in ("n", "e", "x", "delete"):
            await press(pilot, key)
            assert app.screen is hotspots, key
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "HotspotPage"
        for key in ("e", "x", "t", "delete", "enter"):
            await press(pilot, key)
            assert type(app.screen).__name__ == "HotspotPage", key
        await press(pilot, "escape", "escape")
        assert type(app.screen).__name__ == "DashboardScreen"
    assert database_state(station.db) == before


async def test_the_commune_views_database_refuses_writes(station):
    """Even a write that got past the screens would be refused by the scoped database."""
    from nghean_tui.domain import models
    from nghean_tui.storage.database import StorageError
    from nghean_tui.storage.records import Records

    app = station_app(station, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_row(pilot, "Xã Mỹ Lý")
        await press(pilot, "enter")
        db = app.scoped_db()
        assert db.read_only and db.unit_code == province.A
        with pytest.raises(StorageError):
            Records(db).create(
                models.Person, {"full_name": "Lò Văn Pá", "sex": "male", "birth_year": 1990}
            )


async def test_charts_of_the_province_and_of_one_commune(station):
    app = station_app(station, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f7")
        charts = app.screen
        assert type(charts).__name__ == "ChartsScreen" and charts.data.unit is None
        assert charts.data.managed[-1] == 4
        await press(pilot, "3")
        latest = str(charts.query_one("#latest", Static).render())
        assert latest.startswith("11/26: 2 patrols")
        await press(pilot, "f2")
        await to_row(pilot, "Xã Mỹ Lý")
        await press(pilot, "g")  # Mỹ Lý's charts, over the dashboard
        assert type(app.screen).__name__ == "ChartsScreen"
        assert app.screen.data.unit == province.A and app.screen.data.managed[-1] == 2
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_a_communes_indicators_explained(station):
    """``i`` on a commune's row: its checklists and the records behind each figure; the
    station's database is only read."""
    app = station_app(station, "vi")
    async with app.run_test(size=(80, 24)) as pilot:
        before = database_state(station.db)
        await to_row(pilot, "Xã Mỹ Lý")
        await press(pilot, "i")
        screen = app.screen
        assert type(screen).__name__ == "IndicatorsScreen" and screen.unit == province.A
        body = str(screen.query_one("#body", Static).render())
        assert "Xã Mỹ Lý (16816)" in body and "Xã trọng điểm: 3/4" in body
        assert "Cây có chứa chất ma túy bị phá: 3.500" in body
        assert "Lầu Bá Chống" in body  # under management, so counted
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "DashboardScreen"
        assert database_state(station.db) == before


async def test_indicators_of_communes_the_station_cannot_judge(station):
    """A commune never heard from, and one whose records stop before today: no condition is
    met or failed, and the screen says which input is missing."""
    app = station_app(station, "vi")
    async with app.run_test(size=(100, 40)) as pilot:
        await to_row(pilot, "Xã Na Loi")
        await press(pilot, "i")
        body = str(app.screen.query_one("#body", Static).render())
        assert "Xã không ma túy: 0/4 tiêu chí đạt, cần 4 → CHƯA XÁC ĐỊNH" in body
        assert "chưa nhận dữ liệu: trạm chưa nhận gói dữ liệu nào của xã này" in body
        assert "ĐẠT" not in body.replace("CHƯA XÁC ĐỊNH", "")
        await press(pilot, "escape")
        await to_row(pilot, "Xã Keng Đu")
        await press(pilot, "i")
        body = str(app.screen.query_one("#body", Static).render())
        assert (
            "dữ liệu của xã chỉ đến ngày 15/11/2026 (gói nhận ngày 15/11/2026), chưa đến "
            "ngày 20/11/2026" in body
        )
        assert "Xã trọng điểm: 0/4 tiêu chí đạt, cần 3 → CHƯA XÁC ĐỊNH" in body


# ---------------------------------------------------------------- screenshots


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_dashboard(snap_compare, station, lang, size):
    assert snap_compare(station_app(station, lang), terminal_size=size, run_before=press)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_chart(snap_compare, station, lang, size):
    async def run(pilot):
        await press(pilot, "f7", "2")  # started and ended: two series and a legend

    assert snap_compare(station_app(station, lang), terminal_size=size, run_before=run)
