"""Closing the database (Ctrl+L, the idle lock, every exit and command): figures beside a baseline.

    python bench/close.py [--persons 100000 300000] [--dir FOLDER] [--runs 3]

For each size a commune database of synthetic people is built (kept in ``--dir`` for the next
run; 100,000 people take about half a minute, 300,000 about two). Measured in the same run,
on the same database, each the median of ``--runs``:

- ``close, before``: what closing did until now (``PRAGMA analysis_limit=400; PRAGMA
  optimize`` on a connection that was rolled back afterwards, so the statistics it gathered
  never persisted and every close analysed the tables again), on the database as that code
  left it: with no statistics.
- ``close, now``: :meth:`Database.close`.
- ``lock in the app``: ``NgheanApp.action_lock`` (headless), the time the interface thread is
  held, before and now. Exit does the same close, in ``on_unmount``.
- ``statistics on unlock``: :meth:`Database.refresh_statistics` as unlocking runs it (in the
  unlock worker): the first time (no statistics yet) and then on every later unlock.
- query figures (search, paging, a filter, the due list) with no statistics, as the planner
  ran until now, and with the statistics now gathered, and how many of the statements
  behind searching, counting, filters, paging, the due list and Today's summary are planned
  differently with the statistics (0 expected: the plans the queries were tuned with).

Nothing here is part of the test suite: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("NGHEAN_KDF", "fast")

PASSPHRASE = "benchmark passphrase 2026"
UNIT = "16816"


def build(folder: Path, persons: int) -> None:
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.vault import Vault
    from nghean_tui.synthetic.seed import seed

    folder.mkdir(parents=True, exist_ok=True)
    vault = Vault(folder)
    db, _ = vault.create(
        role=Role.COMMUNE, unit_code=UNIT, officer_name="Lương Văn Thắng", passphrase=PASSPHRASE
    )
    seed(db, persons=persons, patrols=persons // 30, seed=1)
    db.close()
    vault.close()


def _old_close(db) -> None:
    """Closing as it was: optimize on a connection that ``with engine.connect()`` rolls back."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA analysis_limit = 400")
        conn.exec_driver_sql("PRAGMA optimize")
    db.engine.dispose()
    db._dbk = None


def _forget_statistics(db) -> None:
    """Back to no statistics at all (this SQLCipher build keeps sqlite_stat4 samples too)."""
    with db.write() as txn:
        for table in ("sqlite_stat1", "sqlite_stat4"):
            if txn.conn.exec_driver_sql(
                f"SELECT 1 FROM sqlite_master WHERE name = '{table}'"
            ).first():
                txn.conn.exec_driver_sql(f"DELETE FROM {table}")


def _stat_rows(db) -> int:
    with db.engine.connect() as conn:
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first():
            return 0
        return conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar_one()


def _reopen(vault, db):
    """The same database opened again without the unlock's statistics step (as before)."""
    from nghean_tui.storage.database import Database
    from nghean_tui.storage.keyslots import Unlocked

    unlocked = Unlocked(db.key, db.slot_id, db.unlocked_by, db.officer_id)
    db.close()
    return Database(vault.data_dir, unlocked.dbk, unlocked)


def _in_use(db) -> None:
    """What a session does before it locks: a search and the first page."""
    from nghean_tui.storage.search import search_persons

    with db.engine.connect() as conn:
        search_persons(conn, UNIT, "van", limit=50)
        search_persons(conn, UNIT, "", limit=50)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _queries_ms(db, n: int) -> dict:
    from datetime import date, timedelta

    from run import _page_turns, _percentile, _queries  # bench/run.py: the same measures

    from nghean_tui.storage import followups
    from nghean_tui.storage.search import PersonFilter, search_persons

    figures = {}
    with db.engine.connect() as conn:
        queries = _queries(conn, UNIT, n, random.Random(7))
        for q in queries[:10]:
            search_persons(conn, UNIT, q, limit=50)
        lat = [_timed(lambda q=q: search_persons(conn, UNIT, q, limit=50)) for q in queries]
        figures["search p95"] = _percentile(lat, 95)
        figures["page p95"] = _percentile(_page_turns(conn, UNIT), 95)
        active = PersonFilter(episode_type="drug_user", status="active")
        lat = [_timed(lambda: search_persons(conn, UNIT, "", active, limit=50)) for _ in range(20)]
        figures["filter p95"] = _percentile(lat, 95)
        today = date.today()
        lat = [
            _timed(
                lambda: (
                    followups.due_counts(conn, UNIT, today),
                    followups.due_rows(conn, UNIT, until=today + timedelta(days=7), limit=200),
                )
            )
            for _ in range(20)
        ]
        figures["due p95"] = _percentile(lat, 95)
    return figures


def _plans(db, n: int) -> list[tuple[str, list[str]]]:
    """The query plan of every SELECT that searching (each kind of query, the count line),
    a filter, paging, the due list and Today's summary issue."""
    from datetime import date, timedelta

    from run import _queries
    from sqlalchemy import event

    from nghean_tui.domain import clock
    from nghean_tui.storage import followups
    from nghean_tui.storage.search import PersonFilter, count_persons, search_persons
    from nghean_tui.storage.summary import today_summary

    issued: list = []

    def capture(conn, cursor, statement, params, context, many):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            issued.append((statement, params))

    with db.engine.connect() as conn:
        queries = sorted(set(_queries(conn, UNIT, n, random.Random(7))))
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.engine.connect() as conn:
            for q in queries:
                search_persons(conn, UNIT, q, limit=50)
                count_persons(conn, UNIT, q)
            for chosen in (
                PersonFilter(episode_type="drug_user", status="active"),
                PersonFilter(overdue_on=date.today()),
            ):
                search_persons(conn, UNIT, "", chosen, limit=50)
                count_persons(conn, UNIT, "", chosen)
            page = search_persons(conn, UNIT, "", limit=50)
            search_persons(conn, UNIT, "", after=page.rows[-1].cursor, limit=50)
            search_persons(conn, UNIT, "", before=page.rows[-1].cursor, limit=50)
            followups.due_counts(conn, UNIT, date.today())
            followups.due_rows(conn, UNIT, until=date.today() + timedelta(days=7), limit=200)
        today_summary(db, clock.today())
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    with db.engine.connect() as conn:
        return [
            (
                statement,
                [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)],
            )
            for statement, params in issued
        ]


