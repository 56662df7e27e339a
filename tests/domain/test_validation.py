"""Form input: parsing (nghean_tui.domain.parsing) and clean() (nghean_tui.domain.validation)."""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Date, Integer, Time

from nghean_tui.domain import models
from nghean_tui.domain.enums import EpisodeStatus, Sex
from nghean_tui.domain.issues import Issue, ValidationError, message, raise_for_errors
from nghean_tui.domain.parsing import (
    ParseError,
    clean_line,
    clean_multiline,
    parse_bool,
    parse_date,
    parse_int,
    parse_time,
)
from nghean_tui.domain.validation import MESSAGES, SYSTEM_FIELDS, clean

PROPERTY = settings(database=None, deadline=None)
TODAY = date(2026, 5, 10)
PID = "00000000-0000-4000-8000-000000000001"
ALL_MODELS = (models.Unit, *models.SYNCED_TABLES)


def codes(issues, *, warnings=None):
    return sorted(i.code for i in issues if warnings is None or i.warning is warnings)


def minimal(model) -> dict:
    """The smallest valid input for ``model``, built from its metadata."""
    data = {}
    for name, info in model.model_fields.items():
        column = model.__table__.columns.get(name)
        if name in SYSTEM_FIELDS or column is None or not info.is_required():
            continue
        enum = column.info.get("enum")
        if isinstance(column.type, Date):
            data[name] = "01/05/2026"
        elif enum is not None:
            data[name] = next(iter(enum)).value
        elif column.foreign_keys:
            data[name] = PID
        elif name.endswith("unit_code") or name == "code":
            data[name] = "17329"
        else:
            data[name] = "Xóm 2"
    if model is models.Person:
        data["birth_year"] = "1990"
    if model is models.Transfer:
        data["to_unit_code"] = "17380"
    if model is models.DrugTest:
        data["result"] = "negative"
    return data


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("15/03/2026", date(2026, 3, 15)),
        ("5/3/2026", date(2026, 3, 5)),
        (" 05.03.2026 ", date(2026, 3, 5)),
        ("5-3-2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 3, 5)),
    ],
)
def test_dates_as_typed(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw", ["31/02/2026", "15/13/2026", "15/03/26", "2026/03/15", "hôm qua", "", 20260315]
)
def test_bad_dates(raw):
    with pytest.raises(ParseError) as exc:
        parse_date(raw)
    assert exc.value.code == "date_invalid"


def test_dates_before_1900_are_refused():
    with pytest.raises(ParseError) as exc:
        parse_date("01/01/1899")
    assert (exc.value.code, exc.value.params) == ("date_too_early", {"min_year": 1900})


@PROPERTY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_round_trips_through_its_typed_forms(d):
    assert parse_date(d.strftime("%d/%m/%Y")) == d
    assert parse_date(f"{d.day}/{d.month}/{d.year}") == d
    assert parse_date(d.isoformat()) == d


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("07:30", time(7, 30)),
        ("7:30", time(7, 30)),
        ("21h15", time(21, 15)),
        ("21h", time(21, 0)),
        ("23:59:59", time(23, 59, 59)),
        (time(6, 0), time(6, 0)),
    ],
)
def test_times(raw, expected):
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["24:00", "12:60", "7.30", "noon", "7:5"])
def test_bad_times(raw):
    with pytest.raises(ParseError):
        parse_time(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12", 12),
        (" 7 ", 7),
        ("18.000.000", 18_000_000),
        ("18,000,000", 18_000_000),
        ("1 200", 1200),
        (5, 5),
        (3.0, 3),
        ("-4", -4),
    ],
)
def test_integers(raw, expected):
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["1.5", "12a", "1.50.000", True, 2.5, "١٢"])
def test_bad_integers(raw):
    with pytest.raises(ParseError):
        parse_int(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [("có", True), ("Không", False), ("x", True), ("false", False), (1, True), (False, False)],
)
def test_booleans(raw, expected):
    assert parse_bool(raw) is expected


def test_text_rules():
    assert clean_line("  Lò   Văn\u00a0Pây ") == "Lò Văn Pây"
    assert clean_line(unicodedata.normalize("NFD", "Hồ")) == "Hồ"
    for bad in ("dòng 1\ndòng 2", "a\x00b", "zero\u200bwidth", "bell\x07"):
        with pytest.raises(ParseError):
            clean_line(bad)
    text = "\r\n  Dòng một  \r\n\tdòng hai\n\n" + unicodedata.normalize("NFD", "  Đức ") + "\n\n"
    assert clean_multiline(text) == "Dòng một\ndòng hai\n\nĐức"
    with pytest.raises(ParseError):
        clean_multiline("ok\x1b[31m")


