"""Fixtures for sync: communes and a station in temporary folders, enrolled both ways."""

from __future__ import annotations

import pytest

from nghean_tui.domain.enums import Role
from nghean_tui.storage.vault import Vault
from nghean_tui.sync import identity

PASSPHRASE = "đồn biên phòng 2026"


class Site:
    """One installation: its vault and unlocked database."""

    def __init__(self, folder, role: Role, unit: str, officer: str, demo: bool = False) -> None:
        self.folder = folder
        self.vault = Vault(folder, throttle_base=0.01)
        self.db, self.recovery = self.vault.create(
            role=role, unit_code=unit, officer_name=officer, passphrase=PASSPHRASE, demo=demo
        )

    def card(self) -> bytes:
        return identity.export_card(self.db)

    def close(self) -> None:
        self.db.close()
        self.vault.close()


def enroll(commune: Site, station: Site) -> None:
    """Both sides import the other's card (the fingerprints were read aloud)."""
    identity.trust(station.db, identity.read_card(commune.card()))
    peer = identity.trust(commune.db, identity.read_card(station.card()))
    commune.vault.add_escrow(commune.db, peer.age_recipient, peer.device_id)


@pytest.fixture
def sites(tmp_path):
    made = []

    def make(role: str, unit: str, officer: str = "Lương Văn Thắng", *, demo: bool = False) -> Site:
        site = Site(tmp_path / f"{role}-{unit}-{len(made)}", Role(role), unit, officer, demo)
        made.append(site)
        return site

    yield make
    for site in made:
        site.close()


@pytest.fixture
def station(sites):
    return sites("supervisor", "40", "Trần Văn Tỉnh")


@pytest.fixture
def commune(sites, station):
    site = sites("commune", "16816")
    enroll(site, station)
    return site
