"""Rule sets, terms and planned ends (nghean_tui.domain.durations and .rules)."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghean_tui.domain.enums import EpisodeType
from nghean_tui.domain.rules import (
    Durations,
    Interval,
    RulesDataError,
    TermRange,
    add_months,
    extended_end,
    merged_days,
    planned_end,
    term_range,
)

PROPERTY = settings(database=None, deadline=None)
D = date


def raw_default() -> dict:
    return json.loads(
        resources.files("nghean_tui").joinpath("data/durations.json").read_text("utf-8")
    )


@pytest.fixture(scope="module")
def rules() -> Durations:
    return Durations.load_default()


# ---------------------------------------------------------------- months


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@PROPERTY
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 1, 1)), st.integers(-240, 240))
def test_add_months_keeps_or_clamps_the_day(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)
    if start.day <= 28:
        assert add_months(end, -months) == start


# ---------------------------------------------------------------- data and rule sets


def test_shipped_rules_have_every_type_basis_and_flags(rules):
    raw = raw_default()
    assert "verified" in raw["note"]
    for rule_set in rules.rule_sets:
        assert set(rule_set.episodes) == set(EpisodeType)
        for rule in rule_set.episodes.values():
            assert rule.legal_basis
        for deadline in rule_set.deadlines.values():
            assert deadline.legal_basis
    first, second = rules.rule_sets
    assert (first.id, first.effective_from, first.verified) == ("2022", D(2022, 1, 1), True)
    assert (second.effective_from, second.verified) == (D(2026, 7, 1), False)
    # The 2026 set is a copy that nobody has checked yet: every entry says so.
    assert not any(r.verified for r in second.episodes.values())
    assert not any(d.verified for d in second.deadlines.values())
    assert first.episode(EpisodeType.COMPULSORY_ADULT).verified is False
    assert all(
        r.verified for t, r in first.episodes.items() if t is not EpisodeType.COMPULSORY_ADULT
    )


def test_shipped_deadlines_match_the_law(rules):
    s = rules.rule_set_on(D(2024, 1, 1))
    expected = {
        "decision_after_positive_test": (3, "working_days"),
        "compulsory_file": (5, "working_days"),
        "return_report": (5, "working_days"),
        "transfer_notice": (5, "working_days"),
        "assessment_result": (5, "calendar_days"),
        "residence_check": (1, "months"),
    }
    assert {k: (v.amount, v.unit) for k, v in s.deadlines.items()} == expected
    assert s.deadline("assessment_result").roll_to_working_day is True
    assert "art. 23(4)" in s.deadline("decision_after_positive_test").legal_basis
    assert "art. 5(2)" in s.deadline("assessment_result").legal_basis


@pytest.mark.parametrize(
    "etype, expected",
    [
        (EpisodeType.DRUG_USER, TermRange(12, 12, 12)),
        (EpisodeType.VOLUNTARY_COMMUNITY, TermRange(6, 12, 6)),
        (EpisodeType.VOLUNTARY_FACILITY, TermRange(6, 12, 6)),
        (EpisodeType.OPIOID_SUBSTITUTION, None),
        (EpisodeType.COMPULSORY_FILE, None),
        (EpisodeType.COMPULSORY_ADULT, TermRange(12, 24, None)),
        (EpisodeType.COMPULSORY_MINOR, TermRange(6, 12, None)),
        (EpisodeType.POST_REHAB, TermRange(12, 12, 12)),
    ],
)
def test_term_ranges(rules, etype, expected):
    assert term_range(etype, D(2025, 6, 1), rules=rules) == expected
    assert term_range(etype.value, D(2025, 6, 1)) == expected  # codes and default rules work too


def test_post_rehab_after_adult_compulsory_is_two_years(rules):
    assert term_range(
        EpisodeType.POST_REHAB, D(2025, 6, 1), after_adult_compulsory=True, rules=rules
    ) == TermRange(24, 24, 24)
    assert term_range(
        EpisodeType.DRUG_USER, D(2025, 6, 1), after_adult_compulsory=True, rules=rules
    ) == TermRange(12, 12, 12)


def test_rule_set_selection(rules):
    assert rules.rule_set_on(D(2026, 6, 30)).id == "2022"
    assert rules.rule_set_on(D(2026, 7, 1)).id == "2026"
    assert rules.rule_set_on(D(2019, 1, 1)).id == "2022"  # before the first set: the first set
    assert rules.rule_set_for(D(2026, 6, 30), D(2026, 7, 2)).id == "2022"  # decision date wins
    assert rules.rule_set_for(None, D(2026, 7, 2)).id == "2026"
    assert rules.rule_set_for(None, None, D(2026, 1, 1)).id == "2022"
    assert rules.rule_set_for(None, None).id == "2026"


def _with_2026_drug_user_term(months: int) -> Durations:
    data = raw_default()
    data["rule_sets"][1]["episode_types"]["drug_user"]["term_months"] = {
        "min": months,
        "max": months,
        "default": months,
    }
    return Durations.from_dict(data)


def test_planned_end_follows_the_set_in_force_on_the_decision_date():
    custom = _with_2026_drug_user_term(24)
    assert planned_end(
        EpisodeType.DRUG_USER, None, decision_date=D(2026, 6, 30), rules=custom
    ) == D(2027, 6, 30)
    assert planned_end(EpisodeType.DRUG_USER, None, decision_date=D(2026, 7, 1), rules=custom) == D(
        2028, 7, 1
    )


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["rule_sets"][0]["episode_types"].pop("post_rehab"),
        lambda d: d["rule_sets"][0]["deadlines"]["transfer_notice"].update(unit="fortnights"),
        lambda d: d["rule_sets"][0]["deadlines"]["transfer_notice"].update(amount=-1),
        lambda d: d["rule_sets"][0]["deadlines"].pop("return_report"),
        lambda d: d["rule_sets"][0]["episode_types"]["drug_user"].update(
            term_months={"min": 12, "max": 6}
        ),
        lambda d: d["rule_sets"][0]["episode_types"]["drug_user"].update(
            term_months={"min": 6, "max": 12, "default": 13}
        ),
        lambda d: d["rule_sets"][0]["episode_types"]["drug_user"].update(
            term_starts_from="birthday"
        ),
        lambda d: d["rule_sets"][0]["episode_types"].update(unknown_type={}),
        lambda d: d["rule_sets"][1].update(effective_from=d["rule_sets"][0]["effective_from"]),
        lambda d: d["rule_sets"][1].update(effective_from="1/7/2026"),
        lambda d: d.update(rule_sets=[]),
    ],
)
def test_malformed_rules_are_refused(mutate):
    data = copy.deepcopy(raw_default())
    mutate(data)
    with pytest.raises(RulesDataError):
        Durations.from_dict(data)


def test_rules_from_file(tmp_path):
    path = tmp_path / "durations.json"
    path.write_text(json.dumps(raw_default()), encoding="utf-8")
    assert Durations.from_file(path).rule_set_on(D(2026, 7, 1)).id == "2026"


# ---------------------------------------------------------------- planned end


def test_one_year_ends_on_the_same_day_a_year_later(rules):
    # The documented convention: the last day of the term is the corresponding day.
    assert planned_end(EpisodeType.DRUG_USER, D(2026, 3, 15), rules=rules) == D(2027, 3, 15)
    assert planned_end(EpisodeType.POST_REHAB, D(2026, 3, 15), rules=rules) == D(2027, 3, 15)


def test_drug_user_term_runs_from_the_decision_date(rules):
    assert planned_end(
        EpisodeType.DRUG_USER, D(2026, 3, 20), decision_date=D(2026, 3, 15), rules=rules
    ) == D(2027, 3, 15)
    assert planned_end(EpisodeType.DRUG_USER, None, decision_date=D(2026, 3, 15), rules=rules) == D(
        2027, 3, 15
    )
    assert planned_end(EpisodeType.DRUG_USER, D(2026, 3, 20), rules=rules) == D(
        2027, 3, 20
    )  # no decision yet


def test_post_rehab_runs_from_the_start_not_the_later_decision(rules):
    assert planned_end(
        EpisodeType.POST_REHAB, D(2026, 3, 2), decision_date=D(2026, 3, 6), rules=rules
    ) == D(2027, 3, 2)


def test_post_rehab_after_adult_compulsory_and_absences(rules):
    start = D(2026, 3, 2)
    assert planned_end(
        EpisodeType.POST_REHAB, start, after_adult_compulsory=True, rules=rules
    ) == D(2028, 3, 2)
    assert planned_end(EpisodeType.POST_REHAB, start, unreported_absence_days=10, rules=rules) == D(
        2027, 3, 12
    )
    # Absences extend post-rehabilitation management only.
    assert planned_end(EpisodeType.DRUG_USER, start, unreported_absence_days=10, rules=rules) == D(
        2027, 3, 2
    )


def test_explicit_term_and_missing_terms(rules):
    assert planned_end(EpisodeType.VOLUNTARY_COMMUNITY, D(2026, 1, 31), rules=rules) == D(
        2026, 7, 31
    )
    assert planned_end(
        EpisodeType.VOLUNTARY_COMMUNITY, D(2026, 1, 31), term_months=9, rules=rules
    ) == D(2026, 10, 31)
    assert (
        planned_end(EpisodeType.COMPULSORY_ADULT, D(2026, 1, 10), rules=rules) is None
    )  # the court sets it
    assert planned_end(
        EpisodeType.COMPULSORY_ADULT, D(2026, 1, 10), term_months=18, rules=rules
    ) == D(2027, 7, 10)
    assert planned_end(
        EpisodeType.COMPULSORY_MINOR, D(2026, 8, 31), term_months=6, rules=rules
    ) == D(2027, 2, 28)
    assert (
        planned_end(EpisodeType.OPIOID_SUBSTITUTION, D(2026, 1, 10), term_months=12, rules=rules)
        is None
    )
    assert planned_end(EpisodeType.COMPULSORY_FILE, D(2026, 1, 10), rules=rules) is None
    assert planned_end(EpisodeType.DRUG_USER, None, rules=rules) is None


@PROPERTY
@given(
    st.dates(min_value=D(2022, 1, 1), max_value=D(2035, 12, 31)), st.sampled_from(list(EpisodeType))
)
def test_planned_end_is_after_the_start_when_known(start, etype):
    end = planned_end(etype, start)
    rng = term_range(etype, start)
    assert (end is None) == (rng is None or rng.default_months is None)
    if end is not None:
        assert end > start
        assert add_months(start, rng.default_months) == end


# ---------------------------------------------------------------- intervals


def test_merged_days_counts_overlaps_once_and_clips():
    within = Interval(D(2026, 1, 1), D(2026, 12, 31))
    absences = [
        Interval(D(2026, 3, 1), D(2026, 3, 10)),
        Interval(D(2026, 3, 5), D(2026, 3, 12)),  # overlaps the first
        Interval(D(2026, 3, 13), D(2026, 3, 13)),  # touches: one more day
        Interval(D(2025, 12, 30), D(2026, 1, 2)),  # clipped to 2 days
        Interval(D(2027, 1, 1), D(2027, 1, 5)),  # outside
    ]
    assert merged_days(absences, within=within) == 13 + 2


def test_extended_end_reaches_absences_after_the_original_end():
    start, base = D(2026, 1, 1), D(2026, 12, 31)
    absences = [Interval(D(2026, 12, 20), D(2026, 12, 29)), Interval(D(2027, 1, 5), D(2027, 1, 6))]
    end, added = extended_end(base, start, absences)
    assert (end, added) == (D(2027, 1, 12), 12)
    assert extended_end(base, start, []) == (base, 0)
    assert extended_end(base, start, [Interval(D(2025, 6, 1), D(2025, 6, 30))]) == (base, 0)


@PROPERTY
@given(
    st.lists(
        st.tuples(st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 6, 30)), st.integers(0, 40)),
        max_size=6,
    )
)
def test_extended_end_is_a_fixed_point(raw):
    start, base = D(2026, 1, 1), D(2026, 12, 31)
    absences = [Interval(first, first + timedelta(days=n)) for first, n in raw]
    end, added = extended_end(base, start, absences)
    assert end == base + timedelta(days=added)
    assert merged_days(absences, within=Interval(start, end)) == added
    assert added <= sum(a.days() for a in absences)


def test_moved_away_is_decided_by_the_latest_move():
    from types import SimpleNamespace

    from nghean_tui.domain.rules import moved_away

    out = SimpleNamespace(
        from_unit_code="16816",
        to_unit_code="16822",
        move_date=date(2026, 5, 1),
        created_at=1,
        deleted=False,
    )
    back = SimpleNamespace(
        from_unit_code="16822",
        to_unit_code="16816",
        move_date=date(2026, 9, 1),
        created_at=2,
        deleted=False,
    )
    assert moved_away([], "16816") is None
    assert moved_away([out], "16816") is out
    assert moved_away([out], "16822") is None  # the new commune's to write
    assert moved_away([back, out], "16816") is None  # came back: ours again
    assert moved_away([back, out], "16822") is back
    assert (
        moved_away([SimpleNamespace(**{**vars(out), "deleted": True})], "16816") is None
    )  # undone
