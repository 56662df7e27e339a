"""The synthetic data generator: reproducible, valid rows, and a demo profile that shows every case."""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghean_tui.domain.enums import EpisodeStatus, EpisodeType, FollowUpKind
from nghean_tui.synthetic import Ctx, generate
from nghean_tui.synthetic.rand import uid

from .checks import TODAY, app_follow_ups, check_rows, collect, run_checked, validation_errors

COMMUNITY = {"drug_user", "voluntary_community", "post_rehab", "opioid_substitution"}


def test_same_seed_same_rows(border_ctx: Ctx) -> None:
    a = list(generate(border_ctx, persons=60, patrols=20, seed=11))
    b = list(generate(border_ctx, persons=60, patrols=20, seed=11))
    c = list(generate(border_ctx, persons=60, patrols=20, seed=12))
    assert a == b
    assert a != c


def test_demo_is_deterministic_and_ignores_counts(
    border_ctx: Ctx, demo: dict[str, list[dict]]
) -> None:
    again = collect(generate(border_ctx, persons=3, patrols=1, teams=2, demo=True, seed=7))
    assert again == demo
    assert 300 <= len(demo["person"]) <= 400
    assert 150 <= len(demo["patrol"]) <= 250


def test_demo_covers_every_episode_type_and_status(demo: dict[str, list[dict]]) -> None:
    episodes = demo["management_episode"]
    assert {e["episode_type"] for e in episodes} == {m.value for m in EpisodeType}
    assert {e["status"] for e in episodes} == {m.value for m in EpisodeStatus}
    per_person = Counter(e["person_id"] for e in episodes)
    assert set(per_person) == {p["id"] for p in demo["person"]}
    assert set(per_person.values()) <= {1, 2, 3}


def test_demo_has_due_and_overdue_follow_ups_of_every_kind(demo: dict[str, list[dict]]) -> None:
    """As the application's own rules (with the holiday calendar) compute them."""
    due = app_follow_ups(demo, TODAY)
    week = TODAY + timedelta(days=7)
    for kind in FollowUpKind:
        dates = due[kind.value]
        assert any(d < TODAY for d in dates), f"no overdue {kind.value}"
        assert any(TODAY <= d <= week for d in dates), f"nothing due this week: {kind.value}"


def test_demo_rows_pass_the_application_validation(demo: dict[str, list[dict]]) -> None:
    """No errors; warnings only where intended (a patrol that ends after midnight)."""
    errors, warnings = validation_errors(demo, TODAY)
    assert errors == []
    assert {w[:3] for w in warnings} <= {("patrol", "end_time", "end_time_before_start")}


def test_demo_has_exactly_one_hamlet_without_an_active_team(demo: dict[str, list[dict]]) -> None:
    with_team = {t["hamlet_id"] for t in demo["team"] if t["dissolved_on"] is None}
    hamlets = {h["id"] for h in demo["hamlet"]}
    assert len(hamlets - with_team) == 1
    assert 8 <= len(hamlets) <= 16
    assert all(h["name"].startswith("Bản ") for h in demo["hamlet"])
    assert {t["kind"] for t in demo["team"]} == {
        "security_order",
        "self_management",
        "border_landmark",
    }


def test_teams_have_one_leader_one_deputy_and_a_year_of_activity(
    demo: dict[str, list[dict]],
) -> None:
    roles: dict[str, Counter] = defaultdict(Counter)
    for m in demo["team_member"]:
        roles[m["team_id"]][m["role"]] += 1
    for team in demo["team"]:
        r = roles[team["id"]]
        assert r["leader"] == 1 and r["deputy"] == 1 and 4 <= sum(r.values()) <= 12
    kinds = {a["kind"] for a in demo["team_activity"]}
    assert kinds == {"meeting", "propaganda", "commitment", "information", "joint_patrol"}
    assert any(m["left_on"] for m in demo["team_member"])


