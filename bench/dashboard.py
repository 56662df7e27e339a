"""Dashboard benchmarks on a station database: prints a table of figures beside their targets.

    python bench/dashboard.py [--communes 130] [--persons 1000] [--dir FOLDER] [--runs 3]

The station is the one ``bench/reports.py`` builds (``--communes`` communes of ``--persons``
synthetic people each, kept in ``--dir`` for the next run; about 3–6 minutes to build). Each run
starts the application headless in a fresh process (cold caches, as when a supervisor opens it)
and times, from the start: the dashboard's first paint (every commune's row with its quick
figures), the complete dashboard (people under management, the indicators and verdicts filled
in), then the province's and one commune's charts. The median of ``--runs`` runs is shown.
Nothing here is part of the test suite: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("NGHEAN_KDF", "fast")

from reports import PASSPHRASE, TODAY, build  # noqa: E402  (bench/reports.py)

FIGURES = (
    ("first_paint_s", "dashboard first paint (rows, quick figures)", 0.5),
    ("complete_s", "dashboard complete (indicators, verdicts)", None),
    ("frame_s", "  library: quick figures, all units", None),
    ("management_s", "  library: episodes + indicators, all units", None),
    ("province_chart_s", "province charts (12 months)", None),
    ("commune_chart_s", "one commune's charts", None),
)


async def _until(condition, timeout: float = 60.0) -> None:
    """Poll every 5 ms: a tighter loop would itself take the interface thread's time from the
    workers it waits for (figures are at most 5 ms late)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.005)


async def _measure(folder: Path) -> dict:
    from nghean_tui.app import NgheanApp
    from nghean_tui.config import Settings
    from nghean_tui.reports import dashboard
    from nghean_tui.screens.dashboard import DashboardScreen
    from nghean_tui.storage.vault import Vault

    figures: dict = {}
    painted: list[tuple[bool, float]] = []  # (complete?, when)
    paint = DashboardScreen._paint

    def timed_paint(screen) -> None:
        # Timed where it happens: the pilot only gets control once the app is idle, which
        # can be well after the table was drawn.
        paint(screen)
        screen._compositor.render_update(full=True)
        painted.append((screen.counted is not None, time.perf_counter()))

    DashboardScreen._paint = timed_paint
    vault = Vault(folder)
    db = vault.unlock(passphrase=PASSPHRASE)
    start = time.perf_counter()
    app = NgheanApp(vault, db, settings=Settings(idle_lock_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(lambda: any(complete for complete, _ in painted))
        figures["first_paint_s"] = painted[0][1] - start
        figures["complete_s"] = next(when for complete, when in painted if complete) - start
        figures["communes"] = len(app.screen.rows)

        start = time.perf_counter()
        await pilot.press("f7")
        await _until(lambda: getattr(app.screen, "data", None) is not None)
        app.screen._compositor.render_update(full=True)
        figures["province_chart_s"] = time.perf_counter() - start
        await pilot.press("f2")
        await pilot.pause(0.2)
        start = time.perf_counter()
        await pilot.press("g")
        await _until(
            lambda: type(app.screen).__name__ == "ChartsScreen" and app.screen.data is not None
        )
        app.screen._compositor.render_update(full=True)
        figures["commune_chart_s"] = time.perf_counter() - start
    for name, fn in (("frame_s", dashboard.frame), ("management_s", dashboard.management)):
        start = time.perf_counter()
        fn(db, TODAY)
        figures[name] = time.perf_counter() - start
    db.close()
    vault.close()
    return figures


def main() -> None:
    from run import at_least_one  # bench/run.py

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=at_least_one, default=130)
    parser.add_argument("--persons", type=at_least_one, default=1000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--runs", type=at_least_one, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.dir or (
        Path(tempfile.gettempdir()) / f"nghean-bench-reports-{args.communes}x{args.persons}"
    )
    if args.child:
        os.environ["NGHEAN_TODAY"] = TODAY.isoformat()
        print(json.dumps(asyncio.run(_measure(folder))))
        return
    if not (folder / "nghean.db").exists():
        start = time.perf_counter()
        build(folder, args.communes, args.persons)
        print(f"built {folder} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--dir", str(folder)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"\nnghean-tui dashboard benchmark: {runs[0]['communes']} communes shown, "
        f"{args.communes} of them seeded with {args.persons:,} people each; headless, 120x40; "
        f"median of {len(runs)} runs"
    )
    print(f"{'figure':<48} {'seconds':>8} {'target':>8}")
    for key, name, target in FIGURES:
        seconds = statistics.median(r[key] for r in runs)
        mark = "" if target is None or seconds <= target else "  over"
        shown = f"{target:.2f}" if target is not None else ""
        print(f"{name:<48} {seconds:>8.3f} {shown:>8}{mark}")


if __name__ == "__main__":
    main()
