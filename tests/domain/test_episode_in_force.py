"""An episode is active only with its decision number, decision date and start date; left
unchosen, its status follows from them (active when all three are there, else proposed)."""

from __future__ import annotations

from datetime import date

import pytest

from nghean_tui.domain import models
from nghean_tui.domain.validation import ACTIVE_NEEDS_DECISION, clean

TODAY = date(2026, 11, 20)
DECIDED = {
    "decision_number": "12/QĐ-UBND",
    "decision_date": "01/09/2026",
    "start_date": "01/09/2026",
}


def cleaned(**data):
    return clean(
        models.ManagementEpisode,
        {"person_id": "0191d3c4-0000-7000-8000-000000000001", "episode_type": "drug_user", **data},
        today=TODAY,
    )


@pytest.mark.parametrize("missing", sorted(DECIDED))
def test_active_without_its_decision_or_start_is_refused_on_that_field(missing):
    data = {**DECIDED, missing: ""}
    _, issues = cleaned(status="active", **data)
    assert [(i.field, i.code, i.warning) for i in issues] == [
        (missing, ACTIVE_NEEDS_DECISION, False)
    ]


def test_active_with_all_three_is_fine():
    values, issues = cleaned(status="active", **DECIDED)
    assert issues == [] and values["status"] == "active"


@pytest.mark.parametrize(
    "given, expected",
    [
        (DECIDED, "active"),
        ({"decision_date": "01/09/2026", "start_date": "01/09/2026"}, "proposed"),
        ({"decision_number": "12/QĐ-UBND"}, "proposed"),
        ({}, "proposed"),
    ],
)
@pytest.mark.parametrize("status", [None, "", "  "])
def test_an_unchosen_status_follows_from_the_decision(given, expected, status):
    data = dict(given) if status is None else {**given, "status": status}
    values, issues = cleaned(**data)
    assert values["status"] == expected
    assert not [i for i in issues if not i.warning]


def test_proposed_needs_no_decision_and_stopping_a_proposal_needs_none():
    assert cleaned(status="proposed")[1] == []
    _, issues = cleaned(status="stopped_early", stop_reason="imprisoned", actual_end="01/10/2026")
    assert not [i for i in issues if i.code == ACTIVE_NEEDS_DECISION]
