"""Keyslots: wrapping, unwrapping, tampering, parameter bounds, the two copies."""

from __future__ import annotations

import json
import os

import pytest

from nghean_tui.storage import keyslots


@pytest.fixture
def slots(tmp_path):
    dbk = os.urandom(32)
    f = keyslots.KeyslotFile(tmp_path)
    f.create("db-1")
    f.add_passphrase(dbk, "officer-a", "mật khẩu của A", keyslots.FLOOR)
    code = f.set_recovery(dbk)
    f.save(dbk)
    return f, dbk, code


def reload(tmp_path) -> keyslots.KeyslotFile:
    f = keyslots.KeyslotFile(tmp_path)
    f.load()
    return f


def test_passphrase_and_recovery_unwrap_the_same_key(slots, tmp_path):
    f, dbk, code = slots
    g = reload(tmp_path)
    assert g.unlock_passphrase("mật khẩu của A").dbk == dbk
    assert g.unlock_passphrase("mật khẩu của A").officer_id == "officer-a"
    assert g.unlock_recovery(code).dbk == dbk
    assert g.unlock_recovery(code.lower().replace("-", " ")).dbk == dbk


def test_wrong_passphrase_and_wrong_code(slots, tmp_path):
    f, dbk, code = slots
    g = reload(tmp_path)
    with pytest.raises(keyslots.WrongSecret):
        g.unlock_passphrase("mat khau cua A")  # without diacritics: a different secret
    other = keyslots.new_recovery_code()
    with pytest.raises(keyslots.WrongSecret):
        g.unlock_recovery(other)


def test_recovery_code_typo_is_reported_as_malformed(slots):
    f, dbk, code = slots
    chars = list(code)
    chars[0] = "Z" if chars[0] != "Z" else "Y"
    with pytest.raises(keyslots.KeyslotError) as err:
        f.unlock_recovery("".join(chars))
    assert err.value.reason == "recovery_code_malformed"


def test_recovery_code_has_enough_entropy():
    code = keyslots.new_recovery_code()
    assert len(code.replace("-", "")) == 28
    assert keyslots.RECOVERY_RANDOM_CHARS * 5 >= 128


def test_no_secret_in_the_file(slots, tmp_path):
    f, dbk, code = slots
    raw = (tmp_path / keyslots.PRIMARY).read_bytes()
    assert dbk not in raw and dbk.hex().encode() not in raw
    assert "mật khẩu".encode() not in raw
    assert code.replace("-", "").encode() not in raw


def _tamper(tmp_path, mutate):
    for name in (keyslots.PRIMARY, keyslots.BACKUP):
        path = tmp_path / name
        doc = json.loads(path.read_bytes())
        mutate(doc)
        path.write_text(json.dumps(doc))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["slots"][0]["kdf"].__setitem__("t", 3),  # in range, but not the real one
        lambda d: d["slots"][0].__setitem__("officer_id", "officer-b"),  # metadata swap
        lambda d: d.__setitem__("db_id", "db-2"),  # moved to another database
        lambda d: d["slots"][0].__setitem__("wrapped", d["slots"][1]["wrapped"]),
        lambda d: d["slots"][0].__setitem__("nonce", "AAAAAAAAAAAAAAAA"),
    ],
)
def test_tampered_slot_does_not_open(slots, tmp_path, mutate):
    _tamper(tmp_path, mutate)
    with pytest.raises(keyslots.WrongSecret):
        reload(tmp_path).unlock_passphrase("mật khẩu của A")


@pytest.mark.parametrize(
    "field,value",
    [
        ("m_kib", 19 * 1024 - 1),
        ("m_kib", 1024 * 1024 + 1),
        ("t", 1),
        ("t", 11),
        ("p", 0),
        ("p", 64),
    ],
)
def test_kdf_parameters_out_of_range_are_refused_before_running(slots, tmp_path, field, value):
    _tamper(tmp_path, lambda d: d["slots"][0]["kdf"].__setitem__(field, value))
    with pytest.raises(keyslots.KeyslotError) as err:
        reload(tmp_path).unlock_passphrase("mật khẩu của A")
    assert err.value.reason == "kdf_out_of_range"


