"""Shared fixtures. Tests never touch a real data folder and use the KDF floor (fast)."""

from __future__ import annotations

import os

import pytest

os.environ["NGHEAN_KDF"] = "fast"
os.environ.pop("NGHEAN_DATA_DIR", None)

PASSPHRASE = "tuần tra biên giới 2026"
COMMUNE = "16816"  # Xã Mỹ Lý, a border commune


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Point platformdirs (HOME, XDG) at a temporary folder for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def new_db(data_dir):
    """A freshly created commune database, unlocked; closed after the test."""
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault

    vault = Vault(data_dir, throttle_base=0.05)
    db, code = vault.create(
        role=Role.COMMUNE, unit_code=COMMUNE, officer_name="Lương Văn Thắng", passphrase=PASSPHRASE
    )
    db.recovery_code = code
    db.vault = vault
    yield db
    db.close()
    vault.close()