@PROPERTY
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs")), max_size=50
    )
)
def test_clean_line_is_nfc_and_idempotent(text):
    once = clean_line(text)
    assert unicodedata.is_normalized("NFC", once)
    assert clean_line(once) == once


@PROPERTY
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cf", "Zl", "Zp", "Cs"), blacklist_characters="\x00\x07\x1b"
        ),
        max_size=80,
    )
)
def test_clean_multiline_keeps_each_line_normalised(text):
    try:
        result = clean_multiline(text)
    except ParseError:
        return  # some other control character
    assert clean_multiline(result) == result
    assert all(
        line == line.strip() and unicodedata.is_normalized("NFC", line)
        for line in result.split("\n")
    )


# ---------------------------------------------------------------- clean(): generic


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_table_accepts_its_minimal_record(model):
    values, issues = clean(model, minimal(model), today=TODAY)
    assert [i for i in issues if not i.warning] == []
    for name, value in values.items():
        column = model.__table__.columns[name]
        if isinstance(column.type, Date):
            assert isinstance(value, date)
        elif isinstance(column.type, (Integer, Boolean, Time)):
            assert value is None or not isinstance(value, str)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_required_field_is_reported_and_partial_skips_them(model):
    required = {
        n for n, f in model.model_fields.items() if f.is_required() and n not in SYSTEM_FIELDS
    }
    _, issues = clean(model, {}, today=TODAY)
    assert {i.field for i in issues if i.code == "required"} == required
    assert clean(model, {}, today=TODAY, partial=True) == ({}, [])


def test_lengths_come_from_the_columns():
    ok, issues = clean(models.Hamlet, {"name": "Đ" * 100, "kind": "ban"}, today=TODAY)
    assert issues == [] and len(ok["name"]) == 100
    _, issues = clean(models.Hamlet, {"name": "Đ" * 101, "kind": "ban"}, today=TODAY)
    assert [(i.code, i.params) for i in issues] == [("too_long", {"max": 100, "length": 101})]
    # Length is counted after NFC: a decomposed name is not longer than it looks.
    _, issues = clean(
        models.Hamlet, {"name": unicodedata.normalize("NFD", "Ố" * 100), "kind": "ban"}, today=TODAY
    )
    assert issues == []


def test_empty_input_means_none_or_default():
    values, issues = clean(
        models.Person,
        {
            **minimal(models.Person),
            "phone": "  ",
            "address": "",
            "ethnicity": "",
            "stable_residence": "",
            "citizen_id": None,
        },
        today=TODAY,
    )
    assert issues == []
    assert values["phone"] is None and values["citizen_id"] is None
    assert (
        values["address"] == ""
        and values["ethnicity"] is None
        and values["stable_residence"] is True
    )
    _, issues = clean(models.Person, {**minimal(models.Person), "full_name": "   "}, today=TODAY)
    assert codes(issues) == ["required"]


def test_unknown_and_system_fields():
    values, issues = clean(
        models.Hamlet,
        {"name": "Bản Na", "kind": "ban", "colour": "red", "id": "keep-me", "deleted": False},
        today=TODAY,
    )
    assert [(i.field, i.code) for i in issues] == [("colour", "unknown_field")]
    assert values["id"] == "keep-me" and values["deleted"] is False


def test_enums_accept_codes_members_and_labels():
    for raw in ("female", Sex.FEMALE, "Nữ", "nu", "FEMALE", "Female"):
        values, issues = clean(models.Person, {**minimal(models.Person), "sex": raw}, today=TODAY)
        assert (values["sex"], issues) == ("female", [])
    _, issues = clean(models.Person, {**minimal(models.Person), "sex": "unknown"}, today=TODAY)
    assert [(i.code, i.params) for i in issues] == [("invalid_choice", {"value": "unknown"})]


def test_references_must_be_ids():
    _, issues = clean(
        models.Contact, {**minimal(models.Contact), "person_id": "Nguyễn Văn A"}, today=TODAY
    )
    assert codes(issues) == ["invalid_reference"]


def test_numbers_are_never_negative():
    _, issues = clean(
        models.SupportRecord, {**minimal(models.SupportRecord), "amount_vnd": "-5"}, today=TODAY
    )
    assert codes(issues) == ["negative"]
    values, issues = clean(
        models.SupportRecord,
        {**minimal(models.SupportRecord), "amount_vnd": "18.000.000"},
        today=TODAY,
    )
    assert (values["amount_vnd"], issues) == (18_000_000, [])


