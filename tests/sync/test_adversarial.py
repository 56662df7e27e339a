"""The adversarial bundle cases (docs/bundle-format.md §7 and §10): every refusal names its
reason and writes nothing.

"Nothing" is checked two ways: a digest of every row of every table (meta, audit_log,
inbound_bundle and the search index included) and the bytes of the database file and its
write-ahead log on disk (reads do not change them; see helpers.Snapshot).
"""

from __future__ import annotations

import errno
import os
import signal
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import nghean_tui
from nghean_tui.domain import models
from nghean_tui.domain.enums import AuditAction
from nghean_tui.storage import safefile
from nghean_tui.storage.records import Records
from nghean_tui.storage.vault import Vault
from nghean_tui.sync import bundle as bundle_format
from nghean_tui.sync import exchange, files, identity, inbox, outbox
from nghean_tui.sync import records as sync_records
from tests.sync.conftest import PASSPHRASE, enroll
from tests.sync.helpers import (
    Snapshot,
    assemble,
    content_digest,
    count,
    layout,
    open_inner,
    resign,
    seal,
    signer_of,
)

MARKER = "Zyxwerty Quặp Đoàn"  # a synthetic name that appears nowhere else


def _person(site, name: str, **extra) -> models.Person:
    return Records(site.db).create(
        models.Person, {"full_name": name, "sex": "male", "birth_year": 1988, **extra}
    )


def _rejected(station, data: bytes, reason: str, detail: str | None = None, name: str = ""):
    outcome = inbox.import_bundle(station.db, data, name)
    assert (outcome.status, outcome.reason) == ("rejected", reason), outcome
    if detail is not None:
        assert outcome.detail == detail, outcome
    return outcome


@pytest.fixture
def first(commune):
    """The commune's first bundle (its officer and a person named MARKER)."""
    _person(commune, MARKER)
    return outbox.prepare_export(commune.db)


@pytest.fixture
def second(commune, first):
    _person(commune, "Vi Văn Sáu")
    return outbox.prepare_export(commune.db)


# ---------------------------------------------------------------- damaged bytes


def test_a_bit_flipped_in_the_age_header(station, first):
    """Line by line: the version line is "not a bundle"; the X25519 stanza cannot be told
    apart from one for another station (age's design: no stanza opened), unless its base64 no
    longer parses; everything after it is caught by the header MAC."""
    data = first.data
    snap = Snapshot(station.db)
    version_end = len(bundle_format.AGE_HEADER)
    stanza_end = data.index(b"\n-> ", version_end) + 1  # the X25519 stanza, args and body
    header_end = data.index(b"\n", data.index(b"\n---")) + 1
    assert data[version_end:].startswith(b"-> X25519 ")
    for at in range(header_end):
        for bit in (0, 6):
            flipped = bytearray(data)
            flipped[at] ^= 1 << bit
            outcome = inbox.import_bundle(station.db, bytes(flipped))
            assert outcome.status == "rejected", (at, bit)
            if at < version_end:
                assert outcome.reason == "not_a_bundle", (at, bit)
            elif at < stanza_end:
                assert outcome.reason in ("not_addressed", "damaged"), (at, bit, outcome)
            else:
                assert (outcome.reason, outcome.detail) == ("damaged", "envelope"), (at, bit)
    assert snap.unchanged()


def test_a_bit_flipped_in_the_age_payload(station, first):
    data = first.data
    snap = Snapshot(station.db)
    start = data.index(b"\n", data.index(b"\n---")) + 1
    for at in [*range(start, start + 20), *range(start + 20, len(data), 7), len(data) - 1]:
        flipped = bytearray(data)
        flipped[at] ^= 0x10
        _rejected(station, bytes(flipped), "damaged", "envelope")
    assert snap.unchanged()


def _flip(inner: bytes, at: int, mask: int = 1) -> bytes:
    changed = bytearray(inner)
    changed[at] ^= mask
    return bytes(changed)


