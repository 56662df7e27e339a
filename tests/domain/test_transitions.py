"""Episode status transitions (nghean_tui.domain.transitions)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghean_tui.domain.enums import EpisodeStatus, StopReason
from nghean_tui.domain.issues import MESSAGES, message
from nghean_tui.domain.transitions import (
    ALLOWED,
    CLOSED,
    allowed_next,
    check_status,
    check_transition,
    is_closed,
)

PROPERTY = settings(database=None, deadline=None)
END = date(2026, 5, 1)


def codes(issues):
    return sorted(i.code for i in issues)


@pytest.mark.parametrize(
    "old, new",
    [
        (EpisodeStatus.PROPOSED, EpisodeStatus.ACTIVE),
        (EpisodeStatus.ACTIVE, EpisodeStatus.ABSCONDED),
        (EpisodeStatus.ABSCONDED, EpisodeStatus.ACTIVE),
    ],
)
def test_opening_moves_are_allowed(old, new):
    assert check_transition(old, new) == []


@pytest.mark.parametrize(
    "old, new",
    [
        (EpisodeStatus.ACTIVE, EpisodeStatus.COMPLETED),
        (EpisodeStatus.ACTIVE, EpisodeStatus.TRANSFERRED_OUT),
        (EpisodeStatus.ABSCONDED, EpisodeStatus.TRANSFERRED_OUT),
    ],
)
def test_closing_moves_need_the_actual_end(old, new):
    assert codes(check_transition(old, new)) == ["actual_end_required"]
    assert check_transition(old, new, actual_end=END) == []


@pytest.mark.parametrize(
    "old", [EpisodeStatus.PROPOSED, EpisodeStatus.ACTIVE, EpisodeStatus.ABSCONDED]
)
def test_stopping_early_needs_a_reason_and_an_end(old):
    assert codes(check_transition(old, EpisodeStatus.STOPPED_EARLY)) == [
        "actual_end_required",
        "stop_reason_required",
    ]
    assert (
        check_transition(
            old, EpisodeStatus.STOPPED_EARLY, stop_reason=StopReason.IMPRISONED, actual_end=END
        )
        == []
    )
    assert (
        check_transition(old, "stopped_early", stop_reason="dead_or_missing", actual_end=END) == []
    )


@pytest.mark.parametrize(
    "old, new",
    [
        (EpisodeStatus.PROPOSED, EpisodeStatus.COMPLETED),
        (EpisodeStatus.PROPOSED, EpisodeStatus.ABSCONDED),
        (EpisodeStatus.PROPOSED, EpisodeStatus.TRANSFERRED_OUT),
        (EpisodeStatus.ACTIVE, EpisodeStatus.PROPOSED),
        (
            EpisodeStatus.ABSCONDED,
            EpisodeStatus.COMPLETED,
        ),  # time absconded does not count toward a term
        (EpisodeStatus.ABSCONDED, EpisodeStatus.PROPOSED),
    ],
)
def test_forbidden_moves(old, new):
    issues = check_transition(old, new, actual_end=END if new in CLOSED else None)
    assert codes(issues) == ["transition_not_allowed"]
    assert issues[0].params == {"old": old, "new": new}
    assert f"«{old.vi}»" in message(issues[0])


@pytest.mark.parametrize("old", sorted(CLOSED))
@pytest.mark.parametrize("new", list(EpisodeStatus))
def test_closed_statuses_are_final(old, new):
    issues = check_transition(
        old,
        new,
        stop_reason="imprisoned" if new is EpisodeStatus.STOPPED_EARLY else None,
        actual_end=END if new in CLOSED else None,
    )
    if new is old:
        assert issues == []
    else:
        assert codes(issues) == ["status_final"]
    assert allowed_next(old) == frozenset()
    assert is_closed(old) and is_closed(old.value)


def test_field_rules_of_each_status():
    assert codes(check_status(EpisodeStatus.ACTIVE, actual_end=END)) == ["actual_end_not_allowed"]
    assert codes(check_status(EpisodeStatus.ABSCONDED, actual_end=END)) == [
        "actual_end_not_allowed"
    ]
    assert codes(
        check_status(EpisodeStatus.COMPLETED, stop_reason="imprisoned", actual_end=END)
    ) == ["stop_reason_not_allowed"]
    assert check_status("active") == []
    issue = check_status(EpisodeStatus.PROPOSED, actual_end=END)[0]
    assert issue.field == "actual_end" and "«Đề xuất»" in message(issue)


def test_unknown_status_is_a_programming_error():
    with pytest.raises(ValueError):
        check_transition("active", "paused")


@PROPERTY
@given(
    st.sampled_from(list(EpisodeStatus)),
    st.sampled_from(list(EpisodeStatus)),
    st.booleans(),
    st.booleans(),
)
def test_status_issue_iff_move_not_allowed(old, new, with_reason, with_end):
    issues = check_transition(
        old,
        new,
        stop_reason="imprisoned" if with_reason else None,
        actual_end=END if with_end else None,
    )
    status_issues = [i for i in issues if i.field == "status"]
    assert (status_issues == []) == (new is old or new in ALLOWED[old])
    assert all(i.code in MESSAGES for i in issues)
    # Field issues depend only on the new status.
    field_issues = [i for i in issues if i.field != "status"]
    assert field_issues == check_status(
        new, stop_reason="imprisoned" if with_reason else None, actual_end=END if with_end else None
    )