async def _lock_ms(vault, db, old: bool) -> float:
    """How long ``action_lock`` holds the interface thread, on a running (headless) app."""
    from nghean_tui.app import NgheanApp
    from nghean_tui.config import Settings

    if old:
        db.close = lambda db=db: _old_close(db)
    app = NgheanApp(vault, db, settings=Settings(lang="vi", idle_lock_minutes=0))
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.perf_counter() + 120
        while any(w.is_running for w in app.workers) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        await pilot.pause()
        start = time.perf_counter()
        app.action_lock()
        held = (time.perf_counter() - start) * 1000
        await pilot.pause()
        app.exit()
    return held


def measure(folder: Path, runs: int, n_queries: int) -> dict:
    from nghean_tui.storage.vault import Vault

    vault = Vault(folder)
    db = vault.unlock(passphrase=PASSPHRASE)
    rows = {
        "close, before": [],
        "close, now": [],
        "lock in the app, before": [],
        "lock in the app, now": [],
        "statistics on unlock, first": [],
        "statistics on unlock, later": [],
    }
    for _ in range(runs):
        # Before: the database as the old close left it (no statistics), old close.
        _forget_statistics(db)
        db = _reopen(vault, db)
        _in_use(db)
        rows["close, before"].append(_timed(lambda db=db: _old_close(db)))
        # Now: unlocking gathers the statistics (timed: it runs in the unlock worker).
        db = vault.unlock(passphrase=PASSPHRASE)
        _forget_statistics(db)
        db = _reopen(vault, db)
        rows["statistics on unlock, first"].append(_timed(db.refresh_statistics))
        rows["statistics on unlock, later"].append(_timed(db.refresh_statistics))
        _in_use(db)
        rows["close, now"].append(_timed(db.close))
        db = vault.unlock(passphrase=PASSPHRASE)
    for _ in range(max(1, runs // 2)):
        _forget_statistics(db)
        db = _reopen(vault, db)
        rows["lock in the app, before"].append(asyncio.run(_lock_ms(vault, db, old=True)))
        db = vault.unlock(passphrase=PASSPHRASE)
        rows["lock in the app, now"].append(asyncio.run(_lock_ms(vault, db, old=False)))
        db = vault.unlock(passphrase=PASSPHRASE)
    figures = {name: statistics.median(values) for name, values in rows.items()}
    stats_now = _stat_rows(db)
    _queries_ms(db, n_queries)  # each state measured warm: the second pass counts
    with_stats = _queries_ms(db, n_queries)
    plans_with = _plans(db, n_queries)
    _forget_statistics(db)
    db = _reopen(vault, db)
    _queries_ms(db, n_queries)
    without = _queries_ms(db, n_queries)
    plans_without = _plans(db, n_queries)
    db.close()
    vault.close()
    differ = [
        statement
        for (statement, a), (_, b) in zip(plans_with, plans_without, strict=False)
        if a != b
    ]
    return {
        "figures": figures,
        "stat_rows": stats_now,
        "with": with_stats,
        "without": without,
        "plans": len(plans_with),
        "plans_differ": differ,
    }


def main() -> None:
    from run import at_least_one

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=at_least_one, nargs="+", default=[100_000, 300_000])
    parser.add_argument("--dir", help="keep the built databases here (reused next time)")
    parser.add_argument("--runs", type=at_least_one, default=3)
    parser.add_argument("--queries", type=at_least_one, default=100)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.dir) if args.dir else Path(tmp)
        for persons in args.persons:
            folder = base / f"close-{persons}"
            if not (folder / "nghean.db").exists():
                start = time.perf_counter()
                build(folder, persons)
                print(f"built {persons:,} persons in {time.perf_counter() - start:.0f} s")
            result = measure(folder, args.runs, args.queries)
            print(
                f"\n{persons:,} persons — median of {args.runs} runs, interface thread "
                "target ≤ 50 ms"
            )
            figures = result["figures"]
            print(f"{'measure':34s} {'before':>10s} {'now':>10s}")
            for name in ("close", "lock in the app"):
                print(
                    f"{name:34s} {figures[name + ', before']:8.1f}ms "
                    f"{figures[name + ', now']:8.1f}ms"
                )
            print(f"{'statistics on unlock (worker)':34s} {'first':>10s} {'later':>10s}")
            print(
                f"{'':34s} {figures['statistics on unlock, first']:8.1f}ms "
                f"{figures['statistics on unlock, later']:8.1f}ms"
            )
            print(f"sqlite_stat1 rows now: {result['stat_rows']}")
            print(f"{'query':34s} {'no stats':>10s} {'stats':>10s}")
            for name, value in result["without"].items():
                print(f"{name:34s} {value:8.2f}ms {result['with'][name]:8.2f}ms")
            print(
                f"query plans: {result['plans']} statements, "
                f"{len(result['plans_differ'])} planned differently with the statistics"
            )
            for statement in result["plans_differ"][:5]:
                print("  ", " ".join(statement.split())[:160])


if __name__ == "__main__":
    main()
