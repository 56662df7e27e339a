"""Report benchmarks on a station database: prints a table of figures beside their targets.

    python bench/reports.py [--communes 130] [--persons 1000] [--dir FOLDER]

The station holds ``--communes`` communes of ``--persons`` synthetic people each (with a year
of patrols, teams, hotspots and tips), as after importing every commune's bundles. It is built
once with the bulk seeder, one commune at a time, and kept in ``--dir`` for the next run.
Nothing here is part of the test suite: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NGHEAN_KDF", "fast")

PASSPHRASE = "benchmark passphrase 2026"
TODAY = date(2026, 11, 20)
PERIOD = "2026-10"


def build(folder: Path, communes: int, persons: int) -> None:
    """A station with each commune's records seeded under that commune's code."""
    from nghean_tui.domain.enums import Role
    from nghean_tui.reports.population import store
    from nghean_tui.storage import reference
    from nghean_tui.storage.vault import Vault
    from nghean_tui.synthetic.seed import seed

    codes = sorted(c for c in reference.units() if c != reference.PROVINCE_CODE)[:communes]
    with Vault(folder) as vault:
        db, _ = vault.create(
            role=Role.SUPERVISOR,
            unit_code=reference.PROVINCE_CODE,
            officer_name="Lương Văn Thắng",
            passphrase=PASSPHRASE,
        )
        station = db.identity
        try:
            for index, code in enumerate(codes):
                # The seeder writes for the database's own unit: lend it each commune's code.
                db.identity = dataclasses.replace(station, unit_code=code)
                seed(db, persons=persons, patrols=100, seed=index, today=TODAY)
                print(f"\rseeded {index + 1}/{len(codes)}", end="", file=sys.stderr, flush=True)
            db.identity = station
            with db.write() as txn:
                store(txn.conn, {code: 8_000 + 97 * i for i, code in enumerate(codes)})
                _as_if_imported(txn.conn, codes)
        finally:
            db.close()
    print(file=sys.stderr)


def _as_if_imported(conn, codes: list[str]) -> None:
    """Each commune's records as a station holds them after importing its bundle made on
    TODAY (the seeder wrote them directly): otherwise every commune would be "never heard
    from", every indicator not known, and the benchmark would time nothing."""
    from datetime import datetime, timezone

    from sqlalchemy import text

    from nghean_tui.storage.sync_state import record_applied

    made = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=timezone.utc)
    for code in codes:
        device = f"bench{code}"
        conn.execute(
            text(
                "INSERT INTO inbound_bundle (sender_device, sender_unit, kind, seq, digest, "
                "bundle_id, status, received_at, records) VALUES (:d, :u, 'changes', 1, :x, :x, "
                "'applied', :at, 0)"
            ),
            {"d": device, "u": code, "x": device, "at": made},
        )
        record_applied(conn, device, made.isoformat(), made)


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(folder: Path) -> list[tuple[str, float, float]]:
    from nghean_tui.reports import report as report_builder
    from nghean_tui.reports.indicators import standing
    from nghean_tui.reports.period import parse_period
    from nghean_tui.storage.vault import Vault

    period = parse_period(PERIOD)
    rows = []
    # Reports are written outside the data folder: the application refuses to write into it.
    with (
        tempfile.TemporaryDirectory(prefix="nghean-bench-report-") as written,
        Vault(folder) as vault,
    ):
        db = vault.unlock(passphrase=PASSPHRASE)
        try:
            with db.engine.connect() as conn:
                units = report_builder.scope(conn, db.unit_code, None, station=True)
                one = report_builder.scope(conn, db.unit_code, units[0].code, station=True)
            for label, scope in ((f"all {len(units)} units", units), ("one unit", one)):

                def make(scope=scope):
                    with db.read() as session:
                        return report_builder.build(session.connection(), period, scope, TODAY)

                seconds, report = _timed(make)
                rows.append((f"build report, {label}", seconds, 5.0))
                for suffix in ("xlsx", "csv"):
                    out = Path(written) / f"report.{suffix}"
                    write, _ = _timed(
                        lambda report=report, out=out: report_builder.write(report, out)
                    )
                    rows.append(
                        (
                            f"  + write {suffix} ({out.stat().st_size // 1024} KiB)",
                            seconds + write,
                            5.0,
                        )
                    )
            commune = dataclasses.replace(db.identity, unit_code=units[0].code)
            db.identity = commune
            seconds, _ = _timed(lambda: standing(db, TODAY))
            rows.append(("Today panel indicators, one commune", seconds, 0.2))
        finally:
            db.close()
    return rows


def main() -> None:
    from run import at_least_one  # bench/run.py

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=at_least_one, default=130)
    parser.add_argument("--persons", type=at_least_one, default=1000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = (
        args.dir
        or Path(tempfile.gettempdir()) / f"nghean-bench-reports-{args.communes}x{args.persons}"
    )
    if not (folder / "nghean.db").exists():
        seconds, _ = _timed(lambda: build(folder, args.communes, args.persons))
        print(f"built {folder} in {seconds:.0f} s", file=sys.stderr)
    print(f"{'figure':<44} {'seconds':>8} {'target':>8}")
    for name, seconds, target in measure(folder):
        mark = "" if seconds <= target else "  over"
        print(f"{name:<44} {seconds:>8.3f} {target:>8.2f}{mark}")


if __name__ == "__main__":
    main()
