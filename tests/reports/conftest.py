"""A small commune whose indicators are worked out by hand (see each figure's comment)."""

from __future__ import annotations

from datetime import date

import pytest

from nghean_tui.domain import models
from nghean_tui.i18n import set_language
from nghean_tui.reports.population import store
from nghean_tui.storage.records import Records

TODAY = date(2026, 11, 20)
POPULATION = 1000


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese, whatever a command before it was asked to speak."""
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture
def world(new_db):
    """People, hotspots, patrols and tests around October 2026 (window: 1 Nov 2025 – 31 Oct
    2026 for a report on October)."""
    records = Records(new_db, today=lambda: TODAY)
    hamlet = records.create(models.Hamlet, {"name": "Bản Phá Lé", "kind": "ban"})
    ids: dict[str, str] = {}

    def person(key: str, name: str) -> str:
        ids[key] = records.create(
            models.Person,
            {"full_name": name, "sex": "male", "birth_year": 1990, "hamlet_id": hamlet.id},
        ).id
        return ids[key]

    def episode(key: str, person_id: str, etype: str, start: str, **more) -> None:
        ids[key] = records.create(
            models.ManagementEpisode,
            {
                "person_id": person_id,
                "episode_type": etype,
                "decision_number": "15/QĐ-UBND",
                "decision_date": start,
                "start_date": start,
                **more,
            },
        ).id

    a, b, c = person("a", "Lầu Bá Chống"), person("b", "Vi Văn Toản"), person("c", "Cụt Văn Xiêng")
    episode("ep_a", a, "drug_user", "10/03/2026")  # in force 31/10
    episode(
        "ep_b", b, "voluntary_community", "05/01/2026", status="completed", actual_end="15/10/2026"
    )  # completed in October
    episode(
        "ep_c_old", c, "drug_user", "01/06/2025", status="completed", actual_end="01/06/2026"
    )  # ended before October
    episode("ep_c", c, "post_rehab", "05/10/2026")  # started in October

    def hotspot(key: str, kind: str, found: str, **more) -> None:
        ids[key] = records.create(
            models.Hotspot, {"name": f"Điểm {key}", "kind": kind, "found_on": found, **more}
        ).id

    hotspot("g_active", "gathering", "01/02/2026")  # counts
    hotspot(
        "g_later_gone", "gathering", "01/01/2026", status="eliminated", eliminated_on="10/11/2026"
    )  # counts
    hotspot(
        "g_gone", "gathering", "01/01/2026", status="eliminated", eliminated_on="01/09/2026"
    )  # no
    hotspot("g_watch", "gathering", "01/01/2026", status="monitoring")  # no
    hotspot("g_new", "gathering", "05/11/2026")  # after
    hotspot("r_active", "retail", "01/10/2026")  # retail

    def patrol(key: str, day: str, area: int | None = None, **findings) -> None:
        """``area``: the m² of the plants found, if measured."""
        with records.batch() as writer:
            p = writer.create(models.Patrol, {"patrol_date": day, "kind": "commune_police"})
            for category, count in findings.items():
                measured = {"area_m2": area} if category == "narcotic_plants" else {}
                ids[f"{key}_{category}"] = writer.create(
                    models.PatrolFinding,
                    {
                        "patrol_id": p.id,
                        "category": category,
                        "count": count,
                        "description": f"{category} {count}",
                        **measured,
                    },
                ).id

    patrol("oct", "10/10/2026", drug_trafficking=2, narcotic_plants=1500, area=400)
    patrol("first_day", "01/11/2025", narcotic_plants=2000)  # first day: counts; no area
    patrol("too_old", "15/10/2025", narcotic_plants=5000, drug_trafficking=9, area=9000)  # outside

    def drug_test(key: str, person_id: str, day: str, result: str, **more) -> None:
        substances = "meth" if result == "positive" else ""
        ids[key] = records.create(
            models.DrugTest,
            {
                "person_id": person_id,
                "test_date": day,
                "result": result,
                "substances": substances,
                **more,
            },
        ).id

    drug_test("t_a_pos", a, "12/10/2026", "positive", episode_id=ids["ep_a"])  # first positive
    drug_test("t_a_neg", a, "20/10/2026", "negative", episode_id=ids["ep_a"])
    drug_test("t_c_pos", c, "01/09/2026", "positive")
    drug_test("t_c_relapse", c, "25/10/2026", "positive", relapse=True, episode_id=ids["ep_c"])
    records.create(
        models.Tip, {"received_on": "03/10/2026", "content": "Tin về điểm bán", "channel": "phone"}
    )

    with new_db.write() as txn:
        store(txn.conn, {new_db.unit_code: POPULATION})
    return ids