def test_a_bit_flipped_in_each_region_of_the_inner_layer(station, commune, first):
    """Flipped, then sealed again to the station: age cannot help, the inner checks must."""
    inner = open_inner(first.data, station).data
    regions = layout(inner)
    snap = Snapshot(station.db)

    def reason(changed: bytes) -> tuple[str, str]:
        outcome = inbox.import_bundle(station.db, seal(changed, station))
        assert outcome.status == "rejected", outcome
        return outcome.reason, outcome.detail

    for at in range(*regions["magic"]):
        assert reason(_flip(inner, at)) == ("damaged", "magic")
    lo, hi = regions["manifest_length"]
    assert reason(_flip(inner, lo, 0x80)) == ("too_large", "manifest")
    for at in range(lo + 1, hi):
        assert reason(_flip(inner, at))[0] == "damaged"
    for at in range(*regions["payload_length"]):
        assert reason(_flip(inner, at)) == ("damaged", "length")
    start, end = regions["payload"]
    for at in [*range(start, min(end, start + 40)), *range(start + 40, end, 5), end - 1]:
        assert reason(_flip(inner, at)) == ("damaged", "payload digest")
    for at in range(*regions["signature"]):
        assert reason(_flip(inner, at, 0x04)) == ("forged", "")

    # The manifest: pinned places, then a sweep over every byte.
    start, end = regions["manifest"]
    manifest = inner[start:end]
    assert reason(_flip(inner, start, 0x02))[0] == "damaged"  # "{" → "y": not JSON
    created = start + manifest.index(b'"created_at":"') + len('"created_at":"') + 2
    assert reason(_flip(inner, created)) == ("forged", "")  # still valid, no longer signed
    device_id = commune.db.device_id
    offset = next(i for i, c in enumerate(device_id) if c != "a")  # "a" ^ 1 is "`"
    device = start + manifest.index(device_id.encode()) + offset
    assert reason(_flip(inner, device)) == ("unknown_sender", "16816")
    allowed = {"damaged", "forged", "unknown_sender", "unsupported_format", "too_large"}
    for at in range(start, end):
        assert reason(_flip(inner, at, 0x01))[0] in allowed, at
    assert snap.unchanged()


def test_truncated_at_many_points(station, first):
    data = first.data
    inner = open_inner(data, station).data
    snap = Snapshot(station.db)
    _rejected(station, b"", "not_a_bundle")
    for n in [
        *range(0, len(bundle_format.AGE_HEADER), 3),
        *range(len(bundle_format.AGE_HEADER), len(data), 11),
        len(data) - 1,
    ]:
        _rejected(
            station, data[:n], "not_a_bundle" if n < len(bundle_format.AGE_HEADER) else "damaged"
        )
    for n in [*range(0, len(inner), 9), len(inner) - 1]:
        outcome = inbox.import_bundle(station.db, seal(inner[:n], station))
        assert (outcome.status, outcome.reason) == ("rejected", "damaged"), n
    assert snap.unchanged()


def test_junk_appended(station, first, second):
    inner = open_inner(first.data, station).data
    snap = Snapshot(station.db)
    _rejected(station, first.data + b"\x00", "damaged", "envelope")
    _rejected(station, first.data + os.urandom(4096), "damaged", "envelope")
    _rejected(station, first.data + second.data, "damaged", "envelope")
    _rejected(station, seal(inner + b"\n", station), "damaged", "length")
    _rejected(station, seal(inner + inner, station), "damaged", "length")
    assert snap.unchanged()


def test_another_bundles_payload_swapped_in(station, commune, first, second):
    one, two = open_inner(first.data, station), open_inner(second.data, station)
    snap = Snapshot(station.db)
    swapped = assemble(one.manifest_bytes, two.payload_bytes, one.signature)
    _rejected(station, seal(swapped, station), "damaged", "payload digest")
    # The manifest made to match the new payload: no longer what was signed.
    patched = {
        **one.manifest,
        "payload_digest": two.manifest["payload_digest"],
        "payload_size": two.manifest["payload_size"],
        "counts": two.manifest["counts"],
    }
    swapped = assemble(bundle_format.canonical(patched), two.payload_bytes, one.signature)
    _rejected(station, seal(swapped, station), "forged")
    assert snap.unchanged()


# ---------------------------------------------------------------- wrong recipients


def test_a_station_that_is_not_a_recipient(sites, commune, first):
    other = sites("supervisor", "40", "Hồ Văn Xa")
    identity.trust(other.db, identity.read_card(commune.card()))  # knows the commune...
    snap = Snapshot(other.db)
    _rejected(other, first.data, "not_addressed")  # ...but the bundle was not sealed to it
    assert snap.unchanged()


