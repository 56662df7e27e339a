"""Legal terms are enforced on every write path; contacts record whether the person was there,
and unreported absences move a post-rehabilitation term."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from nghean_tui.domain import models
from nghean_tui.domain.validation import ValidationError
from nghean_tui.storage.records import Records

TODAY = date(2026, 5, 20)


@pytest.fixture
def records(new_db):
    return Records(new_db, today=lambda: TODAY)


@pytest.fixture
def person(records):
    hamlet = records.create(models.Hamlet, {"name": "Bản Na Ngoi", "kind": "ban"})
    return records.create(
        models.Person,
        {"full_name": "Vi Văn Tám", "sex": "male", "birth_year": "1988", "hamlet_id": hamlet.id},
    )


def _voluntary(person, months):
    return {
        "person_id": person.id,
        "episode_type": "voluntary_community",
        "decision_number": "3/QĐ-UBND",
        "decision_date": "01/03/2026",
        "start_date": "01/03/2026",
        "term_months": months,
    }


def test_a_term_outside_the_law_is_refused_even_when_warnings_are_confirmed(
    records, person, new_db
):
    with pytest.raises(ValidationError) as err:
        records.create(models.ManagementEpisode, _voluntary(person, "13"), confirm_warnings=True)
    assert [(i.field, i.code) for i in err.value.errors] == [("term_months", "term_out_of_range")]
    with new_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM management_episode")).scalar_one() == 0


def test_an_update_to_a_term_outside_the_law_is_refused(records, person):
    episode = records.create(models.ManagementEpisode, _voluntary(person, "9"))
    with pytest.raises(ValidationError):
        records.update(
            models.ManagementEpisode, episode.id, {"term_months": "14"}, confirm_warnings=True
        )
    assert records.get(models.ManagementEpisode, episode.id).term_months == 9


def _store_out_of_range(new_db, episode_id):
    # As a row saved before the range was enforced (or merged from a bundle) would be.
    with new_db.engine.begin() as conn:
        conn.execute(
            text("UPDATE management_episode SET term_months = 18 WHERE id = :id"),
            {"id": episode_id},
        )


def test_a_stored_term_outside_the_law_is_kept_and_the_episode_can_still_be_closed(
    records, person, new_db
):
    episode = records.create(models.ManagementEpisode, _voluntary(person, "9"))
    records.update(models.ManagementEpisode, episode.id, {"status": "active"})
    _store_out_of_range(new_db, episode.id)
    records.update(
        models.ManagementEpisode, episode.id, {"status": "completed", "actual_end": "15/05/2026"}
    )
    closed = records.get(models.ManagementEpisode, episode.id)
    assert (closed.status, closed.term_months) == ("completed", 18)


def test_check_lists_stored_terms_outside_the_law(records, person, new_db):
    from nghean_tui.storage.health import run_checks

    episode = records.create(models.ManagementEpisode, _voluntary(person, "9"))
    by_name = {r.name: r for r in run_checks(new_db, new_db.vault)}
    assert by_name["episode_terms"].ok
    _store_out_of_range(new_db, episode.id)
    result = {r.name: r for r in run_checks(new_db, new_db.vault)}["episode_terms"]
    assert (result.ok, result.warning) == (False, True)
    assert episode.id in result.detail


# ---------------------------------------------------------------- contact outcomes


def _post_rehab(records, person):
    return records.create(
        models.ManagementEpisode,
        {
            "person_id": person.id,
            "episode_type": "post_rehab",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "05/03/2026",
            "start_date": "02/03/2026",
        },
    )


def _check(records, person, **values):
    return records.create(
        models.Contact,
        {"person_id": person.id, "kind": "residence_check", "contact_date": "10/04/2026", **values},
    )


def test_a_residence_check_outcome_is_stored_as_chosen_and_unknown_when_not(
    records, person, new_db
):
    unknown = _check(records, person)
    present = _check(records, person, outcome="present")
    with new_db.engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT id, outcome FROM contact")).all())
    assert stored == {unknown.id: None, present.id: "present"}


def test_an_unreported_absence_at_a_check_moves_the_stored_planned_end(records, person):
    episode = _post_rehab(records, person)
    assert episode.planned_end == date(2027, 3, 2)
    found = _check(
        records,
        person,
        outcome="absent_unreported",
        absence_from="01/04/2026",
        absence_to="14/04/2026",
    )
    assert found.absence_reported is False
    assert records.get(models.ManagementEpisode, episode.id).planned_end == date(2027, 3, 16)
    # Corrected to "reported": the absence no longer counts, and the flag follows the outcome.
    records.update(models.Contact, found.id, {"outcome": "absent_reported"})
    assert records.get(models.Contact, found.id).absence_reported is True
    assert records.get(models.ManagementEpisode, episode.id).planned_end == date(2027, 3, 2)
