"""The columns every table is made of: keys, times, enumerated codes, references, the sync
columns (:class:`Synced`), and what a form may learn of a column (:func:`describe_column`).

:mod:`nghean_tui.domain.models` builds its tables from these and re-exports the public names.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from time import time_ns
from typing import ClassVar

from sqlalchemy import Boolean, Date, Index, Integer, Table, Time
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


def enum_field(
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


def text_field(max_length: int, default: str = ""):
    return Field(default=default, max_length=max_length)


def unit_index(table: str) -> tuple:
    return (Index(f"ix_{table}_unit_code", "unit_code"),)


def ref_field(target: str, *, required: bool = False, index: bool | None = None):
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
    # Indexed only on tables reached by unit (see ``unit_index``); their children are reached
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


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a table model. SQLModel sets ``__table__`` on ``table=True``
    classes when they are made; its type stubs do not declare it (the one ignore for it)."""
    return model.__table__  # type: ignore[attr-defined]


def enum_of(model: type[SQLModel], field: str) -> type[enums.Labeled] | None:
    """The enum that a column's codes come from, or ``None``."""
    column = table_of(model).columns.get(field)
    return column.info.get("enum") if column is not None else None


@dataclass(frozen=True)
class ColumnInfo:
    """What a form needs to know about a column, without touching SQLAlchemy itself."""

    kind: str  # text, date, time, int, bool, enum
    nullable: bool
    has_default: bool
    max_length: int
    enum: type[enums.Labeled] | None
    unknowable: bool = False  # an empty choice means "not known" (see enum_field)


def describe_column(model: type[SQLModel], name: str) -> ColumnInfo:
    column = table_of(model).columns[name]
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