def test_re_encrypted_to_another_station(sites, station, commune, first):
    """Surreptitious forwarding: a recipient seals the signed inner layer to a station the
    commune never addressed (and which trusts the commune)."""
    other = sites("supervisor", "40", "Hồ Văn Xa")
    identity.trust(other.db, identity.read_card(commune.card()))
    forwarded = seal(open_inner(first.data, station).data, other)
    snap = Snapshot(other.db)
    _rejected(other, forwarded, "forwarded")
    assert snap.unchanged()


# ---------------------------------------------------------------- senders


@pytest.fixture
def neighbour(sites, station):
    """Another enrolled commune (B), whose key is trusted for its own unit only."""
    site = sites("commune", "16822")
    enroll(site, station)
    return site


def test_another_commune_re_signs_a_communes_content(station, commune, neighbour, first):
    """B takes A's records and signs them as its own bundle: they are not B's unit's."""
    original = open_inner(first.data, station)
    manifest = {
        **original.manifest,
        "sender": {"device_id": neighbour.db.device_id, "unit_code": "16822", "role": "commune"},
    }
    inner = resign(manifest, original.payload_bytes, signer_of(neighbour))
    snap = Snapshot(station.db)
    _rejected(station, seal(inner, station), "out_of_scope", "officer")
    assert snap.unchanged()


def test_another_commune_claims_anothers_device(station, commune, neighbour, first):
    """B signs a manifest that names A's device: A's key does not verify it."""
    original = open_inner(first.data, station)
    inner = resign(original.manifest, original.payload_bytes, signer_of(neighbour))
    snap = Snapshot(station.db)
    _rejected(station, seal(inner, station), "forged")
    assert snap.unchanged()


def test_a_commune_claims_another_unit_for_itself(station, neighbour):
    _person(neighbour, "Lô Văn Bảy")
    original = open_inner(outbox.prepare_export(neighbour.db).data, station)
    manifest = {
        **original.manifest,
        "sender": {**original.manifest["sender"], "unit_code": "16816"},
    }
    inner = resign(manifest, original.payload_bytes, signer_of(neighbour))
    snap = Snapshot(station.db)
    _rejected(station, seal(inner, station), "out_of_scope", "sender")
    assert snap.unchanged()


def test_a_commune_overwrites_another_communes_person(station, commune, neighbour, first):
    """B sends a newer version of A's person, relabelled as its own: refused."""
    assert inbox.import_bundle(station.db, first.data).status == "accepted"
    person_id = _id_of(station, MARKER)
    original = open_inner(first.data, station)
    block = original.payload()["records"]["person"]
    cols = block["columns"]
    row = next(r for r in block["rows"] if r[0] == person_id)
    row = list(row)
    row[cols.index("unit_code")] = "16822"
    row[cols.index("full_name")] = "Người Khác"
    row[cols.index("version")] = "ffffffffffff0000@" + neighbour.db.device_id
    inner = _changes_from(neighbour, station, {"person": {"columns": cols, "rows": [row]}})
    snap = Snapshot(station.db)
    _rejected(station, seal(inner, station), "out_of_scope", "person")
    assert snap.unchanged()


def _id_of(site, name: str) -> str:
    from sqlalchemy import text

    with site.db.engine.connect() as conn:
        return conn.execute(
            text("SELECT id FROM person WHERE full_name = :n"), {"n": name}
        ).scalar_one()


def _changes_from(
    sender, station, records: dict, seq: int | None = None, prev: str = "", **manifest_fields
) -> bytes:
    """A well-formed changes bundle from ``sender``, signed with its key."""
    keys = identity.own_keys(sender.db)
    if seq is None:
        seq = 1
    counts = {name: len(block["rows"]) for name, block in records.items()}
    manifest = {
        "bundle_id": os.urandom(16).hex(),
        "kind": "changes",
        "sender": {
            "device_id": keys.device_id,
            "unit_code": keys.unit_code,
            "role": keys.role.value,
        },
        "recipients": [station.db.device_id],
        "seq": seq,
        "prev_digest": prev,
        "schema": exchange.BUNDLE_SCHEMA,
        "app_version": nghean_tui.__version__,
        "created_at": "2026-01-01T00:00:00+00:00",
        "counts": counts,
        **manifest_fields,
    }
    return bundle_format.build_inner(manifest, {"records": records}, keys.signer)


