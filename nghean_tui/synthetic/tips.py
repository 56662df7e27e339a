"""Tips from the public and, apart, who gave them.

Recent tips are still being received or verified; older ones have been acted on or found
baseless. Most tips have a source row (the most sensitive data in the system, stored apart and
never synced); anonymous ones (hotline, letters) sometimes have none.
"""

from __future__ import annotations

from datetime import date

from nghean_tui.synthetic import names, texts
from nghean_tui.synthetic.rand import Weighted, phone, pick, uid
from nghean_tui.synthetic.world import Row, World

CHANNELS = Weighted(
    [
        ("in_person", 40),
        ("phone", 25),
        ("hotline", 10),
        ("message", 15),
        ("letter", 5),
        ("other", 5),
    ]
)
STATUS_NEW = Weighted([("received", 70), ("verifying", 30)])
STATUS_MONTH = Weighted([("verifying", 50), ("acted_on", 30), ("not_confirmed", 20)])
STATUS_OLD = Weighted([("acted_on", 60), ("not_confirmed", 35), ("verifying", 5)])


def make_tips(w: World, count: int, hotspots: list[Row]) -> tuple[list[Row], list[Row]]:
    rng, T, fo, unit = w.rng, w.T, date.fromordinal, w.unit
    tips: list[Row] = []
    sources: list[Row] = []
    if not w.hamlets:
        return tips, sources
    contents = texts.TIP_CONTENTS_BORDER if w.border else texts.TIP_CONTENTS
    received_days = sorted(
        T - int(rng.random() ** 2 * 730) for _ in range(count)
    )  # more recent than old
    for i, day in enumerate(received_days):
        age = T - day
        if i == count - 1:
            status = "received"  # the newest tip is always still waiting, so the demo shows one
        elif age <= 7:
            status = STATUS_NEW.pick(rng)
        else:
            status = STATUS_MONTH.pick(rng) if age <= 30 else STATUS_OLD.pick(rng)
        hamlet = pick(rng, w.hamlets)
        channel = CHANNELS.pick(rng)
        spots = [s for s in hotspots if s["found_on"].toordinal() <= day + 60]
        tid = uid(rng)
        tips.append(
            {
                "id": tid,
                "unit_code": unit,
                "deleted": False,
                "received_on": fo(day),
                "channel": channel,
                "content": pick(rng, contents).format(place=hamlet.name),
                "status": status,
                "handling": pick(rng, texts.TIP_HANDLING[status]),
                "received_by": pick(rng, w.officers)["id"] if w.officers else None,
                "hotspot_id": pick(rng, spots)["id"] if spots and rng.random() < 0.25 else None,
                "person_id": pick(rng, w.notable)[0] if w.notable and rng.random() < 0.2 else None,
            }
        )
        if rng.random() < (0.6 if channel in ("hotline", "letter") else 0.9):
            sources.append(
                {
                    "id": uid(rng),
                    "unit_code": unit,
                    "deleted": False,
                    "tip_id": tid,
                    "source_name": names.POOLS[hamlet.ethnicity].name(rng, rng.random() < 0.35)[0],
                    "source_phone": phone(rng) if rng.random() < 0.7 else None,
                    "source_address": hamlet.address,
                    "notes": pick(rng, texts.SOURCE_NOTES),
                }
            )
    return tips, sources
