"""Managed persons and their management episodes.

A person's age is derived from their history (so nobody was managed as a child, a compulsory
rehab for minors happened at 16–17, an adult one at 18 or more), and the citizen ID from their
sex and birth year, so all three always agree.
"""

from __future__ import annotations

from datetime import date

from nghean_tui.synthetic import episodes as EP
from nghean_tui.synthetic import names, places, texts
from nghean_tui.synthetic.events import add_events
from nghean_tui.synthetic.rand import decision_number, legacy_id, phone, pick, uid
from nghean_tui.synthetic.world import Row, World

_DAYS_16Y, _DAYS_18Y, _DAYS_65Y = 5845, 6576, 23725
_FACILITY_POOL = {
    EP.VF: places.FACILITIES_REHAB,
    EP.CA: places.FACILITIES_REHAB,
    EP.CM: places.FACILITIES_REHAB,
    EP.OS: places.FACILITIES_METHADONE,
    EP.VC: places.COMMUNITY_REHAB,
}
_EPISODE_NOTE = {"absconded": texts.ABSCONDED_NOTE, "transferred_out": texts.TRANSFER_NOTE}
_NO_FIXED_ABODE = names.nfc_all(["Không có nơi cư trú ổn định, thường lui tới"])[0]
_NOTES = names.nfc_all(
    [
        "",
        "",
        "",
        "",
        "",
        "",
        "Gia đình hợp tác tốt",
        "Hay đi làm thuê bên Lào theo mùa",
        "Đã có tiền án về ma túy",
        "Sức khỏe yếu",
        "Có con nhỏ",
    ]
)


def _unknown(row_id: str) -> bool:
    """About one record in fifty was transcribed without this choice: it stays unknown.
    Decided from the row's id, so the random stream (and every other value) is unchanged."""
    return int(row_id[-2:], 16) < 5


def _birth(rng, T: int, eps: list[EP.Ep]) -> int:
    """A birth ordinal consistent with the episodes and an age of 16–65 today."""
    for ep in eps:
        if ep.type == EP.CM and ep.start is not None:
            return ep.start - (_DAYS_16Y + int(rng.random() * 650))
    first = min(d for ep in eps for d in (ep.trigger, ep.start) if d is not None)
    oldest = _DAYS_65Y - (T - first)  # the oldest they can have been then, to be ≤ 65 now
    age = int(rng.triangular(_DAYS_16Y, 60 * 365, 23 * 365))
    birth = first - min(age, oldest)
    for ep in eps:
        if ep.type == EP.CA and ep.start is not None and ep.start - birth < _DAYS_18Y:
            birth = ep.start - _DAYS_18Y - int(rng.random() * 3000)
    return max(birth, T - _DAYS_65Y)


def make_person(w: World, out: dict[str, list[Row]], scenario: str | None = None) -> None:
    """One person, their episodes and everything recorded about them, appended to ``out``."""
    rng, T, fo = w.rng, w.T, date.fromordinal
    eps = EP.plan(rng, T, scenario)
    hamlet = pick(rng, w.hamlets)
    eth = w.ethnicity(hamlet)
    female = rng.random() < 0.1
    full_name, surname = names.POOLS[eth].name(rng, female)
    birth = _birth(rng, T, eps)
    birth_date = fo(birth)
    by = birth_date.year
    # Older ethnic-minority people often know only the year; a court-ordered rehabilitation
    # file always has the full date (the age decides which kind applies).
    known = rng.random() < 0.88 or any(ep.type in (EP.CA, EP.CM) for ep in eps)
    has_cid = rng.random() < 0.93
    stable = rng.random() < 0.92
    pid = uid(rng)
    aliases = ""
    if rng.random() < 0.15:
        aliases = pick(rng, names.ALIASES)
        second = pick(rng, names.ALIASES)
        if rng.random() < 0.2 and second != aliases:
            aliases = f"{aliases}, {second}"
    out["person"].append(
        {
            "id": pid,
            "unit_code": w.unit,
            "deleted": False,
            "full_name": full_name,
            "aliases": aliases,
            "birth_date": birth_date if known else None,
            "birth_year": by,
            "sex": "female" if female else "male",
            "citizen_id": w.cids.make(rng, female, by) if has_cid else None,
            "legacy_id": legacy_id(rng) if by < 1995 and rng.random() < 0.2 else None,
            "ethnicity": None if _unknown(pid) else eth,
            "hamlet_id": hamlet.id,
            "address": hamlet.address if stable else f"{_NO_FIXED_ABODE} {hamlet.name}"[:200],
            "phone": phone(rng) if rng.random() < 0.6 else None,
            "stable_residence": stable,
            "occupation": "" if rng.random() < 0.05 else names.OCCUPATIONS.pick(rng),
            "notes": pick(rng, _NOTES),
        }
    )

    ids = [uid(rng) for _ in eps]
    rows = out["management_episode"]
    unit = w.unit
    for ep, eid in zip(eps, ids, strict=False):
        proposed = ep.status == "proposed"
        decided = None if proposed or ep.decision is None else fo(ep.decision)
        t = ep.type
        pool = _FACILITY_POOL.get(t)
        rows.append(
            {
                "id": eid,
                "unit_code": unit,
                "deleted": False,
                "person_id": pid,
                "episode_type": t,
                "status": ep.status,
                "decision_number": "" if decided is None else decision_number(rng, t, decided),
                "decision_date": decided,
                "trigger_date": None if ep.trigger is None else fo(ep.trigger),
                "start_date": None if ep.start is None else fo(ep.start),
                "term_months": ep.term,
                # An absconded episode is suspended, not closed: when they left is on the absence.
                "actual_end": None if ep.end is None or ep.status == "absconded" else fo(ep.end),
                "stop_reason": ep.stop_reason,
                "facility": pick(rng, pool) if pool else "",
                "notes": _EPISODE_NOTE.get(ep.status, ""),
            }
        )
    add_events(w, out, pid, hamlet, eth, surname, eps, ids, scenario)
    final = eps[-1]
    if final.status in ("active", "proposed") and len(w.notable) < 5000:
        w.notable.append((pid, hamlet.id))
