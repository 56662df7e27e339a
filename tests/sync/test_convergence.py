"""Any order of the same bundles, duplicates included, ends in the same records.

The bundles are made once: two communes and a station that relays a person from one to the
other, who is then edited at both (the same record from two devices). Each example imports
them in another order into a fresh copy of a station enrolled with both communes.
``NGHEAN_STRESS_ROUNDS`` (default 4) scales the number of orders tried.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.storage.records import Records
from nghean_tui.storage.vault import Vault
from nghean_tui.sync import inbox, outbox
from nghean_tui.sync.reply import prepare_reply
from tests.sync.conftest import PASSPHRASE, Site, enroll
from tests.sync.helpers import count, synced_digest

ROUNDS = int(os.environ.get("NGHEAN_STRESS_ROUNDS", "4"))


class World:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        station = Site(folder / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
        a = Site(folder / "a", Role.COMMUNE, "16816", "Lương Văn Thắng")
        b = Site(folder / "b", Role.COMMUNE, "16822", "Hà Văn Bình")
        self.sites = [station, a, b]
        enroll(a, station)
        enroll(b, station)
        # A copy of the station as enrolled, before any import: the start of every example.
        self.template = folder / "template"
        station.db.close()
        station.vault.close()
        shutil.copytree(station.folder, self.template, ignore=shutil.ignore_patterns("nghean.lock"))
        station.vault = Vault(station.folder, throttle_base=0.01)
        station.db = station.vault.unlock(passphrase=PASSPHRASE)

        ra, rb = Records(a.db), Records(b.db)
        self.bundles: list[tuple[str, bytes]] = []

        def export(site, label):
            out = outbox.prepare_export(site.db)
            self.bundles.append((label, out.data))
            return out

        moving = ra.create(
            models.Person, {"full_name": "Lầu Bá Chư", "sex": "male", "birth_year": 1992}
        )
        staying = ra.create(
            models.Person, {"full_name": "Moong Thị Hoa", "sex": "female", "birth_year": 1990}
        )
        ra.create(
            models.DrugTest,
            {
                "person_id": moving.id,
                "test_date": date(2026, 1, 5),
                "result": "positive",
                "substances": "heroin",
            },
        )
        export(a, "A1")
        ra.update(models.Person, moving.id, {"notes": "chuyển đi Xã B"})
        ra.update(models.Person, staying.id, {"occupation": "làm nương"})
        ra.create(
            models.Transfer,
            {
                "person_id": moving.id,
                "direction": "out",
                "from_unit_code": "16816",
                "to_unit_code": "16822",
                "move_date": date(2026, 2, 1),
            },
        )
        export(a, "A2")
        for label in ("A1", "A2"):
            assert inbox.import_bundle(station.db, dict(self.bundles)[label]).status == "accepted"
        reply = prepare_reply(station.db, b.db.device_id)
        assert inbox.import_bundle(b.db, reply.data).status == "accepted"
        # The same person, now edited at B: a second device's version of A's record.
        rb.update(models.Person, moving.id, {"notes": "đã đến Xã B", "occupation": "làm ruộng"})
        other = rb.create(
            models.Person, {"full_name": "Vi Văn Nam", "sex": "male", "birth_year": 1985}
        )
        export(b, "B1")
        rb.update(models.Person, other.id, {"phone": "0912345678"})
        rb.delete(models.Person, other.id)  # a tombstone
        export(b, "B2")
        ra.update(models.Person, staying.id, {"notes": "ổn định"})
        export(a, "A3")
        self.moving = moving.id

    def fresh_station(self) -> tuple[Site, Path]:
        folder = Path(tempfile.mkdtemp(prefix="station-", dir=self.folder))
        shutil.rmtree(folder)
        shutil.copytree(self.template, folder)
        site = object.__new__(Site)
        site.folder = folder
        site.vault = Vault(folder, throttle_base=0.01)
        site.db = site.vault.unlock(passphrase=PASSPHRASE)
        return site, folder

    def import_in(self, order: list[int]) -> tuple[str, int, str]:
        site, folder = self.fresh_station()
        try:
            for i in order:
                label, data = self.bundles[i]
                outcome = inbox.import_bundle(site.db, data, label)
                assert outcome.status in ("accepted", "pending", "duplicate"), (label, outcome)
            applied = count(site.db, "SELECT count(*) FROM inbound_bundle WHERE status = 'applied'")
            unit = count(site.db, "SELECT unit_code FROM person WHERE id = :i", i=self.moving)
            return synced_digest(site.db), applied, unit
        finally:
            site.close()
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        for site in self.sites:
            site.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    os.environ.setdefault("NGHEAN_KDF", "fast")
    made = World(tmp_path_factory.mktemp("convergence"))
    yield made
    made.close()


@pytest.fixture(scope="module")
def expected(world):
    return world.import_in(list(range(len(world.bundles))))


def test_the_bundles_edit_the_same_record_from_two_devices(world, expected):
    assert [label for label, _ in world.bundles] == ["A1", "A2", "B1", "B2", "A3"]
    digest, applied, unit = expected
    assert applied == 5 and unit == "16822"  # B's version of the moved person won


@settings(
    max_examples=3 * ROUNDS,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_order_converges(world, expected, data):
    n = len(world.bundles)
    order = data.draw(st.permutations(list(range(n))), label="order")
    for _ in range(data.draw(st.integers(0, 2), label="duplicates")):
        order.insert(
            data.draw(st.integers(0, len(order)), label="at"),
            data.draw(st.integers(0, n - 1), label="which"),
        )
    assert world.import_in(causal(order)) == expected


def causal(order: list[int]) -> list[int]:
    """The order as a station can see it: B1 takes the moved person over on the strength of
    A's transfer, which B received from the station, so it reaches a station after A1 and A2
    have been applied there (any other order of it is dropped, then it comes last)."""
    seen: set[int] = set()
    kept = []
    for i in order:
        if i == 2 and not {0, 1} <= seen:
            continue
        seen.add(i)
        kept.append(i)
    return kept if 2 in kept else kept + [2]


def test_a_takeover_before_the_transfer_it_rests_on_is_refused_then_accepted(world, expected):
    """The station holds no transfer to B yet: B's takeover is refused with nothing written,
    and goes in once A's transfer is here (the stick is read again)."""
    site, folder = world.fresh_station()
    try:
        bundles = dict(world.bundles)
        assert inbox.import_bundle(site.db, bundles["A1"]).status == "accepted"
        early = inbox.import_bundle(site.db, bundles["B1"])
        assert (early.status, early.reason, early.detail) == ("rejected", "out_of_scope", "person")
        assert (
            count(site.db, "SELECT unit_code FROM person WHERE id = :i", i=world.moving) == "16816"
        )
        assert inbox.import_bundle(site.db, bundles["A2"]).status == "accepted"
        assert inbox.import_bundle(site.db, bundles["B1"]).status == "accepted"
        assert (
            count(site.db, "SELECT unit_code FROM person WHERE id = :i", i=world.moving) == "16822"
        )
    finally:
        site.close()
        shutil.rmtree(folder, ignore_errors=True)
