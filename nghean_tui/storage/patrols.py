"""Patrols: a month's list and its totals, one patrol with everything linked to it, and the
choices the form offers. Saving a patrol with all its children in one transaction is in
:mod:`nghean_tui.storage.patrol_writes`, months and overnight times in
:mod:`nghean_tui.domain.patrol_times`; both are re-exported here, the screens' one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import func
from sqlmodel import Session, col, select

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import HotspotStatus, ParticipantKind
from nghean_tui.domain.patrol_times import (
    OVERNIGHT_CODE,
    OVERNIGHT_MAX_HOURS,
    duration_minutes,
    is_overnight,
    month_bounds,
    plausible_overnight,
    shift_month,
)
from nghean_tui.domain.text import fold, vietnamese_key
from nghean_tui.storage.database import Database
from nghean_tui.storage.patrol_writes import (
    FindingInput,
    PatrolChildren,
    delete_patrol,
    live_rows,
    save_patrol,
)
from nghean_tui.storage.search import search_persons

__all__ = [
    "OVERNIGHT_CODE",
    "OVERNIGHT_MAX_HOURS",
    "PATROL_FIELDS",
    "FindingInput",
    "LinkedPerson",
    "MemberChoice",
    "MonthSummary",
    "PatrolChildren",
    "PatrolChoices",
    "PatrolDetail",
    "PatrolRow",
    "delete_patrol",
    "duration_minutes",
    "find_persons",
    "form_choices",
    "is_overnight",
    "month_bounds",
    "month_summary",
    "patrol_detail",
    "patrols_in_month",
    "plausible_overnight",
    "save_patrol",
    "shift_month",
    "summarize",
]

PATROL_FIELDS = (
    "patrol_date",
    "start_time",
    "end_time",
    "kind",
    "leader_id",
    "routes",
    "people_checked",
    "notes",
)
"""The patrol's own fields, as the form and :func:`save_patrol` take them."""


# ---------------------------------------------------------------- the month's list


@dataclass(frozen=True)
class PatrolRow:
    id: str
    patrol_date: date
    start_time: time | None
    end_time: time | None
    kind: str
    hamlets: list[str]
    leader: str
    findings: int  # incidents found: the sum of the findings' counts
    people_checked: int


@dataclass(frozen=True)
class MonthSummary:
    patrols: int = 0
    findings: int = 0
    people_checked: int = 0


def patrols_in_month(db: Database, year: int, month: int) -> list[PatrolRow]:
    """The unit's patrols of one month, newest first (a month is a few dozen rows: the
    patrol_date index finds them, the children are read by their patrol_id index)."""
    start, end = month_bounds(year, month)
    with db.read() as session:
        patrols = list(
            session.exec(
                live_rows(
                    models.Patrol,
                    models.Patrol.unit_code == db.unit_code,
                    models.Patrol.patrol_date >= start,
                    models.Patrol.patrol_date < end,
                )
            )
        )
        ids = [p.id for p in patrols]
        hamlets: dict[str, list[str]] = {}
        findings: dict[str, int] = {}
        leaders: dict[str, str] = {}
        if ids:
            for patrol_id, name in session.exec(
                select(models.PatrolHamlet.patrol_id, models.Hamlet.name)
                .join(models.Hamlet, col(models.Hamlet.id) == models.PatrolHamlet.hamlet_id)
                .where(
                    col(models.PatrolHamlet.patrol_id).in_(ids),
                    models.PatrolHamlet.deleted == False,
                )
            ):  # noqa: E712
                hamlets.setdefault(patrol_id, []).append(name)
            findings = dict(
                session.exec(
                    select(models.PatrolFinding.patrol_id, func.sum(models.PatrolFinding.count))
                    .where(
                        col(models.PatrolFinding.patrol_id).in_(ids),
                        models.PatrolFinding.deleted == False,
                    )  # noqa: E712
                    .group_by(models.PatrolFinding.patrol_id)
                ).all()
            )
            leader_ids = {p.leader_id for p in patrols if p.leader_id}
            leaders = dict(
                session.exec(
                    select(models.Officer.id, models.Officer.full_name).where(
                        col(models.Officer.id).in_(leader_ids)
                    )
                ).all()
            )
    patrols.sort(
        key=lambda p: (p.patrol_date, p.start_time or time.min, p.created_at), reverse=True
    )
    return [
        PatrolRow(
            p.id,
            p.patrol_date,
            p.start_time,
            p.end_time,
            p.kind,
            sorted(hamlets.get(p.id, []), key=vietnamese_key),
            leaders.get(p.leader_id, ""),
            int(findings.get(p.id) or 0),
            p.people_checked,
        )
        for p in patrols
    ]