def test_unknown_sender(sites, station):
    stranger = sites("commune", "16816")
    identity.trust(stranger.db, identity.read_card(station.card()))  # one way only
    _person(stranger, "Hà Văn Lạ")
    data = outbox.prepare_export(stranger.db).data
    snap = Snapshot(station.db)
    _rejected(station, data, "unknown_sender", "16816")
    assert snap.unchanged()


def test_self_signed_sender_never_trusted(station, commune, first):
    """A made-up device with a valid self-signed identity card, never enrolled here."""
    key = Ed25519PrivateKey.generate()
    original = open_inner(first.data, station)
    manifest = {
        **original.manifest,
        "sender": {"device_id": "selfsigned0001", "unit_code": "16816", "role": "commune"},
    }
    inner = resign(manifest, original.payload_bytes, key)
    snap = Snapshot(station.db)
    _rejected(station, seal(inner, station), "unknown_sender")
    assert snap.unchanged()


def test_revoked_sender(station, commune, first, second):
    assert inbox.import_bundle(station.db, first.data).status == "accepted"
    identity.revoke(station.db, commune.db.device_id)
    snap = Snapshot(station.db)
    _rejected(station, second.data, "revoked", "16816")
    assert inbox.import_bundle(station.db, first.data).status == "duplicate"  # before revocation
    assert snap.unchanged()


# ---------------------------------------------------------------- sequence state


def test_the_same_bundle_twice_and_a_renamed_copy(station, first, tmp_path):
    assert inbox.import_bundle(station.db, first.data, first.file_name).status == "accepted"
    snap = Snapshot(station.db)
    assert inbox.import_bundle(station.db, first.data, first.file_name).status == "duplicate"
    copy = tmp_path / "renamed by the courier.nghean"
    copy.write_bytes(first.data)
    outcome = inbox.import_bundle(station.db, files.read_bundle(copy), copy.name)
    assert (outcome.status, outcome.seq) == ("duplicate", 1)
    assert snap.unchanged()


def test_an_older_sequence_with_new_content(station, commune, first, second):
    """A cloned laptop or restored backup: seq 2 again, other content. Only an alert."""
    for out in (first, second):
        assert inbox.import_bundle(station.db, out.data).status == "accepted"
    two = open_inner(second.data, station)
    _person(commune, "Người Mới Trên Máy Sao Chép")  # written after seq 2
    three = open_inner(outbox.prepare_export(commune.db).data, station)
    fork = _changes_from(
        commune, station, three.payload()["records"], seq=2, prev=two.manifest["prev_digest"]
    )
    alerts = count(station.db, "SELECT count(*) FROM sync_alert")
    rest = content_digest(station.db, exclude={"sync_alert"})
    outcome = inbox.import_bundle(station.db, seal(fork, station))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        "conflicting",
        "conflicting_history",
        "same sequence, different content",
    )
    assert content_digest(station.db, exclude={"sync_alert"}) == rest
    assert count(station.db, "SELECT count(*) FROM person WHERE full_name LIKE 'Người Mới%'") == 0
    assert (
        count(
            station.db,
            "SELECT count(*) FROM sync_alert WHERE kind = 'conflicting_history' AND seq = 2",
        )
        == alerts + 1
    )
    # Seq 3 whose previous digest is not the seq 2 the station has: a broken chain.
    broken = {**three.manifest, "prev_digest": "0" * 64}
    inner = resign(broken, three.payload_bytes, signer_of(commune))
    outcome = inbox.import_bundle(station.db, seal(inner, station))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        "conflicting",
        "conflicting_history",
        "previous bundle differs",
    )
    assert content_digest(station.db, exclude={"sync_alert"}) == rest
    # The genuine seq 3 still goes in.
    assert inbox.import_bundle(station.db, seal(three.data, station)).status == "accepted"


def test_a_gap_filled_later(station, commune, first, second):
    _person(commune, "Lữ Thị Bốn")
    third = outbox.prepare_export(commune.db)
    before = content_digest(station.db, exclude={"inbound_bundle"})
    outcome = inbox.import_bundle(station.db, third.data)
    assert (outcome.status, outcome.missing) == ("pending", [1, 2])
    # Held, not applied: only the pending bundle is recorded.
    assert content_digest(station.db, exclude={"inbound_bundle"}) == before
    assert count(station.db, "SELECT count(*) FROM inbound_bundle WHERE status = 'pending'") == 1
    assert inbox.import_bundle(station.db, third.data).status == "duplicate"
    assert inbox.import_bundle(station.db, first.data).missing == [2]
    outcome = inbox.import_bundle(station.db, second.data)
    assert (outcome.status, outcome.also_applied) == ("accepted", [3])
    assert count(station.db, "SELECT count(*) FROM person") == 3
    assert (
        count(
            station.db,
            "SELECT count(*) FROM inbound_bundle WHERE status = 'applied' AND inner IS NULL",
        )
        == 3
    )


