"""Where sync stands: per peer device (station side) and for this commune's outbox."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import text

from nghean_tui.storage.database import Database


def _when(value) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass
class DeviceStatus:
    device_id: str
    unit_code: str
    role: str
    fingerprint: str
    revoked: bool
    last_seq: int = 0
    last_import: datetime | None = None
    pending: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    alerts: int = 0

    def days_since(self, today: date) -> int | None:
        return None if self.last_import is None else (today - self.last_import.date()).days

    def as_dict(self, today: date) -> dict:
        data = asdict(self)
        data["last_import"] = self.last_import.isoformat() if self.last_import else None
        data["days_since_last_bundle"] = self.days_since(today)
        return data


def devices(db: Database) -> list[DeviceStatus]:
    """Every trusted device with what was received from it."""
    with db.engine.connect() as conn:
        peers = conn.execute(
            text(
                "SELECT device_id, unit_code, role, fingerprint, revoked_at FROM peer "
                "ORDER BY unit_code, device_id"
            )
        ).all()
        rows = conn.execute(
            text(
                "SELECT sender_device, seq, status, received_at FROM inbound_bundle "
                "ORDER BY sender_device, seq"
            )
        ).all()
        alerts: dict[str, int] = dict(
            conn.execute(
                text("SELECT device_id, count(*) FROM sync_alert GROUP BY device_id")
            ).all()
        )
    result = {
        d: DeviceStatus(d, u, r, f, revoked is not None, alerts=alerts.get(d, 0))
        for d, u, r, f, revoked in peers
    }
    for device, seq, status, received in rows:
        entry = result.get(device)
        if entry is None:
            continue
        received = _when(received)
        if received is not None and (entry.last_import is None or received > entry.last_import):
            entry.last_import = received
        if status == "applied":
            entry.last_seq = max(entry.last_seq, seq)
        else:
            entry.pending.append(seq)
    for entry in result.values():
        if entry.pending:
            known = set(entry.pending)
            entry.missing = [n for n in range(entry.last_seq + 1, max(known)) if n not in known]
    return list(result.values())


@dataclass
class CommuneStatus:
    """A commune's side: what waits to be sent, what was sent and not yet receipted."""

    stations: int
    changes_waiting: int
    last_export: datetime | None
    unreceipted: list[tuple[int, str]]  # (seq, file name)
    receipt_highest: int | None
    receipt_missing: list[int]
    receipt_at: datetime | None

    def as_dict(self) -> dict:
        data = asdict(self)
        for key in ("last_export", "receipt_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def commune(db: Database) -> CommuneStatus:
    from nghean_tui.storage.summary import sync_state

    state = sync_state(db)
    with db.engine.connect() as conn:
        stations = conn.execute(
            text("SELECT count(*) FROM peer WHERE role = 'supervisor' AND revoked_at IS NULL")
        ).scalar_one()
        unreceipted = conn.execute(
            text(
                "SELECT seq, file_name FROM outbound_bundle WHERE kind = 'changes' "
                "AND receipted_at IS NULL ORDER BY seq"
            )
        ).all()
        raw = conn.execute(text("SELECT value FROM meta WHERE key = 'receipt'")).scalar()
    receipt = json.loads(raw) if raw else {}
    return CommuneStatus(
        stations,
        state.pending_changes,
        _when(state.last_export),
        [(s, n) for s, n in unreceipted],
        receipt.get("highest"),
        receipt.get("missing", []),
        _when(receipt.get("at")),
    )
