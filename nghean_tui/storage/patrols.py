"""Patrols: a month's list and its totals, one patrol with everything linked to it, the
choices the form offers, and saving a patrol with all its children in one transaction.

A patrol that runs past midnight has ``end_time < start_time``: it ends the next day
(``patrol_date`` is the day it started). Children (participants, hamlets, findings, linked
persons and hotspots) are separate synced rows; an edit adds the new ones, soft-deletes the
removed ones and updates changed findings, all in one :meth:`Records.batch`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from nghean_tui.domain import clock
from nghean_tui.domain import models as M
from nghean_tui.domain.enums import HotspotStatus, ParticipantKind
from nghean_tui.domain.parsing import is_empty
from nghean_tui.domain.text import fold, nfc
from nghean_tui.domain.validation import Issue, ValidationError, clean
from nghean_tui.storage.database import Database
from nghean_tui.storage.records import Records, Writer
from nghean_tui.storage.search import search_persons

OVERNIGHT_MAX_HOURS = 12
"""An end before the start within this many hours is a night patrol; a longer span is more
likely a mistyped time, and is asked about even when the form has shown "next day"."""

OVERNIGHT_CODE = "end_time_before_start"
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


# ---------------------------------------------------------------- months and times


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next one."""
    start = date(year, month, 1)
    return start, (start + timedelta(days=32)).replace(day=1)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month ``delta`` months after (or before, if negative) the given one."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def is_overnight(start: time | None, end: time | None) -> bool:
    """Whether the patrol ends on the day after it started."""
    return start is not None and end is not None and end < start


def duration_minutes(start: time | None, end: time | None) -> int | None:
    """How long the patrol lasted, across midnight if need be; None without both times."""
    if start is None or end is None:
        return None
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes % (24 * 60)


def plausible_overnight(start: time | None, end: time | None) -> bool:
    """An end before the start that reads as a night patrol, not as a typing mistake."""
    span = duration_minutes(start, end)
    return is_overnight(start, end) and span is not None and span <= OVERNIGHT_MAX_HOURS * 60


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


def _live(model, *where):
    return select(model).where(model.deleted == False, *where)  # noqa: E712