# ---------------------------------------------------------------- sizes and counts


def test_oversized_counts_and_lengths(station, commune, first, monkeypatch):
    one = open_inner(first.data, station)
    records = one.payload()["records"]
    snap = Snapshot(station.db)

    def refused(inner: bytes, reason: str, detail: str | None = None) -> None:
        _rejected(station, seal(inner, station), reason, detail)

    # Counts that do not match the rows (more, fewer, a table with no rows, too many).
    for counts in (
        {**one.manifest["counts"], "person": 2},
        {"person": 1},
        {**one.manifest["counts"], "drug_test": 1},
    ):
        refused(_changes_from(commune, station, records, counts=counts), "damaged", "counts")
    refused(
        _changes_from(commune, station, records, counts={"person": bundle_format.MAX_RECORDS + 1}),
        "too_large",
        "records",
    )
    # A declared size too large to inflate, and one that does not match.
    manifest = {**one.manifest, "payload_size": bundle_format.MAX_PAYLOAD_RAW + 1}
    refused(resign(manifest, one.payload_bytes, signer_of(commune)), "too_large", "payload")
    manifest = {**one.manifest, "payload_size": one.manifest["payload_size"] - 1}
    refused(resign(manifest, one.payload_bytes, signer_of(commune)), "damaged", "payload size")
    # A small declared size over a payload that inflates to far more (a zip bomb).
    bomb = zlib.compress(b" " * 10_000_000, 9)
    manifest = {**one.manifest, "payload_digest": bundle_format.sha256(bomb), "payload_size": 1000}
    refused(resign(manifest, bomb, signer_of(commune)), "damaged", "payload size")
    # A declared manifest length beyond the limit.
    inner = bytearray(one.data)
    inner[16:20] = struct.pack(">I", bundle_format.MAX_MANIFEST + 1)
    refused(bytes(inner), "too_large", "manifest")
    # A declared payload length beyond the file.
    at = layout(one.data)["payload_length"][0]
    inner = bytearray(one.data)
    inner[at : at + 8] = struct.pack(">Q", 2**63)
    refused(bytes(inner), "damaged", "length")
    # A string longer than its column.
    cols = records["person"]["columns"]
    row = list(records["person"]["rows"][0])
    row[cols.index("full_name")] = "A" * 101
    refused(
        _changes_from(commune, station, {"person": {"columns": cols, "rows": [row]}}),
        "damaged",
        "value in person",
    )
    # Too many recipients (the station among them).
    many = sorted(
        {station.db.device_id, *(f"{n:016x}" for n in range(bundle_format.MAX_RECIPIENTS))}
    )
    refused(
        _changes_from(commune, station, records, recipients=many), "damaged", "manifest recipients"
    )
    # A file larger than a bundle may be (the limit lowered rather than 256 MiB allocated).
    monkeypatch.setattr(bundle_format, "MAX_FILE", len(first.data) - 1)
    _rejected(station, first.data, "too_large")
    assert snap.unchanged()


# ---------------------------------------------------------------- crashes


def test_a_failure_in_the_middle_of_an_import_applies_nothing(station, commune, first, monkeypatch):
    _person(commune, "Lường Văn Năm")
    Records(commune.db).create(models.Hamlet, {"name": "Bản Thử", "kind": "ban"})
    bundle = outbox.prepare_export(commune.db)
    snap = Snapshot(station.db)
    merge = sync_records.merge
    calls = []

    def failing_merge(conn, incoming, *, today, not_after=None):
        # Apply the first tables for real, then fail before the rest.
        first_tables = sync_records.Incoming(dict(list(incoming.tables.items())[:1]))
        merge(conn, first_tables, today=today, not_after=not_after)
        calls.append(conn.exec_driver_sql("SELECT count(*) FROM officer").scalar())
        raise RuntimeError("power cut")

    monkeypatch.setattr(sync_records, "merge", failing_merge)
    with pytest.raises(RuntimeError):
        inbox.import_bundle(station.db, first.data)
    assert calls == [2] and snap.unchanged()  # the officers were in, then undone
    monkeypatch.setattr(sync_records, "merge", merge)
    assert inbox.import_bundle(station.db, first.data).status == "accepted"
    assert inbox.import_bundle(station.db, bundle.data).status == "accepted"


