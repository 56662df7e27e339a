"""Seeding a database with synthetic records (``nghean-tui seed``, the demo, tests, benchmarks).

The generator (:mod:`nghean_tui.synthetic.generator`) is pure Python; this module feeds what it
makes to storage's bulk writer (:mod:`nghean_tui.storage.bulk`). Storage knows nothing of
synthetic data.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from nghean_tui.domain import clock
from nghean_tui.storage import bulk
from nghean_tui.storage.database import Database
from nghean_tui.storage.reference import unit
from nghean_tui.synthetic.generator import Ctx, generate

PARALLEL_FROM = 20_000  # people: below this a second process costs more than it saves


def _generated_units(ctx: Ctx, options: dict, today: date):
    return bulk.units_of_work(generate(ctx, **options), ctx.unit_code, today)


def _produce(channel, ctx: Ctx, options: dict, today: date) -> None:
    """In a child process: generate and complete units, hand them over the queue."""
    try:
        for unit_of_work in _generated_units(ctx, options, today):
            channel.put(("unit", unit_of_work))
        channel.put(("done", None))
    except BaseException as exc:  # the type only: messages could quote generated data
        channel.put(("error", type(exc).__name__))


def _from_child(ctx: Ctx, options: dict, today: date):
    """Units generated in a second process, so the rows for the next transaction are being
    made (pure Python) while this process writes (mostly SQLite): the two cores share the
    work. Spawned, not forked, so it behaves the same on every system."""
    import multiprocessing
    import queue

    context = multiprocessing.get_context("spawn")
    channel = context.Queue(maxsize=2)
    child = context.Process(target=_produce, args=(channel, ctx, options, today), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=1.0)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError("the generating process stopped") from None
                continue
            if kind == "done":
                return
            if kind == "error":
                raise RuntimeError(f"generating failed: {payload}")
            yield payload
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=5)


def seed(
    db: Database,
    *,
    persons: int,
    patrols: int = 0,
    teams: int | None = None,
    seed: int | None = None,
    demo: bool = False,
    today: date | None = None,
) -> Counter:
    """Generate synthetic records for this unit and insert them.

    Only into a demo database or a throwaway one (tests, benchmarks): the ``seed`` command
    refuses a real database, whose records must all be true (docs/security-notes.md).
    """
    today = today or clock.today()
    hamlets, officers, taken = bulk.unit_inventory(db)
    ref = unit(db.unit_code)
    ctx = Ctx(
        unit_code=db.unit_code,
        today=today,
        hamlets=hamlets,
        officers=officers,
        border=bool(ref and ref.is_border),
        citizen_ids=taken,
    )
    options = {
        "persons": persons,
        "patrols": patrols,
        "teams": teams,
        "demo": demo,
        "seed": seed if seed is not None else random.randrange(2**31),
    }
    if persons >= PARALLEL_FROM and not demo:
        return bulk.write_units(db, _from_child(ctx, options, today))
    return bulk.write_units(db, _generated_units(ctx, options, today))
