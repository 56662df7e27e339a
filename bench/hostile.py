"""Peak memory of a station's import when the stick is hostile (issue: memory bounded by the
input). Prints, per case, the peak RSS of a child process that imports the folder, beside the
baseline of the same child opening the station without importing, and the 300 MB target.

    python bench/hostile.py [--legit-records 20000]

Cases (each in its own folder, imported with ``sync.review.import_path`` as the CLI and the
Sync screen do):

* ``junk``: twelve 256 MiB files named like bundles (sparse: no disk used).
* ``rows-bomb``: a bundle signed by an enrolled commune whose payload inflates to 16 MiB of
  ``[]`` rows while declaring 25,000 records.
* ``space-bomb``: a signed payload of 16 MiB of whitespace.
* ``inflate-lie``: a signed payload that inflates far past the size its manifest declares.
* ``legit-max``: a real commune's export of ``--legit-records`` records (split into bundles
  the station accepts), all imported in one folder import.

Not part of the test suite: figures are read by people, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NGHEAN_KDF", "fast")

from bench.sync import PASSPHRASE, UNIT, _enroll, _site  # noqa: E402

TARGET_MB = 300
CHILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
os.environ["NGHEAN_KDF"] = "fast"
from pathlib import Path
from nghean_tui.storage.vault import Vault
from nghean_tui.sync import review
vault = Vault(Path(sys.argv[2]), throttle_base=0.01)
db = vault.unlock(passphrase=sys.argv[3])
statuses = {}
if sys.argv[4] != "-":
    for o in review.import_path(db, Path(sys.argv[4])):
        statuses[o.status] = statuses.get(o.status, 0) + 1
db.close()
vault.close()
# VmHWM: this process image's own peak (ru_maxrss would carry the parent's over exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:"))
print(json.dumps({"peak_kib": peak, "statuses": statuses}))
"""


def _child(station: Path, folder: Path | None) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(ROOT),
            str(station),
            PASSPHRASE,
            str(folder) if folder else "-",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _signed(
    commune_db, station_db, manifest_counts: dict, raw: bytes, *, declared: int, seq: int
) -> bytes:
    """A bundle signed by the commune's real key around an arbitrary payload."""
    import struct

    import nghean_tui
    from nghean_tui.sync import bundle, exchange, identity

    keys = identity.own_keys(commune_db)
    compressed = zlib.compress(raw, 9)
    manifest = {
        "bundle_id": os.urandom(16).hex(),
        "kind": "changes",
        "format": bundle.FORMAT,
        "sender": {"device_id": keys.device_id, "unit_code": UNIT, "role": "commune"},
        "recipients": [station_db.device_id],
        "seq": seq,
        "prev_digest": "",
        "schema": exchange.BUNDLE_SCHEMA,
        "app_version": nghean_tui.__version__,
        "created_at": "2026-01-01T00:00:00+00:00",
        "counts": manifest_counts,
        "payload_digest": bundle.sha256(compressed),
        "payload_size": declared,
    }
    manifest_bytes = bundle.canonical(manifest)
    signature = keys.signer.sign(bundle.signed_message(manifest_bytes, compressed))
    inner = b"".join(
        (
            bundle.MAGIC,
            struct.pack(">I", len(manifest_bytes)),
            manifest_bytes,
            struct.pack(">Q", len(compressed)),
            compressed,
            signature,
        )
    )
    recipient = identity.own_keys(station_db).age_recipient
    return bundle.encrypt(inner, [recipient])


def _person_header() -> bytes:
    from nghean_tui.domain import models
    from nghean_tui.sync import records as sync_records

    return (
        '{"records":{"person":{"columns":'
        + json.dumps(list(sync_records.columns(models.Person)))
        + ',"rows":['
    ).encode()


def main() -> None:
    from run import at_least_one  # bench/run.py

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legit-records", type=at_least_one, default=20_000)
    args = parser.parse_args()

    from nghean_tui.sync import bundle, outbox

    tmp = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    station_vault, station = _site(tmp / "station", "supervisor", "40")
    commune_vault, commune = _site(tmp / "commune", "commune", UNIT)
    _enroll(commune, commune_vault, station)
    cases: dict[str, Path] = {}

    junk = cases["junk"] = tmp / "junk"
    junk.mkdir()
    for i in range(12):
        with open(junk / f"{UNIT}-{i + 1:06d}.nghean", "wb") as f:
            f.truncate(256 * 1024 * 1024)

    limit = bundle.MAX_PAYLOAD_RAW
    rows = cases["rows-bomb"] = tmp / "rows-bomb"
    rows.mkdir()
    head = _person_header()
    body = b"[]," * ((limit - len(head) - 10) // 3)
    raw = head + body.rstrip(b",") + b"]}}}"
    (rows / f"{UNIT}-000001.nghean").write_bytes(
        _signed(commune, station, {"person": bundle.MAX_RECORDS}, raw, declared=len(raw), seq=1)
    )

    space = cases["space-bomb"] = tmp / "space-bomb"
    space.mkdir()
    raw = b"{" + b" " * (limit - 2) + b"}"
    (space / f"{UNIT}-000001.nghean").write_bytes(
        _signed(commune, station, {}, raw, declared=len(raw), seq=1)
    )

    lie = cases["inflate-lie"] = tmp / "inflate-lie"
    lie.mkdir()
    raw = b" " * (512 * 1024 * 1024)  # 512 MiB of spaces: about 0.5 MB compressed
    (lie / f"{UNIT}-000001.nghean").write_bytes(
        _signed(commune, station, {}, raw, declared=1000, seq=1)
    )
    del raw

    from nghean_tui.synthetic.seed import seed

    legit = cases["legit-max"] = tmp / "legit-max"
    legit.mkdir()
    seed(commune, persons=max(1, args.legit_records * 10 // 112), seed=7)
    made = outbox.prepare_exports(commune)
    for out in made:
        outbox.write_out(out, legit)
    records = sum(o.records for o in made)

    station.close()
    station_vault.close()
    commune.close()
    commune_vault.close()

    baseline = _child(tmp / "station", None)["peak_kib"] / 1024
    print(
        f"baseline (open the station, import nothing): {baseline:.0f} MB; target ≤ {TARGET_MB} MB"
    )
    print(f"{'case':<14}{'peak MB':>9}{'over baseline':>15}  outcomes")
    for name, folder in cases.items():
        result = _child(tmp / "station", folder)
        peak = result["peak_kib"] / 1024
        note = f"  ({len(made)} bundles, {records} records)" if name == "legit-max" else ""
        mark = "ok" if peak <= TARGET_MB else "OVER"
        print(f"{name:<14}{peak:>9.0f}{peak - baseline:>15.0f}  {result['statuses']}{note}  {mark}")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