_KILLED_IMPORT = textwrap.dedent("""
    import os, signal, sys
    os.environ["NGHEAN_KDF"] = "fast"
    from pathlib import Path
    from nghean_tui.storage.vault import Vault
    from nghean_tui.sync import exchange, inbox, outbox
    from nghean_tui.sync import records as sync_records

    vault = Vault(Path(sys.argv[1]), throttle_base=0.01)
    db = vault.unlock(passphrase=sys.argv[2])
    merge = sync_records.merge

    def dying(conn, incoming, *, today, not_after=None):
        first = sync_records.Incoming(dict(list(incoming.tables.items())[:1]))
        merge(conn, first, today=today, not_after=not_after)  # rows written inside the transaction...
        print("merging", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)   # ...then the process dies

    sync_records.merge = dying
    inbox.import_bundle(db, Path(sys.argv[3]).read_bytes())
""")


def test_an_import_killed_half_way_applies_nothing(station, commune, first, tmp_path):
    path = tmp_path / first.file_name
    path.write_bytes(first.data)
    # Unlocking is audited and refreshes the planner's statistics: both are left out.
    outside = {"audit_log", "sqlite_stat1", "sqlite_stat4"}
    before = content_digest(station.db, exclude=outside)
    logged = count(station.db, "SELECT max(seq) FROM audit_log")
    station.db.close()
    station.vault.close()
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_IMPORT, str(station.folder), PASSPHRASE, str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL and "merging" in child.stdout, child.stderr
    station.vault = Vault(station.folder, throttle_base=0.01)
    station.db = station.vault.unlock(passphrase=PASSPHRASE)
    assert content_digest(station.db, exclude=outside) == before
    from sqlalchemy import text

    with station.db.engine.connect() as conn:
        actions = (
            conn.execute(text("SELECT action FROM audit_log WHERE seq > :s"), {"s": logged})
            .scalars()
            .all()
        )
    assert set(actions) == {AuditAction.UNLOCK.value}, actions  # two unlocks, no import
    assert inbox.import_bundle(station.db, first.data).status == "accepted"


class Crash(BaseException):
    """The process dying: no handler runs, only ``finally`` blocks (as far as they get)."""


@pytest.mark.parametrize("step", ["open", "write", "fsync", "rename", "fsync_dir", "read_back"])
def test_a_crash_at_each_step_of_an_export(commune, first, tmp_path, monkeypatch, step):
    """After a crash at any step the folder holds no bundle or a whole valid one; the
    outbox keeps it, and sending again writes the same bytes. A crash can leave a temporary
    file (hidden, random name, ``.tmp``): import ignores it."""
    stick = tmp_path / "stick"
    stick.mkdir()

    def crash(*args, **kwargs):
        raise Crash(step)

    if step == "read_back":
        monkeypatch.setattr(safefile, "_read_back", crash)
    elif step == "fsync_dir":
        monkeypatch.setattr(safefile, "fsync_folder", crash)
    else:
        monkeypatch.setattr(safefile.os, step, crash)
    with pytest.raises(Crash):
        outbox.write_out(first, stick)
    monkeypatch.undo()
    final = stick / first.file_name
    assert not final.exists() or final.read_bytes() == first.data
    assert files.bundle_files([stick]) == (
        [files.Found(final, len(first.data))] if final.exists() else []
    )
    [kept] = outbox.bundles(commune.db)
    assert kept.data == first.data
    path = outbox.write_out(kept, stick)
    assert path.read_bytes() == first.data
    assert [p.name for p in stick.iterdir() if not p.name.endswith(".tmp")] == [first.file_name]


def test_a_crash_while_preparing_an_export_keeps_nothing(commune, monkeypatch):
    _person(commune, "Lang Văn Sáu")
    before = content_digest(commune.db)

    def crash(*args, **kwargs):
        raise Crash("encrypting")

    monkeypatch.setattr(bundle_format, "encrypt", crash)
    with pytest.raises(Crash):
        outbox.prepare_export(commune.db)
    monkeypatch.undo()
    assert content_digest(commune.db) == before
    out = outbox.prepare_export(commune.db)
    assert (out.seq, out.records) == (1, 2)


