"""Interface benchmarks: the running application on a large database, headless.

    python bench/ui.py [--persons 100000] [--keep DIR]

Prints, for the large database and for the 350-person demo (the baseline), the time to the
first paint of Today and of the People list, search keystroke → repaint (p50/p95 over ~60
keystrokes of varied queries) and the peak memory of the process running the application.
Each database is measured in its own process, so seeding does not count toward memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase 2026"
QUERIES = [
    "nguyen",
    "lau ba",
    "duc",
    "moong van",
    "040",
    "lo thi",
    "xong",
    "vu cha",
    "pa",
    "ha van",
]
TARGETS = {"today_s": 0.5, "people_s": 0.3, "key_p95_ms": 100, "peak_mb": 200}


def build(folder: Path, persons: int) -> None:
    """A commune database with ``persons`` people (the demo when persons == 0)."""
    os.environ["NGHEAN_KDF"] = "fast"
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault
    from nghean_tui.synthetic.seed import seed

    if persons == 0:
        from nghean_tui.demo import prepare_demo

        vault, db, _ = prepare_demo(str(folder), PASSPHRASE, "16816")
    else:
        vault = Vault(folder)
        db, _ = vault.create(
            role=Role.COMMUNE,
            unit_code="16816",
            officer_name="Lương Văn Thắng",
            passphrase=PASSPHRASE,
        )
        seed(db, persons=persons, patrols=persons // 30, seed=1)
    db.close()
    vault.close()


async def _until(condition, timeout: float = 30.0) -> None:
    """Poll tightly (Pilot's own waiting adds tens of milliseconds per key)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.0005)


def _repaint(app) -> None:
    """Render the whole screen now, as the terminal would be updated."""
    app.screen._compositor.render_update(full=True)


def _key(app, char: str) -> None:
    """A key press as the terminal driver delivers it."""
    from textual import events

    app.post_message(events.Key("space" if char == " " else char, char))


async def _measure(folder: Path) -> dict:
    from nghean_tui.app import NgheanApp
    from nghean_tui.config import Settings
    from nghean_tui.storage.vault import Vault
    from nghean_tui.widgets.paged_table import PagedTable

    vault = Vault(folder)
    db = vault.unlock(passphrase=PASSPHRASE)
    app = NgheanApp(vault, db, settings=Settings(idle_lock_minutes=0))
    figures: dict = {}
    start = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(lambda: type(app.screen).__name__ == "TodayScreen")
        figures["startup_s"] = time.perf_counter() - start
        await _until(lambda: getattr(app.screen, "summary", None) is not None)
        _repaint(app)
        figures["today_s"] = time.perf_counter() - start

        start = time.perf_counter()
        _key(app, "f3")
        await _until(
            lambda: (
                bool(app.screen.query(PagedTable)) and app.screen.query_one(PagedTable).shown > 0
            )
        )
        _repaint(app)
        figures["people_s"] = time.perf_counter() - start

        table = app.screen.query_one(PagedTable)
        await pilot.pause(0.5)  # let the count and hamlet list settle
        _key(app, "slash")
        await pilot.pause(0.1)
        latencies = []
        for query in QUERIES:
            for char in query:
                before = table.shown
                start = time.perf_counter()
                _key(app, char)
                await _until(lambda before=before: table.shown > before and not table.loading_page)
                _repaint(app)
                latencies.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(0.12)  # a person types ~8 keys a second
            _key(app, "ctrl+r")  # clear the search for the next query
            await pilot.pause(0.3)
            _key(app, "slash")
            await pilot.pause(0.05)
        latencies.sort()
        figures["key_p50_ms"] = statistics.median(latencies)
        figures["key_p95_ms"] = latencies[int(0.95 * (len(latencies) - 1))]
        figures["keystrokes"] = len(latencies)
    vault.close()
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--keep", help="reuse/keep the large database in this folder")
    parser.add_argument("--child", choices=("build", "measure"))
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.child is None and args.persons < 1:  # 0 is the demo, which is measured anyway
        parser.error(f"argument --persons: must be at least 1, not {args.persons}")
    if args.child == "build":
        build(Path(args.dir), args.persons)
        return
    if args.child == "measure":
        print(json.dumps(asyncio.run(_measure(Path(args.dir)))))
        return

    tmp = Path(tempfile.mkdtemp())
    large = Path(args.keep) if args.keep else tmp / "large"
    results = {}
    try:
        for name, folder, persons in (
            ("demo (350)", tmp / "demo", 0),
            (f"{args.persons:,} people", large, args.persons),
        ):
            if not (folder / "nghean.db").exists():
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        "build",
                        "--dir",
                        str(folder),
                        "--persons",
                        str(persons),
                    ],
                    check=True,
                    cwd=ROOT,
                )
            out = subprocess.run(
                [sys.executable, __file__, "--child", "measure", "--dir", str(folder)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if out.returncode:
                raise SystemExit(out.stderr)
            results[name] = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    names = list(results)
    print("\nnghean-tui interface benchmarks (headless, 80x24)")
    print(f"{'measure':22s}" + "".join(f"{n:>18s}" for n in names) + f"{'target':>10s}")
    for key, unit in (
        ("startup_s", "s"),
        ("today_s", "s"),
        ("people_s", "s"),
        ("key_p50_ms", "ms"),
        ("key_p95_ms", "ms"),
        ("peak_mb", "MB"),
    ):
        row = f"{key:22s}" + "".join(f"{results[n][key]:>16.3f}{unit:>2s}" for n in names)
        target = TARGETS.get(key)
        print(row + (f"{'≤ ' + str(target):>10s}" if target else ""))
    print(f"(keystrokes measured: {results[names[-1]]['keystrokes']})")


if __name__ == "__main__":
    main()
