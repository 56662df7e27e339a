"""The sync screens keep demo data out of real installations and real data out of the demo
(issue 10, item 8): a card of the other kind is refused before any fingerprint is compared, a
bundle of the other kind is rejected with its reason, and nothing is stored."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.i18n import t
from nghean_tui.storage import sync_state
from nghean_tui.storage.records import Records
from nghean_tui.sync import identity, outbox
from nghean_tui.sync.reply import prepare_reply
from tests.screens.test_sync_screens import (
    choose_folder,
    message,
    on_screen,
    press,
    rows,
    station_app,
    stick,
)
from tests.sync.conftest import Site
from tests.sync.helpers import content_digest, tables


def trusted_before_the_mark(db, card_bytes: bytes) -> None:
    """A trust list entry from before cards carried the mark (nothing refused it then)."""
    got = identity.read_card(card_bytes)
    with db.write() as txn:
        txn.session.add(
            sync_state.Peer(
                device_id=got.device_id,
                unit_code=got.unit_code,
                role=got.role.value,
                sign_key=got.sign_key,
                age_recipient=got.age_recipient,
                fingerprint=got.fingerprint,
                card=got.raw.decode(),
                added_at=models.utcnow(),
            )
        )


__all__ = ["stick"]  # a fixture


class Snapshot:
    """Every row of every table, to check a refusal wrote nothing (table by table, to say
    which changed; the file bytes are not compared: the running app checkpoints its log)."""

    def __init__(self, db) -> None:
        self.db = db
        self.digests = self._digests()

    def _digests(self) -> dict[str, str]:
        return {
            name: content_digest(self.db, exclude=set(tables(self.db)) - {name})
            for name in tables(self.db)
        }

    def changed(self) -> list[str]:
        now = self._digests()
        return sorted(k for k in now if now[k] != self.digests.get(k))


@pytest.fixture
def real_station(tmp_path):
    site = Site(tmp_path / "real-station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    yield site
    site.close()


@pytest.fixture
def demo_commune(tmp_path):
    site = Site(tmp_path / "demo-commune", Role.COMMUNE, "16816", "Lương Văn Thắng", demo=True)
    yield site
    site.close()


async def test_a_real_station_refuses_a_demo_card_before_comparing(
    tmp_path, real_station, demo_commune
):
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "16816.card").write_bytes(demo_commune.card())
    before = Snapshot(real_station.db)
    app = station_app(real_station, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8", "c")
        await choose_folder(pilot, cards)
        assert type(app.screen).__name__ == "StationSyncScreen"  # no fingerprint dialog
        assert t("error.card_demo") in message(app)
    assert rows(real_station.db, "SELECT count(*) FROM peer") == [(0,)]
    assert before.changed() == []


async def test_the_demo_refuses_a_real_stations_card_in_vietnamese(demo_app, real_station, stick):
    (stick / "40.card").write_bytes(real_station.card())
    app = demo_app("vi")
    before = Snapshot(app.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8", "c")
        await choose_folder(pilot, stick)
        assert type(app.screen).__name__ != "FingerprintDialog"
        shown = message(app)
        assert "thẻ định danh của máy thật" in shown and shown == t("error.card_real")
    assert rows(app.db, "SELECT count(*) FROM peer") == [(0,)]
    assert before.changed() == []


async def test_a_real_station_rejects_a_demo_bundle_and_stores_nothing(
    real_station, demo_commune, stick
):
    trusted_before_the_mark(real_station.db, demo_commune.card())
    trusted_before_the_mark(demo_commune.db, real_station.card())
    Records(demo_commune.db).create(
        models.Person, {"full_name": "Lò Văn Mẫu", "sex": "male", "birth_year": 1990}
    )
    sent = outbox.prepare_export(demo_commune.db)
    outbox.write_out(sent, stick)
    before = Snapshot(real_station.db)
    app = station_app(real_station, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8", "i")
        await choose_folder(pilot, stick)
        if type(app.screen).__name__ == "ConfirmDialog":  # write replies? nothing to reply to
            await press(pilot, "y")
        results = app.screen.query_one("#results", DataTable)
        assert results.row_count == 1
        row = [str(c) for c in results.get_row_at(0)]
        assert row[3] == t("sync.status.rejected")
        assert row[4] == t("sync.reason.demo_bundle")
        assert "demo database" in on_screen(app)
    assert sorted(p.name for p in stick.iterdir()) == [sent.file_name]  # no reply written
    assert before.changed() == []


async def test_the_demo_rejects_a_real_stations_reply(demo_app, real_station, stick):
    app = demo_app("en")
    trusted_before_the_mark(app.db, real_station.card())
    trusted_before_the_mark(real_station.db, identity.export_card(app.db))
    outbox.write_out(prepare_reply(real_station.db, app.db.device_id), stick)
    before = Snapshot(app.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f8", "i")
        await choose_folder(pilot, stick)
        results = app.screen.query_one("#results", DataTable)
        assert [str(c) for c in results.get_row_at(0)][3:5] == [
            t("sync.status.rejected"),
            t("sync.reason.real_bundle"),
        ]
    assert before.changed() == []