def summarize(rows: list[PatrolRow]) -> MonthSummary:
    """The totals of a month's rows (the list already holds every figure)."""
    return MonthSummary(
        len(rows), sum(r.findings for r in rows), sum(r.people_checked for r in rows)
    )


def month_summary(db: Database, year: int, month: int) -> MonthSummary:
    """Patrols held in the month, incidents found on them and people checked."""
    return summarize(patrols_in_month(db, year, month))


# ---------------------------------------------------------------- one patrol


@dataclass(frozen=True)
class LinkedPerson:
    link_id: str
    person_id: str
    full_name: str
    birth_year: int | None
    hamlet: str
    note: str


@dataclass
class PatrolDetail:
    patrol: models.Patrol
    leader_name: str
    hamlets: list[tuple[str, str]]  # (hamlet id, name)
    participants: list[models.PatrolParticipant]  # the leader first
    findings: list[models.PatrolFinding]
    persons: list[LinkedPerson]
    hotspots: list[tuple[str, str]]  # (hotspot id, name)

    def participants_of(self, kind: ParticipantKind) -> list[models.PatrolParticipant]:
        return [p for p in self.participants if p.kind == kind.value]


def _linked(session: Session, link, target, key: str, patrol_id: str) -> list[tuple[str, str]]:
    """(id, name) of the hamlets or hotspots the patrol links to, by name."""
    rows = session.exec(
        select(target.id, target.name)
        .join(link, getattr(link, key) == target.id)
        .where(link.patrol_id == patrol_id, link.deleted == False)
    ).all()  # noqa: E712
    return sorted(rows, key=lambda r: vietnamese_key(r[1]))


def patrol_detail(db: Database, patrol_id: str) -> PatrolDetail | None:
    """The patrol and everything linked to it; None if it is gone or not this unit's."""
    with db.read() as session:
        patrol = session.get(models.Patrol, patrol_id)
        if patrol is None or patrol.deleted or patrol.unit_code != db.unit_code:
            return None
        leader = session.get(models.Officer, patrol.leader_id) if patrol.leader_id else None
        participants = list(
            session.exec(
                live_rows(models.PatrolParticipant, models.PatrolParticipant.patrol_id == patrol_id)
            )
        )
        findings = list(
            session.exec(
                live_rows(models.PatrolFinding, models.PatrolFinding.patrol_id == patrol_id)
            )
        )
        persons = [
            LinkedPerson(
                link.id, person.id, person.full_name, person.birth_year, hamlet or "", link.note
            )
            for link, person, hamlet in session.exec(
                select(models.PatrolPerson, models.Person, models.Hamlet.name)
                .join(models.Person, col(models.Person.id) == models.PatrolPerson.person_id)
                .join(models.Hamlet, col(models.Hamlet.id) == models.Person.hamlet_id, isouter=True)
                .where(
                    models.PatrolPerson.patrol_id == patrol_id,
                    models.PatrolPerson.deleted == False,  # noqa: E712
                    models.Person.deleted == False,
                )
            )
        ]  # noqa: E712
        hamlets = _linked(session, models.PatrolHamlet, models.Hamlet, "hamlet_id", patrol_id)
        hotspots = _linked(session, models.PatrolHotspot, models.Hotspot, "hotspot_id", patrol_id)
    kinds = [k.value for k in ParticipantKind]
    participants.sort(
        key=lambda p: (
            p.officer_id != patrol.leader_id or p.kind != "officer",
            kinds.index(p.kind) if p.kind in kinds else 9,
            fold(p.name),
        )
    )
    findings.sort(key=lambda f: f.created_at)
    persons.sort(key=lambda p: vietnamese_key(p.full_name))
    return PatrolDetail(
        patrol,
        leader.full_name if leader else "",
        hamlets,
        participants,
        findings,
        persons,
        hotspots,
    )


