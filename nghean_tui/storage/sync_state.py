"""The device's own sync bookkeeping: local tables that never travel in bundles.

Who this device trusts (``peer``), the bundles it received (``inbound_bundle``) and wrote
(``outbound_bundle``), what a person must look at (``sync_alert``), the versions that lost a
merge (``sync_conflict``), stamps clamped at a station (``stamp_clamp``) and the relays it sent
(``relay_sent``); and, in ``meta``, how far each device's applied bundles of changes reach
(``bundle_covers``, which the reports read).

They live in storage, below both sync (which writes them) and the reports (which read them),
and are registered in the same ``SQLModel.metadata`` as the records: the migrations create
them (0003, 0006) and ``migrations/env.py`` imports this module.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Column, Connection, Index, Text, text
from sqlmodel import Field, SQLModel

from nghean_tui.domain.enums import Role


class Peer(SQLModel, table=True):
    """A device this one trusts: enrolled by importing its identity card after both sides read
    the same fingerprint. Never learnt from a bundle."""

    __tablename__ = "peer"

    device_id: str = Field(primary_key=True, max_length=64)
    unit_code: str = Field(max_length=5)
    role: str = Field(  # as domain.columns.enum_field makes an enumerated column
        max_length=32, index=False, sa_column_kwargs={"info": {"enum": Role, "unknown": False}}
    )
    sign_key: str = Field(max_length=64)  # Ed25519 public key, hex
    age_recipient: str = Field(max_length=100)
    fingerprint: str = Field(max_length=40)
    card: str = Field(sa_column=Column(Text, nullable=False))  # the signed card as imported
    added_at: datetime
    revoked_at: datetime | None = Field(default=None)
    # The last sequence number still accepted from a revoked device.
    revoked_after_seq: int | None = Field(default=None)


class InboundBundle(SQLModel, table=True):
    """A verified bundle from a peer: applied, or held until the missing ones arrive."""

    __tablename__ = "inbound_bundle"

    id: int | None = Field(default=None, primary_key=True)
    sender_device: str = Field(max_length=64)
    sender_unit: str = Field(max_length=5)
    kind: str = Field(max_length=16)
    seq: int
    digest: str = Field(max_length=64)
    bundle_id: str = Field(max_length=64)
    status: str = Field(max_length=16)  # applied | pending
    received_at: datetime
    records: int = Field(default=0)
    inner: bytes | None = Field(default=None)  # pending only: the verified content

    __table_args__ = (Index("ix_inbound_stream", "sender_device", "kind", "seq", unique=True),)


class OutboundBundle(SQLModel, table=True):
    """A bundle this device wrote, kept byte for byte until its recipient receipts it."""

    __tablename__ = "outbound_bundle"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    stream: str = Field(max_length=64)  # "changes", or the device a reply goes to
    seq: int
    digest: str = Field(max_length=64)
    bundle_id: str = Field(max_length=64)
    file_name: str = Field(max_length=120)
    created_at: datetime
    records: int = Field(default=0)
    data: bytes
    receipted_at: datetime | None = Field(default=None)

    __table_args__ = (Index("ix_outbound_stream", "kind", "stream", "seq", unique=True),)


class SyncAlert(SQLModel, table=True):
    """Something a person must look at: a device whose history forks (cloned laptop,
    restored backup, ``conflicting_history``), or whose clock runs ahead of the station's
    (``clock_skew``: its stamps were clamped, see :class:`StampClamp`)."""

    __tablename__ = "sync_alert"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    device_id: str = Field(max_length=64)
    unit_code: str = Field(max_length=5)
    kind: str = Field(max_length=32)
    seq: int
    detail: str = Field(default="", max_length=500)


class Conflict(SQLModel, table=True):
    """A version of a record that lost the merge to a newer one from another device."""

    __tablename__ = "sync_conflict"

    id: int | None = Field(default=None, primary_key=True)
    detected_at: datetime
    table_name: str = Field(max_length=40)
    record_id: str = Field(max_length=36, index=True)
    unit_code: str = Field(max_length=5)
    winner_version: str = Field(max_length=96)
    loser_version: str = Field(max_length=96)
    loser_fields: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    resolved: bool = Field(default=False)

    __table_args__ = (Index("ix_sync_conflict_loser", "record_id", "loser_version", unique=True),)


class StampClamp(SQLModel, table=True):
    """A version stamp from a commune that was further ahead of the station's clock than the
    margin allows, and the stamp it was stored under instead (station side, local).

    The clamped stamp keeps the device, so the same edit arriving again maps to the same
    clamped stamp, and a later edit of the record by that device sorts after it."""

    __tablename__ = "stamp_clamp"

    table_name: str = Field(primary_key=True, max_length=40)
    record_id: str = Field(primary_key=True, max_length=36)
    original: str = Field(primary_key=True, max_length=96)
    clamped: str = Field(max_length=96)
    device_id: str = Field(max_length=64)
    at: datetime


class RelaySent(SQLModel, table=True):
    """A transferred person's records sent on to the commune they moved to (station side)."""

    __tablename__ = "relay_sent"

    transfer_id: str = Field(primary_key=True, max_length=36)
    device_id: str = Field(primary_key=True, max_length=64)
    version: str = Field(max_length=96)
    sent_at: datetime


# ---------------------------------------------------------------- what applied bundles cover

COVERS_KEY = "bundle_covers"  # meta key: device → the moment its newest applied bundle was made


def moment(value) -> datetime | None:
    """``value`` (a datetime or ISO 8601 text) as an aware datetime, ``None`` when it does not
    read as one (naive times are UTC)."""
    try:
        found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=timezone.utc)


def bundle_covers(conn: Connection) -> dict[str, str]:
    """Device → the moment (ISO 8601) its newest bundle of changes applied here was made."""
    raw = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": COVERS_KEY}).scalar()
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def record_applied(conn: Connection, device: str, made_at, received: datetime) -> None:
    """Remember what a bundle of changes from ``device``, just applied in sequence, covers:
    the moment it was made (``made_at`` from its manifest), no later than ``received``."""
    covers = bundle_covers(conn)
    made = moment(made_at)
    if made is None:
        covers.pop(device, None)
    else:
        covers[device] = min(made, received).isoformat()
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
        {"k": COVERS_KEY, "v": json.dumps(covers, sort_keys=True)},
    )
