"""Creating, unlocking and locking the encrypted database (docs/security-notes.md, "Keys (§1)")."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.storage.database import StorageError
from nghean_tui.storage.records import Records
from nghean_tui.storage.vault import Vault
from tests.conftest import COMMUNE, PASSPHRASE
from tests.storage.helpers import folder_digest, markers_in


def test_unlock_after_create_gives_the_same_identity(new_db, data_dir):
    identity = new_db.identity
    officer = new_db.officer_id
    new_db.close()
    db = new_db.vault.unlock(passphrase=PASSPHRASE)
    assert db.identity == identity and db.officer_id == officer
    assert db.identity.role is Role.COMMUNE and db.unit_code == COMMUNE
    db.close()


def test_pragmas_are_set_on_every_connection(new_db):
    with new_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA temp_store")).scalar() == 2  # MEMORY
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA cipher_version")).scalar().startswith("4.")


def test_wrong_passphrase_changes_nothing_and_the_wait_survives_a_restart(new_db, data_dir):
    new_db.close()
    new_db.vault.close()
    before = folder_digest(data_dir, skip=("nghean.lock", "unlock-state.json"))
    vault = Vault(data_dir, throttle_base=30)
    with pytest.raises(StorageError) as err:
        vault.unlock(passphrase="not the passphrase")
    assert err.value.reason == "wrong_secret"
    vault.close()
    # A new process (a new Vault) still has to wait, even with the right passphrase.
    vault = Vault(data_dir, throttle_base=30)
    with pytest.raises(StorageError) as err:
        vault.unlock(passphrase=PASSPHRASE)
    assert err.value.reason == "wait" and err.value.params["seconds"] > 25
    vault.close()
    assert folder_digest(data_dir, skip=("nghean.lock", "unlock-state.json")) == before
    new_db.vault = Vault(data_dir)  # let the fixture close something


def test_second_instance_is_refused(new_db, data_dir):
    with pytest.raises(StorageError) as err:
        Vault(data_dir)
    assert err.value.reason == "busy" and err.value.params["pid"] == os.getpid()


@pytest.mark.parametrize(
    "passphrase",
    [
        'it\'s "quoted"; DROP TABLE person; --',
        "x'00' \\ ' \" ` $(whoami)",
        "mật khẩu có dấu tiếng Việt 'và' \"nháy\"",
    ],
)
def test_passphrases_with_quotes(tmp_path, passphrase):
    vault = Vault(tmp_path / "q")
    db, _ = vault.create(
        role=Role.COMMUNE, unit_code=COMMUNE, officer_name="A B", passphrase=passphrase
    )
    db.close()
    db = vault.unlock(passphrase=passphrase)
    with db.read() as session:
        assert session.get(models.Officer, db.officer_id).full_name == "A B"
    db.close()
    vault.close()


def test_recovery_code_unlocks_and_a_renewed_code_replaces_it(new_db):
    old_code = new_db.recovery_code
    vault = new_db.vault
    new_code = vault.renew_recovery(new_db)
    new_db.close()
    with pytest.raises(StorageError):
        vault.unlock(recovery_code=old_code)
    vault.throttle.failures = 0
    db = vault.unlock(recovery_code=new_code)
    assert db.unlocked_by == "recovery" and db.officer_id is None
    db.close()


def test_changing_a_passphrase_keeps_the_key(new_db):
    vault, key = new_db.vault, new_db.key
    vault.change_passphrase(new_db, new_db.officer_id, "một mật khẩu mới hẳn")
    new_db.close()
    db = vault.unlock(passphrase="một mật khẩu mới hẳn")
    assert db.key == key
    db.close()
    assert vault.unlock(recovery_code=new_db.recovery_code).key == key


def test_add_and_remove_officer_passphrases(new_db):
    vault = new_db.vault
    second = Records(new_db).create(models.Officer, {"full_name": "Vi Văn Nam"})
    vault.add_passphrase(new_db, second.id, "mật khẩu của Nam")
    new_db.close()
    db = vault.unlock(passphrase="mật khẩu của Nam")
    assert db.officer_id == second.id
    vault.remove_passphrase(db, second.id)
    with pytest.raises(StorageError) as err:
        vault.remove_passphrase(db, new_db.officer_id)
    assert err.value.reason == "last_passphrase"
    db.close()


def test_tampered_keyslots_refuse_and_leave_the_database_as_it_was(new_db, data_dir):
    import json

    new_db.close()
    before = folder_digest(
        data_dir, skip=("nghean.lock", "unlock-state.json", "keyslots.json", "keyslots.bak.json")
    )
    for name in ("keyslots.json", "keyslots.bak.json"):
        doc = json.loads((data_dir / name).read_text())
        doc["slots"][0]["kdf"]["m_kib"] = 4 * 1024 * 1024
        (data_dir / name).write_text(json.dumps(doc))
    with pytest.raises(StorageError) as err:
        new_db.vault.unlock(passphrase=PASSPHRASE)
    assert err.value.reason == "keyslots_kdf_out_of_range"
    assert (
        folder_digest(
            data_dir,
            skip=("nghean.lock", "unlock-state.json", "keyslots.json", "keyslots.bak.json"),
        )
        == before
    )


def test_keyslots_of_another_database_are_refused(tmp_path):
    import shutil

    first, second = Vault(tmp_path / "a"), Vault(tmp_path / "b")
    for vault in (first, second):
        db, _ = vault.create(
            role=Role.COMMUNE, unit_code=COMMUNE, officer_name="A B", passphrase=PASSPHRASE
        )
        db.close()
    for name in ("keyslots.json", "keyslots.bak.json"):
        shutil.copy(tmp_path / "a" / name, tmp_path / "b" / name)
    with pytest.raises(StorageError) as err:
        second.unlock(passphrase=PASSPHRASE)
    assert err.value.reason == "keyslots_foreign"
    first.close()
    second.close()


def test_already_initialised_and_unknown_unit(new_db, tmp_path):
    with pytest.raises(StorageError) as err:
        new_db.vault.create(
            role=Role.COMMUNE, unit_code=COMMUNE, officer_name="X Y", passphrase=PASSPHRASE
        )
    assert err.value.reason == "already_initialised"
    vault = Vault(tmp_path / "other")
    with pytest.raises(StorageError) as err:
        vault.create(
            role=Role.COMMUNE, unit_code="99999", officer_name="X Y", passphrase=PASSPHRASE
        )
    assert err.value.reason == "unknown_unit"
    assert not vault.initialised
    vault.close()


_SORT_PROBE = """
import os, sys
from sqlalchemy import text
from nghean_tui.storage.vault import Vault
from tests.storage.helpers import open_files_under, markers_in
data_dir, temp_store, marker, tmpdir = sys.argv[1:5]
vault = Vault(data_dir)
db = vault.unlock(passphrase=os.environ["PROBE_PASSPHRASE"])
with db.engine.connect() as conn:
    if temp_store != "MEMORY":
        conn.execute(text(f"PRAGMA temp_store = {temp_store}"))
    conn.execute(text("PRAGMA cache_size = 10"))  # a small cache forces spilling, if any
    conn.execute(text("CREATE TEMP TABLE big AS WITH RECURSIVE n(i) AS "
                      "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
                      "SELECT i, :m || i AS v FROM n"), {"m": marker})
    result = conn.execute(text("SELECT v FROM big ORDER BY v DESC"))
    assert marker in result.fetchone()[0]
    leaked = any(marker.encode() in data for data in open_files_under(tmpdir).values())
    in_folder = markers_in(data_dir, marker)
    result.close()
