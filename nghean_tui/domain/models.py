"""The records the application keeps, as SQLModel tables.

Every table that travels in sync bundles derives from :class:`Synced`: a UUID key, the owning
unit, created/updated times, the officer who wrote the row, a hybrid-logical-clock version stamp,
the device it came from and a deletion tombstone (rows are never deleted). ``change_seq`` and the
columns listed in ``LOCAL_FIELDS`` are derived here and never leave the device.

Enumerated columns hold the enum's code; the enum class is recorded in the column's ``info`` so
validation and forms find it (see :func:`enum_of`).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from time import time_ns
from typing import ClassVar, cast

from sqlalchemy import Boolean, Column, Date, Index, Integer, String, Text, Time
from sqlmodel import Field, SQLModel

from nghean_tui.domain import enums


def new_id() -> str:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.

    Time-ordered keys land at the end of every index they are in, instead of at a random
    page: with a million rows that is the difference between appending and rewriting the
    whole file. The timestamp reveals no more than ``created_at`` beside it.
    """
    ms = time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (
        ((ms & ((1 << 48) - 1)) << 80)
        | (0x7 << 76)
        | ((rand >> 68) << 64)
        | (0b10 << 62)
        | (rand & ((1 << 62) - 1))
    )
    return str(uuid.UUID(int=value))