def test_event_dates_cannot_be_in_the_future_but_plans_can():
    _, issues = clean(models.Patrol, {"patrol_date": "11/05/2026"}, today=TODAY, partial=True)
    assert [(i.code, i.params) for i in issues] == [("date_in_future", {"today": TODAY})]
    assert "10/05/2026" in message(issues[0])
    _, issues = clean(
        models.ManagementEpisode,
        {"start_date": "01/06/2026", "planned_end": "01/06/2027"},
        today=TODAY,
        partial=True,
    )
    assert issues == []


@pytest.mark.parametrize(
    "model, first, last",
    [
        (models.ManagementEpisode, "start_date", "actual_end"),
        (models.Contact, "absence_from", "absence_to"),
        (models.TeamMember, "joined_on", "left_on"),
        (models.Team, "established_on", "dissolved_on"),
        (models.Hotspot, "found_on", "eliminated_on"),
        (models.AddictionAssessment, "requested_on", "result_on"),
    ],
)
def test_date_pairs_must_be_in_order(model, first, last):
    _, issues = clean(model, {first: "05/04/2026", last: "04/04/2026"}, today=TODAY, partial=True)
    assert [(i.field, i.code) for i in issues] == [(last, "date_before")]
    _, issues = clean(model, {first: "05/04/2026", last: "05/04/2026"}, today=TODAY, partial=True)
    assert [i for i in issues if i.code == "date_before"] == []


def test_patrol_past_midnight_only_warns():
    values, issues = clean(
        models.Patrol, {"start_time": "22h", "end_time": "02:30"}, today=TODAY, partial=True
    )
    assert values["end_time"] == time(2, 30)
    assert [(i.code, i.warning) for i in issues] == [("end_time_before_start", True)]


def test_validation_error_carries_the_issues():
    raise_for_errors([Issue("x", "negative", warning=True)])  # warnings never raise
    with pytest.raises(ValidationError) as exc:
        raise_for_errors([Issue("a", "required"), Issue("b", "negative", warning=True)])
    assert [i.field for i in exc.value.issues] == ["a", "b"]
    assert [i.field for i in exc.value.errors] == ["a"]


# ---------------------------------------------------------------- the message catalogue


def _codes_in_source() -> set[str]:
    """Codes raised by the rules (domain/) and by the records service (storage/)."""
    package = Path(__file__).resolve().parents[2] / "nghean_tui"
    found = set()
    for path in [*(package / "domain").glob("*.py"), *(package / "storage").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'Issue\(\s*[^,()]+,\s*"([a-z_]+)"', text))
        found |= set(re.findall(r'ParseError\("([a-z_]+)"', text))
        found |= set(re.findall(r'code = "([a-z_]+)" if', text))
        found |= set(re.findall(r'code = "[a-z_]+" if [^\n]* else "([a-z_]+)"\n', text))
    return found


def test_every_code_in_the_source_has_a_message_and_every_message_is_used():
    used = _codes_in_source()
    assert used - set(MESSAGES) == set()
    assert set(MESSAGES) - used == set()


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_messages_are_bilingual_with_matching_placeholders(code):
    vi, en = MESSAGES[code]
    names = lambda text: set(re.findall(r"\{(\w+)\}", text))  # noqa: E731
    assert names(vi) == names(en)
    assert not vi.isascii(), "Vietnamese text needs its diacritics"
    assert en.isascii() or "Nghệ An" in en or "«" in en
    assert (vi[0].isupper() or vi[0] == "«") and vi.rstrip()[-1] in ".!?"
    params = {n: "X" for n in names(vi)}
    assert "{" not in message(Issue("f", code, params), "vi")
    assert "{" not in message(Issue("f", code, params), "en")


def test_message_renders_enums_and_dates_per_language():
    issue = Issue(
        "status",
        "transition_not_allowed",
        {"old": EpisodeStatus.ACTIVE, "new": EpisodeStatus.PROPOSED},
    )
    assert message(issue) == "Không thể chuyển trạng thái từ «Đang quản lý» sang «Đề xuất»."
    assert message(issue, "en") == "The status cannot change from «Active» to «Proposed»."
    assert message(Issue("x", "no_such_code")) == "no_such_code"


@PROPERTY
@given(
    st.dictionaries(
        st.sampled_from(sorted(models.Person.model_fields)),
        st.text(string.printable, max_size=30),
        max_size=8,
    )
)
def test_clean_never_crashes_and_only_emits_catalogued_codes(data):
    _, issues = clean(models.Person, data, today=TODAY, partial=True)
    assert all(i.code in MESSAGES for i in issues)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_clean_is_idempotent_on_its_own_output(model):
    values, issues = clean(model, minimal(model), today=TODAY)
    again, issues_again = clean(model, values, today=TODAY)
    assert again == values
    assert codes(issues_again) == codes(issues)


