"""A small province on a station, every figure worked out by hand (see the comments).

On 20 November 2026:

=========  ======  ======  =====  ======  ======  =====  =======  ====  =====
unit       border  people  kinds  overdue patrols teams  members  hot   bundle
=========  ======  ======  =====  ======  ======  =====  =======  ====  =====
A 16816    yes     2       DU 2,  3       1       1      2        2     0 days
                           Meth 1
B 16822    yes     1       PR 1   0       2       0      0        0     5 days
C 16681    no      1       DU 1   1       0       0      0        1     0 days
D 16828    no      0       —      0       0       0      0        0     50 days
=========  ======  ======  =====  ======  ======  =====  =======  ====  =====

A (population 1,000) is a key commune: places 2 ≥ 2, offenders 2 = 0.2 % ≥ 0.1 %, plants
3,500 ≥ 3,000 (managed 0.2 % < 0.5 %): 3 of 4. C has no population (its rates are unknown)
and a retail point. B's records reach only 15/11 (its last bundle) and D's 01/10, so on
20/11 their indicators are not known; on 15/11 B (population 500) meets the drug-free
checklist (nothing found). The other 126 communes of the province were never heard from.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone

from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.reports.population import store
from nghean_tui.storage.records import Records
from nghean_tui.storage.sync_state import record_applied

TODAY = date(2026, 11, 20)
MORNING = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)  # 08:00 in Vietnam
A, B, C, D, E = "16816", "16822", "16681", "16828", "16834"
NAMES = {A: "Xã Mỹ Lý", B: "Xã Keng Đu", C: "Phường Thành Vinh", D: "Xã Huồi Tụ"}


def as_unit(db, unit: str) -> Records:
    """Records written as if by ``unit`` (the station lends its identity the commune's code,
    as an import would leave them)."""
    db.identity = dataclasses.replace(db.identity, unit_code=unit)
    return Records(db, today=lambda: TODAY)


def build(db) -> dict[str, str]:
    """Fill the station ``db``; returns the ids of the records the tests look for."""
    station = db.identity
    ids: dict[str, str] = {}
    try:
        _unit_a(as_unit(db, A), ids)
        _unit_b(as_unit(db, B), ids)
        _unit_c(as_unit(db, C), ids)
    finally:
        db.identity = station
    with db.write() as txn:
        conn = txn.conn
        store(conn, {A: 1000, B: 500})
        # Follow-ups as the rules would leave them, chosen by hand (the rules have their own
        # tests): what matters here is how they are counted.
        conn.execute(text("DELETE FROM due_item"))
        for unit, person, due in (
            (A, ids["a1"], "2026-10-01"),
            (A, ids["a1"], "2026-11-15"),
            (A, ids["a2"], "2026-11-19"),  # three overdue
            (A, ids["a2"], "2026-11-20"),  # due today: not yet overdue
            (A, ids["a2"], "2026-11-25"),
            (C, ids["c1"], "2026-08-10"),
        ):
            conn.execute(
                text(
                    "INSERT INTO due_item (unit_code, person_id, kind, due_on) "
                    "VALUES (:u, :p, 'residence_check', :d)"
                ),
                {"u": unit, "p": person, "d": due},
            )
        # B's and D's devices are enrolled; E's was revoked (and E has no records: not shown).
        for device, unit, received, revoked in (
            ("b0b0b0b0b0b0b0b0", B, datetime(2026, 11, 15, 9, 0, tzinfo=timezone.utc), None),
            ("d0d0d0d0d0d0d0d0", D, datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc), None),
            ("e0e0e0e0e0e0e0e0", E, None, datetime(2026, 9, 1, tzinfo=timezone.utc)),
        ):
            conn.execute(
                text(
                    "INSERT INTO peer (device_id, unit_code, role, sign_key, age_recipient, "
                    "fingerprint, card, added_at, revoked_at) VALUES (:d, :u, 'commune', '00', "
                    "'age1x', 'AAAA-BBBB', '{}', :added, :revoked)"
                ),
                {
                    "d": device,
                    "u": unit,
                    "added": datetime(2026, 1, 1, tzinfo=timezone.utc),
                    "revoked": revoked,
                },
            )
            if received is not None:
                conn.execute(
                    text(
                        "INSERT INTO inbound_bundle (sender_device, sender_unit, kind, seq, digest, "
                        "bundle_id, status, received_at, records) VALUES (:d, :u, 'changes', 1, "
                        "'00', :d, 'applied', :at, 1)"
                    ),
                    {"d": device, "u": unit, "at": received},
                )
                record_applied(conn, device, received.isoformat(), received)
        # A's and C's bundles came this morning from devices since replaced (not enrolled):
        # their records reach today; B's reach 15/11 and D's 01/10 only (not known today).
        for device, unit in (("a0a0a0a0a0a0a0a0", A), ("c0c0c0c0c0c0c0c0", C)):
            conn.execute(
                text(
                    "INSERT INTO inbound_bundle (sender_device, sender_unit, kind, seq, digest, "
                    "bundle_id, status, received_at, records) VALUES (:d, :u, 'changes', 1, "
                    "'00', :d, 'applied', :at, 1)"
                ),
                {"d": device, "u": unit, "at": MORNING},
            )
            record_applied(conn, device, MORNING.isoformat(), MORNING)
    return ids


def _person(records: Records, ids: dict, key: str, name: str) -> str:
    ids[key] = records.create(
        models.Person, {"full_name": name, "sex": "male", "birth_year": 1990}
    ).id
    return ids[key]


def _episode(records: Records, person: str, etype: str, start: str, **more) -> None:
    records.create(
        models.ManagementEpisode,
        {
            "person_id": person,
            "episode_type": etype,
            "decision_number": "15/QĐ-UBND",
            "decision_date": start,
            "start_date": start,
            **more,
        },
        confirm_warnings=True,
    )


def _patrol(records: Records, day: str, **findings) -> None:
    with records.batch() as writer:
        patrol = writer.create(models.Patrol, {"patrol_date": day, "kind": "commune_police"})
        for category, count in findings.items():
            writer.create(
                models.PatrolFinding,
                {
                    "patrol_id": patrol.id,
                    "category": category,
                    "count": count,
                    "description": category,
                },
            )


def _unit_a(records: Records, ids: dict) -> None:
    a1 = _person(records, ids, "a1", "Lầu Bá Chống")
    a2 = _person(records, ids, "a2", "Vừ Bá Lử")
    a3 = _person(records, ids, "a3", "Xồng Bá Dình")
    _episode(records, a1, "drug_user", "10/03/2026")
    _episode(records, a2, "drug_user", "01/05/2026")
    _episode(records, a2, "opioid_substitution", "01/06/2026")  # one person, two kinds
    _episode(
        records,
        a3,
        "voluntary_community",
        "05/01/2026",
        status="completed",
        actual_end="15/10/2026",
    )
    for name, found in (("Bãi Cỏ", "01/02/2026"), ("Nhà hoang", "01/03/2026")):
        records.create(models.Hotspot, {"name": name, "kind": "gathering", "found_on": found})
    records.create(
        models.Hotspot,
        {
            "name": "Quán nước",
            "kind": "retail",
            "found_on": "01/01/2026",
            "status": "eliminated",
            "eliminated_on": "01/09/2026",
        },
    )
    _patrol(records, "10/11/2026", drug_trafficking=2, narcotic_plants=3500)
    _patrol(records, "01/10/2026")  # 50 days ago: not in the last 30
    hamlet = records.create(models.Hamlet, {"name": "Bản Phá Lé", "kind": "ban"})
    team = records.create(
        models.Team,
        {
            "hamlet_id": hamlet.id,
            "name": "Tổ ANTT Phá Lé",
            "kind": "security_order",
            "established_on": "01/07/2024",
        },
    )
    for name in ("Lầu Bá Tu", "Vừ Thị Mai"):
        records.create(
            models.TeamMember,
            {"team_id": team.id, "full_name": name, "role": "member", "joined_on": "01/07/2024"},
        )
    records.create(
        models.TeamMember,
        {
            "team_id": team.id,
            "full_name": "Lỳ Bá Cở",
            "role": "member",
            "joined_on": "01/07/2024",
            "left_on": "01/01/2026",
        },
    )


def _unit_b(records: Records, ids: dict) -> None:
    b1 = _person(records, ids, "b1", "Vi Văn Toản")
    b2 = _person(records, ids, "b2", "Lô Văn Hùng")
    _episode(records, b1, "post_rehab", "01/08/2026")
    records.create(
        models.ManagementEpisode,
        {
            "person_id": b2,
            "episode_type": "drug_user",
            "status": "proposed",
            "trigger_date": "01/11/2026",
        },
        confirm_warnings=True,
    )  # a proposal: nobody is managed yet
    for day in ("25/10/2026", "15/11/2026", "01/10/2026"):  # two in the last 30 days
        _patrol(records, day)


def _unit_c(records: Records, ids: dict) -> None:
    c1 = _person(records, ids, "c1", "Nguyễn Văn An")
    _episode(records, c1, "drug_user", "01/09/2026")
    records.create(
        models.Hotspot, {"name": "Ki-ốt chợ", "kind": "retail", "found_on": "01/10/2026"}
    )
