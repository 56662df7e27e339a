"""The Sync section as officers use it: a commune exports to a USB stick (a temporary folder
here) and is told it is safe to remove only once the file was read back; a station enrolls a
commune by comparing fingerprints, imports a folder and sees what became of each file; the
commune imports the station's reply and its outbox empties. Screenshots at 80×24 in both
languages, made deterministic by pinning the devices' keys, the clock and the time zone."""

from __future__ import annotations

import html
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import text
from textual.widgets import DataTable, Input, Static

from nghean_tui.app import NgheanApp
from nghean_tui.config import Settings
from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.domain.formats import fmt_fingerprint
from nghean_tui.i18n import set_language, t
from nghean_tui.storage.records import Records
from nghean_tui.sync import identity, inbox, outbox
from nghean_tui.sync.reply import prepare_reply
from tests.screens.conftest import DEMO_PASSPHRASE, settle
from tests.sync.conftest import PASSPHRASE, Site

LANGS = ["vi", "en"]
# Fixed keys for the screenshots (test keys, used nowhere else).
COMMUNE_KEYS = (
    "a1b2c3d4e5f60718",
    "11" * 32,
    "AGE-SECRET-KEY-1FQ8VWV76TT5C7APNPDSE5NLJD53R8PY0M5ZK0XQKFE7AQZD4YWDQWKZPJL",
)
STATION_KEYS = (
    "5a7e10c0ffee4240",
    "22" * 32,
    "AGE-SECRET-KEY-1YPNFQ42DVSJCAL525FS8TQZD2999X0FK7XQ9XZ23FLTWHY4M4RPQQFC9TK",
)


def rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def on_screen(app) -> str:
    """Everything visible, dialogs included, as text."""
    svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    statics = " ".join(str(w.render()) for w in app.screen.query(Static))
    tables = " ".join(
        str(c)
        for tb in app.screen.query(DataTable)
        for r in range(tb.row_count)
        for c in tb.get_row_at(r)
    )
    return " ".join((svg, statics, tables))


def message(app) -> str:
    return str(app.screen.query_one("#sync-message", Static).render())


async def press(pilot, *keys) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def choose_folder(pilot, folder) -> None:
    """Answer the drive-or-folder dialog by typing a folder (no USB drive in tests)."""
    assert type(pilot.app.screen).__name__ == "FolderDialog"
    pilot.app.screen.query_one("#folder", Input).value = str(folder)
    await press(pilot, "enter")


def enroll_both(commune_db, vault, station_db) -> None:
    """Both sides trust the other's card, as if done on the other machine (library calls)."""
    identity.trust(station_db, identity.read_card(identity.export_card(commune_db)))
    peer = identity.trust(commune_db, identity.read_card(identity.export_card(station_db)))
    vault.add_escrow(commune_db, peer.age_recipient, peer.device_id)


@pytest.fixture
def station(tmp_path):
    """A demo station: the communes here are the demo database, which only a demo station
    may enroll (tests of a real station make their own)."""
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh", demo=True)
    yield site
    site.close()


