"""The records the application keeps, as SQLModel tables.

Every table that travels in sync bundles derives from :class:`Synced`: a UUID key, the owning
unit, created/updated times, the officer who wrote the row, a hybrid-logical-clock version stamp,
the device it came from and a deletion tombstone (rows are never deleted). ``change_seq`` and the
columns listed in ``LOCAL_FIELDS`` are derived here and never leave the device.

Enumerated columns hold the enum's code; the enum class is recorded in the column's ``info`` so
validation and forms find it (see :func:`enum_of`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import ClassVar, cast

from sqlalchemy import Column, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from nghean_tui.domain import enums

# Re-exported: the rest of the package reads models.utcnow, models.enum_of and the like.
from nghean_tui.domain.columns import (  # noqa: F401
    ColumnInfo,
    Synced,
    describe_column,
    enum_field,
    enum_of,
    new_id,
    ref_field,
    table_of,
    text_field,
    unit_index,
    utcnow,
)

# ---------------------------------------------------------------- places and people on duty


class Unit(SQLModel, table=True):
    """A commune or ward (reference data shipped with the application, updated by relays)."""

    __tablename__ = "unit"

    code: str = Field(primary_key=True, max_length=5)
    name: str = Field(max_length=100)
    kind: str = enum_field(enums.UnitKind, enums.UnitKind.COMMUNE.value)
    province_code: str = Field(default="40", max_length=2)
    is_border: bool = Field(default=False)
    population: int | None = Field(default=None)
    valid_from: date = Field(default=date(2025, 7, 1))
    valid_to: date | None = Field(default=None)
    old_names: str = text_field(500)


class Hamlet(Synced, table=True):
    __tablename__ = "hamlet"
    __table_args__ = unit_index("hamlet")

    name: str = Field(max_length=100)
    kind: str = enum_field(enums.HamletKind)
    notes: str = text_field(2000)


class Officer(Synced, table=True):
    __tablename__ = "officer"
    __table_args__ = unit_index("officer")

    full_name: str = Field(max_length=100)
    position: str = text_field(100)
    rank: str = text_field(60)
    phone: str | None = Field(default=None, max_length=15)
    active: bool = Field(default=True)


# ---------------------------------------------------------------- managed people


class Person(Synced, table=True):
    """A managed drug user or addict."""

    __tablename__ = "person"
    LOCAL_FIELDS: ClassVar[frozenset[str]] = frozenset({"change_seq", "sort_key", "search_rowid"})

    full_name: str = Field(max_length=100)
    aliases: str = text_field(200)
    birth_date: date | None = Field(default=None)
    birth_year: int | None = Field(default=None)
    sex: str = enum_field(enums.Sex)
    citizen_id: str | None = Field(default=None, max_length=12, index=True)
    legacy_id: str | None = Field(default=None, max_length=9)
    ethnicity: str | None = enum_field(
        enums.Ethnicity, required=False, unknown=True
    )  # None: not known
    hamlet_id: str | None = ref_field("hamlet.id", index=True)  # the hamlet filter
    address: str = text_field(200)
    phone: str | None = Field(default=None, max_length=15)
    stable_residence: bool = Field(default=True)
    occupation: str = text_field(100)
    notes: str = text_field(2000)
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

    person_id: str = ref_field("person.id", required=True, index=False)
    episode_type: str = enum_field(enums.EpisodeType)
    status: str = enum_field(enums.EpisodeStatus, enums.EpisodeStatus.PROPOSED.value)
    decision_number: str = text_field(50)
    decision_date: date | None = Field(default=None)
    trigger_date: date | None = Field(default=None)
    start_date: date | None = Field(default=None)
    term_months: int | None = Field(default=None)
    planned_end: date | None = Field(default=None)
    actual_end: date | None = Field(default=None)
    stop_reason: str | None = enum_field(enums.StopReason, required=False)
    facility: str = text_field(150)
    notes: str = text_field(2000)


class EpisodeTeamMember(Synced, table=True):
    """A member of the management team assigned to one episode."""

    __tablename__ = "episode_team_member"

    episode_id: str = ref_field("management_episode.id", required=True)
    role: str = enum_field(enums.ManagementRole)
    full_name: str = Field(max_length=100)
    officer_id: str | None = ref_field("officer.id")
    relation: str = text_field(100)
    phone: str | None = Field(default=None, max_length=15)


class DrugTest(Synced, table=True):
    __tablename__ = "drug_test"

    person_id: str = ref_field("person.id", required=True)
    episode_id: str | None = ref_field("management_episode.id")
    test_date: date = Field(index=True)
    reason: str | None = enum_field(
        enums.TestReason, required=False, unknown=True
    )  # None: not known
    sample: str | None = enum_field(
        enums.SampleType, required=False, unknown=True
    )  # None: not known
    substances: str = text_field(200)  # comma-separated Substance codes
    result: str = enum_field(enums.TestResult)
    relapse: bool = Field(default=False)
    tested_by: str = text_field(150)
    notes: str = text_field(2000)


class AddictionAssessment(Synced, table=True):
    __tablename__ = "addiction_assessment"

    person_id: str = ref_field("person.id", required=True)
    requested_on: date
    facility: str = text_field(150)
    result_on: date | None = Field(default=None)
    result: str = enum_field(enums.AssessmentResult, enums.AssessmentResult.PENDING.value)
    notes: str = text_field(2000)


class Contact(Synced, table=True):
    """A residence check, counselling session, summons, absence or report on return."""

    __tablename__ = "contact"

    person_id: str = ref_field("person.id", required=True)
    episode_id: str | None = ref_field("management_episode.id")
    kind: str = enum_field(enums.ContactKind)
    contact_date: date = Field(index=True)
    officer_id: str | None = ref_field("officer.id")
    absence_from: date | None = Field(default=None)
    absence_to: date | None = Field(default=None)
    absence_reported: bool | None = Field(default=None)  # asked for absences only
    # Present or absent at a check; None = not recorded. An absence found at a check uses
    # absence_from/absence_to like a reported-absence contact (validation.check_contact).
    outcome: str | None = enum_field(enums.ContactOutcome, required=False)
    notes: str = text_field(2000)


class SupportRecord(Synced, table=True):
    __tablename__ = "support_record"

    person_id: str = ref_field("person.id", required=True)
    kind: str = enum_field(enums.SupportKind)
    support_date: date
    provider: str = text_field(150)
    amount_vnd: int | None = Field(default=None)
    notes: str = text_field(2000)


class Transfer(Synced, table=True):
    """A managed person moving between communes."""

    __tablename__ = "transfer"

    person_id: str = ref_field("person.id", required=True)
    direction: str = enum_field(enums.TransferDirection)
    from_unit_code: str = Field(max_length=5)
    to_unit_code: str = Field(max_length=5)
    move_date: date
    notified_on: date | None = Field(default=None)
    new_address: str = text_field(200)
    notes: str = text_field(2000)


# ---------------------------------------------------------------- teams


class Team(Synced, table=True):
    __tablename__ = "team"
    __table_args__ = unit_index("team")

    hamlet_id: str = ref_field("hamlet.id", required=True)
    kind: str = enum_field(enums.TeamKind)
    name: str = Field(max_length=150)
    decision_number: str = text_field(50)
    decision_date: date | None = Field(default=None)
    established_on: date | None = Field(default=None)
    dissolved_on: date | None = Field(default=None)
    notes: str = text_field(2000)


class TeamMember(Synced, table=True):
    __tablename__ = "team_member"

    team_id: str = ref_field("team.id", required=True)
    full_name: str = Field(max_length=100)
    role: str = enum_field(enums.TeamRole)
    phone: str | None = Field(default=None, max_length=15)
    birth_year: int | None = Field(default=None)
    joined_on: date | None = Field(default=None)
    left_on: date | None = Field(default=None)
    notes: str = text_field(500)


class TeamActivity(Synced, table=True):
    __tablename__ = "team_activity"

    team_id: str = ref_field("team.id", required=True)
    activity_date: date = Field(index=True)
    kind: str = enum_field(enums.ActivityKind)
    participants: int | None = Field(default=None)
    notes: str = text_field(2000)


# ---------------------------------------------------------------- patrols, hotspots, tips


class Patrol(Synced, table=True):
    __tablename__ = "patrol"
    __table_args__ = unit_index("patrol")

    patrol_date: date = Field(index=True)
    start_time: time | None = Field(default=None)
    end_time: time | None = Field(default=None)
    kind: str = enum_field(enums.PatrolKind)
    leader_id: str | None = ref_field("officer.id")
    routes: str = text_field(500)
    people_checked: int = Field(default=0)
    notes: str = text_field(2000)


class PatrolParticipant(Synced, table=True):
    __tablename__ = "patrol_participant"

    patrol_id: str = ref_field("patrol.id", required=True)
    kind: str = enum_field(enums.ParticipantKind)  # set by storage.patrols from the list picked in
    officer_id: str | None = ref_field("officer.id")
    team_member_id: str | None = ref_field("team_member.id")
    name: str = text_field(100)


class PatrolHamlet(Synced, table=True):
    __tablename__ = "patrol_hamlet"

    patrol_id: str = ref_field("patrol.id", required=True)
    hamlet_id: str = ref_field("hamlet.id", required=True)


class PatrolFinding(Synced, table=True):
    __tablename__ = "patrol_finding"

    patrol_id: str = ref_field("patrol.id", required=True)
    category: str = enum_field(enums.FindingCategory)
    count: int = Field(default=1)
    description: str = text_field(1000)
    # Square metres of narcotic plants destroyed (the key-area criterion counts plants or area);
    # None when not measured. Added in migration 0005: bundles of schema 0003 lack it.
    area_m2: int | None = Field(default=None)


class PatrolPerson(Synced, table=True):
    __tablename__ = "patrol_person"

    patrol_id: str = ref_field("patrol.id", required=True)
    person_id: str = ref_field("person.id", required=True)
    note: str = text_field(300)


class Hotspot(Synced, table=True):
    __tablename__ = "hotspot"
    __table_args__ = unit_index("hotspot")

    hamlet_id: str | None = ref_field("hamlet.id")
    name: str = Field(max_length=150)
    location: str = text_field(300)
    kind: str = enum_field(enums.HotspotKind)
    status: str = enum_field(enums.HotspotStatus, enums.HotspotStatus.ACTIVE.value, index=True)
    found_on: date
    eliminated_on: date | None = Field(default=None)
    notes: str = text_field(2000)


class PatrolHotspot(Synced, table=True):
    __tablename__ = "patrol_hotspot"

    patrol_id: str = ref_field("patrol.id", required=True)
    hotspot_id: str = ref_field("hotspot.id", required=True)


class Tip(Synced, table=True):
    """Information from the public. Who gave it lives apart, in :class:`TipSource`."""

    __tablename__ = "tip"
    __table_args__ = unit_index("tip")

    received_on: date = Field(index=True)
    channel: str = enum_field(enums.TipChannel)
    content: str = Field(max_length=4000)
    status: str = enum_field(enums.TipStatus, enums.TipStatus.RECEIVED.value)
    handling: str = text_field(2000)
    received_by: str | None = ref_field("officer.id")
    hotspot_id: str | None = ref_field("hotspot.id")
    person_id: str | None = ref_field("person.id")


class TipSource(Synced, table=True):
    """The identity of a tip's source: shown only on an explicit, audited reveal, and never
    exported in a sync bundle (``SYNCED = False``)."""

    __tablename__ = "tip_source"
    SYNCED: ClassVar[bool] = False

    tip_id: str = Field(foreign_key="tip.id", max_length=36, unique=True)
    source_name: str = text_field(100)
    source_phone: str | None = Field(default=None, max_length=15)
    source_address: str = text_field(200)
    notes: str = text_field(1000)


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
    action: str = enum_field(enums.AuditAction)
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
    kind: str = enum_field(enums.FollowUpKind)
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