from nghean_tui.domain.validation import errors  # noqa: E402

# ---------------------------------------------------------------- choices never defaulted

# Choices the officer may not know: empty is stored as unknown (None).
UNKNOWABLE = (
    (models.Person, "ethnicity"),
    (models.DrugTest, "reason"),
    (models.DrugTest, "sample"),
)
# Choices a record cannot be without: empty is refused, whatever path the record comes by.
REQUIRED_CHOICES = (
    (models.Hamlet, "kind"),
    (models.Transfer, "direction"),
    (models.Team, "kind"),
    (models.TeamMember, "role"),
    (models.Patrol, "kind"),
    (models.PatrolParticipant, "kind"),
    (models.Tip, "channel"),
    (models.Person, "sex"),
    (models.DrugTest, "result"),
    (models.ManagementEpisode, "episode_type"),
    (models.EpisodeTeamMember, "role"),
    (models.Contact, "kind"),
    (models.SupportRecord, "kind"),
    (models.TeamActivity, "kind"),
    (models.PatrolFinding, "category"),
    (models.Hotspot, "kind"),
)
# States the system sets itself on a new record (it knows them): the only enum defaults.
INITIAL_STATES = {
    (models.Unit, "kind"): "xa",
    (models.AddictionAssessment, "result"): "pending",
    (models.Hotspot, "status"): "active",
    (models.Tip, "status"): "received",
    (models.ManagementEpisode, "status"): "proposed",
}  # active only once decided


@pytest.mark.parametrize("model, name", UNKNOWABLE)
@pytest.mark.parametrize("empty", ["", "   ", None])
def test_an_unchosen_optional_choice_is_unknown_not_a_default(model, name, empty):
    values, issues = clean(model, {**minimal(model), name: empty}, today=TODAY)
    assert (values[name], errors(issues)) == (None, [])
    values, issues = clean(model, minimal(model), today=TODAY)  # not given at all
    assert errors(issues) == [] and name not in values
    assert getattr(model(**{k: v for k, v in values.items()}), name) is None


@pytest.mark.parametrize("model, name", REQUIRED_CHOICES)
def test_an_unchosen_required_choice_is_refused(model, name):
    assert name in minimal(model)  # the model itself says it is required
    _, issues = clean(model, {**minimal(model), name: ""}, today=TODAY)
    assert (name, "required") in [(i.field, i.code) for i in errors(issues)]
    data = minimal(model)
    del data[name]
    _, issues = clean(model, data, today=TODAY)
    assert (name, "required") in [(i.field, i.code) for i in errors(issues)]


def test_every_enum_default_is_a_known_initial_state():
    """No enumerated column falls back to a value nobody chose, except the listed states."""
    found = {}
    for model in (models.Unit, *models.SYNCED_TABLES):
        for name, info in model.model_fields.items():
            if (
                models.enum_of(model, name) is not None
                and not info.is_required()
                and info.get_default() is not None
            ):
                found[(model, name)] = info.get_default()
    assert found == INITIAL_STATES


ENUM_COLUMNS = [
    (model, name)
    for model in models.SYNCED_TABLES
    for name in model.model_fields
    if models.enum_of(model, name) is not None
]


@st.composite
def _submission(draw):
    """A record as a form sends it: some choices picked, the others untouched (absent, or
    sent empty as a blank select sends them)."""
    model = draw(st.sampled_from(sorted({m for m, _ in ENUM_COLUMNS}, key=lambda m: m.__name__)))
    names = [n for m, n in ENUM_COLUMNS if m is model]
    picked = draw(st.sets(st.sampled_from(names)))
    data = {k: v for k, v in minimal(model).items() if k not in names}
    for name in names:
        if name in picked:
            data[name] = draw(st.sampled_from([m.value for m in models.enum_of(model, name)]))
        elif draw(st.booleans()):
            data[name] = draw(st.sampled_from(["", "  ", None]))
    return model, data, set(names) - picked


@given(_submission())
def test_untouched_choices_never_store_a_value_nobody_picked(submission):
    model, data, untouched = submission
    values, issues = clean(model, data, today=TODAY)
    refused = {i.field for i in errors(issues) if i.code == "required"}
    for name in untouched:
        if model.model_fields[name].is_required():
            assert name in refused  # refused, never filled in
        elif not errors(issues):
            stored = getattr(model(**values), name)
            assert stored is None or INITIAL_STATES.get((model, name)) == stored
