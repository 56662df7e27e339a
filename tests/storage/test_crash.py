"""A process killed with SIGKILL in a burst of writes loses nothing it had committed.

Rounds: ``NGHEAN_STRESS_ROUNDS`` (default 4)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from nghean_tui.storage.health import run_checks
from nghean_tui.storage.vault import Vault
from tests.conftest import PASSPHRASE

ROUNDS = int(os.environ.get("NGHEAN_STRESS_ROUNDS", "4"))
ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import os, sys
from nghean_tui.domain import models
from nghean_tui.storage.vault import Vault
from nghean_tui.storage.records import Records
vault = Vault(sys.argv[1])
db = vault.unlock(passphrase=os.environ["CRASH_PASSPHRASE"])
records = Records(db)
hamlet = records.create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
print("ready", flush=True)
i = 0
while True:
    person = records.create(models.Person, {"full_name": f"Lầu Bá Chống {i}", "sex": "male",
                                       "birth_year": 1990, "hamlet_id": hamlet.id})
    records.create(models.Contact, {"person_id": person.id, "kind": "residence_check",
                               "contact_date": "01/11/2026"})
    if i % 3 == 0:
        records.update(models.Person, person.id, {"occupation": f"nghề {i}"})
    print(person.id, flush=True)  # printed only after the commit returned
    i += 1
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_writes_loses_nothing_committed(new_db, data_dir):
    new_db.close()
    new_db.vault.close()
    committed: list[str] = []
    rng = random.Random(int(os.environ.get("NGHEAN_STRESS_SEED", "2026")))
    env = {**os.environ, "CRASH_PASSPHRASE": PASSPHRASE}
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        deadline = time.monotonic() + rng.uniform(0.2, 1.2)
        while time.monotonic() < deadline:
            line = child.stdout.readline().strip()
            if line:
                committed.append(line)
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate()
        committed += [line for line in rest.split() if line]  # printed before the kill
        assert child.returncode == -signal.SIGKILL
    assert len(committed) > ROUNDS  # it really was writing when killed
    vault = Vault(data_dir)
    db = vault.unlock(passphrase=PASSPHRASE)
    with db.engine.connect() as conn:
        present = {r[0] for r in conn.execute(text("SELECT id FROM person"))}
        contacts = conn.execute(text("SELECT count(*) FROM contact")).scalar()
    assert set(committed) <= present
    assert contacts >= len(committed)
    failed = [r for r in run_checks(db, vault) if not r.ok]
    assert failed == []
    db.close()
    vault.close()
