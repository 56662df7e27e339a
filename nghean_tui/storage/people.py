"""A managed person's whole record, their timeline, and the choices forms offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from nghean_tui.domain import models as M
from nghean_tui.domain.enums import (
    AssessmentResult,
    ContactKind,
    ContactOutcome,
    EpisodeStatus,
    EpisodeType,
    SupportKind,
    TestResult,
    TransferDirection,
)
from nghean_tui.domain.rules import PersonRecords, PlannedEnd, planned_end_detail
from nghean_tui.storage.database import Database


@dataclass
class PersonDetail:
    person: M.Person
    hamlet_name: str
    episodes: list[M.ManagementEpisode]
    team: dict[str, list[M.EpisodeTeamMember]]  # episode id → its management team
    tests: list[M.DrugTest]
    assessments: list[M.AddictionAssessment]
    contacts: list[M.Contact]
    support: list[M.SupportRecord]
    transfers: list[M.Transfer]
    due: list[M.DueItem] = field(default_factory=list)

    @property
    def current_episode(self) -> M.ManagementEpisode | None:
        """The open episode (active first), else the latest."""
        open_ = [e for e in self.episodes if e.status in ("active", "proposed", "absconded")]
        pool = open_ or self.episodes
        return max(
            pool, key=lambda e: (e.status == "active", e.start_date or date.min), default=None
        )

    def term_end(self, episode: M.ManagementEpisode, today: date) -> PlannedEnd:
        """The episode's planned end from these records, with the days unreported absences
        added (what the page says beside the date)."""
        records = PersonRecords(
            person=self.person,
            episodes=self.episodes,
            tests=self.tests,
            assessments=self.assessments,
            contacts=self.contacts,
            transfers=self.transfers,
        )
        try:
            detail = planned_end_detail(episode, records, today=today)
        except ValueError:  # a type this version does not know (from a newer one): as stored
            return PlannedEnd(episode.planned_end)
        return detail if detail.end is not None else PlannedEnd(episode.planned_end)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a person's history: the date, what kind of record, a summary built from
    codes (labels are chosen by the screen), and which record to open."""

    on: date | None
    kind: str  # episode, test, assessment, contact, support, transfer
    model: type
    record_id: str
    title: tuple  # (enum class, code) pairs and plain parts, joined by the screen
    detail: str = ""


def _live(session: Session, model, **where):
    query = select(model).where(model.deleted == False)  # noqa: E712
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return list(session.exec(query))


def person_detail(db: Database, person_id: str) -> PersonDetail | None:
    with db.read() as session:
        person = session.get(M.Person, person_id)
        if person is None or person.deleted:
            return None
        hamlet = session.get(M.Hamlet, person.hamlet_id) if person.hamlet_id else None
        episodes = _live(session, M.ManagementEpisode, person_id=person_id)
        team: dict[str, list[M.EpisodeTeamMember]] = {}
        if episodes:
            members = session.exec(
                select(M.EpisodeTeamMember).where(
                    col(M.EpisodeTeamMember.episode_id).in_([e.id for e in episodes]),
                    M.EpisodeTeamMember.deleted == False,
                )
            )  # noqa: E712
            for member in members:
                team.setdefault(member.episode_id, []).append(member)
        detail = PersonDetail(
            person=person,
            hamlet_name=hamlet.name if hamlet else "",
            episodes=sorted(episodes, key=lambda e: e.start_date or date.min, reverse=True),
            team=team,
            tests=_live(session, M.DrugTest, person_id=person_id),
            assessments=_live(session, M.AddictionAssessment, person_id=person_id),
            contacts=_live(session, M.Contact, person_id=person_id),
            support=_live(session, M.SupportRecord, person_id=person_id),
            transfers=_live(session, M.Transfer, person_id=person_id),
            due=list(
                session.exec(
                    select(M.DueItem)
                    .where(M.DueItem.person_id == person_id)
                    .order_by(M.DueItem.due_on)
                )
            ),
        )
    return detail


def timeline(detail: PersonDetail) -> list[TimelineEntry]:
    """Everything that happened to the person, newest first."""
    entries: list[TimelineEntry] = []
    for e in detail.episodes:
        entries.append(
            TimelineEntry(
                e.start_date or e.decision_date or e.trigger_date,
                "episode",
                M.ManagementEpisode,
                e.id,
                ((EpisodeType, e.episode_type), (EpisodeStatus, e.status)),
                e.decision_number,
            )
        )
    for test in detail.tests:
        entries.append(
            TimelineEntry(
                test.test_date,
                "test",
                M.DrugTest,
                test.id,
                ((TestResult, test.result),),
                test.substances,
            )
        )
    for assessment in detail.assessments:
        entries.append(
            TimelineEntry(
                assessment.result_on or assessment.requested_on,
                "assessment",
                M.AddictionAssessment,
                assessment.id,
                ((AssessmentResult, assessment.result),),
                assessment.facility,
            )
        )
    for contact in detail.contacts:
        title = ((ContactKind, contact.kind),) + (
            ((ContactOutcome, contact.outcome),) if contact.outcome else ()
        )
        entries.append(
            TimelineEntry(
                contact.contact_date, "contact", M.Contact, contact.id, title, contact.notes
            )
        )
    for support in detail.support:
        entries.append(
            TimelineEntry(
                support.support_date,
                "support",
                M.SupportRecord,
                support.id,
                ((SupportKind, support.kind),),
                support.provider,
            )
        )
    for transfer in detail.transfers:
        entries.append(
            TimelineEntry(
                transfer.move_date,
                "transfer",
                M.Transfer,
                transfer.id,
                ((TransferDirection, transfer.direction),),
                f"{transfer.from_unit_code} → {transfer.to_unit_code}",
            )
        )
    entries.sort(key=lambda e: e.on or date.min, reverse=True)
    return entries


# ---------------------------------------------------------------- choices for forms


def hamlet_choices(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.exec(
            select(M.Hamlet)
            .where(M.Hamlet.unit_code == db.unit_code, M.Hamlet.deleted == False)  # noqa: E712
            .order_by(M.Hamlet.name)
        )
        return [(h.id, h.name) for h in rows]


def officer_choices(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.exec(
            select(M.Officer)
            .where(
                M.Officer.unit_code == db.unit_code,
                M.Officer.deleted == False,  # noqa: E712
                M.Officer.active == True,
            )  # noqa: E712
            .order_by(M.Officer.full_name)
        )
        return [(o.id, o.full_name) for o in rows]


def episode_choices(db: Database, person_id: str, label) -> list[tuple[str, str]]:
    """The person's episodes, labelled with ``label(episode)`` (the screen's words)."""
    with db.read() as session:
        rows = _live(session, M.ManagementEpisode, person_id=person_id)
    rows.sort(key=lambda e: e.start_date or date.min, reverse=True)
    return [(e.id, label(e)) for e in rows]


def open_episodes(db: Database, person_id: str, session: Session | None = None):
    """Episodes a move out of the commune ends: active or absconded ones."""

    def query(s: Session):
        return [
            e
            for e in _live(s, M.ManagementEpisode, person_id=person_id)
            if e.status in (EpisodeStatus.ACTIVE.value, EpisodeStatus.ABSCONDED.value)
        ]

    if session is not None:
        return query(session)
    with db.read() as s:
        return query(s)
