"""What a station knows of each commune's records: whether a bundle ever came from it, when
the last one arrived, and up to which day the records it holds reach (docs/indicators.md).

A commune's bundle carries every change made there before it was made, so the records a
station holds of a commune reach the moment its newest applied bundle was made (the signed
manifest's ``created_at``, on the commune's clock). That clock is outside data: the moment
is kept no later than the bundle's arrival here, and a moment that does not read as one is
not kept at all (the reach is then unknown). Bundles held for a missing one do not count:
their records are not in yet. A commune with several devices reaches only as far as the one
furthest behind (each sends its own changes); revoked devices count only when no other has
sent anything.

A commune's own database always reaches now: ``station_coverage`` is for stations. What each
device's applied bundles cover is recorded by sync, in ``storage.sync_state``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Connection, text

from nghean_tui.storage import sync_state

VIETNAM = timezone(timedelta(hours=7))  # the days records are kept in (no summer time)
PRESENCE = ("hamlet", "person", "patrol", "team", "hotspot", "tip")
"""Tables whose rows say a unit is present in this database (people, places, teams, patrols)."""


@dataclass(frozen=True)
class Coverage:
    heard: bool  # an applied bundle of changes came from one of the unit's devices
    last_received: datetime | None  # the newest bundle's arrival here (applied or held)
    reach: date | None  # the day the records held here reach (None: not known)

    def reaches(self, day: date) -> bool:
        """Whether the records held here reach ``day``: a bundle made on it or later."""
        return self.heard and self.reach is not None and self.reach >= day


NOT_HEARD = Coverage(False, None, None)


def is_station(conn: Connection) -> bool:
    return conn.execute(text("SELECT value FROM meta WHERE key = 'role'")).scalar() == "supervisor"


def station_coverage(conn: Connection) -> dict[str, Coverage]:
    """Unit → what this station holds of it, for every unit a bundle came from."""
    covers = sync_state.bundle_covers(conn)
    devices: dict[str, list[tuple[bool, bool, datetime | None, datetime | None]]] = {}
    for unit, device, revoked, applied, received in conn.execute(
        text(
            "SELECT b.sender_unit, b.sender_device, p.revoked_at IS NOT NULL, "
            "max(b.status = 'applied'), max(b.received_at) FROM inbound_bundle b "
            "LEFT JOIN peer p ON p.device_id = b.sender_device WHERE b.kind = 'changes' "
            "GROUP BY b.sender_unit, b.sender_device"
        )
    ):
        made = sync_state.moment(covers[device]) if applied and device in covers else None
        devices.setdefault(unit, []).append(
            (bool(revoked), bool(applied), sync_state.moment(received), made)
        )
    result = {}
    for unit, found in devices.items():
        sent = [d for d in found if d[1]]
        live = [d for d in sent if not d[0]] or sent
        reach = None
        made_at = [d[3] for d in live if d[3] is not None]
        if live and len(made_at) == len(live):
            reach = min(made_at).astimezone(VIETNAM).date()
        received = [d[2] for d in found if d[2] is not None]
        result[unit] = Coverage(bool(sent), max(received, default=None), reach)
    return result


def present_units(conn: Connection) -> set[str]:
    """Every unit with records here (a station: the communes it imported; a commune: itself)."""
    union = " UNION ".join(
        f"SELECT DISTINCT unit_code FROM {table} WHERE deleted = 0" for table in PRESENCE
    )
    return {row[0] for row in conn.execute(text(union))}
