"""Which of the province's units a station has enrolled, and what it last received from
each: the supervisor's roll of the 130 communes and wards (with their population, which the
rates are computed from)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from nghean_tui.storage import reference
from nghean_tui.storage.database import Database
from nghean_tui.sync import status


@dataclass(frozen=True)
class UnitEnrolment:
    code: str
    name: str
    enrolled: bool  # a device of the unit is trusted and not revoked
    last_bundle: datetime | None  # the last bundle received from any of its devices
    population: int | None  # None: not loaded yet (never shown as 0)


def unit_roll(db: Database) -> list[UnitEnrolment]:
    """Every commune and ward of the province (not the station itself), by code."""
    enrolled: set[str] = set()
    last: dict[str, datetime] = {}
    for device in status.devices(db):
        if device.role != "commune":
            continue
        if not device.revoked:
            enrolled.add(device.unit_code)
        when = device.last_import
        if when is not None and (device.unit_code not in last or when > last[device.unit_code]):
            last[device.unit_code] = when
    with db.engine.connect() as conn:
        population: dict[str, int | None] = dict(
            conn.execute(text("SELECT code, population FROM unit")).all()
        )
    return [
        UnitEnrolment(
            ref.code, ref.name, ref.code in enrolled, last.get(ref.code), population.get(ref.code)
        )
        for ref in sorted(reference.units().values(), key=lambda r: r.code)
        if ref.code != reference.PROVINCE_CODE
    ]


@dataclass(frozen=True)
class StationLink:
    """A commune's connection to the provincial station: its own card's fingerprint (to read
    aloud) and the stations it trusts."""

    own_fingerprint: str
    stations: list[tuple[str, datetime | None]]  # (station unit name, enrolled at)


def station_link(db: Database) -> StationLink:
    from nghean_tui.sync import identity

    stations: list[tuple[str, datetime | None]] = [
        (_unit_name(p.unit_code), p.added_at)
        for p in identity.peers(db)
        if p.role == "supervisor" and p.revoked_at is None
    ]
    return StationLink(identity.own_keys(db).fingerprint, stations)


def _unit_name(code: str) -> str:
    unit = reference.unit(code)
    return unit.name if unit else code
