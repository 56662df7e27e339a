"""Synthetic data for demos, tests and load tests: plain dict rows for the tables of
:mod:`nghean_tui.domain.models`, generated from a seed.

Every row of a table has the same keys: all the model's columns except those the storage layer
fills itself (``STORAGE_FILLED``), so a bulk insert can take the rows as they are. Enumerated
columns hold the enum codes, dates are :class:`datetime.date`, times :class:`datetime.time`.

Batches come parents first. Persons are generated in blocks of ``chunk``; each block's persons
are yielded before that block's episodes, tests, contacts and so on, which keeps memory flat for
a run of 100,000 persons. Teams, hotspots, patrols and tips follow all persons. No batch holds
more than ``chunk`` rows.

Patrols that run past midnight have ``end_time < start_time``: the end is on the next day
(``patrol_date`` is the day the patrol started).

The demo profile forces two persons into each *scenario* of :mod:`episodes` (a follow-up due this
week, overdue, or overdue by more than any holiday can explain; every episode status), so the
officer's "due / overdue" screen shows every kind whatever the seed and the date.

All names, identity numbers and phone numbers are invented combinations; none is copied from
anywhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nghean_tui.synthetic import episodes as EP
from nghean_tui.synthetic.patrols import make_hotspots, make_patrols
from nghean_tui.synthetic.persons import make_person
from nghean_tui.synthetic.rand import between
from nghean_tui.synthetic.teams import (
    active_members,
    joint_without_patrols,
    make_activities,
    make_teams,
)
from nghean_tui.synthetic.tips import make_tips
from nghean_tui.synthetic.world import Row, World

STORAGE_FILLED = frozenset(
    {
        "created_at",
        "updated_at",
        "written_by",
        "version",
        "origin_device",
        "change_seq",
        "sort_key",
        "search_rowid",
        "planned_end",
    }
)
"""Columns the storage layer sets on insert; the generator never produces them."""

PERSON_TABLES = (
    "person",
    "management_episode",
    "episode_team_member",
    "drug_test",
    "addiction_assessment",
    "contact",
    "support_record",
    "transfer",
)

DEMO_PERSONS = 350
DEMO_PATROLS = 200
DEMO_COPIES = 2  # persons forced into each scenario, so each due/overdue case shows more than once


@dataclass
class Ctx:
    """What the generator needs to know about the database it fills."""

    unit_code: str
    today: date
    hamlets: list[dict] = field(default_factory=list)  # existing hamlet rows (id, name, kind)
    officers: list[dict] = field(default_factory=list)  # existing officer rows (id, full_name)
    border: bool = True  # border/mountain commune: Mông, Khơ Mú, Thái names and "Bản ..." hamlets
    citizen_ids: frozenset[str] = frozenset()  # already on file: never generated again


def _batches(table: str, rows: list[Row], chunk: int) -> Iterator[tuple[str, list[Row]]]:
    for i in range(0, len(rows), chunk):
        yield table, rows[i : i + chunk]


def _forced_scenarios(rng: random.Random, persons: int) -> dict[int, str]:
    """Person index → scenario, spread at random positions through the demo's persons."""
    wanted = [name for name in EP.SCENARIOS for _ in range(DEMO_COPIES)]
    positions = rng.sample(range(persons), min(persons, len(wanted)))
    return dict(zip(positions, wanted, strict=False))


def generate(
    ctx: Ctx,
    *,
    persons: int,
    patrols: int = 0,
    teams: int | None = None,
    seed: int = 0,
    demo: bool = False,
    chunk: int = 5000,
) -> Iterator[tuple[str, list[dict]]]:
    """Yield ``(table_name, rows)`` batches, parents before children.

    Order: hamlets and officers (only those it had to create), then per block of persons: persons,
    episodes, episode team members, drug tests, assessments, contacts, support, transfers; then
    teams, members, activities, hotspots, patrols and their link tables, tips and tip sources.

    ``teams=None`` puts a security team in every hamlet but one (plus self-management and, in
    border communes, border-landmark teams); an int creates that many teams across hamlets.
    ``demo=True`` ignores the counts and produces the demo profile (350 persons over every
    episode type and status with due and overdue follow-ups of every kind, a year of patrols).
    The same ``ctx`` and ``seed`` give the same rows.
    """
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    rng = random.Random(seed)
    if demo:
        persons, patrols, teams = DEMO_PERSONS, DEMO_PATROLS, None
    w = World(ctx, rng)
    yield from _batches("hamlet", w.new_hamlets, chunk)
    yield from _batches("officer", w.new_officers, chunk)

    forced = _forced_scenarios(rng, persons) if demo else {}
    done = 0
    while done < persons:
        block = min(chunk, persons - done)
        out: dict[str, list[Row]] = {t: [] for t in PERSON_TABLES}
        for i in range(done, done + block):
            make_person(w, out, forced.get(i))
        done += block
        for table in PERSON_TABLES:
            yield from _batches(table, out[table], chunk)

    infos, team_rows, member_rows = make_teams(w, teams)
    hotspots = make_hotspots(w, 12 if demo else between(rng, 5, 15))
    patrol_rows, joint = make_patrols(w, max(0, patrols), hotspots, active_members(infos))
    if not patrols:
        joint = joint_without_patrols(w, infos)
    activities = make_activities(w, infos, joint)
    tips, sources = make_tips(w, 30 if demo else between(rng, 10, 40), hotspots)
    tail: list[tuple[str, list[Any]]] = [
        ("team", team_rows),
        ("team_member", member_rows),
        ("team_activity", activities),
        ("hotspot", hotspots),
        *patrol_rows.items(),
        ("tip", tips),
        ("tip_source", sources),
    ]
    for table, rows in tail:
        yield from _batches(table, rows, chunk)
