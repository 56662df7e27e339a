"""Storage benchmarks: prints a table of figures, each beside its baseline.

    python bench/run.py [--persons 100000] [--queries 100] [--results bench/results]

Every figure is measured on the encrypted database and, in the same run, on a plain
(unencrypted) SQLite database built by the same code with the key pragma switched off, so the
ratio shows what encryption costs. Nothing here is part of the test suite: timings on a shared
machine are noisy, so they are read by people, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase 2026"
UNIT = "16816"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _run_child(mode: str, folder: Path, persons: int, queries: int) -> dict:
    """One database (encrypted or plain) measured in a fresh process."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--dir",
            str(folder),
            "--persons",
            str(persons),
            "--queries",
            str(queries),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _queries(conn, unit: str, n: int, rng: random.Random) -> list[str]:
    """Varied searches as officers type them: given names, surnames, parts of names, whole
    names, hamlets, citizen-ID prefixes, one or two letters, and misses."""
    from sqlalchemy import text

    from nghean_tui.domain.text import fold

    rows = conn.execute(
        text(
            "SELECT p.full_name, p.citizen_id, coalesce(h.name, '') FROM person p "
            "LEFT JOIN hamlet h ON h.id = p.hamlet_id WHERE p.unit_code = :u "
            "ORDER BY p.search_rowid LIMIT 5000"
        ),
        {"u": unit},
    ).all()
    result = []
    while len(result) < n:
        name, cid, hamlet = rng.choice(rows)
        words = name.split()
        kind = len(result) % 10
        if kind == 0:
            result.append(words[-1])  # a given name, with diacritics
        elif kind == 1:
            result.append(fold(words[0]))  # a surname, typed without
        elif kind == 2:
            result.append(fold(words[-1])[:3])  # three letters of a given name
        elif kind == 3:
            result.append(name)  # the whole name
        elif kind == 4:
            result.append(fold(hamlet))  # a hamlet
        elif kind == 5:
            result.append((cid or "040")[:6])  # citizen-ID prefix
        elif kind == 6:
            result.append(fold(words[-1])[:1])  # one letter (first keystroke)
        elif kind == 7:
            result.append(f"{fold(words[0])} {fold(words[-1])[:2]}")  # surname + 2 letters
        elif kind == 8:
            result.append("zzqx")  # nothing matches
        else:
            result.append(fold(words[1])[:2] if len(words) > 2 else "va")
    return result


def _page_turns(conn, unit: str, turns: int = 50) -> list[float]:
    """Milliseconds per page turn, paging down the list 50 rows at a time; where the list ends
    (fewer than 2,550 people) the next turn starts again from the top, so that every size
    times the same number of turns."""
    from nghean_tui.storage.search import search_persons

    lat = []
    page = search_persons(conn, unit, "", limit=50)
    for _ in range(turns):
        after = page.rows[-1].cursor if page.has_more else None
        start = time.perf_counter()
        page = search_persons(conn, unit, "", after=after, limit=50)
        lat.append((time.perf_counter() - start) * 1000)
    return lat