def patrols_in_month(db: Database, year: int, month: int) -> list[PatrolRow]:
    """The unit's patrols of one month, newest first (a month is a few dozen rows: the
    patrol_date index finds them, the children are read by their patrol_id index)."""
    start, end = month_bounds(year, month)
    with db.read() as session:
        patrols = list(
            session.exec(
                _live(
                    M.Patrol,
                    M.Patrol.unit_code == db.unit_code,
                    M.Patrol.patrol_date >= start,
                    M.Patrol.patrol_date < end,
                )
            )
        )
        ids = [p.id for p in patrols]
        hamlets: dict[str, list[str]] = {}
        findings: dict[str, int] = {}
        leaders: dict[str, str] = {}
        if ids:
            for patrol_id, name in session.exec(
                select(M.PatrolHamlet.patrol_id, M.Hamlet.name)
                .join(M.Hamlet, M.Hamlet.id == M.PatrolHamlet.hamlet_id)
                .where(M.PatrolHamlet.patrol_id.in_(ids), M.PatrolHamlet.deleted == False)
            ):  # noqa: E712
                hamlets.setdefault(patrol_id, []).append(name)
            findings = dict(
                session.exec(
                    select(M.PatrolFinding.patrol_id, func.sum(M.PatrolFinding.count))
                    .where(M.PatrolFinding.patrol_id.in_(ids), M.PatrolFinding.deleted == False)  # noqa: E712
                    .group_by(M.PatrolFinding.patrol_id)
                ).all()
            )
            leader_ids = {p.leader_id for p in patrols if p.leader_id}
            leaders = dict(
                session.exec(
                    select(M.Officer.id, M.Officer.full_name).where(M.Officer.id.in_(leader_ids))
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
            sorted(hamlets.get(p.id, []), key=fold),
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
    patrol: M.Patrol
    leader_name: str
    hamlets: list[tuple[str, str]]  # (hamlet id, name)
    participants: list[M.PatrolParticipant]  # the leader first
    findings: list[M.PatrolFinding]
    persons: list[LinkedPerson]
    hotspots: list[tuple[str, str]]  # (hotspot id, name)

    def participants_of(self, kind: ParticipantKind) -> list[M.PatrolParticipant]:
        return [p for p in self.participants if p.kind == kind.value]


def _linked(session: Session, link, target, key: str, patrol_id: str) -> list[tuple[str, str]]:
    """(id, name) of the hamlets or hotspots the patrol links to, by name."""
    rows = session.exec(
        select(target.id, target.name)
        .join(link, getattr(link, key) == target.id)
        .where(link.patrol_id == patrol_id, link.deleted == False)
    ).all()  # noqa: E712
    return sorted(rows, key=lambda r: fold(r[1]))


def patrol_detail(db: Database, patrol_id: str) -> PatrolDetail | None:
    """The patrol and everything linked to it; None if it is gone or not this unit's."""
    with db.read() as session:
        patrol = session.get(M.Patrol, patrol_id)
        if patrol is None or patrol.deleted or patrol.unit_code != db.unit_code:
            return None
        leader = session.get(M.Officer, patrol.leader_id) if patrol.leader_id else None
        participants = list(
            session.exec(_live(M.PatrolParticipant, M.PatrolParticipant.patrol_id == patrol_id))
        )
        findings = list(
            session.exec(_live(M.PatrolFinding, M.PatrolFinding.patrol_id == patrol_id))
        )
        persons = [
            LinkedPerson(
                link.id, person.id, person.full_name, person.birth_year, hamlet or "", link.note
            )
            for link, person, hamlet in session.exec(
                select(M.PatrolPerson, M.Person, M.Hamlet.name)
                .join(M.Person, M.Person.id == M.PatrolPerson.person_id)
                .join(M.Hamlet, M.Hamlet.id == M.Person.hamlet_id, isouter=True)
                .where(
                    M.PatrolPerson.patrol_id == patrol_id,
                    M.PatrolPerson.deleted == False,  # noqa: E712
                    M.Person.deleted == False,
                )
            )
        ]  # noqa: E712
        hamlets = _linked(session, M.PatrolHamlet, M.Hamlet, "hamlet_id", patrol_id)
        hotspots = _linked(session, M.PatrolHotspot, M.Hotspot, "hotspot_id", patrol_id)
    kinds = [k.value for k in ParticipantKind]
    participants.sort(
        key=lambda p: (
            p.officer_id != patrol.leader_id or p.kind != "officer",
            kinds.index(p.kind) if p.kind in kinds else 9,
            fold(p.name),
        )
    )
    findings.sort(key=lambda f: f.created_at)
    persons.sort(key=lambda p: fold(p.full_name))
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
        officers = session.exec(select(M.Officer).where(M.Officer.unit_code == unit)).all()
        hamlets = session.exec(
            select(M.Hamlet.id, M.Hamlet.name, M.Hamlet.deleted).where(M.Hamlet.unit_code == unit)
        ).all()
        members = session.exec(
            select(M.TeamMember, M.Team)
            .join(M.Team, M.Team.id == M.TeamMember.team_id)
            .where(M.Team.unit_code == unit)
        ).all()
        hotspots = session.exec(select(M.Hotspot).where(M.Hotspot.unit_code == unit)).all()
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
            key=lambda o: fold(o[1]),
        ),
        hamlets=sorted(
            ((h.id, h.name) for h in hamlets if not h.deleted or h.id in keep),
            key=lambda h: fold(h[1]),
        ),
        members=[MemberChoice(m.id, m.full_name, team.name, team.hamlet_id) for m, team in chosen],
        hotspots=sorted(
            ((h.id, h.name, h.status) for h in hotspots if not h.deleted or h.id in keep),
            key=lambda h: (statuses.index(h[2]) if h[2] in statuses else 9, fold(h[1])),
        ),
    )


def find_persons(db: Database, query: str, limit: int = 30) -> list:
    """Managed persons matching ``query`` (name, alias, citizen ID…), for the person picker:
    one page from the search index, never the whole list."""
    with db.engine.connect() as conn:
        return search_persons(conn, db.unit_code, query, limit=limit).rows