def test_management_teams_of_active_episodes(demo: dict[str, list[dict]]) -> None:
    members: dict[str, Counter] = defaultdict(Counter)
    for m in demo["episode_team_member"]:
        members[m["episode_id"]][m["role"]] += 1
        assert (m["role"] == "leader") == (m["officer_id"] is not None)
    for e in demo["management_episode"]:
        if e["status"] == "active" and e["episode_type"] in COMMUNITY:
            r = members[e["id"]]
            assert (
                r["leader"] == 1
                and r["deputy"] == 1
                and r["checkin"] == 1
                and 1 <= r["member"] <= 2
            )


def test_patrols(demo: dict[str, list[dict]]) -> None:
    parts: dict[str, list[dict]] = defaultdict(list)
    for p in demo["patrol_participant"]:
        parts[p["patrol_id"]].append(p)
    hamlets = Counter(h["patrol_id"] for h in demo["patrol_hamlet"])
    for patrol in demo["patrol"]:
        ps = parts[patrol["id"]]
        assert 2 <= len(ps) <= 6, patrol
        assert any(p["officer_id"] == patrol["leader_id"] for p in ps)
        assert 1 <= hamlets[patrol["id"]] <= 3
        assert TODAY - timedelta(days=366) <= patrol["patrol_date"] <= TODAY
    assert any(p["end_time"] < p["start_time"] for p in demo["patrol"])  # past midnight
    assert any(p["kind"] == "team_member" for p in demo["patrol_participant"])
    with_findings = {f["patrol_id"] for f in demo["patrol_finding"]}
    assert 0.15 < len(with_findings) / len(demo["patrol"]) < 0.45
    assert demo["patrol_person"] and demo["patrol_hotspot"]


def test_hotspots_and_tips(demo: dict[str, list[dict]]) -> None:
    assert 5 <= len(demo["hotspot"]) <= 15
    assert {h["status"] for h in demo["hotspot"]} == {"active", "monitoring", "eliminated"}
    assert 10 <= len(demo["tip"]) <= 40
    assert len(demo["tip_source"]) >= len(demo["tip"]) // 2
    assert {t["status"] for t in demo["tip"]} >= {"received", "acted_on"}


def test_distribution_of_a_larger_run(border_ctx: Ctx) -> None:
    data = run_checked(border_ctx, persons=3000, seed=5, chunk=700)
    assert app_follow_ups(data, TODAY)  # the application's rules accept the rows
    persons = data["person"]
    active = {e["person_id"] for e in data["management_episode"] if e["status"] == "active"}
    assert 0.28 <= len(active) / len(persons) <= 0.42
    assert 0.85 <= sum(p["sex"] == "male" for p in persons) / len(persons) <= 0.95
    assert 0.5 <= sum(p["phone"] is not None for p in persons) / len(persons) <= 0.7
    assert any(p["birth_date"] is None for p in persons)
    assert any(p["aliases"] for p in persons)
    # Overdue residence checks: 10–15 % of people managed at home for more than a month.
    last: dict[str, date] = {}
    for c in data["contact"]:
        if c["kind"] == "residence_check":
            last[c["episode_id"]] = max(
                c["contact_date"], last.get(c["episode_id"], c["contact_date"])
            )
    home = [
        e
        for e in data["management_episode"]
        if e["status"] == "active"
        and e["episode_type"] in COMMUNITY
        and (TODAY - e["start_date"]).days > 40
    ]
    overdue = [e for e in home if (TODAY - last.get(e["id"], e["start_date"])).days > 31]
    assert 0.07 <= len(overdue) / len(home) <= 0.2
    subs = Counter(
        s
        for t in data["drug_test"]
        if t["result"] == "positive"
        for s in t["substances"].split(",")
    )
    assert {s for s, _ in subs.most_common(2)} == {"meth", "heroin"}
    assert any(t["relapse"] for t in data["drug_test"])
    assert any(s["amount_vnd"] == 18_000_000 for s in data["support_record"])
    assert {t["direction"] for t in data["transfer"]} == {"in", "out"}
    assert any(c["kind"] == "absence" and not c["absence_reported"] for c in data["contact"])