@pytest.fixture
def stick(tmp_path):
    """A folder standing for a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def station_app(site: Site, lang: str) -> NgheanApp:
    set_language(lang)
    return NgheanApp(site.vault, site.db, settings=Settings(lang=lang, idle_lock_minutes=0))


# ---------------------------------------------------------------- commune


async def test_commune_exports_to_a_stick_and_is_told_it_is_safe_to_remove(
    demo_app, station, stick, tmp_path
):
    app = demo_app("en")
    enroll_both(app.db, app.vault, station.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8")
        assert type(app.screen).__name__ == "CommuneSyncScreen"
        assert "Changes waiting to be sent:" in on_screen(app)
        assert "Công an tỉnh Nghệ An" in on_screen(app)  # the enrolled station

        # A stick pulled out before writing: the bundle stays in the outbox.
        await press(pilot, "x")
        await choose_folder(pilot, tmp_path / "pulled-out")
        assert message(app) == t("sync.write.folder_missing")
        assert "safe to remove" not in on_screen(app)
        assert rows(app.db, "SELECT seq, receipted_at FROM outbound_bundle") == [(1, None)]
        assert app.screen.query_one("#outbox", DataTable).row_count == 1

        # Re-sent byte for byte to a stick that is there.
        await press(pilot, "r")
        await choose_folder(pilot, stick)
        assert "safe to remove" in message(app)
        [written] = stick.iterdir()
        assert written.name == "16816-000001.nghean"
        assert written.read_bytes() == rows(app.db, "SELECT data FROM outbound_bundle")[0][0]

        await press(pilot, "x")  # nothing changed since
        await choose_folder(pilot, stick)
        assert message(app) == t("sync_ui.nothing_new_outbox")
        assert len(list(stick.iterdir())) == 1


async def test_commune_imports_the_reply_and_its_outbox_empties(demo_app, station, stick):
    app = demo_app("vi")
    enroll_both(app.db, app.vault, station.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8", "x")
        await choose_folder(pilot, stick)
        assert "có thể rút ổ an toàn" in message(app)
        assert app.screen.query_one("#outbox", DataTable).row_count == 1

        # At the station (library calls): import, then the reply goes on the stick.
        bundle = stick / "16816-000001.nghean"
        assert (
            inbox.import_bundle(station.db, bundle.read_bytes(), bundle.name).status == "accepted"
        )
        outbox.write_out(prepare_reply(station.db, app.db.device_id), stick)

        await press(pilot, "i")
        await choose_folder(pilot, stick)
        results = app.screen.query_one("#results", DataTable)
        assert results.row_count == 1
        assert str(results.get_row_at(0)[3]) == t("sync.status.accepted")
        assert app.screen.query_one("#outbox", DataTable).row_count == 0
        assert rows(app.db, "SELECT count(*) FROM outbound_bundle WHERE receipted_at IS NULL") == [
            (0,)
        ]
        assert "đến gói số 1" in on_screen(app)


async def test_commune_without_a_station_is_told_to_enroll_one(demo_app):
    app = demo_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8", "x")
        assert type(app.screen).__name__ == "CommuneSyncScreen"  # no folder asked for
        assert message(app) == t("error.no_station")
        await press(pilot, "f1")
        shown = on_screen(app)
        assert t("key.sync_export") in shown and t("key.sync_enroll_station") in shown


# ---------------------------------------------------------------- station


async def test_station_enrolls_imports_a_folder_and_writes_the_replies(tmp_path, station, stick):
    commune = Site(tmp_path / "commune", Role.COMMUNE, "16816", "Lương Văn Thắng", demo=True)
    try:
        cards = tmp_path / "cards"
        cards.mkdir()
        (cards / "16816.card").write_bytes(commune.card())
        app = station_app(station, "en")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"  # a station opens here
            assert t("dashboard.no_commune") in on_screen(app)
            await press(pilot, "f8")
            assert type(app.screen).__name__ == "StationSyncScreen"

            # Fingerprints that differ: nothing is trusted.
            await press(pilot, "c")
            await choose_folder(pilot, cards)
            assert type(app.screen).__name__ == "FingerprintDialog"
            await press(pilot, "n")
            assert rows(station.db, "SELECT count(*) FROM peer") == [(0,)]

            await press(pilot, "c")
            await choose_folder(pilot, cards)
            card = identity.read_card(commune.card())
            shown = on_screen(app)
            assert fmt_fingerprint(card.fingerprint) in shown  # as the command line prints it
            assert "Xã Mỹ Lý" in shown
            await press(pilot, "enter")  # the safe answer has the focus
            assert rows(station.db, "SELECT count(*) FROM peer") == [(0,)]
            await press(pilot, "c")
            await choose_folder(pilot, cards)
            await press(pilot, "y")
            assert rows(station.db, "SELECT unit_code, fingerprint FROM peer") == [
                ("16816", card.fingerprint)
            ]
            devices = app.screen.query_one("#devices", DataTable)
            assert "Xã Mỹ Lý" in str(devices.get_row_at(0)[0])

            # The commune enrolls the station and sends two bundles; one arrives truncated.
            peer = identity.trust(commune.db, identity.read_card(station.card()))
            commune.vault.add_escrow(commune.db, peer.age_recipient, peer.device_id)
            first = outbox.prepare_export(commune.db)
            Records(commune.db).create(
                models.Person, {"full_name": "Lò Văn [bold]Pá", "sex": "male", "birth_year": 1990}
            )
            second = outbox.prepare_export(commune.db)
            outbox.write_out(first, stick)
            (stick / second.file_name).write_bytes(second.data[: len(second.data) // 2])
            (stick / "leftover.nghean.tmp").write_bytes(b"pulled out mid-write")

            await press(pilot, "i")
            await choose_folder(pilot, stick)
            assert type(app.screen).__name__ == "ConfirmDialog"  # write the replies?
            await press(pilot, "y")
            assert "safe to remove" in message(app)
            assert (stick / "reply-16816-000001.nghean").exists()

            results = app.screen.query_one("#results", DataTable)
            assert results.row_count == 2  # the .tmp leftover is ignored
            accepted, rejected = (results.get_row_at(0), results.get_row_at(1))
            assert [str(c) for c in accepted[:4]] == [
                "16816-000001.nghean",
                "Xã Mỹ Lý",
                "1",
                t("sync.status.accepted"),
            ]
            assert str(rejected[3]) == t("sync.status.rejected")
            [outcome] = [o for o in app.screen.outcomes if o.status == "rejected"]
            assert str(rejected[4]) == t(f"sync.reason.{outcome.reason}")
            results.focus()
            await press(pilot, "down", "enter")  # the whole reason, in a dialog
            assert type(app.screen).__name__ == "MessageDialog"
            assert t(f"sync.reason.{outcome.reason}") in on_screen(app)
            await press(pilot, "escape")

            assert str(devices.get_row_at(0)[1]) == "1"  # last sequence number
            assert (
                inbox.import_bundle(
                    commune.db, (stick / "reply-16816-000001.nghean").read_bytes()
                ).status
                == "accepted"
            )
            assert [o.seq for o in outbox.bundles(commune.db)] == [2]

            # Revoking asks first.
            devices.focus()
            await press(pilot, "x", "escape")
            assert rows(station.db, "SELECT revoked_at IS NULL FROM peer") == [(1,)]
            await press(pilot, "x", "y")
            assert rows(station.db, "SELECT revoked_after_seq FROM peer") == [(1,)]
            assert t("sync_ui.revoked") in [str(c) for c in devices.get_row_at(0)]
    finally:
        commune.close()


async def test_a_station_database_opens_on_the_dashboard_and_every_section_works(station):
    app = station_app(station, "vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "DashboardScreen"
        for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f9", "f8"):
            await press(pilot, key)
        assert type(app.screen).__name__ == "StationSyncScreen"
        assert t("sync_ui.no_commune") in on_screen(app)


# ---------------------------------------------------------------- screenshots


@pytest.fixture
def pinned(monkeypatch):
    """Fixed times and time zone for the screenshots; ``pin(site_vault, db, pass, keys)``
    gives a device fixed keys (and so a fixed fingerprint)."""
    moment = {"now": datetime(2026, 11, 18, 2, 30, tzinfo=timezone.utc)}
    monkeypatch.setattr(models, "utcnow", lambda: moment["now"])
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()

    def pin(vault, db, passphrase: str, keys: tuple[str, str, str]):
        device_id, sign_key, age = keys
        with db.write() as txn:
            for key, value in (
                ("device_id", device_id),
                ("sign_key", sign_key),
                ("age_identity", age),
            ):
                txn.conn.execute(
                    text("UPDATE meta SET value = :v WHERE key = :k"), {"k": key, "v": value}
                )
        db.close()
        return vault.unlock(passphrase=passphrase)

    yield pin, moment
    monkeypatch.delenv("TZ")
    time.tzset()


def commune_snapshot_app(demo_app, station, pinned, lang, stick) -> NgheanApp:
    """A commune that sent bundle 1 (receipted), then bundle 2 (not yet), and has changes
    since."""
    pin, moment = pinned
    app = demo_app(lang)
    app.db = pin(app.vault, app.db, DEMO_PASSPHRASE, COMMUNE_KEYS)
    station.db = pin(station.vault, station.db, PASSPHRASE, STATION_KEYS)
    enroll_both(app.db, app.vault, station.db)
    first = outbox.prepare_export(app.db)
    inbox.import_bundle(station.db, first.data)
    moment["now"] = datetime(2026, 11, 19, 3, 0, tzinfo=timezone.utc)
    inbox.import_bundle(app.db, prepare_reply(station.db, app.db.device_id).data)
    moment["now"] = datetime(2026, 11, 20, 1, 15, tzinfo=timezone.utc)
    records = Records(app.db)
    records.create(models.Person, {"full_name": "Lò Văn Pá", "sex": "male", "birth_year": 1990})
    outbox.prepare_export(app.db)
    records.create(models.Person, {"full_name": "Vi Thị Hoa", "sex": "female", "birth_year": 1995})
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_commune_sync(snap_compare, demo_app, station, pinned, lang, stick):
    app = commune_snapshot_app(demo_app, station, pinned, lang, stick)

    async def run(pilot):
        await press(pilot, "f8")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def station_snapshot_app(station, pinned, lang, folder) -> NgheanApp:
    """A station with three communes: one up to date, one with a gap, one revoked; and a
    conflict kept from a merge."""
    pin, moment = pinned
    station.db = pin(station.vault, station.db, PASSPHRASE, STATION_KEYS)
    made = []
    for unit, officer in (
        ("16816", "Lương Văn Thắng"),
        ("16822", "Vi Văn Nam"),
        ("16828", "Lô Thị Hoa"),
    ):
        site = Site(folder / unit, Role.COMMUNE, unit, officer, demo=True)
        made.append(site)
        enroll_both(site.db, site.vault, station.db)
    up_to_date, gap, revoked = made
    moment["now"] = datetime(2026, 11, 19, 9, 0, tzinfo=timezone.utc)
    inbox.import_bundle(station.db, outbox.prepare_export(up_to_date.db).data)
    moment["now"] = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    bundles = []
    for name in ("Lò Văn A", "Vi Thị B", "Moong Văn C", "Lầu Bá D"):
        Records(gap.db).create(
            models.Person, {"full_name": name, "sex": "male", "birth_year": 1985}
        )
        bundles.append(outbox.prepare_export(gap.db))
    for out in (bundles[0], bundles[2], bundles[3]):
        inbox.import_bundle(station.db, out.data)
    inbox.import_bundle(station.db, outbox.prepare_export(revoked.db).data)
    identity.revoke(station.db, revoked.db.device_id)
    with station.db.write() as txn:
        txn.conn.execute(
            text(
                "INSERT INTO sync_conflict (detected_at, table_name, record_id, unit_code, "
                "winner_version, loser_version, loser_fields, resolved) VALUES (:at, 'person', "
                "'0f4e2c1a-0000-4000-8000-000000000001', '16816', 'b', 'a', :f, 0)"
            ),
            {
                "at": datetime(2026, 11, 19, 9, 0, tzinfo=timezone.utc),
                "f": '{"phone": "0912 000 111", "notes": "[bold]đã chuyển"}',
            },
        )
    for site in made:
        site.close()
    return station_app(station, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_station_sync(snap_compare, station, pinned, lang, tmp_path):
    app = station_snapshot_app(station, pinned, lang, tmp_path / "communes")

    async def run(pilot):
        await press(pilot, "f8")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