# ---------------------------------------------------------------- saving


@dataclass
class FindingInput:
    """One finding row of the form: ``key`` names the row in issues ("findings.<key>.count");
    ``id`` is the stored finding it edits, None for a new one."""

    key: str
    category: Any = None
    count: Any = None
    description: Any = ""
    id: str | None = None
    area_m2: Any = None

    @property
    def blank(self) -> bool:
        return all(is_empty(v) for v in (self.category, self.count, self.description, self.area_m2))

    def data(self) -> dict:
        return {
            "category": self.category,
            "count": self.count,
            "description": self.description,
            "area_m2": self.area_m2,
        }


@dataclass
class PatrolChildren:
    """Everything linked to a patrol, as the form chose it. The leader always counts as a
    participating officer, whether listed in ``officer_ids`` or not."""

    hamlet_ids: list[str] = field(default_factory=list)
    officer_ids: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # names of other participants
    findings: list[FindingInput] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)
    hotspot_ids: list[str] = field(default_factory=list)


def _prefixed(issues: list[Issue], prefix: str) -> list[Issue]:
    return [dataclasses.replace(i, field=f"{prefix}{i.field}") for i in issues]


def _save_patrol_row(
    writer: Writer,
    patrol_id: str | None,
    values: dict,
    confirm: bool,
    expected_version: str | None,
    accept_overnight: bool,
) -> M.Patrol:
    def write(confirm: bool) -> M.Patrol:
        if patrol_id is None:
            return writer.create(M.Patrol, values, confirm_warnings=confirm)
        return writer.update(
            M.Patrol, patrol_id, values, expected_version=expected_version, confirm_warnings=confirm
        )

    try:
        return write(confirm)
    except ValidationError as exc:
        if not (
            accept_overnight and all(i.warning and i.code == OVERNIGHT_CODE for i in exc.issues)
        ):
            raise
        # The form has told the officer the patrol ends the next day: a night-long span
        # needs no second question (a longer one may be a mistyped time and still gets it).
        stored = writer.session.get(M.Patrol, patrol_id) if patrol_id else None
        times, _ = clean(
            M.Patrol,
            {k: values.get(k, getattr(stored, k, None)) for k in ("start_time", "end_time")},
            today=writer.today(),
            partial=True,
        )
        if not plausible_overnight(times.get("start_time"), times.get("end_time")):
            raise
    return write(True)


def _sync(writer: Writer, model, patrol_id: str, identity, wanted: dict) -> None:
    """Make the patrol's live ``model`` rows exactly ``wanted`` (identity → (data of a new
    row, issue prefix)): keep the rows already there, add the missing ones, soft-delete
    the others and any duplicates."""
    kept: set = set()
    for row in writer.session.exec(_live(model, model.patrol_id == patrol_id)).all():
        key = identity(row)
        if key in wanted and key not in kept:
            kept.add(key)
        else:
            writer.delete(model, row.id)
    for key, (data, prefix) in wanted.items():
        if key not in kept:
            writer.create(
                model, {"patrol_id": patrol_id, **data}, confirm_warnings=True, prefix=prefix
            )


def _links(ids: list[str], key: str, prefix: str) -> dict:
    return {i: ({key: i}, prefix) for i in ids if i}


def _participants(writer: Writer, patrol: M.Patrol, children: PatrolChildren) -> dict:
    """Wanted participants by (kind, who); officers and members keep their name as it was
    on the day, so the record still reads right after a rename or retirement."""

    def named(model, row_id: str) -> str:
        row = writer.session.get(model, row_id)
        return row.full_name if row is not None else ""

    officer, member, other = (k.value for k in ParticipantKind)
    wanted: dict = {}
    for oid in [patrol.leader_id, *children.officer_ids]:
        if oid:
            wanted[(officer, oid)] = (
                {"kind": officer, "officer_id": oid, "name": named(M.Officer, oid)},
                "officer_ids.",
            )
    for mid in children.member_ids:
        wanted[(member, mid)] = (
            {"kind": member, "team_member_id": mid, "name": named(M.TeamMember, mid)},
            "member_ids.",
        )
    for name in (nfc(n.strip()) for n in children.others):
        if name:
            wanted[(other, name)] = ({"kind": other, "name": name}, "others.")
    return wanted


