"""Sync benchmarks: prints a table of figures beside their targets.

    python bench/sync.py [--records 10000] [--communes 130] [--per-commune 3000]
    python bench/sync.py --province-only DIR     # again on bundles kept from a run with --keep DIR

1. Export of ~10,000 changed records from a seeded commune: time, and the bundle's size
   against the same records as plain JSON (one object per record).
2. Import of that bundle into a fresh station, in records/s, against the ceiling of inserting
   the same rows with ``executemany`` into a fresh SQLCipher database with the same schema.
3. Province scale: N commune bundles of M records each, imported into one station in a child
   process (its peak RSS from ``getrusage``). The bundles are made from one seeded commune's
   rows, re-keyed per commune (new ids, unit, device, version stamps), and signed by N
   generated keys enrolled at the station: 130 real databases would take far longer to build
   and would give the same bundles. New ids keep the moment of the id they replace (ids are
   UUIDv7, and communes write their records over the same months).

Not part of the test suite: timings on a shared machine are read by people, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NGHEAN_KDF", "fast")

PASSPHRASE = "benchmark passphrase 2026"
UNIT = "16816"


def _site(folder: Path, role: str, unit: str):
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault

    vault = Vault(folder, throttle_base=0.01)
    db, _ = vault.create(
        role=Role(role), unit_code=unit, officer_name="Lương Văn Thắng", passphrase=PASSPHRASE
    )
    return vault, db


def _enroll(commune_db, commune_vault, station_db) -> None:
    from nghean_tui.sync import identity

    identity.trust(station_db, identity.read_card(identity.export_card(commune_db)))
    peer = identity.trust(commune_db, identity.read_card(identity.export_card(station_db)))
    commune_vault.add_escrow(commune_db, peer.age_recipient, peer.device_id)


def _seeded_commune(folder: Path, records: int, station_db):
    """A commune with about ``records`` synced rows, all changed since its last export."""
    from nghean_tui.sync import records as sync_records
    from nghean_tui.synthetic.seed import seed

    vault, db = _site(folder, "commune", UNIT)
    _enroll(db, vault, station_db)
    persons = max(1, records * 10 // 112)  # about 11.2 rows per generated person
    seed(db, persons=persons, seed=7)
    with db.engine.connect() as conn:
        total = sum(
            conn.exec_driver_sql(f"SELECT count(*) FROM {m.__tablename__}").scalar()
            for m in sync_records.MODELS
        )
    return vault, db, total


def _plain_json(tables: dict) -> bytes:
    objects = [
        {"table": name, **dict(zip(block["columns"], row, strict=False))}
        for name, block in tables.items()
        for row in block["rows"]
    ]
    return json.dumps(objects, ensure_ascii=False).encode()


def _ceiling(tables: dict, folder: Path) -> float:
    """Seconds to insert the same rows with executemany into a fresh SQLCipher database."""
    from nghean_tui.storage import migrate
    from nghean_tui.storage.engine import make_engine

    path = folder / "ceiling.db"
    engine = make_engine(path, os.urandom(32), pool_size=1)
    with engine.begin() as conn:
        migrate.upgrade(conn)
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for name, block in tables.items():  # parents first (see main)
            cols = block["columns"]
            extra = ", sort_key" if name == "person" else ""  # NOT NULL, local
            conn.exec_driver_sql(
                f"INSERT INTO {name} ({', '.join(cols)}, change_seq{extra}) "
                f"VALUES ({', '.join('?' * len(cols))}, 0{', ' + repr('') if extra else ''})",
                [tuple(r) for r in block["rows"]],
            )
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


# ---------------------------------------------------------------- province bundles


def _same_moment_id(old: str) -> str:
    """A new record id made at the same moment as ``old``: the application's ids are UUIDv7
    (time first), and the province's communes write their records over the same months, so
    their ids interleave in time — neither appended one commune after another nor scattered
    at random as uuid4 would be."""
    fresh = uuid.uuid4().hex
    if old[14] != "7":  # not time-ordered (the first officer's id): keep it random
        return str(uuid.UUID(fresh))
    return str(uuid.UUID(old.replace("-", "")[:12] + "7" + fresh[13:16] + "8" + fresh[17:]))


def _province_bundles(
    source_tables: dict, per_commune: int, communes: int, station_keys, out: Path
) -> list[dict]:
    """Bundles of ``per_commune`` rows for ``communes`` units, written to ``out``."""
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    import nghean_tui
    from nghean_tui.storage import reference
    from nghean_tui.sync import bundle
    from nghean_tui.sync import records as sync_records

    codes = sorted(c for c in reference.units() if c != UNIT)[:communes]
    if len(codes) < communes:
        raise SystemExit(f"only {len(codes)} units in the reference data")
    # The first rows of the source (parents first), cut at per_commune.
    picked, left = {}, per_commune
    for model in sync_records.MODELS:
        block = source_tables.get(model.__tablename__)
        if block and left:
            picked[model.__tablename__] = block["rows"][:left]
            left -= len(picked[model.__tablename__])
    ids = {row[0] for rows in picked.values() for row in rows}
    made = []
    for n, code in enumerate(codes):
        device = f"bench{n:04d}{uuid.uuid4().hex[:8]}"
        signer = Ed25519PrivateKey.generate()
        age_identity = pyrage.x25519.Identity.generate()
        remap = {old: _same_moment_id(old) for old in ids}
        tables = {}
        for name, rows in picked.items():
            cols = sync_records.columns(sync_records.BY_NAME[name])
            unit_at, version_at, origin_at = (
                cols.index(c) for c in ("unit_code", "version", "origin_device")
            )
            new_rows = []
            for row in rows:
                new = [remap.get(v, v) if isinstance(v, str) else v for v in row]
                new[unit_at] = code
                new[version_at] = row[version_at].split("@")[0] + "@" + device
                new[origin_at] = device
                new_rows.append(new)
            tables[name] = sync_records.table_block(sync_records.BY_NAME[name], new_rows)
        counts = {name: len(block["rows"]) for name, block in tables.items()}
        manifest = {
            "bundle_id": uuid.uuid4().hex,
            "kind": "changes",
            "sender": {"device_id": device, "unit_code": code, "role": "commune"},
            "recipients": [station_keys["device_id"]],
            "seq": 1,
            "prev_digest": "",
            "schema": "0003",
            "app_version": nghean_tui.__version__,
            "created_at": "2026-03-01T08:00:00+00:00",
            "counts": counts,
        }
        inner = bundle.build_inner(manifest, {"records": tables}, signer)
        path = out / f"{code}-000001{bundle.EXTENSION}"
        path.write_bytes(bundle.encrypt(inner, [station_keys["age_recipient"]]))
        made.append(
            {
                "device_id": device,
                "unit_code": code,
                "sign_key": signer.public_key().public_bytes_raw().hex(),
                "age_recipient": str(age_identity.to_public()),
                "file": str(path),
            }
        )
    return made


def _province_child(folder: Path, manifest_path: Path) -> None:
    """In a fresh process: enroll the communes at the station, import every bundle."""
    from sqlalchemy import text

    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault
    from nghean_tui.sync import identity, inbox

    vault = Vault(folder, throttle_base=0.01)
    db = vault.unlock(passphrase=PASSPHRASE)
    peers = json.loads(manifest_path.read_text())
    for p in peers:
        card = identity.Card(
            p["device_id"], p["unit_code"], Role.COMMUNE, p["sign_key"], p["age_recipient"], b"{}"
        )
        identity.trust(db, card)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    records = 0
    statuses = {}

    def done(outcome) -> None:
        nonlocal records
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        records += outcome.records

    # As a folder import does it (the command line and the Sync screen).
    inbox.import_many(
        db, ((Path(p["file"]).name, Path(p["file"]).read_bytes()) for p in peers), done=done
    )
    elapsed = time.perf_counter() - start
    with db.engine.connect() as conn:
        persons = conn.execute(text("SELECT count(*) FROM person")).scalar()
    db.close()
    vault.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "records": records,
                "statuses": statuses,
                "persons": persons,
                "peak_kib": peak,
                "before_kib": before,
            }
        )
    )


def _run_province(station: Path, manifest: Path) -> dict:
    """Import the province's bundles in a child process, into a copy of the empty station
    (set NGHEAN_BENCH_PROFILE=FILE to write the child's cProfile statistics there)."""
    with tempfile.TemporaryDirectory(prefix="nghean-bench-station-") as work:
        copy = Path(work) / "station"
        shutil.copytree(station, copy)
        command = [sys.executable, __file__, "--child", str(copy), str(manifest)]
        profile = os.environ.get("NGHEAN_BENCH_PROFILE")
        if profile:
            command[1:1] = ["-m", "cProfile", "-o", profile]
        child = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if child.returncode != 0:
        raise SystemExit(child.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- main


def main() -> None:
    from run import at_least_one  # bench/run.py

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=at_least_one, default=10_000)
    parser.add_argument("--communes", type=at_least_one, default=130)
    parser.add_argument("--per-commune", type=at_least_one, default=3_000)
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the province bundles and empty station in DIR"
    )
    parser.add_argument(
        "--province-only", metavar="DIR", help="only the province import, on what --keep DIR kept"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _province_child(Path(args.child[0]), Path(args.child[1]))
        return
    if args.province_only:
        kept = Path(args.province_only)
        result = _run_province(kept / "province-station", kept / "peers.json")
        print(
            f"province import: {result['seconds']:.1f} s "
            f"({result['records'] / result['seconds']:,.0f} rec/s; {result['statuses']}), "
            f"peak {result['peak_kib'] / 1024:.0f} MB  (targets ≤ 30 s, ≤ 300 MB)"
        )
        return

    from nghean_tui.sync import bundle, identity, inbox, outbox
    from nghean_tui.sync import records as sync_records

    rows = []
    with tempfile.TemporaryDirectory(prefix="nghean-bench-sync-") as tmp:
        tmp = Path(tmp)
        station_vault, station = _site(tmp / "station", "supervisor", "40")
        commune_vault, commune, total = _seeded_commune(tmp / "commune", args.records, station)
        # 1. Export
        start = time.perf_counter()
        out = outbox.prepare_export(commune)
        export_s = time.perf_counter() - start
        inner = bundle.parse_inner(
            bundle.decrypt(out.data, identity.own_keys(station).age_identity)
        )
        payload = inner.payload()["records"]  # canonical JSON: tables in name order
        tables = {
            m.__tablename__: payload[m.__tablename__]
            for m in sync_records.MODELS
            if m.__tablename__ in payload
        }
        plain = len(_plain_json(tables))
        rows.append(("export: records", f"{out.records:,}", ""))
        rows.append(("export: time", f"{export_s:.2f} s", "≤ 1 s"))
        rows.append(
            (
                "export: bundle / plain JSON",
                f"{out.size / 1024:,.0f} KiB / {plain / 1024:,.0f} KiB = "
                f"{100 * out.size / plain:.1f} %",
                "≤ 35 %",
            )
        )

        # 2. Import against the executemany ceiling
        start = time.perf_counter()
        outcome = inbox.import_bundle(station, out.data, out.file_name)
        import_s = time.perf_counter() - start
        assert outcome.status == "accepted", outcome
        ceiling_s = _ceiling(tables, tmp)
        rate, ceiling = out.records / import_s, out.records / ceiling_s
        rows.append(("import: records/s", f"{rate:,.0f} ({import_s:.2f} s)", ""))
        rows.append(("import: executemany ceiling", f"{ceiling:,.0f} rec/s", ""))
        rows.append(("import / ceiling", f"{100 * rate / ceiling:.0f} %", "≥ 25 %"))

        # 3. Province
        province = tmp / "province"
        province.mkdir()
        p_vault, p_station = _site(tmp / "province-station", "supervisor", "40")
        keys = identity.own_keys(p_station)
        station_keys = {"device_id": keys.device_id, "age_recipient": keys.age_recipient}
        with commune.engine.connect() as conn:
            source = {
                m.__tablename__: sync_records.table_block(m, sync_records.changed_rows(conn, m, -1))
                for m in sync_records.MODELS
            }
        start = time.perf_counter()
        peers = _province_bundles(source, args.per_commune, args.communes, station_keys, province)
        build_s = time.perf_counter() - start
        p_station.close()
        p_vault.close()
        for db, vault in ((commune, commune_vault), (station, station_vault)):
            db.close()
            vault.close()
        manifest = tmp / "peers.json"
        manifest.write_text(json.dumps(peers))
        if args.keep:
            kept = Path(args.keep)
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(tmp / "province", kept / "province")
            shutil.copytree(tmp / "province-station", kept / "province-station")
            (kept / "peers.json").write_text(
                json.dumps(
                    [{**p, "file": str(kept / "province" / Path(p["file"]).name)} for p in peers]
                )
            )
        result = _run_province(tmp / "province-station", manifest)
        size = sum(Path(p["file"]).stat().st_size for p in peers)
        rows.append(
            (
                "province: bundles × records",
                f"{args.communes} × {args.per_commune:,} "
                f"({size / 2**20:.1f} MiB, built in {build_s:.0f} s)",
                "",
            )
        )
        rows.append(
            (
                "province: import time",
                f"{result['seconds']:.1f} s ({result['records'] / result['seconds']:,.0f}"
                f" rec/s; {result['statuses']})",
                "≤ 30 s",
            )
        )
        rows.append(("province: peak memory", f"{result['peak_kib'] / 1024:.0f} MB", "≤ 300 MB"))

    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'value':<{value_width}}  target")
    print(f"{'-' * width}  {'-' * value_width}  ------")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {target}")


if __name__ == "__main__":
    main()