def test_creating_out_of_range_parameters_is_refused(tmp_path):
    f = keyslots.KeyslotFile(tmp_path)
    f.create("db")
    with pytest.raises(keyslots.KeyslotError):
        f.add_passphrase(os.urandom(32), "o", "passphrase!", keyslots.KdfParams(8 * 1024, 2))


def test_damaged_primary_falls_back_to_backup_and_is_repaired(slots, tmp_path):
    f, dbk, code = slots
    (tmp_path / keyslots.PRIMARY).write_bytes(b"{ half a file")
    g = reload(tmp_path)
    assert g.unlock_passphrase("mật khẩu của A").dbk == dbk
    assert g.verify_and_repair(dbk)
    assert (tmp_path / keyslots.PRIMARY).read_bytes() == (tmp_path / keyslots.BACKUP).read_bytes()


def test_both_copies_damaged(slots, tmp_path):
    for name in (keyslots.PRIMARY, keyslots.BACKUP):
        (tmp_path / name).write_bytes(b"\x00garbage")
    with pytest.raises(keyslots.KeyslotError) as err:
        reload(tmp_path)
    assert err.value.reason == "damaged"


def test_added_or_removed_slot_is_detected_by_the_mac(slots, tmp_path):
    f, dbk, code = slots
    other = keyslots.KeyslotFile(tmp_path / "elsewhere")
    other.create("db-1")
    other.add_passphrase(os.urandom(32), "intruder", "intruder pass", keyslots.FLOOR)
    _tamper(tmp_path, lambda d: d["slots"].append(other.slots[0]))
    g = reload(tmp_path)
    assert g.unlock_passphrase("mật khẩu của A").dbk == dbk
    assert not g.verify_and_repair(dbk)
    assert g.tampered


def test_change_passphrase_rewraps_only_that_slot(slots, tmp_path):
    f, dbk, code = slots
    slot_id = f.passphrase_slots()[0]["id"]
    f.rewrap_passphrase(dbk, slot_id, "mật khẩu mới của A", keyslots.FLOOR)
    f.save(dbk)
    g = reload(tmp_path)
    with pytest.raises(keyslots.WrongSecret):
        g.unlock_passphrase("mật khẩu của A")
    opened = g.unlock_passphrase("mật khẩu mới của A")
    assert opened.dbk == dbk and opened.slot_id == slot_id
    assert g.unlock_recovery(code).dbk == dbk


def test_last_passphrase_cannot_be_removed(slots):
    f, dbk, code = slots
    with pytest.raises(keyslots.KeyslotError) as err:
        f.remove(f.passphrase_slots()[0]["id"])
    assert err.value.reason == "last_passphrase"


def test_several_officers_each_open_with_their_own(slots, tmp_path):
    f, dbk, code = slots
    f.add_passphrase(dbk, "officer-b", "B's own words", keyslots.FLOOR)
    f.save(dbk)
    g = reload(tmp_path)
    assert g.unlock_passphrase("B's own words").officer_id == "officer-b"
    assert g.unlock_passphrase("mật khẩu của A").officer_id == "officer-a"


def test_escrow_slot_opens_with_the_supervisor_identity(slots, tmp_path):
    import pyrage

    f, dbk, code = slots
    identity = pyrage.x25519.Identity.generate()
    f.add_escrow(dbk, str(identity.to_public()), "station-1")
    f.save(dbk)
    g = reload(tmp_path)
    assert g.unlock_escrow(identity).dbk == dbk
    with pytest.raises(keyslots.WrongSecret):
        g.unlock_escrow(pyrage.x25519.Identity.generate())


def test_calibrated_parameters_are_within_bounds():
    params = keyslots.calibrate(target_s=0.05)
    params.check()
    assert (
        params.memory_kib >= keyslots.MIN_MEMORY_KIB
        and params.iterations >= keyslots.MIN_ITERATIONS
    )