def utcnow() -> datetime:
    """Now, in UTC, to the second; every time in the database is an aware UTC datetime."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def _enum(
    enum: type[enums.Labeled],
    default=None,
    *,
    required: bool = True,
    index: bool = False,
    unknown: bool = False,
):
    """An enumerated column: a ``default`` only for a state the system itself knows, never for
    a choice that is the officer's to make.

    An unchosen value is unknown, not a default: a choice the officer may not know is
    nullable (``required=False``: empty saves ``None``, shown as "chưa rõ"/"unknown"), one a
    record cannot be without is required (empty is refused by ``validation.clean``, so by every
    path: forms, command line, bulk). The decision for each column:

    ========================  ==========  ==============================================
    column                    default     why
    ========================  ==========  ==============================================
    unit.kind                 commune     reference data, set from the shipped list
    hamlet.kind               required    the officer's choice (bản/thôn/xóm/khối/tổ)
    person.sex                required    the officer's choice
    person.ethnicity          nullable    may not be known; never guessed as Kinh
    episode.episode_type      required    the officer's choice
    episode.status            proposed    follows the decision when unchosen: active with
                                          its number, date and start, else proposed
                                          (``record_checks.status_when_unchosen``)
    episode.stop_reason       nullable    only for episodes stopped early
    episode_team_member.role  required    the officer's choice
    drug_test.reason          nullable    may not be known (older paper records)
    drug_test.sample          nullable    may not be known (older paper records)
    drug_test.result          required    the officer's choice
    assessment.result         pending     initial state: no result has come back yet
    contact.kind              required    the action the officer took
    support_record.kind       required    the officer's choice
    transfer.direction        required    set by the move itself (out when recorded
                                          here, in when a bundle brings the arrival)
    team.kind                 required    the officer's choice
    team_member.role          required    the officer's choice
    team_activity.kind        required    the officer's choice
    patrol.kind               required    the officer's choice
    patrol_participant.kind   required    set by storage from the list picked in
    patrol_finding.category   required    the officer's choice
    hotspot.kind              required    the officer's choice
    hotspot.status            active      initial state: a hotspot is found active
    tip.channel               required    the officer who received it knows how
    tip.status                received    initial state: a tip is received first
    ========================  ==========  ==============================================

    ``unknown=True`` marks a nullable choice whose ``None`` means "not known" (rather than
    "does not apply", like a running episode's stop reason): forms offer its blank as
    "chưa rõ".
    """
    kwargs = {"info": {"enum": enum, "unknown": unknown}}
    if default is not None:
        return Field(default=default, max_length=32, index=index, sa_column_kwargs=kwargs)
    if required:
        return Field(max_length=32, index=index, sa_column_kwargs=kwargs)
    return Field(default=None, max_length=32, index=index, sa_column_kwargs=kwargs)


def _text(max_length: int, default: str = ""):
    return Field(default=default, max_length=max_length)


def _by_unit(table: str) -> tuple:
    return (Index(f"ix_{table}_unit_code", "unit_code"),)


def _ref(target: str, *, required: bool = False, index: bool | None = None):
    """A reference to another synced row (a UUID).

    Required references (a row's parent) are indexed: records are reached through them.
    Optional ones (who did it, which episode) are not unless asked: every index costs each
    insert, and those are only read alongside rows already found through the parent.
    """
    index = required if index is None else index
    if required:
        return Field(foreign_key=target, max_length=36, index=index)
    return Field(default=None, foreign_key=target, max_length=36, index=index)


class Synced(SQLModel):
    """Columns shared by every synced table."""

    SYNCED: ClassVar[bool] = True
    LOCAL_FIELDS: ClassVar[frozenset[str]] = frozenset({"change_seq"})

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # Indexed only on tables reached by unit (see ``_by_unit``); their children are reached
    # through the parent, and an index nobody reads costs every insert.
    unit_code: str = Field(max_length=5)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    written_by: str | None = Field(default=None, max_length=36)
    version: str = Field(default="", max_length=96)
    origin_device: str = Field(default="", max_length=64)
    deleted: bool = Field(default=False)
    change_seq: int = Field(default=0, index=True)

    @classmethod
    def synced_fields(cls) -> list[str]:
        return [name for name in cls.model_fields if name not in cls.LOCAL_FIELDS]


# ---------------------------------------------------------------- places and people on duty


class Unit(SQLModel, table=True):
    """A commune or ward (reference data shipped with the application, updated by relays)."""

    __tablename__ = "unit"

    code: str = Field(primary_key=True, max_length=5)
    name: str = Field(max_length=100)
    kind: str = _enum(enums.UnitKind, enums.UnitKind.COMMUNE.value)
    province_code: str = Field(default="40", max_length=2)
    is_border: bool = Field(default=False)
    population: int | None = Field(default=None)
    valid_from: date = Field(default=date(2025, 7, 1))
    valid_to: date | None = Field(default=None)
    old_names: str = _text(500)


class Hamlet(Synced, table=True):
    __tablename__ = "hamlet"
    __table_args__ = _by_unit("hamlet")

    name: str = Field(max_length=100)
    kind: str = _enum(enums.HamletKind)
    notes: str = _text(2000)


class Officer(Synced, table=True):
    __tablename__ = "officer"
    __table_args__ = _by_unit("officer")

    full_name: str = Field(max_length=100)
    position: str = _text(100)
    rank: str = _text(60)
    phone: str | None = Field(default=None, max_length=15)
    active: bool = Field(default=True)


# ---------------------------------------------------------------- managed people


class Person(Synced, table=True):
    """A managed drug user or addict."""

    __tablename__ = "person"
    LOCAL_FIELDS: ClassVar[frozenset[str]] = frozenset({"change_seq", "sort_key", "search_rowid"})

    full_name: str = Field(max_length=100)
    aliases: str = _text(200)
    birth_date: date | None = Field(default=None)
    birth_year: int | None = Field(default=None)
    sex: str = _enum(enums.Sex)
    citizen_id: str | None = Field(default=None, max_length=12, index=True)
    legacy_id: str | None = Field(default=None, max_length=9)
    ethnicity: str | None = _enum(enums.Ethnicity, required=False, unknown=True)  # None: not known
    hamlet_id: str | None = _ref("hamlet.id", index=True)  # the hamlet filter
    address: str = _text(200)
    phone: str | None = Field(default=None, max_length=15)
    stable_residence: bool = Field(default=True)
    occupation: str = _text(100)
    notes: str = _text(2000)
    # Derived here: the list order (given name first) and the row key of the search index.
    sort_key: str = Field(default="", max_length=220)
    search_rowid: int | None = Field(default=None, sa_column=Column(Integer, unique=True))

    __table_args__ = (
        # The list in order, per unit.
        Index("ix_person_list", "unit_code", "deleted", "sort_key", "id"),
        # From a search hit to its place in the list without reading the row (storage.search).
        Index("ix_person_hit", "search_rowid", "unit_code", "deleted", "sort_key", "id"),
    )


class ManagementEpisode(Synced, table=True):
    __tablename__ = "management_episode"
    # One index answers "this person's episodes" and "has an active episode of this kind";
    # separate status/type indexes would tempt the planner into scanning every active episode
    # for each person in the list.
    __table_args__ = (
        Index("ix_episode_person_status", "person_id", "status", "episode_type"),
        # Counts by kind and status for a unit (Today, reports), and who is under management
        # on a day (indicators, the province dashboard), straight from the index.
        Index(
            "ix_episode_unit_status",
            "unit_code",
            "deleted",
            "status",
            "actual_end",
            "episode_type",
            "person_id",
            "start_date",
            "decision_date",
        ),
    )

    person_id: str = _ref("person.id", required=True, index=False)
    episode_type: str = _enum(enums.EpisodeType)
    status: str = _enum(enums.EpisodeStatus, enums.EpisodeStatus.PROPOSED.value)
    decision_number: str = _text(50)
    decision_date: date | None = Field(default=None)
    trigger_date: date | None = Field(default=None)
    start_date: date | None = Field(default=None)
    term_months: int | None = Field(default=None)
    planned_end: date | None = Field(default=None)
    actual_end: date | None = Field(default=None)
    stop_reason: str | None = _enum(enums.StopReason, required=False)
    facility: str = _text(150)
    notes: str = _text(2000)


class EpisodeTeamMember(Synced, table=True):
    """A member of the management team assigned to one episode."""

    __tablename__ = "episode_team_member"

    episode_id: str = _ref("management_episode.id", required=True)
    role: str = _enum(enums.ManagementRole)
    full_name: str = Field(max_length=100)
    officer_id: str | None = _ref("officer.id")
    relation: str = _text(100)
    phone: str | None = Field(default=None, max_length=15)


class DrugTest(Synced, table=True):
    __tablename__ = "drug_test"

    person_id: str = _ref("person.id", required=True)
    episode_id: str | None = _ref("management_episode.id")
    test_date: date = Field(index=True)
    reason: str | None = _enum(enums.TestReason, required=False, unknown=True)  # None: not known
    sample: str | None = _enum(enums.SampleType, required=False, unknown=True)  # None: not known
    substances: str = _text(200)  # comma-separated Substance codes
    result: str = _enum(enums.TestResult)
    relapse: bool = Field(default=False)
    tested_by: str = _text(150)
    notes: str = _text(2000)


class AddictionAssessment(Synced, table=True):
    __tablename__ = "addiction_assessment"

    person_id: str = _ref("person.id", required=True)
    requested_on: date
    facility: str = _text(150)
    result_on: date | None = Field(default=None)
    result: str = _enum(enums.AssessmentResult, enums.AssessmentResult.PENDING.value)
    notes: str = _text(2000)


class Contact(Synced, table=True):
    """A residence check, counselling session, summons, absence or report on return."""

    __tablename__ = "contact"

    person_id: str = _ref("person.id", required=True)
    episode_id: str | None = _ref("management_episode.id")
    kind: str = _enum(enums.ContactKind)
    contact_date: date = Field(index=True)
    officer_id: str | None = _ref("officer.id")
    absence_from: date | None = Field(default=None)
    absence_to: date | None = Field(default=None)
    absence_reported: bool | None = Field(default=None)  # asked for absences only
    # Present or absent at a check; None = not recorded. An absence found at a check uses
    # absence_from/absence_to like a reported-absence contact (validation.check_contact).
    outcome: str | None = _enum(enums.ContactOutcome, required=False)
    notes: str = _text(2000)


class SupportRecord(Synced, table=True):
    __tablename__ = "support_record"

    person_id: str = _ref("person.id", required=True)
    kind: str = _enum(enums.SupportKind)
    support_date: date
    provider: str = _text(150)
    amount_vnd: int | None = Field(default=None)
    notes: str = _text(2000)


class Transfer(Synced, table=True):
    """A managed person moving between communes."""

    __tablename__ = "transfer"

    person_id: str = _ref("person.id", required=True)
    direction: str = _enum(enums.TransferDirection)
    from_unit_code: str = Field(max_length=5)
    to_unit_code: str = Field(max_length=5)
    move_date: date
    notified_on: date | None = Field(default=None)
    new_address: str = _text(200)
    notes: str = _text(2000)


# ---------------------------------------------------------------- teams


class Team(Synced, table=True):
    __tablename__ = "team"
    __table_args__ = _by_unit("team")

    hamlet_id: str = _ref("hamlet.id", required=True)
    kind: str = _enum(enums.TeamKind)
    name: str = Field(max_length=150)
    decision_number: str = _text(50)
    decision_date: date | None = Field(default=None)
    established_on: date | None = Field(default=None)
    dissolved_on: date | None = Field(default=None)
    notes: str = _text(2000)


class TeamMember(Synced, table=True):
    __tablename__ = "team_member"

    team_id: str = _ref("team.id", required=True)
    full_name: str = Field(max_length=100)
    role: str = _enum(enums.TeamRole)
    phone: str | None = Field(default=None, max_length=15)
    birth_year: int | None = Field(default=None)
    joined_on: date | None = Field(default=None)
    left_on: date | None = Field(default=None)
    notes: str = _text(500)


class TeamActivity(Synced, table=True):
    __tablename__ = "team_activity"

    team_id: str = _ref("team.id", required=True)
    activity_date: date = Field(index=True)
    kind: str = _enum(enums.ActivityKind)
    participants: int | None = Field(default=None)
    notes: str = _text(2000)


# ---------------------------------------------------------------- patrols, hotspots, tips


class Patrol(Synced, table=True):
    __tablename__ = "patrol"
    __table_args__ = _by_unit("patrol")

    patrol_date: date = Field(index=True)
    start_time: time | None = Field(default=None)
    end_time: time | None = Field(default=None)
    kind: str = _enum(enums.PatrolKind)
    leader_id: str | None = _ref("officer.id")
    routes: str = _text(500)
    people_checked: int = Field(default=0)
    notes: str = _text(2000)


class PatrolParticipant(Synced, table=True):
    __tablename__ = "patrol_participant"

    patrol_id: str = _ref("patrol.id", required=True)
    kind: str = _enum(enums.ParticipantKind)  # set by storage.patrols from the list picked in
    officer_id: str | None = _ref("officer.id")
    team_member_id: str | None = _ref("team_member.id")
    name: str = _text(100)


class PatrolHamlet(Synced, table=True):
    __tablename__ = "patrol_hamlet"

    patrol_id: str = _ref("patrol.id", required=True)
    hamlet_id: str = _ref("hamlet.id", required=True)


class PatrolFinding(Synced, table=True):
    __tablename__ = "patrol_finding"

    patrol_id: str = _ref("patrol.id", required=True)
    category: str = _enum(enums.FindingCategory)
    count: int = Field(default=1)
    description: str = _text(1000)
    # Square metres of narcotic plants destroyed (the key-area criterion counts plants or area);
    # None when not measured. Added in migration 0005: bundles of schema 0003 lack it.
    area_m2: int | None = Field(default=None)


class PatrolPerson(Synced, table=True):
    __tablename__ = "patrol_person"

    patrol_id: str = _ref("patrol.id", required=True)
    person_id: str = _ref("person.id", required=True)
    note: str = _text(300)


class Hotspot(Synced, table=True):
    __tablename__ = "hotspot"
    __table_args__ = _by_unit("hotspot")

    hamlet_id: str | None = _ref("hamlet.id")
    name: str = Field(max_length=150)
    location: str = _text(300)
    kind: str = _enum(enums.HotspotKind)
    status: str = _enum(enums.HotspotStatus, enums.HotspotStatus.ACTIVE.value, index=True)
    found_on: date
    eliminated_on: date | None = Field(default=None)
    notes: str = _text(2000)


class PatrolHotspot(Synced, table=True):
    __tablename__ = "patrol_hotspot"

    patrol_id: str = _ref("patrol.id", required=True)
    hotspot_id: str = _ref("hotspot.id", required=True)


class Tip(Synced, table=True):
    """Information from the public. Who gave it lives apart, in :class:`TipSource`."""

    __tablename__ = "tip"
    __table_args__ = _by_unit("tip")

    received_on: date = Field(index=True)
    channel: str = _enum(enums.TipChannel)
    content: str = Field(max_length=4000)
    status: str = _enum(enums.TipStatus, enums.TipStatus.RECEIVED.value)
    handling: str = _text(2000)
    received_by: str | None = _ref("officer.id")
    hotspot_id: str | None = _ref("hotspot.id")
    person_id: str | None = _ref("person.id")


class TipSource(Synced, table=True):
    """The identity of a tip's source: shown only on an explicit, audited reveal, and never
    exported in a sync bundle (``SYNCED = False``)."""

    __tablename__ = "tip_source"
    SYNCED: ClassVar[bool] = False

    tip_id: str = Field(foreign_key="tip.id", max_length=36, unique=True)
    source_name: str = _text(100)
    source_phone: str | None = Field(default=None, max_length=15)
    source_address: str = _text(200)
    notes: str = _text(1000)


# ---------------------------------------------------------------- local bookkeeping


class Meta(SQLModel, table=True):
    """Settings and identity of this database (device id, role, unit, clock)."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class AuditEntry(SQLModel, table=True):
    """Append-only, hash-chained record of who did what (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime
    officer_id: str | None = Field(default=None, max_length=36)
    action: str = _enum(enums.AuditAction)
    table_name: str = Field(default="", max_length=40)
    record_id: str = Field(default="", max_length=36, index=True)
    fields: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, sa_column=Column(String(64), nullable=False, unique=True))


class DueItem(SQLModel, table=True):
    """A follow-up that falls due: derived from the records, rebuilt per person after each
    change, never synced."""

    __tablename__ = "due_item"

    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(max_length=5)
    person_id: str = Field(max_length=36, index=True)
    episode_id: str | None = Field(default=None, max_length=36)
    source_id: str | None = Field(default=None, max_length=36)
    kind: str = _enum(enums.FollowUpKind)
    due_on: date

    __table_args__ = (Index("ix_due_item_due", "unit_code", "due_on"),)


SYNCED_TABLES: tuple[type[Synced], ...] = (
    Hamlet,
    Officer,
    Person,
    ManagementEpisode,
    EpisodeTeamMember,
    DrugTest,
    AddictionAssessment,
    Contact,
    SupportRecord,
    Transfer,
    Team,
    TeamMember,
    TeamActivity,
    Patrol,
    PatrolParticipant,
    PatrolHamlet,
    PatrolFinding,
    PatrolPerson,
    Hotspot,
    PatrolHotspot,
    Tip,
    TipSource,
)
"""Every table with the sync columns, parents before children (the order to create/apply)."""

# SQLModel types __tablename__ as a string or a declared_attr function; every table here has a string.
MODEL_BY_TABLE: dict[str, type[Synced]] = {cast(str, m.__tablename__): m for m in SYNCED_TABLES}


def enum_of(model: type[SQLModel], field: str) -> type[enums.Labeled] | None:
    """The enum that a column's codes come from, or ``None``."""
    column = model.__table__.columns.get(field)  # type: ignore[attr-defined]
    return column.info.get("enum") if column is not None else None


@dataclass(frozen=True)
class ColumnInfo:
    """What a form needs to know about a column, without touching SQLAlchemy itself."""

    kind: str  # text, date, time, int, bool, enum
    nullable: bool
    has_default: bool
    max_length: int
    enum: type[enums.Labeled] | None
    unknowable: bool = False  # an empty choice means "not known" (see _enum)


def describe_column(model: type[SQLModel], name: str) -> ColumnInfo:
    column = model.__table__.columns[name]  # type: ignore[attr-defined]
    enum = column.info.get("enum")
    kind = (
        "enum"
        if enum is not None
        else "bool"
        if isinstance(column.type, Boolean)
        else "date"
        if isinstance(column.type, Date)
        else "time"
        if isinstance(column.type, Time)
        else "int"
        if isinstance(column.type, Integer)
        else "text"
    )
    return ColumnInfo(
        kind=kind,
        nullable=bool(column.nullable),
        has_default=column.default is not None,
        max_length=getattr(column.type, "length", None) or 0,
        enum=enum,
        unknowable=bool(column.info.get("unknown")),
    )
