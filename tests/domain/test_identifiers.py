"""Citizen IDs, old ID cards and phone numbers (nghean_tui.domain.identifiers)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghean_tui.domain.enums import Sex
from nghean_tui.domain.identifiers import (
    PROVINCE_CODES,
    check_citizen_id,
    check_legacy_id,
    check_phone,
    normalise_phone,
    parse_citizen_id,
)

PROPERTY = settings(database=None, deadline=None)
TODAY = date(2026, 5, 10)


def codes(issues):
    return [(i.code, i.warning) for i in issues]


def test_province_table_has_the_63_pre_2025_provinces():
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["040"] == "Nghệ An"
    assert PROVINCE_CODES["001"] == "Hà Nội" and PROVINCE_CODES["096"] == "Cà Mau"
    assert all(len(c) == 3 and c.isdigit() and "001" <= c <= "096" for c in PROVINCE_CODES)


def test_parse_citizen_id_fields():
    info = parse_citizen_id("040190012345")
    assert (info.province, info.sex, info.birth_year) == ("Nghệ An", Sex.FEMALE, 1990)
    info = parse_citizen_id("040205012345")
    assert (info.sex, info.birth_year) == (Sex.MALE, 2005)
    assert parse_citizen_id("04019001234") is None
    assert parse_citizen_id("04019001234a") is None


def test_valid_id_with_matching_holder():
    number, issues = check_citizen_id(" 040 090 012345 ", sex="male", birth_year=1990, today=TODAY)
    assert (number, issues) == ("040090012345", [])


@pytest.mark.parametrize(
    "raw", ["04009001234", "0400900123456", "04009001234x", "040-090-012345", ""]
)
def test_malformed_ids_are_errors(raw):
    assert codes(check_citizen_id(raw)[1]) == [("citizen_id_invalid", False)]


def test_mismatches_only_warn():
    _, issues = check_citizen_id("999190012345", sex=Sex.MALE, birth_year=1991)
    assert codes(issues) == [
        ("citizen_id_unknown_province", True),
        ("citizen_id_sex_mismatch", True),
        ("citizen_id_birth_year_mismatch", True),
    ]
    assert issues[2].params == {"id_year": 1990, "birth_year": 1991}


def test_century_digit_is_checked_against_the_birth_year():
    # Digit 4 = 0 says 1900s: "05" is 1905, not 2005.
    _, issues = check_citizen_id("040005012345", sex="male", birth_year=2005)
    assert codes(issues) == [("citizen_id_birth_year_mismatch", True)]


def test_an_invalid_sex_is_left_to_its_own_field():
    assert check_citizen_id("040090012345", sex="x", birth_year=1990) == ("040090012345", [])


def test_a_future_birth_year_in_the_id_warns_when_no_year_is_known():
    _, issues = check_citizen_id("040230012345", today=TODAY)  # 2030
    assert codes(issues) == [("citizen_id_implausible_year", True)]


@PROPERTY
@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.sampled_from(list(Sex)),
    st.integers(1900, 2099),
    st.integers(0, 999_999),
)
def test_ids_built_from_their_parts_decode_and_check_clean(province, sex, year, serial):
    century = (year - 1900) // 100
    digit = 2 * century + (1 if sex is Sex.FEMALE else 0)
    number = f"{province}{digit}{year % 100:02d}{serial:06d}"
    info = parse_citizen_id(number)
    assert (info.province_code, info.sex, info.birth_year) == (province, sex, year)
    assert check_citizen_id(number, sex=sex.value, birth_year=year) == (number, [])


def test_legacy_id():
    assert check_legacy_id(" 186 123 456 ") == ("186123456", [])
    assert codes(check_legacy_id("18612345")[1]) == [("legacy_id_invalid", False)]
    assert codes(check_legacy_id("1861234567")[1]) == [("legacy_id_invalid", False)]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84-3-8765-4321", "0387654321"),
        ("0238 3844 555", "02383844555"),
        ("(0238) 3.844.555", "02383844555"),
        ("+84 238 3844 555", "02383844555"),
    ],
)
def test_phone_forms_are_normalised(raw, expected):
    assert check_phone(raw) == (expected, [])


@pytest.mark.parametrize(
    "raw",
    [
        "0112345678",
        "0212345678",
        "091234567",
        "09123456789",
        "+85 912 345 678",
        "0238384455",
        "abc",
        "0912 345 67a",
    ],
)
def test_bad_phones(raw):
    assert codes(check_phone(raw)[1]) == [("phone_invalid", False)]


def test_landline_outside_nghe_an_warns():
    number, issues = check_phone("024 3825 1234")
    assert number == "02438251234"
    assert codes(issues) == [("phone_other_province", True)]
    assert issues[0].params == {"area": "024"}
    assert check_phone("0239 3855 123")[1][0].params == {"area": "0239"}


@PROPERTY
@given(
    st.sampled_from("35789"),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.sampled_from(["", " ", ".", "-"]),
)
def test_any_mobile_in_any_form_normalises_to_the_same_number(prefix, rest, sep):
    national = f"0{prefix}{rest}"
    spaced = sep.join([national[:4], national[4:7], national[7:]])
    assert normalise_phone(spaced) == national
    assert normalise_phone("+84" + sep + spaced[1:]) == national
    assert normalise_phone(national) == national  # idempotent