def test_existing_hamlets_and_officers_are_used_not_recreated() -> None:
    hamlets = [{"id": f"h{i}", "name": f"Xóm {i}", "kind": "xom"} for i in range(1, 5)]
    officers = [
        {"id": "o1", "full_name": "Nguyễn Văn A"},
        {"id": "o2", "full_name": "Lê Văn B", "active": False},
    ]
    ctx = Ctx("17329", TODAY, hamlets, officers, border=False)
    data = run_checked(ctx, persons=80, patrols=10, teams=3, seed=2, chunk=17)
    assert "hamlet" not in data and "officer" not in data
    assert len(data["team"]) == 3
    assert {r["officer_id"] for r in data["episode_team_member"] if r["officer_id"]} == {"o1"}
    assert all(p["address"].endswith("xã Anh Sơn") for p in data["person"] if p["stable_residence"])
    assert sum(p["ethnicity"] == "kinh" for p in data["person"]) > 60


def test_lowland_commune_creates_numbered_hamlets() -> None:
    data = run_checked(Ctx("17329", TODAY, [], [], border=False), persons=5, seed=3)
    assert any(h["name"] == "Xóm 1" for h in data["hamlet"])
    officers = data["officer"]
    assert 5 <= len(officers) <= 8
    assert sum(o["position"] == "Trưởng Công an xã" for o in officers) == 1


def test_uid_is_a_time_ordered_uuid7_reproducible_from_the_seed() -> None:
    a, b = random.Random(5), random.Random(5)
    first = [uid(a) for _ in range(50)]
    assert first == [uid(b) for _ in range(50)]
    assert first == sorted(first) and len(set(first)) == 50
    assert all(uuid.UUID(u).version == 7 and str(uuid.UUID(u)) == u for u in first)


def _row_counts(ctx: Ctx, persons: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    for table, rows in generate(ctx, persons=persons, seed=1):
        counts[table] += len(rows)
    return counts


def test_a_large_run_yields_every_person_and_rows_in_proportion(border_ctx: Ctx) -> None:
    """5,000 persons come out as 5,000 person rows, with their episodes, contacts and drug
    tests in the same proportion per person as in a run of 500 (how fast: bench/generator.py)."""
    small, large = _row_counts(border_ctx, 500), _row_counts(border_ctx, 5000)
    assert (small["person"], large["person"]) == (500, 5000)
    assert sum(large.values()) > 5000 * 5
    for table in ("management_episode", "contact", "drug_test"):
        assert large[table] / 5000 == pytest.approx(small[table] / 500, rel=0.2), table


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    persons=st.integers(0, 40),
    patrols=st.integers(0, 25),
    teams=st.none() | st.integers(0, 6),
    border=st.booleans(),
    today=st.dates(date(2023, 1, 1), date(2030, 12, 31)),
    given_places=st.booleans(),
    chunk=st.integers(1, 60),
)
def test_invariants_hold_for_any_seed_and_size(
    seed: int,
    persons: int,
    patrols: int,
    teams: int | None,
    border: bool,
    today: date,
    given_places: bool,
    chunk: int,
) -> None:
    hamlets = (
        [{"id": str(uuid.UUID(int=i + 1)), "name": f"Thôn {i}", "kind": "thon"} for i in range(3)]
        if given_places
        else []
    )
    officers = [{"id": str(uuid.UUID(int=99)), "full_name": "Hồ Văn Sơn"}] if given_places else []
    ctx = Ctx("16816", today, hamlets, officers, border=border)
    data = run_checked(ctx, persons=persons, patrols=patrols, teams=teams, seed=seed, chunk=chunk)
    assert len(data["person"]) == persons
    assert len(data["patrol"]) == patrols
    check_rows(ctx, data)
    errors, _ = validation_errors(data, today)
    assert errors == []
