"""What falls due for a person: nghean_tui.domain.rules.follow_ups and its helpers."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghean_tui.domain import models
from nghean_tui.domain.calendar import WorkingCalendar
from nghean_tui.domain.enums import FollowUpKind
from nghean_tui.domain.rules import (
    Durations,
    FollowUp,
    PersonRecords,
    effective_planned_end,
    follow_ups,
    follows_adult_compulsory,
    planned_end_detail,
    restarted_term_start,
    unreported_absences,
)

PROPERTY = settings(database=None, deadline=None)
D = date
TODAY = D(2026, 5, 10)
_ids = count(1)


def episode(episode_type, status="active", **kw):
    base = dict(
        id=f"e{next(_ids)}",
        episode_type=episode_type,
        status=status,
        decision_date=None,
        trigger_date=None,
        start_date=None,
        term_months=None,
        planned_end=None,
        actual_end=None,
        deleted=False,
    )
    return SimpleNamespace(**{**base, **kw})


def drug_test(result, test_date, **kw):
    return SimpleNamespace(
        **{
            "id": f"t{next(_ids)}",
            "result": result,
            "test_date": test_date,
            "episode_id": None,
            "deleted": False,
            **kw,
        }
    )


def contact(kind, contact_date, **kw):
    base = dict(
        id=f"c{next(_ids)}",
        kind=kind,
        contact_date=contact_date,
        absence_from=None,
        absence_to=None,
        absence_reported=True,
        deleted=False,
    )
    return SimpleNamespace(**{**base, **kw})


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.load_default(strict=True)


@pytest.fixture(scope="module")
def rules() -> Durations:
    return Durations.load_default()


@pytest.fixture()
def due(cal, rules):
    def run(**records):
        return follow_ups(PersonRecords(**records), calendar=cal, rules=rules, today=TODAY)

    return run


def kinds(items):
    return [(f.kind, f.due_on) for f in items]


# ---------------------------------------------------------------- episodes


def test_active_drug_user_gets_monthly_check_and_end(due):
    ep = episode("drug_user", decision_date=D(2026, 1, 15), start_date=D(2026, 1, 15))
    assert kinds(due(episodes=[ep])) == [
        (FollowUpKind.RESIDENCE_CHECK, D(2026, 2, 15)),
        (FollowUpKind.EPISODE_END, D(2027, 1, 15)),
    ]
    checks = [
        contact("residence_check", D(2026, 3, 10)),
        contact("residence_check", D(2025, 12, 1)),
        contact("counselling", D(2026, 4, 20)),
        contact("residence_check", D(2026, 4, 1), deleted=True),
    ]
    result = due(episodes=[ep], contacts=checks)
    assert (FollowUpKind.RESIDENCE_CHECK, D(2026, 4, 10)) in kinds(result)
    assert all(f.episode_id == ep.id for f in result)


def test_no_residence_check_after_the_term_ends(due):
    ep = episode("drug_user", decision_date=D(2026, 1, 15))
    result = due(episodes=[ep], contacts=[contact("residence_check", D(2027, 1, 10))])
    assert kinds(result) == [(FollowUpKind.EPISODE_END, D(2027, 1, 15))]


@pytest.mark.parametrize("status", ["completed", "stopped_early", "transferred_out", "absconded"])
def test_nothing_due_for_closed_or_absconded_episodes(due, status):
    ep = episode("drug_user", status=status, decision_date=D(2026, 1, 15), actual_end=D(2026, 3, 1))
    assert due(episodes=[ep]) == []


def test_deleted_episode_is_ignored(due):
    assert due(episodes=[episode("drug_user", decision_date=D(2026, 1, 15), deleted=True)]) == []


@pytest.mark.parametrize(
    "etype, expected",
    [
        (
            "voluntary_community",
            [
                (FollowUpKind.RESIDENCE_CHECK, D(2026, 2, 10)),
                (FollowUpKind.EPISODE_END, D(2026, 7, 10)),
            ],
        ),
        ("voluntary_facility", [(FollowUpKind.EPISODE_END, D(2026, 7, 10))]),
        ("opioid_substitution", [(FollowUpKind.RESIDENCE_CHECK, D(2026, 2, 10))]),
        ("compulsory_adult", []),  # no term recorded: the court sets it
        ("compulsory_minor", []),
        ("compulsory_file", []),
    ],
)
def test_which_types_get_checks_and_ends(due, etype, expected):
    assert kinds(due(episodes=[episode(etype, start_date=D(2026, 1, 10))])) == expected


def test_compulsory_term_uses_term_months_or_the_stored_end(due):
    with_term = episode("compulsory_adult", start_date=D(2026, 1, 10), term_months=18)
    stored = episode("compulsory_minor", start_date=D(2026, 1, 10), planned_end=D(2026, 11, 30))
    assert kinds(due(episodes=[with_term])) == [(FollowUpKind.EPISODE_END, D(2027, 7, 10))]
    assert kinds(due(episodes=[stored])) == [(FollowUpKind.EPISODE_END, D(2026, 11, 30))]


def test_two_episodes_due_the_same_day_give_one_residence_check(due):
    a = episode("drug_user", decision_date=D(2026, 1, 15))
    b = episode("opioid_substitution", start_date=D(2026, 1, 15))
    result = due(episodes=[a, b])
    assert [f.kind for f in result].count(FollowUpKind.RESIDENCE_CHECK) == 1


def test_compulsory_file_due_five_working_days_after_the_trigger(due):
    proposed = episode("compulsory_file", status="proposed", trigger_date=D(2026, 4, 28))
    # 29/4 (1), 30/4 and 1/5 holidays, weekend, 4–7/5 (2–5).
    assert kinds(due(episodes=[proposed])) == [(FollowUpKind.COMPULSORY_FILE, D(2026, 5, 7))]
    opened = episode("compulsory_file", status="active", trigger_date=D(2026, 4, 28))
    assert due(episodes=[opened]) == []


def test_return_report(due):
    post = episode("post_rehab", start_date=D(2026, 3, 2))
    assert (FollowUpKind.RETURN_REPORT, D(2026, 3, 9)) in kinds(due(episodes=[post]))
    reported = due(episodes=[post], contacts=[contact("return_report", D(2026, 3, 5))])
    assert FollowUpKind.RETURN_REPORT not in [f.kind for f in reported]
    earlier = due(episodes=[post], contacts=[contact("return_report", D(2026, 2, 20))])
    assert FollowUpKind.RETURN_REPORT in [f.kind for f in earlier]
    proposed = episode("post_rehab", status="proposed", start_date=D(2026, 3, 2))
    assert kinds(due(episodes=[proposed])) == [(FollowUpKind.RETURN_REPORT, D(2026, 3, 9))]


def test_post_rehab_after_adult_compulsory_lasts_two_years_plus_unreported_absences(due):
    rehab = episode(
        "compulsory_adult",
        status="completed",
        start_date=D(2024, 3, 1),
        term_months=24,
        actual_end=D(2026, 3, 2),
    )
    post = episode("post_rehab", start_date=D(2026, 3, 2))
    ends = lambda result: [f.due_on for f in result if f.kind is FollowUpKind.EPISODE_END]  # noqa: E731
    assert ends(due(episodes=[rehab, post])) == [D(2028, 3, 2)]
    away = contact(
        "absence",
        D(2026, 6, 15),
        absence_from=D(2026, 6, 1),
        absence_to=D(2026, 6, 10),
        absence_reported=False,
    )
    told = contact("absence", D(2026, 7, 1), absence_from=D(2026, 7, 1), absence_to=D(2026, 7, 20))
    assert ends(due(episodes=[rehab, post], contacts=[away, told])) == [D(2028, 3, 12)]


def test_open_unreported_absence_runs_to_today():
    away = contact("absence", D(2026, 5, 1), absence_from=D(2026, 5, 1), absence_reported=False)
    assert [(i.first, i.last) for i in unreported_absences([away], today=TODAY)] == [
        (D(2026, 5, 1), TODAY)
    ]
    assert [(i.first, i.last) for i in unreported_absences([away])] == [
        (D(2026, 5, 1), D(2026, 5, 1))
    ]


def test_follows_adult_compulsory_looks_at_the_last_rehabilitation():
    post = episode("post_rehab", start_date=D(2026, 3, 2))
    adult = episode("compulsory_adult", status="completed", actual_end=D(2025, 1, 10))
    voluntary = episode("voluntary_community", status="completed", actual_end=D(2026, 3, 1))
    assert follows_adult_compulsory(post, [adult, post]) is True
    assert follows_adult_compulsory(post, [adult, voluntary, post]) is False
    later = episode("compulsory_adult", status="active", planned_end=D(2027, 1, 1))
    assert follows_adult_compulsory(post, [later, post]) is False
    assert follows_adult_compulsory(adult, [adult]) is False


# ---------------------------------------------------------------- tests and decisions


def test_positive_test_needs_a_decision_within_three_working_days(due):
    positive = drug_test("positive", D(2026, 3, 13))
    result = due(tests=[positive])
    assert result == [FollowUp(FollowUpKind.DECISION, D(2026, 3, 18), None, positive.id)]
    assert due(tests=[drug_test("negative", D(2026, 3, 13))]) == []
    assert due(tests=[drug_test("positive", D(2026, 3, 13), deleted=True)]) == []


def test_decision_recorded_on_or_after_the_test_clears_it(due):
    positive = drug_test("positive", D(2026, 3, 13))
    decided = episode("drug_user", decision_date=D(2026, 3, 16))
    assert FollowUpKind.DECISION not in [f.kind for f in due(tests=[positive], episodes=[decided])]
    undated = episode("drug_user", status="proposed", start_date=D(2026, 3, 13))
    assert FollowUpKind.DECISION not in [f.kind for f in due(tests=[positive], episodes=[undated])]


def test_positive_test_during_a_term_needs_a_new_decision_and_restarts_the_term(due):
    ep = episode("drug_user", decision_date=D(2026, 1, 15))
    positive = drug_test("positive", D(2026, 3, 13), episode_id=ep.id)
    result = due(tests=[positive], episodes=[ep])
    assert FollowUp(FollowUpKind.DECISION, D(2026, 3, 18), ep.id, positive.id) in result
    assert [f.due_on for f in result if f.kind is FollowUpKind.EPISODE_END] == [D(2027, 3, 13)]
    # The new decision recorded on the episode moves the term to its own date.
    ep.decision_date = D(2026, 3, 17)
    result = due(tests=[positive], episodes=[ep])
    assert FollowUpKind.DECISION not in [f.kind for f in result]
    assert [f.due_on for f in result if f.kind is FollowUpKind.EPISODE_END] == [D(2027, 3, 17)]


def test_restarted_term_start():
    ep = episode("drug_user", decision_date=D(2026, 1, 15), actual_end=D(2026, 9, 1))
    tests = [
        drug_test("positive", D(2026, 2, 1)),
        drug_test("positive", D(2026, 4, 2)),
        drug_test("negative", D(2026, 5, 1)),
        drug_test("positive", D(2025, 12, 1)),
        drug_test("positive", D(2026, 10, 1)),
        drug_test("positive", D(2026, 6, 1), deleted=True),
    ]
    assert restarted_term_start(ep, tests) == D(2026, 4, 2)
    assert restarted_term_start(ep, []) == D(2026, 1, 15)
    assert restarted_term_start(episode("drug_user"), tests) is None


def test_positive_test_in_treatment_or_after_another_path_needs_no_decision(due):
    positive = drug_test("positive", D(2026, 3, 13))
    in_rehab = episode("voluntary_community", start_date=D(2026, 1, 5))
    assert due(tests=[positive], episodes=[in_rehab]) == [f for f in due(episodes=[in_rehab])]
    found_addicted = episode("compulsory_file", status="proposed", trigger_date=D(2026, 3, 20))
    assert FollowUpKind.DECISION not in [
        f.kind for f in due(tests=[positive], episodes=[found_addicted])
    ]
    finished = episode(
        "voluntary_community",
        status="completed",
        start_date=D(2025, 1, 5),
        actual_end=D(2025, 7, 5),
    )
    assert FollowUpKind.DECISION in [f.kind for f in due(tests=[positive], episodes=[finished])]


# ---------------------------------------------------------------- assessments and transfers


def test_pending_assessment_result_in_five_days_moved_past_tet(due):
    pending = SimpleNamespace(id="a1", requested_on=D(2026, 2, 13), result="pending", deleted=False)
    done = SimpleNamespace(id="a2", requested_on=D(2026, 2, 13), result="addicted", deleted=False)
    # 13/02 + 5 days = 18/02, inside Tết: the next working day is Monday 23/02.
    assert due(assessments=[pending, done]) == [
        FollowUp(FollowUpKind.ASSESSMENT_RESULT, D(2026, 2, 23), None, "a1")
    ]
    plain = SimpleNamespace(id="a3", requested_on=D(2026, 3, 2), result="pending", deleted=False)
    assert kinds(due(assessments=[plain])) == [
        (FollowUpKind.ASSESSMENT_RESULT, D(2026, 3, 7) + timedelta(days=2))
    ]


def test_outgoing_transfer_notice(due):
    out = SimpleNamespace(
        id="x1", direction="out", move_date=D(2026, 8, 28), notified_on=None, deleted=False
    )
    sent = SimpleNamespace(
        id="x2", direction="out", move_date=D(2026, 8, 28), notified_on=D(2026, 9, 3), deleted=False
    )
    incoming = SimpleNamespace(
        id="x3", direction="in", move_date=D(2026, 8, 28), notified_on=None, deleted=False
    )
    # 31/8 swapped off, 1–2/9 national day: the fifth working day is Wednesday 9/9.
    assert due(transfers=[out, sent, incoming]) == [
        FollowUp(FollowUpKind.TRANSFER_NOTICE, D(2026, 9, 9), None, "x1")
    ]


def test_results_are_sorted_and_accept_model_instances(cal, rules):
    person_id = "00000000-0000-0000-0000-000000000001"
    ep = models.ManagementEpisode(
        person_id=person_id,
        unit_code="17329",
        episode_type="drug_user",
        status="active",
        decision_date=D(2026, 1, 15),
    )
    t = models.DrugTest(
        person_id=person_id, unit_code="17329", test_date=D(2026, 1, 20), result="positive"
    )
    tr = models.Transfer(
        person_id=person_id,
        unit_code="17329",
        direction="out",
        from_unit_code="17329",
        to_unit_code="17380",
        move_date=D(2026, 4, 1),
    )
    result = follow_ups(
        PersonRecords(None, [ep], [t], [], [], [tr]), calendar=cal, rules=rules, today=TODAY
    )
    assert [f.kind for f in result] == [
        FollowUpKind.DECISION,
        FollowUpKind.RESIDENCE_CHECK,
        FollowUpKind.TRANSFER_NOTICE,
        FollowUpKind.EPISODE_END,
    ]
    assert result == sorted(result, key=lambda f: f.due_on)


def test_effective_planned_end_without_dates_falls_back_to_the_stored_value(rules):
    ep = episode("drug_user", planned_end=D(2026, 12, 1))
    assert effective_planned_end(ep, PersonRecords(), rules=rules) == D(2026, 12, 1)
    assert (
        effective_planned_end(
            episode("opioid_substitution", start_date=D(2026, 1, 1)), PersonRecords()
        )
        is None
    )


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=D(2022, 1, 1), max_value=D(2031, 12, 31)),
            st.sampled_from(["positive", "negative"]),
        ),
        max_size=5,
    )
)
def test_every_decision_is_due_three_working_days_after_its_test(cal, rules, raw):
    tests = [drug_test(result, when) for when, result in raw]
    result = follow_ups(PersonRecords(tests=tests), calendar=cal, rules=rules, today=TODAY)
    by_id = {t.id: t for t in tests}
    assert len(result) == sum(1 for t in tests if t.result == "positive")
    for item in result:
        assert item.kind is FollowUpKind.DECISION
        when = by_id[item.source_id].test_date
        assert cal.is_working_day(item.due_on)
        assert cal.working_days_between(when, item.due_on) == 3


# ---------------------------------------------------------------- contact outcomes


def test_an_unreported_absence_found_at_a_residence_check_moves_the_post_rehab_end(rules):
    post = episode("post_rehab", start_date=D(2026, 3, 2))
    found = contact(
        "residence_check",
        D(2026, 4, 10),
        outcome="absent_unreported",
        absence_from=D(2026, 4, 1),
        absence_to=D(2026, 4, 14),
        absence_reported=False,
    )
    detail = planned_end_detail(
        post, PersonRecords(episodes=[post], contacts=[found]), rules=rules, today=TODAY
    )
    assert (detail.end, detail.absence_days) == (D(2027, 3, 16), 14)
    # Reported, present or not recorded: the end does not move.
    for outcome in ("absent_reported", "present", None):
        other = contact("residence_check", D(2026, 4, 10), outcome=outcome)
        detail = planned_end_detail(
            post, PersonRecords(episodes=[post], contacts=[other]), rules=rules, today=TODAY
        )
        assert (detail.end, detail.absence_days) == (D(2027, 3, 2), 0)


def test_an_absence_found_at_a_check_runs_until_the_person_is_next_seen_present():
    found = contact(
        "residence_check", D(2026, 4, 10), outcome="absent_unreported", absence_reported=False
    )
    unknown = contact("residence_check", D(2026, 4, 15), outcome=None)  # proves nothing
    back = contact("residence_check", D(2026, 4, 20), outcome="present")
    assert [
        (i.first, i.last) for i in unreported_absences([found, unknown, back], today=TODAY)
    ] == [(D(2026, 4, 10), D(2026, 4, 19))]
    assert [(i.first, i.last) for i in unreported_absences([found, unknown], today=TODAY)] == [
        (D(2026, 4, 10), TODAY)
    ]
    returned = contact("return_report", D(2026, 4, 12))
    assert [(i.first, i.last) for i in unreported_absences([found, returned], today=TODAY)] == [
        (D(2026, 4, 10), D(2026, 4, 11))
    ]


def test_absences_do_not_move_types_the_data_does_not_name(rules):
    user = episode("drug_user", decision_date=D(2026, 3, 2), start_date=D(2026, 3, 2))
    found = contact(
        "residence_check",
        D(2026, 4, 10),
        outcome="absent_unreported",
        absence_from=D(2026, 4, 1),
        absence_to=D(2026, 4, 14),
    )
    detail = planned_end_detail(
        user, PersonRecords(episodes=[user], contacts=[found]), rules=rules, today=TODAY
    )
    assert (detail.end, detail.absence_days) == (D(2027, 3, 2), 0)


_OUTCOMES = st.sampled_from(["present", "absent_reported", "absent_unreported", None])


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 31)),
            st.integers(0, 60),
            _OUTCOMES,
        ),
        max_size=8,
    )
)
def test_planned_end_moves_by_each_unreported_day_inside_the_term(raw):
    start = D(2026, 3, 2)
    post = episode("post_rehab", start_date=start)
    contacts = [
        contact(
            "residence_check",
            first,
            outcome=outcome,
            absence_from=first,
            absence_to=first + timedelta(days=n),
        )
        for first, n, outcome in raw
    ]
    detail = planned_end_detail(
        post, PersonRecords(episodes=[post], contacts=contacts), today=TODAY
    )
    # Counted independently, day by day: the days of unreported absences inside the term.
    away = {
        first + timedelta(days=k)
        for first, n, outcome in raw
        if outcome == "absent_unreported"
        for k in range(n + 1)
    }
    end = D(2027, 3, 2)
    while True:
        moved = D(2027, 3, 2) + timedelta(days=sum(1 for d in away if start <= d <= end))
        if moved == end:
            break
        end = moved
    assert (detail.end, detail.absence_days) == (end, (end - D(2027, 3, 2)).days)