def at_least_one(value: str) -> int:
    """An argparse type: a whole number of at least 1 (no bench measures an empty list)."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def child(mode: str, folder: Path, persons: int, n_queries: int) -> dict:
    os.environ["NGHEAN_KDF"] = "calibrated"  # real key stretching for the unlock figure
    from nghean_tui.storage import engine

    if mode == "plain":  # the same code, with encryption switched off
        engine._key_pragma = lambda dbk: "SELECT 1"
    from datetime import date, timedelta

    from nghean_tui.domain.enums import Role
    from nghean_tui.storage import followups
    from nghean_tui.storage.search import PersonFilter, search_persons
    from nghean_tui.storage.vault import Vault
    from nghean_tui.synthetic.seed import seed

    figures: dict[str, float] = {}
    vault = Vault(folder)
    db, _ = vault.create(
        role=Role.COMMUNE, unit_code=UNIT, officer_name="Lương Văn Thắng", passphrase=PASSPHRASE
    )
    start = time.perf_counter()
    seed(db, persons=persons, patrols=persons // 30, seed=1)
    figures["seed_s"] = time.perf_counter() - start
    db.close()

    times = []
    for _ in range(3):
        start = time.perf_counter()
        db = vault.unlock(passphrase=PASSPHRASE)
        times.append(time.perf_counter() - start)
        db.close()
    figures["unlock_s"] = statistics.median(times)
    db = vault.unlock(passphrase=PASSPHRASE)
    figures["db_mb"] = (folder / "nghean.db").stat().st_size / 2**20

    rng = random.Random(7)
    with db.engine.connect() as conn:
        queries = _queries(conn, UNIT, n_queries, rng)
        for q in queries[:10]:  # warm the page cache as a session in use would be
            search_persons(conn, UNIT, q, limit=50)
        lat = []
        for q in queries:
            start = time.perf_counter()
            search_persons(conn, UNIT, q, limit=50)
            lat.append((time.perf_counter() - start) * 1000)
        figures["search_p50_ms"] = _percentile(lat, 50)
        figures["search_p95_ms"] = _percentile(lat, 95)
        figures["search_max_ms"] = max(lat)
        figures["page_p95_ms"] = _percentile(_page_turns(conn, UNIT), 95)
        lat = []
        for _ in range(20):
            start = time.perf_counter()
            search_persons(
                conn, UNIT, "", PersonFilter(episode_type="drug_user", status="active"), limit=50
            )
            lat.append((time.perf_counter() - start) * 1000)
        figures["filter_p95_ms"] = _percentile(lat, 95)
        today = date.today()
        lat = []
        for _ in range(20):
            start = time.perf_counter()
            followups.due_counts(conn, UNIT, today)
            followups.due_rows(conn, UNIT, until=today + timedelta(days=7), limit=200)
            lat.append((time.perf_counter() - start) * 1000)
        figures["due_p50_ms"] = _percentile(lat, 50)
        figures["due_p95_ms"] = _percentile(lat, 95)
    db.close()
    vault.close()
    return figures


def _wall(cmd: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=at_least_one, default=100_000)
    parser.add_argument("--queries", type=at_least_one, default=100)
    parser.add_argument("--child", choices=("encrypted", "plain"))
    parser.add_argument("--dir")
    parser.add_argument(
        "--results", type=Path, default=ROOT / "bench" / "results", help="where the JSON goes"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.dir), args.persons, args.queries)))
        return

    exe = [sys.executable, "-m", "nghean_tui"]
    startup = {
        "python -c pass (baseline)": _wall([sys.executable, "-c", "pass"]),
        "nghean-tui --help": _wall([*exe, "--help"]),
        "import nghean_tui.app (all UI + storage)": _wall(
            [sys.executable, "-c", "import nghean_tui.app"]
        ),
    }
    with tempfile.TemporaryDirectory() as tmp:
        enc = _run_child("encrypted", Path(tmp) / "enc", args.persons, args.queries)
        plain = _run_child("plain", Path(tmp) / "plain", args.persons, args.queries)

    print(f"\nnghean-tui storage benchmarks — {args.persons:,} persons, {args.queries} queries")
    print(f"{'measure':44s} {'value':>10s}   baseline")
    for name, value in startup.items():
        print(f"{name:44s} {value:9.3f}s")
    print()
    print(f"{'measure':30s} {'encrypted':>11s} {'plain':>11s} {'ratio':>7s}  target")
    targets = {
        "unlock_s": "≤ 1 s",
        "search_p95_ms": "≤ 30 ms, ratio ≤ 1.5",
        "seed_s": "well under 60 s",
    }
    for key in (
        "seed_s",
        "db_mb",
        "unlock_s",
        "search_p50_ms",
        "search_p95_ms",
        "search_max_ms",
        "page_p95_ms",
        "filter_p95_ms",
        "due_p50_ms",
        "due_p95_ms",
    ):
        ratio = enc[key] / plain[key] if plain[key] else float("nan")
        print(f"{key:30s} {enc[key]:11.2f} {plain[key]:11.2f} {ratio:7.2f}  {targets.get(key, '')}")
    results = args.results
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"storage-{stamp}.json").write_text(
        json.dumps(
            {"persons": args.persons, "startup": startup, "encrypted": enc, "plain": plain},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
