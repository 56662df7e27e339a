"""Record-specific rules of clean() and the cross-record age check."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from nghean_tui.domain import models
from nghean_tui.domain.validation import check_episode_for_person, clean

TODAY = date(2026, 5, 10)
PID = "00000000-0000-4000-8000-000000000001"


def issues_of(model, data, *, partial=False):
    values, issues = clean(model, data, today=TODAY, partial=partial)
    return values, [(i.field, i.code, i.warning) for i in issues]


def person(**kw):
    return {"full_name": "Lầu Bá Chống", "sex": "male", **kw}


# ---------------------------------------------------------------- people


def test_birth_year_follows_the_birth_date():
    values, issues = issues_of(models.Person, person(birth_date="05/03/1990"))
    assert issues == [] and values["birth_year"] == 1990
    values, issues = issues_of(models.Person, person(birth_date="05/03/1990", birth_year="1990"))
    assert issues == []
    _, issues = issues_of(models.Person, person(birth_date="05/03/1990", birth_year="1991"))
    assert issues == [("birth_year", "birth_year_mismatch", False)]
    values, issues = issues_of(models.Person, {"birth_date": "05/03/1990"}, partial=True)
    assert issues == [] and values["birth_year"] == 1990


def test_a_birth_date_or_year_is_required():
    _, issues = issues_of(models.Person, person())
    assert issues == [("birth_date", "birth_required", False)]
    _, issues = issues_of(models.Person, person(birth_year="1985"))
    assert issues == []
    _, issues = issues_of(models.Person, {"birth_date": "", "birth_year": ""}, partial=True)
    assert issues == [("birth_date", "birth_required", False)]
    assert issues_of(models.Person, {"full_name": "A"}, partial=True)[1] == []


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"birth_date": "11/05/2026"}, ("birth_date", "date_in_future", False)),
        ({"birth_year": "2027"}, ("birth_year", "birth_year_implausible", False)),
        ({"birth_year": "1899"}, ("birth_year", "birth_year_implausible", False)),
        ({"birth_year": "199O"}, ("birth_year", "not_integer", False)),
    ],
)
def test_implausible_births(data, expected):
    _, issues = issues_of(models.Person, person(**data))
    assert expected in issues


def test_citizen_id_is_cross_checked_with_sex_and_birth_year():
    values, issues = issues_of(
        models.Person, person(birth_year="1990", citizen_id="040 090 012345")
    )
    assert issues == [] and values["citizen_id"] == "040090012345"
    _, issues = issues_of(
        models.Person, person(sex="female", birth_date="01/01/1991", citizen_id="040090012345")
    )
    assert issues == [
        ("citizen_id", "citizen_id_sex_mismatch", True),
        ("citizen_id", "citizen_id_birth_year_mismatch", True),
    ]
    _, issues = issues_of(models.Person, person(birth_year="1990", citizen_id="123090012345"))
    assert issues == [("citizen_id", "citizen_id_unknown_province", True)]
    _, issues = issues_of(models.Person, person(birth_year="1990", citizen_id="04009001234"))
    assert issues == [("citizen_id", "citizen_id_invalid", False)]
    _, issues = issues_of(models.Person, person(birth_year="1990", legacy_id="18612345"))
    assert issues == [("legacy_id", "legacy_id_invalid", False)]


def test_phones_of_people_officers_and_sources():
    values, issues = issues_of(models.Person, person(birth_year="1990", phone="+84 912.345.678"))
    assert (values["phone"], issues) == ("0912345678", [])
    _, issues = issues_of(models.Officer, {"full_name": "Vi Văn Tuấn", "phone": "12345"})
    assert issues == [("phone", "phone_invalid", False)]
    values, issues = issues_of(models.TipSource, {"tip_id": PID, "source_phone": "0238.3844.555"})
    assert (values["source_phone"], issues) == ("02383844555", [])


def test_single_line_fields_refuse_line_breaks_but_notes_keep_them():
    values, issues = issues_of(models.Person, person(birth_year="1990", full_name="Lầu\nChống"))
    assert issues == [("full_name", "control_characters", False)]
    values, issues = issues_of(
        models.Person, person(birth_year="1990", notes="Dòng 1\r\n  Dòng 2  ")
    )
    assert (values["notes"], issues) == ("Dòng 1\nDòng 2", [])
    values, issues = issues_of(
        models.Tip,
        {
            "received_on": "09/05/2026",
            "channel": "phone",
            "content": "  Có người lạ\nở bản Huồi Mới  ",
        },
    )
    assert (values["content"], issues) == ("Có người lạ\nở bản Huồi Mới", [])


# ---------------------------------------------------------------- episodes


def episode(**kw):
    return {"person_id": PID, "episode_type": "drug_user", **kw}


def test_episode_status_fields():
    _, issues = issues_of(
        models.ManagementEpisode, episode(status="stopped_early", actual_end="01/05/2026")
    )
    assert issues == [("stop_reason", "stop_reason_required", False)]
    _, issues = issues_of(
        models.ManagementEpisode,
        episode(
            status="stopped_early", stop_reason="Chấp hành án phạt tù", actual_end="01/05/2026"
        ),
    )
    assert issues == []
    _, issues = issues_of(models.ManagementEpisode, episode(status="completed"))
    assert issues == [("actual_end", "actual_end_required", False)]
    _, issues = issues_of(
        models.ManagementEpisode, episode(actual_end="01/05/2026")
    )  # status defaults to active
    assert issues == [("actual_end", "actual_end_not_allowed", False)]
    # A partial update checks only what it touches.
    assert issues_of(models.ManagementEpisode, {"status": "completed"}, partial=True)[1] == []
    _, issues = issues_of(
        models.ManagementEpisode, {"status": "completed", "actual_end": ""}, partial=True
    )
    assert issues == [("actual_end", "actual_end_required", False)]


def test_episode_dates():
    _, issues = issues_of(
        models.ManagementEpisode, episode(decision_date="10/03/2026", start_date="05/03/2026")
    )
    assert issues == [("start_date", "start_before_decision", True)]
    # Post-rehabilitation starts when rehabilitation ended, before its decision.
    _, issues = issues_of(
        models.ManagementEpisode,
        episode(episode_type="post_rehab", decision_date="10/03/2026", start_date="05/03/2026"),
    )
    assert issues == []
    _, issues = issues_of(models.ManagementEpisode, episode(decision_date="11/05/2026"))
    assert issues == [("decision_date", "date_in_future", False)]


@pytest.mark.parametrize(
    "etype, months, expected",
    [
        ("voluntary_community", "9", None),
        ("voluntary_community", "13", "term_out_of_range"),
        ("compulsory_adult", "24", None),
        ("compulsory_adult", "25", "term_out_of_range"),
        ("compulsory_minor", "5", "term_out_of_range"),
        ("drug_user", "13", "term_fixed"),
        ("post_rehab", "12", None),
        ("post_rehab", "24", None),  # after adult compulsory rehabilitation
        ("post_rehab", "18", "term_fixed_or_exception"),
        ("opioid_substitution", "12", "term_not_applicable"),
    ],
)
def test_term_months_against_the_legal_range(etype, months, expected):
    # An error, not a warning: a term outside the law cannot be "saved anyway".
    _, issues = issues_of(
        models.ManagementEpisode,
        episode(episode_type=etype, term_months=months, start_date="01/05/2026"),
    )
    assert issues == ([] if expected is None else [("term_months", expected, False)])


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "vi",
            ["từ 6 đến 12 tháng", "khoản 2 Điều 30 Luật Phòng, chống ma túy 2021 (73/2021/QH14)"],
        ),
        (
            "en",
            ["6 to 12 months", "Law on Drug Prevention and Control 2021 (73/2021/QH14) art. 30(2)"],
        ),
    ],
)
def test_a_refused_term_names_the_range_and_its_legal_source(lang, expected):
    from nghean_tui.domain.issues import message

    _, issues = clean(
        models.ManagementEpisode,
        episode(episode_type="voluntary_community", term_months="13", start_date="01/05/2026"),
        today=TODAY,
    )
    (issue,) = [i for i in issues if i.field == "term_months"]
    text = message(issue, lang)
    assert all(part in text for part in expected), text


def test_the_post_rehab_refusal_names_the_two_year_exception():
    from nghean_tui.domain.issues import message

    _, issues = clean(
        models.ManagementEpisode,
        episode(episode_type="post_rehab", term_months="18", start_date="01/05/2026"),
        today=TODAY,
    )
    text = message(issues[0], "vi")
    assert "12 tháng" in text and "24 tháng" in text and "Điều 40" in text, text


# ---------------------------------------------------------------- other records


def test_drug_test_substances():
    base = {"person_id": PID, "test_date": "09/05/2026", "result": "positive"}
    values, issues = issues_of(
        models.DrugTest, {**base, "substances": "heroin; Ma túy đá (methamphetamine), HEROIN"}
    )
    assert (values["substances"], issues) == ("heroin,meth", [])
    values, issues = issues_of(models.DrugTest, {**base, "substances": ["cannabis", "opium"]})
    assert values["substances"] == "cannabis,opium"
    _, issues = issues_of(models.DrugTest, {**base, "substances": "heroin, cỏ lào"})
    assert issues == [("substances", "invalid_substance", False)]
    _, issues = issues_of(models.DrugTest, base)
    assert issues == [("substances", "positive_without_substance", True)]
    _, issues = issues_of(
        models.DrugTest, {**base, "result": "negative", "substances": "meth", "relapse": "có"}
    )
    assert issues == [
        ("substances", "substances_on_negative", True),
        ("relapse", "relapse_without_positive", True),
    ]


def test_assessment_result_dates():
    base = {"person_id": PID, "requested_on": "02/05/2026"}
    assert issues_of(models.AddictionAssessment, base)[1] == []
    assert issues_of(models.AddictionAssessment, {**base, "result_on": "07/05/2026"})[1] == [
        ("result_on", "result_date_while_pending", True)
    ]
    assert issues_of(models.AddictionAssessment, {**base, "result": "addicted"})[1] == [
        ("result_on", "result_date_missing", True)
    ]
    assert (
        issues_of(
            models.AddictionAssessment,
            {**base, "result": "not_addicted", "result_on": "07/05/2026"},
        )[1]
        == []
    )


def test_contact_absences():
    base = {"person_id": PID, "contact_date": "09/05/2026"}
    assert issues_of(models.Contact, {**base, "kind": "absence"})[1] == [
        ("absence_from", "absence_from_required", True),
        ("outcome", "required", False),
    ]
    # Whether an absence was reported decides whether it counts toward the term: never assumed.
    assert issues_of(models.Contact, {**base, "kind": "absence", "absence_from": "01/05/2026"})[
        1
    ] == [("outcome", "required", False)]
    # An absence announced in advance may lie in the future.
    assert (
        issues_of(
            models.Contact,
            {**base, "kind": "absence", "absence_from": "20/05/2026", "absence_reported": "không"},
        )[1]
        == []
    )
    assert issues_of(models.Contact, {**base, "kind": "counselling", "absence_to": "01/05/2026"})[
        1
    ] == [("absence_from", "absence_fields_unused", True)]


def test_contact_outcomes():
    base = {"person_id": PID, "contact_date": "09/05/2026", "kind": "residence_check"}
    # Not chosen is unknown: never stored as "present".
    values, issues = issues_of(models.Contact, base)
    assert issues == [] and values.get("outcome") is None and values.get("absence_reported") is None
    values, issues = issues_of(models.Contact, {**base, "outcome": "present"})
    assert issues == [] and values["outcome"] == "present"
    # Found absent: absence_reported follows the outcome, the absence dates count.
    values, issues = issues_of(
        models.Contact, {**base, "outcome": "absent_unreported", "absence_from": "02/05/2026"}
    )
    assert issues == [] and (values["outcome"], values["absence_reported"]) == (
        "absent_unreported",
        False,
    )
    values, _ = issues_of(
        models.Contact, {**base, "outcome": "Vắng mặt, có khai báo"}
    )  # a label, typed
    assert (values["outcome"], values["absence_reported"]) == ("absent_reported", True)
    assert issues_of(models.Contact, {**base, "outcome": "present", "absence_from": "02/05/2026"})[
        1
    ] == [("absence_from", "absence_fields_unused", True)]
    assert issues_of(models.Contact, {**base, "outcome": "maybe"})[1] == [
        ("outcome", "invalid_choice", False)
    ]
    assert issues_of(
        models.Contact, {**base, "kind": "return_report", "outcome": "absent_reported"}
    )[1] == [("outcome", "outcome_absent_on_return", False)]
    absence = {**base, "kind": "absence", "absence_from": "01/05/2026"}
    assert issues_of(models.Contact, {**absence, "outcome": "present"})[1] == [
        ("outcome", "outcome_not_absent", False)
    ]
    # An absence given only the old flag gets the matching outcome.
    values, issues = issues_of(models.Contact, {**absence, "absence_reported": "không"})
    assert issues == [] and values["outcome"] == "absent_unreported"


def test_transfers():
    base = {
        "person_id": PID,
        "direction": "out",
        "from_unit_code": "17329",
        "to_unit_code": "17380",
        "move_date": "04/05/2026",
    }
    assert issues_of(models.Transfer, base)[1] == []
    assert issues_of(models.Transfer, {**base, "to_unit_code": "17329"})[1] == [
        ("to_unit_code", "same_unit", False)
    ]
    assert issues_of(models.Transfer, {**base, "to_unit_code": "1738"})[1] == [
        ("to_unit_code", "unit_code_invalid", False)
    ]
    assert issues_of(models.Transfer, {**base, "notified_on": "01/05/2026"})[1] == [
        ("notified_on", "notified_before_move", True)
    ]


def test_hotspot_status_and_date():
    base = {"name": "Bãi đất trống", "kind": "gathering", "found_on": "01/02/2026"}
    assert issues_of(models.Hotspot, {**base, "status": "eliminated"})[1] == [
        ("eliminated_on", "eliminated_date_missing", True)
    ]
    assert issues_of(models.Hotspot, {**base, "eliminated_on": "01/03/2026"})[1] == [
        ("eliminated_on", "eliminated_date_without_status", True)
    ]
    assert (
        issues_of(
            models.Hotspot, {**base, "status": "Đã triệt xóa", "eliminated_on": "01/03/2026"}
        )[1]
        == []
    )


def test_units():
    assert (
        issues_of(models.Unit, {"code": "17329", "name": "Xã Anh Sơn", "province_code": "40"})[1]
        == []
    )
    assert issues_of(models.Unit, {"code": "1732", "name": "X", "province_code": "040"})[1] == [
        ("code", "unit_code_invalid", False),
        ("province_code", "province_code_invalid", False),
    ]


# ---------------------------------------------------------------- ages across records


@pytest.mark.parametrize(
    "etype, born, expected",
    [
        ("compulsory_minor", date(2012, 5, 1), None),  # 14
        ("compulsory_minor", date(2014, 5, 2), "age_below_min"),  # 11, turns 12 the next day
        ("compulsory_minor", date(2014, 5, 1), None),  # 12 on the day
        ("compulsory_minor", date(2008, 5, 1), "age_above_max"),  # 18
        ("compulsory_minor", date(2008, 5, 2), None),  # 17 until tomorrow
        ("compulsory_adult", date(2008, 5, 2), "age_below_min"),
        ("compulsory_adult", date(1990, 1, 1), None),
        ("voluntary_community", date(2015, 1, 1), "age_below_min"),
        ("drug_user", date(2016, 1, 1), None),  # no age rule in the data
    ],
)
def test_age_conditions_on_the_start_date(etype, born, expected):
    ep = {"episode_type": etype, "start_date": date(2026, 5, 1)}
    issues = check_episode_for_person(
        ep, SimpleNamespace(birth_date=born, birth_year=born.year), today=TODAY
    )
    assert [i.code for i in issues] == ([] if expected is None else [expected])
    assert all(not i.warning for i in issues)


def test_age_with_only_a_birth_year():
    ep = SimpleNamespace(
        episode_type="compulsory_minor", start_date=date(2026, 5, 1), decision_date=None
    )
    uncertain = check_episode_for_person(ep, {"birth_date": None, "birth_year": 2008}, today=TODAY)
    assert [(i.code, i.warning, i.params) for i in uncertain] == [
        ("age_uncertain", True, {"low": 17, "high": 18})
    ]
    assert check_episode_for_person(ep, {"birth_year": 2012}, today=TODAY) == []
    too_old = check_episode_for_person(ep, {"birth_year": 2000}, today=TODAY)
    assert [(i.code, i.warning) for i in too_old] == [("age_above_max", False)]
    assert check_episode_for_person(ep, {}, today=TODAY) == []
