"""A managed person's whole record, their timeline, and the choices forms offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from nghean_tui.domain import models
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
    person: models.Person
    hamlet_name: str
    episodes: list[models.ManagementEpisode]
    team: dict[str, list[models.EpisodeTeamMember]]  # episode id → its management team
    tests: list[models.DrugTest]
    assessments: list[models.AddictionAssessment]
    contacts: list[models.Contact]
    support: list[models.SupportRecord]
    transfers: list[models.Transfer]
    due: list[models.DueItem] = field(default_factory=list)

    @property
    def current_episode(self) -> models.ManagementEpisode | None:
        """The open episode (active first), else the latest."""
        open_ = [e for e in self.episodes if e.status in ("active", "proposed", "absconded")]
        pool = open_ or self.episodes
        return max(
            pool, key=lambda e: (e.status == "active", e.start_date or date.min), default=None
        )

    def term_end(self, episode: models.ManagementEpisode, today: date) -> PlannedEnd:
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
        person = session.get(models.Person, person_id)
        if person is None or person.deleted:
            return None
        hamlet = session.get(models.Hamlet, person.hamlet_id) if person.hamlet_id else None
        episodes = _live(session, models.ManagementEpisode, person_id=person_id)
        team: dict[str, list[models.EpisodeTeamMember]] = {}
        if episodes:
            members = session.exec(
                select(models.EpisodeTeamMember).where(
                    col(models.EpisodeTeamMember.episode_id).in_([e.id for e in episodes]),
                    models.EpisodeTeamMember.deleted == False,
                )
            )  # noqa: E712
            for member in members:
                team.setdefault(member.episode_id, []).append(member)
        detail = PersonDetail(
            person=person,
            hamlet_name=hamlet.name if hamlet else "",
            episodes=sorted(episodes, key=lambda e: e.start_date or date.min, reverse=True),
            team=team,
            tests=_live(session, models.DrugTest, person_id=person_id),
            assessments=_live(session, models.AddictionAssessment, person_id=person_id),
            contacts=_live(session, models.Contact, person_id=person_id),
            support=_live(session, models.SupportRecord, person_id=person_id),
            transfers=_live(session, models.Transfer, person_id=person_id),
            due=list(
                session.exec(
                    select(models.DueItem)
                    .where(models.DueItem.person_id == person_id)
                    .order_by(models.DueItem.due_on)
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
                models.ManagementEpisode,
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
                models.DrugTest,
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
                models.AddictionAssessment,
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
                contact.contact_date, "contact", models.Contact, contact.id, title, contact.notes
            )
        )
    for support in detail.support:
        entries.append(
            TimelineEntry(
                support.support_date,
                "support",
                models.SupportRecord,
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
                models.Transfer,
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
            select(models.Hamlet)
            .where(models.Hamlet.unit_code == db.unit_code, models.Hamlet.deleted == False)  # noqa: E712
            .order_by(col(models.Hamlet.name).collate("vi"))
        )
        return [(h.id, h.name) for h in rows]


def officer_choices(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.exec(
            select(models.Officer)
            .where(
                models.Officer.unit_code == db.unit_code,
                models.Officer.deleted == False,  # noqa: E712
                models.Officer.active == True,
            )  # noqa: E712
            .order_by(col(models.Officer.full_name).collate("vi"))
        )
        return [(o.id, o.full_name) for o in rows]


def episode_choices(db: Database, person_id: str, label) -> list[tuple[str, str]]:
    """The person's episodes, labelled with ``label(episode)`` (the screen's words)."""
    with db.read() as session:
        rows = _live(session, models.ManagementEpisode, person_id=person_id)
    rows.sort(key=lambda e: e.start_date or date.min, reverse=True)
    return [(e.id, label(e)) for e in rows]


def open_episodes(db: Database, person_id: str, session: Session | None = None):
    """Episodes a move out of the commune ends: active or absconded ones."""

    def query(s: Session):
        return [
            e
            for e in _live(s, models.ManagementEpisode, person_id=person_id)
            if e.status in (EpisodeStatus.ACTIVE.value, EpisodeStatus.ABSCONDED.value)
        ]

    if session is not None:
        return query(session)
    with db.read() as s:
        return query(s)