@pytest.mark.parametrize(
    "code, reason",
    [(errno.ENOSPC, "disk_full"), (errno.EIO, "io_error"), (errno.EROFS, "read_only")],
)
def test_a_full_or_failing_stick(commune, first, tmp_path, monkeypatch, code, reason):
    stick = tmp_path / "stick"
    stick.mkdir()
    progress = []

    def failing_write(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", failing_write)
    for report in (None, lambda done, total: progress.append(done)):
        with pytest.raises(files.WriteFailed) as caught:
            outbox.write_out(first, stick, report)
        assert caught.value.reason == reason
        assert list(stick.iterdir()) == []  # no partial file, no leftover .tmp
    monkeypatch.undo()
    [kept] = outbox.bundles(commune.db)
    assert outbox.write_out(kept, stick).read_bytes() == first.data


def test_a_removed_stick(commune, first, tmp_path):
    stick = tmp_path / "stick"
    with pytest.raises(files.WriteFailed) as caught:
        outbox.write_out(first, stick)
    assert caught.value.reason == "folder_missing"
    stick.mkdir()
    with pytest.raises(files.WriteFailed) as caught:  # pulled half-way: the folder vanishes
        outbox.write_out(first, stick, lambda done, total: stick.rename(tmp_path / "gone"))
    assert caught.value.reason in ("folder_missing", "io_error")
    assert [o.data for o in outbox.bundles(commune.db)] == [first.data]


def test_no_plaintext_in_a_bundle_file(commune, first, tmp_path):
    path = outbox.write_out(first, tmp_path)
    raw = path.read_bytes()
    for needle in (MARKER, "Zyxwerty", "Quặp"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert needle.encode(encoding) not in raw
    assert "Zyxwerty" not in path.name
    # Nothing but the age envelope: the inner layer's magic and JSON are not visible.
    assert (
        bundle_format.MAGIC not in raw
        and b'"records"' not in raw
        and raw.startswith(bundle_format.AGE_HEADER)
    )


@pytest.mark.parametrize(
    "column,value,refused",
    [
        ("full_name", "Lò Văn \x1b]0;pwned\x07\x1b[2J", True),  # the review's title change
        ("full_name", "Lò Văn\nAccepted", True),  # a line break in a one-line field
        ("full_name", "Lò Văn \u202eA", True),  # a bidi override
        ("notes", "dòng một\ndòng hai", False),  # a multi-line field keeps its line breaks
        ("notes", "dòng một\x1b[2J", True),
    ],
)
def test_control_characters_in_a_received_record_are_refused(
    station, commune, first, column, value, refused
):
    """Names and notes are signed by a valid commune key, and still checked like a form."""
    original = open_inner(first.data, station)
    records = original.payload()["records"]
    block = records["person"]
    cols = block["columns"]
    block["rows"] = [list(r) for r in block["rows"]]
    block["rows"][0][cols.index(column)] = value
    inner = _changes_from(commune, station, records)
    if refused:
        snap = Snapshot(station.db)
        _rejected(station, seal(inner, station), "damaged", "value in person")
        assert snap.unchanged()
    else:
        assert inbox.import_bundle(station.db, seal(inner, station)).status == "accepted"


@pytest.mark.parametrize(
    "table, column, accepted",
    [
        ("person", "ethnicity", True),  # may be unknown: NULL is a value a commune can send
        ("person", "sex", False),  # required: a NULL is refused, never filled in
        ("hamlet", "kind", False),
    ],
)
def test_a_received_unknown_choice_is_kept_only_where_unknown_is_allowed(
    station, commune, table, column, accepted
):
    Records(commune.db).create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    _person(commune, MARKER, ethnicity="thai")
    records = open_inner(outbox.prepare_export(commune.db).data, station).payload()["records"]
    block = records[table]
    cols = block["columns"]
    block["rows"] = [list(r) for r in block["rows"]]
    block["rows"][0][cols.index(column)] = None
    inner = _changes_from(commune, station, records)
    if accepted:
        assert inbox.import_bundle(station.db, seal(inner, station)).status == "accepted"
        from sqlalchemy import text

        with station.db.engine.connect() as conn:
            assert conn.execute(text(f"SELECT {column} FROM {table}")).all() == [(None,)]
    else:
        snap = Snapshot(station.db)
        _rejected(station, seal(inner, station), "damaged", f"value in {table}")
        assert snap.unchanged()
