"""A bundle's outer layer is plain age v1: the standard `age` command decrypts it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from nghean_tui.domain import models
from nghean_tui.storage.records import Records
from nghean_tui.sync import bundle as bundle_format
from nghean_tui.sync import identity, inbox, outbox
from nghean_tui.sync.reply import prepare_reply

AGE = shutil.which("age") or ("/usr/bin/age" if os.path.exists("/usr/bin/age") else None)

pytestmark = pytest.mark.skipif(
    AGE is None, reason="the `age` command is not installed (.ci/run installs it with apt-get)"
)


def _age_decrypt(site, data: bytes, tmp_path) -> subprocess.CompletedProcess:
    key = tmp_path / f"identity-{site.db.device_id}.txt"
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(str(identity.own_keys(site.db).age_identity) + "\n")
    bundle = tmp_path / "bundle.nghean"
    bundle.write_bytes(data)
    return subprocess.run([AGE, "-d", "-i", str(key), str(bundle)], capture_output=True, timeout=60)


def test_age_decrypts_a_changes_bundle(commune, station, tmp_path):
    Records(commune.db).create(
        models.Person, {"full_name": "Vừ Bá Giàng", "sex": "male", "birth_year": 1979}
    )
    out = outbox.prepare_export(commune.db)
    done = _age_decrypt(station, out.data, tmp_path)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    inner = bundle_format.parse_inner(done.stdout)
    assert inner.data == bundle_format.decrypt(out.data, identity.own_keys(station.db).age_identity)
    assert inner.manifest["seq"] == 1 and inner.sender == commune.db.device_id
    assert station.db.device_id in inner.manifest["recipients"]


def test_age_decrypts_a_reply_and_refuses_the_wrong_identity(commune, station, tmp_path):
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )
    reply = prepare_reply(station.db, commune.db.device_id)
    done = _age_decrypt(commune, reply.data, tmp_path)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert bundle_format.parse_inner(done.stdout).kind == "reply"
    # The station cannot read the reply it sent to the commune.
    assert _age_decrypt(station, reply.data, tmp_path).returncode != 0