# ---------------------------------------------------------------- choices for the form


@dataclass(frozen=True)
class MemberChoice:
    id: str
    name: str
    team_name: str
    hamlet_id: str


@dataclass
class PatrolChoices:
    officers: list[tuple[str, str]]
    hamlets: list[tuple[str, str]]
    members: list[MemberChoice]  # by hamlet, team, then name
    hotspots: list[tuple[str, str, str]]  # (id, name, status): active ones first


def form_choices(
    db: Database, detail: PatrolDetail | None = None, today: date | None = None
) -> PatrolChoices:
    """What the patrol form offers: active officers, hamlets, current members of active
    teams, hotspots — plus whatever ``detail`` already links to, even if since retired or
    deleted (an edit must not drop a link the officer did not touch)."""
    today = today or clock.today()
    keep: set = set()
    if detail is not None:
        keep = (
            {p.officer_id for p in detail.participants}
            | {p.team_member_id for p in detail.participants}
            | {detail.patrol.leader_id}
            | {h for h, _ in detail.hamlets}
            | {h for h, _ in detail.hotspots}
        )
    unit = db.unit_code
    with db.read() as session:  # the unit's rows, deleted ones too: filtered below
        officers = session.exec(
            select(models.Officer).where(models.Officer.unit_code == unit)
        ).all()
        hamlets = session.exec(
            select(models.Hamlet.id, models.Hamlet.name, models.Hamlet.deleted).where(
                models.Hamlet.unit_code == unit
            )
        ).all()
        members = session.exec(
            select(models.TeamMember, models.Team)
            .join(models.Team, col(models.Team.id) == models.TeamMember.team_id)
            .where(models.Team.unit_code == unit)
        ).all()
        hotspots = session.exec(
            select(models.Hotspot).where(models.Hotspot.unit_code == unit)
        ).all()
        hamlet_names = {h.id: h.name for h in hamlets}
    chosen = [
        (m, team)
        for m, team in members
        if m.id in keep
        or (
            not m.deleted
            and not team.deleted
            and (m.left_on is None or m.left_on > today)
            and (team.dissolved_on is None or team.dissolved_on > today)
        )
    ]
    chosen.sort(
        key=lambda r: (
            fold(hamlet_names.get(r[1].hamlet_id, "")),
            fold(r[1].name),
            fold(r[0].full_name),
        )
    )
    statuses = [s.value for s in HotspotStatus]
    return PatrolChoices(
        officers=sorted(
            ((o.id, o.full_name) for o in officers if (o.active and not o.deleted) or o.id in keep),
            key=lambda o: vietnamese_key(o[1]),
        ),
        hamlets=sorted(
            ((h.id, h.name) for h in hamlets if not h.deleted or h.id in keep),
            key=lambda h: vietnamese_key(h[1]),
        ),
        members=[MemberChoice(m.id, m.full_name, team.name, team.hamlet_id) for m, team in chosen],
        hotspots=sorted(
            ((h.id, h.name, h.status) for h in hotspots if not h.deleted or h.id in keep),
            key=lambda h: (statuses.index(h[2]) if h[2] in statuses else 9, vietnamese_key(h[1])),
        ),
    )


def find_persons(db: Database, query: str, limit: int = 30) -> list:
    """Managed persons matching ``query`` (name, alias, citizen ID…), for the person picker:
    one page from the search index, never the whole list."""
    with db.engine.connect() as conn:
        return search_persons(conn, db.unit_code, query, limit=limit).rows