def _participant_identity(row: M.PatrolParticipant) -> tuple:
    who = {"officer": row.officer_id, "team_member": row.team_member_id}.get(row.kind, row.name)
    return row.kind, who


def _sync_findings(writer: Writer, patrol_id: str, findings: list[FindingInput]) -> None:
    rows = {
        r.id
        for r in writer.session.exec(
            _live(M.PatrolFinding, M.PatrolFinding.patrol_id == patrol_id)
        ).all()
    }
    for row_id in rows - {f.id for f in findings}:
        writer.delete(M.PatrolFinding, row_id)
    for finding in findings:
        prefix = f"findings.{finding.key}."
        if finding.id in rows:
            writer.update(
                M.PatrolFinding, finding.id, finding.data(), confirm_warnings=True, prefix=prefix
            )
        else:
            writer.create(
                M.PatrolFinding,
                {"patrol_id": patrol_id, **finding.data()},
                confirm_warnings=True,
                prefix=prefix,
            )


def save_patrol(
    db: Database,
    patrol_id: str | None,
    values: dict,
    children: PatrolChildren,
    confirm_warnings: bool = False,
    *,
    expected_version: str | None = None,
    accept_overnight: bool = False,
) -> M.Patrol:
    """Create (``patrol_id`` None) or update a patrol and make its children match
    ``children`` — all in one transaction, so a problem anywhere saves nothing at all.

    Issues of children carry a prefix naming where they come from: ``findings.<key>.``,
    ``hamlet_ids.``, ``officer_ids.``, ``member_ids.``, ``others.``, ``person_ids.``,
    ``hotspot_ids.``. ``accept_overnight``: the officer has been shown that the patrol ends
    the next day, so a plausible overnight end needs no confirming.
    """
    records = Records(db)
    findings = [f for f in children.findings if not f.blank]
    with records.batch() as writer:
        try:
            patrol = _save_patrol_row(
                writer, patrol_id, values, confirm_warnings, expected_version, accept_overnight
            )
            issues: list[Issue] = []
        except ValidationError as exc:
            patrol, issues = None, list(exc.issues)
        for finding in findings:  # every bad row at once, each marked in the form
            _, problems = clean(
                M.PatrolFinding, finding.data(), today=records.today(), partial=True
            )
            issues += _prefixed(problems, f"findings.{finding.key}.")
        if patrol is None or any(not i.warning for i in issues):
            raise ValidationError(issues)
        _sync(
            writer,
            M.PatrolHamlet,
            patrol.id,
            lambda r: r.hamlet_id,
            _links(children.hamlet_ids, "hamlet_id", "hamlet_ids."),
        )
        _sync(
            writer,
            M.PatrolParticipant,
            patrol.id,
            _participant_identity,
            _participants(writer, patrol, children),
        )
        _sync_findings(writer, patrol.id, findings)
        _sync(
            writer,
            M.PatrolPerson,
            patrol.id,
            lambda r: r.person_id,
            _links(children.person_ids, "person_id", "person_ids."),
        )
        _sync(
            writer,
            M.PatrolHotspot,
            patrol.id,
            lambda r: r.hotspot_id,
            _links(children.hotspot_ids, "hotspot_id", "hotspot_ids."),
        )
    return patrol


def delete_patrol(db: Database, patrol_id: str, expected_version: str | None = None) -> None:
    """Soft-delete the patrol and every row linked to it, in one transaction."""
    with Records(db).batch() as writer:
        for model in (
            M.PatrolParticipant,
            M.PatrolHamlet,
            M.PatrolFinding,
            M.PatrolPerson,
            M.PatrolHotspot,
        ):
            _sync(writer, model, patrol_id, lambda row: row.id, {})  # wanted: none
        writer.delete(M.Patrol, patrol_id, expected_version=expected_version)