print("LEAK" if leaked else "CLEAN", ",".join(in_folder))
db.close()
vault.close()
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc (Linux)")
@pytest.mark.parametrize("temp_store, leaks", [("MEMORY", False), ("FILE", True)])
def test_no_plaintext_on_disk_after_writes_and_a_large_sort(
    new_db, data_dir, tmp_path, temp_store, leaks
):
    """Names, IDs and notes never appear in clear in the database, -wal, -shm or temp files.

    The FILE case shows the check can fail: SQLCipher does not encrypt temporary files, so
    with ``temp_store = FILE`` a large sort spills names in clear; the application's
    connections use MEMORY. SQLite reads SQLITE_TMPDIR once per process, hence the
    subprocess; it reads deleted temp files through /proc/self/fd.
    """
    import subprocess
    import sys

    marker = "ZQXMARKERNAME"
    records = Records(new_db)
    hamlet = records.create(models.Hamlet, {"name": f"Bản {marker}", "kind": "ban"})
    records.create(
        models.Person,
        {
            "full_name": f"Lầu Bá {marker}",
            "sex": "male",
            "birth_year": 1990,
            "hamlet_id": hamlet.id,
            "notes": f"ghi chú {marker}",
            "citizen_id": "040090123456",
        },
    )
    assert (data_dir / "nghean.db-wal").exists()
    assert markers_in(data_dir, marker) == [] and markers_in(data_dir, "040090123456") == []
    new_db.close()
    new_db.vault.close()
    tmpdir = tmp_path / "sqlite-tmp"
    tmpdir.mkdir()
    env = {**os.environ, "SQLITE_TMPDIR": str(tmpdir), "PROBE_PASSPHRASE": PASSPHRASE}
    out = subprocess.run(
        [sys.executable, "-c", _SORT_PROBE, str(data_dir), temp_store, marker, str(tmpdir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    assert out.returncode == 0, out.stderr
    verdict, _, files = out.stdout.strip().partition(" ")
    assert verdict == ("LEAK" if leaks else "CLEAN")
    assert files == ""  # never in the database, -wal or -shm
    assert markers_in(data_dir, marker) == []
    new_db.vault = Vault(data_dir)


def test_the_database_file_is_not_sqlite_plaintext(new_db, data_dir):
    assert not (data_dir / "nghean.db").read_bytes().startswith(b"SQLite format 3")


def test_interrupted_setup_leaves_no_database(tmp_path, monkeypatch):
    """If writing the keyslots fails, no database appears that nothing could open."""
    from nghean_tui.storage import keyslots

    vault = Vault(tmp_path / "s")

    def boom(self, dbk):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyslots.KeyslotFile, "save", boom)
    with pytest.raises(OSError):
        vault.create(
            role=Role.COMMUNE, unit_code=COMMUNE, officer_name="A B", passphrase=PASSPHRASE
        )
    assert not vault.initialised
    monkeypatch.undo()
    db, _ = vault.create(
        role=Role.COMMUNE, unit_code=COMMUNE, officer_name="A B", passphrase=PASSPHRASE
    )
    db.close()
    vault.close()


def test_a_wrong_raw_key_does_not_open_the_file(new_db, data_dir):
    from nghean_tui.storage.engine import WrongKey, connect

    right = new_db.key
    new_db.close()
    wrong = bytes(b ^ 1 for b in right[:1]) + right[1:]  # one bit different
    with pytest.raises(WrongKey):
        connect(data_dir / "nghean.db", wrong)
    connect(data_dir / "nghean.db", right).close()
    with pytest.raises(ValueError):
        connect(data_dir / "nghean.db", right[:16])  # never a short key
