"""Hotspots and a year of patrols with their participants, hamlets, findings and links.

Patrol times: most patrols are in the evening or at night and may run past midnight. ``end_time``
is then earlier than ``start_time`` and means the next day (``patrol_date`` is the day the patrol
started); readers compute a duration as ``(end - start) mod 24 h``.
"""

from __future__ import annotations

from datetime import date, time

from nghean_tui.synthetic import places, texts
from nghean_tui.synthetic.rand import Weighted, between, nfc_all, pick, uid
from nghean_tui.synthetic.world import Row, World

HOTSPOT_KINDS_BORDER = Weighted(
    [("border_route", 25), ("cultivation", 20), ("gathering", 25), ("retail", 20), ("other", 10)]
)
HOTSPOT_KINDS_LOWLAND = Weighted([("retail", 35), ("gathering", 40), ("other", 25)])
HOTSPOT_STATUS = Weighted([("active", 35), ("monitoring", 30), ("eliminated", 35)])
PATROL_KINDS_BORDER = Weighted(
    [("commune_police", 35), ("peoples", 20), ("joint_border_guard", 35), ("joint_militia", 10)]
)
PATROL_KINDS_LOWLAND = Weighted([("commune_police", 50), ("peoples", 35), ("joint_militia", 15)])
FINDINGS_BORDER = Weighted(
    [
        ("drug_use", 20),
        ("drug_trafficking", 10),
        ("gathering", 25),
        ("narcotic_plants", 10),
        ("border_crossing", 20),
        ("weapons", 5),
        ("gambling", 3),
        ("other", 7),
    ]
)
FINDINGS_LOWLAND = Weighted(
    [
        ("drug_use", 25),
        ("drug_trafficking", 8),
        ("gathering", 35),
        ("gambling", 15),
        ("weapons", 2),
        ("other", 15),
    ]
)
# Start times in minutes after midnight: evenings and nights dominate.
NIGHT_STARTS = [19 * 60, 19 * 60 + 30, 20 * 60, 20 * 60 + 30, 21 * 60, 22 * 60, 23 * 60]
DAY_STARTS = [7 * 60 + 30, 8 * 60, 14 * 60, 15 * 60]
OTHER_FORCES = {
    "joint_border_guard": nfc_all(
        ["Cán bộ, chiến sĩ Đồn Biên phòng", "Tổ công tác Đồn Biên phòng"]
    ),
    "joint_militia": nfc_all(["Dân quân thường trực xã", "Tổ dân quân bản"]),
}
PERSON_NOTES = nfc_all(
    [
        "Kiểm tra hành chính",
        "Có mặt tại nhà",
        "Gặp tại lán nương, nhắc nhở",
        "Không có mặt tại nơi cư trú",
    ]
)
_NEAR_MARKER = nfc_all(["khu vực mốc"])[0]
LOWLAND_SPOTS = nfc_all(["chợ", "bãi sông", "quán karaoke", "nhà văn hóa", "bến đò"])


def _place(w: World, hamlet) -> str:
    if w.border:
        return f"{pick(w.rng, places.FIRST_SYLLABLES)} {pick(w.rng, places.SECOND_SYLLABLES)}"
    return f"{pick(w.rng, LOWLAND_SPOTS)} {hamlet.name}"


def make_hotspots(w: World, count: int) -> list[Row]:
    rng, T, fo = w.rng, w.T, date.fromordinal
    kinds = HOTSPOT_KINDS_BORDER if w.border else HOTSPOT_KINDS_LOWLAND
    names = texts.HOTSPOT_NAMES if w.border else texts.HOTSPOT_NAMES_LOWLAND
    locations = texts.HOTSPOT_LOCATIONS if w.border else texts.HOTSPOT_LOCATIONS_LOWLAND
    statuses = ("active", "monitoring", "eliminated")
    rows: list[Row] = []
    for i in range(count):
        hamlet = pick(rng, w.hamlets) if w.hamlets and rng.random() < 0.9 else None
        kind = kinds.pick(rng)
        status = statuses[i] if i < 3 else HOTSPOT_STATUS.pick(rng)  # every status shows
        found = T - between(rng, 30, 1100)
        place = (
            hamlet.word
            if hamlet is not None and rng.random() < 0.5
            else _place(w, hamlet or pick(rng, w.hamlets))
        )
        rows.append(
            {
                "id": uid(rng),
                "unit_code": w.unit,
                "deleted": False,
                "hamlet_id": hamlet.id if hamlet is not None else None,
                "name": pick(rng, names[kind]).format(place=place)[:150],
                "location": pick(rng, locations).format(n=between(rng, 1, 5)),
                "kind": kind,
                "status": status,
                "found_on": fo(found),
                "eliminated_on": fo(found + between(rng, 20, T - found))
                if status == "eliminated"
                else None,
                "notes": texts.ELIMINATED_NOTE
                if status == "eliminated"
                else pick(rng, texts.HOTSPOT_NOTES),
            }
        )
    return rows


def _routes(w: World, covered) -> str:
    rng = w.rng
    if w.border:
        a = covered[0].word
        b = (
            covered[1].word
            if len(covered) > 1
            else f"{pick(rng, places.FIRST_SYLLABLES)} {pick(rng, places.SECOND_SYLLABLES)}"
        )
        text = f"{places.TRAIL_WORDS[0]} {a} – {b}, {places.TRAIL_WORDS[1].lower()} {_NEAR_MARKER} {between(rng, 200, 560)}"
        if rng.random() < 0.4:
            text += f", {pick(rng, places.TRAIL_WORDS[2:]).lower()} {pick(rng, places.FIRST_SYLLABLES)} {pick(rng, places.SECOND_SYLLABLES)}"
        return text
    text = ", ".join(h.name for h in covered)
    return f"{text}; {pick(rng, places.LOWLAND_ROUTES).lower()}"


