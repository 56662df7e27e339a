"""An update's warnings are about the fields it changes: a field sent again unchanged (a form
sends them all) was confirmed when it was written."""

from __future__ import annotations

from datetime import date

import pytest

from nghean_tui.domain import models
from nghean_tui.domain.validation import ValidationError
from nghean_tui.storage.records import Records

TODAY = date(2026, 11, 20)


def test_a_new_decision_on_a_running_term_does_not_warn_about_the_old_start(new_db):
    records = Records(new_db, today=lambda: TODAY)
    person = records.create(
        models.Person, {"full_name": "Lầu Bá Chống", "sex": "male", "birth_year": 1990}
    )
    form = {
        "episode_type": "drug_user",
        "decision_number": "9/QĐ-UBND",
        "decision_date": "01/06/2026",
        "start_date": "01/06/2026",
        "status": "active",
    }
    episode = records.create(models.ManagementEpisode, {"person_id": person.id, **form})
    # The restart after a positive test: a new decision, the start stays (all fields sent).
    records.update(
        models.ManagementEpisode,
        episode.id,
        {**form, "decision_number": "31/QĐ-UBND", "decision_date": "12/11/2026"},
    )
    # Moving the start itself before the decision still asks first.
    with pytest.raises(ValidationError) as caught:
        records.update(
            models.ManagementEpisode,
            episode.id,
            {
                **form,
                "decision_number": "31/QĐ-UBND",
                "decision_date": "12/11/2026",
                "start_date": "02/06/2026",
            },
        )
    assert [(i.field, i.code) for i in caught.value.issues] == [
        ("start_date", "start_before_decision")
    ]