def make_patrols(
    w: World, count: int, hotspots: list[Row], members: dict[str, list[tuple[str, str, str]]]
) -> tuple[dict[str, list[Row]], list[tuple[str, int, int]]]:
    """Patrol rows by table, and (team id, date, participants) of the teams that joined them."""
    rng, T, fo, unit = w.rng, w.T, date.fromordinal, w.unit
    out: dict[str, list[Row]] = {
        k: []
        for k in (
            "patrol",
            "patrol_participant",
            "patrol_hamlet",
            "patrol_finding",
            "patrol_person",
            "patrol_hotspot",
        )
    }
    joint: list[tuple[str, int, int]] = []
    if not w.hamlets or not w.officers:
        return out, joint
    kinds = PATROL_KINDS_BORDER if w.border else PATROL_KINDS_LOWLAND
    findings = FINDINGS_BORDER if w.border else FINDINGS_LOWLAND
    notable: dict[str | None, list[str]] = {}
    for pid, hid in w.notable:
        notable.setdefault(hid, []).append(pid)
    days = sorted(T - int(rng.random() * 365) for _ in range(count))
    for day in days:
        pid_ = uid(rng)
        night = rng.random() < 0.65
        start = pick(rng, NIGHT_STARTS if night else DAY_STARTS)
        end = (start + 30 * between(rng, 3, 11)) % 1440  # 1.5–5.5 h; may wrap past midnight
        kind = kinds.pick(rng)
        leader = pick(rng, w.officers)
        covered = rng.sample(w.hamlets, min(len(w.hamlets), between(rng, 1, 3)))
        out["patrol"].append(
            {
                "id": pid_,
                "unit_code": unit,
                "deleted": False,
                "patrol_date": fo(day),
                "start_time": time(start // 60, start % 60),
                "end_time": time(end // 60, end % 60),
                "kind": kind,
                "leader_id": leader["id"],
                "routes": _routes(w, covered)[:500],
                "people_checked": between(rng, 0, 15 if night else 30),
                "notes": pick(rng, texts.PATROL_NOTES),
            }
        )

        def participant(
            pkind: str, name: str, officer_id: str | None = None, member_id: str | None = None
        ) -> None:
            out["patrol_participant"].append(
                {
                    "id": uid(rng),
                    "unit_code": unit,
                    "deleted": False,
                    "patrol_id": pid_,  # noqa: B023 (called only in this iteration)
                    "kind": pkind,
                    "officer_id": officer_id,
                    "team_member_id": member_id,
                    "name": name[:100],
                }
            )

        participant("officer", leader["full_name"], officer_id=leader["id"])
        size = between(rng, 2, 6) - 1
        if kind in OTHER_FORCES:
            participant("other", pick(rng, OTHER_FORCES[kind]))
            size -= 1
        pool_members = [m for h in covered for m in members.get(h.id, ())]
        officers = [o for o in w.officers if o["id"] != leader["id"]]
        want_members = size if kind == "peoples" else size // 2
        chosen = (
            rng.sample(pool_members, min(len(pool_members), want_members))
            if want_members > 0
            else []
        )
        teams_seen: dict[str, int] = {}
        for mid, name, tid in chosen:
            participant("team_member", name, member_id=mid)
            teams_seen[tid] = teams_seen.get(tid, 0) + 1
        for o in rng.sample(officers, min(len(officers), max(0, size - len(chosen)))):
            participant("officer", o["full_name"], officer_id=o["id"])
        joint.extend((tid, day, n + 1) for tid, n in teams_seen.items())

        for h in covered:
            out["patrol_hamlet"].append(
                {
                    "id": uid(rng),
                    "unit_code": unit,
                    "deleted": False,
                    "patrol_id": pid_,
                    "hamlet_id": h.id,
                }
            )
        if rng.random() < 0.3:
            categories: list[str] = []
            for _ in range(between(rng, 1, 2)):
                c = findings.pick(rng)
                if c not in categories:  # a list, not a set: set order would vary between runs
                    categories.append(c)
            for category in categories:
                n = between(rng, 1, 3)
                # plants come in tens, as their description says ("nhổ bỏ {n}0 cây")
                found = n * 10 if category == "narcotic_plants" else n
                out["patrol_finding"].append(
                    {
                        "id": uid(rng),
                        "unit_code": unit,
                        "deleted": False,
                        "patrol_id": pid_,
                        "category": category,
                        "count": found,
                        "description": pick(rng, texts.FINDINGS[category]).format(
                            n=n, place=covered[0].word
                        )[:1000],
                        # plants destroyed are measured too (no draw: the rest of the data stays as it was)
                        "area_m2": n * 40 if category == "narcotic_plants" else None,
                    }
                )
        if rng.random() < 0.15:
            near = [p for h in covered for p in notable.get(h.id, ())] or [p for p, _ in w.notable]
            for person_id in rng.sample(near, min(len(near), between(rng, 1, 2))):
                out["patrol_person"].append(
                    {
                        "id": uid(rng),
                        "unit_code": unit,
                        "deleted": False,
                        "patrol_id": pid_,
                        "person_id": person_id,
                        "note": pick(rng, PERSON_NOTES),
                    }
                )
        if hotspots and rng.random() < 0.25:
            ids = {h.id for h in covered}
            known = [s for s in hotspots if s["found_on"].toordinal() <= day]
            near_spots = [s for s in known if s["hamlet_id"] in ids] or known
            if near_spots:
                out["patrol_hotspot"].append(
                    {
                        "id": uid(rng),
                        "unit_code": unit,
                        "deleted": False,
                        "patrol_id": pid_,
                        "hotspot_id": pick(rng, near_spots)["id"],
                    }
                )
    return out, joint
