"""nghean_tui.domain.text: NFC storage form and diacritic-free search folds."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghean_tui.domain.text import fold, given_name, nfc, sort_key, tokens

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
# No example database: tests write nothing outside tmp_path.
PROPERTY = settings(database=None, deadline=None)
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " -.,'"), max_size=40
)


def test_fold_removes_diacritics_and_lowercases():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"


def test_fold_maps_d_with_stroke_both_cases():
    assert fold("Đ") == "d"
    assert fold("đ") == "d"
    assert fold("ĐẶNG ĐÌNH ĐÔ") == "dang dinh do"
    assert fold("Ơ Đu") == "o du"


def test_fold_is_the_same_for_composed_and_decomposed_input():
    composed = "Lò Thị Hường"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(decomposed) == fold(composed) == "lo thi huong"


def test_fold_splits_on_punctuation():
    assert tokens("Lê-Văn.Tám,(Xóm 2)") == ["le", "van", "tam", "xom", "2"]


def test_nfc_composes_and_collapses_whitespace():
    decomposed = unicodedata.normalize("NFD", "  Vi   Văn\tPhong \n")
    result = nfc(decomposed)
    assert result == "Vi Văn Phong"
    assert unicodedata.is_normalized("NFC", result)


def test_given_name_and_sort_order():
    assert given_name("  Nguyễn  Văn Đức ") == "Đức"
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Đức", "Vi Văn Ánh"]
    ordered = sorted(names, key=sort_key)
    assert ordered == ["Nguyễn Thị An", "Vi Văn Ánh", "Trần Văn Bình", "Lê Văn Đức"]


@PROPERTY
@given(st.text(max_size=60))
def test_nfc_is_idempotent_and_normalised(text):
    once = nfc(text)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()
    assert "  " not in once


@PROPERTY
@given(st.text(max_size=60))
def test_fold_is_idempotent_and_has_no_marks_or_capitals(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert folded == folded.strip()
    assert "  " not in folded


@PROPERTY
@given(vietnamese_text)
def test_fold_of_vietnamese_is_ascii_and_normalisation_insensitive(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert fold(unicodedata.normalize("NFD", text)) == folded
    assert fold(nfc(text)) == folded


@PROPERTY
@given(vietnamese_text)
def test_tokens_are_the_words_of_the_fold(text):
    assert " ".join(tokens(text)) == fold(text)


@given(st.text(max_size=40))
def test_fast_fold_equals_the_general_path(text):
    from nghean_tui.domain.text import _slow_fold

    assert fold(text) == _slow_fold(text)


@pytest.mark.parametrize(
    "name, folded",
    [
        ("Bản Huồi Giảng", "huoi giang"),
        ("Thôn Đông Sơn", "dong son"),
        ("Xóm 2", "2"),
        ("Khối Tân Tiến", "tan tien"),
        ("Tổ dân phố 3", "3"),
        ("Bản", "ban"),
        ("Huồi Giảng", "huoi giang"),
        ("Bản Bản", "ban"),
    ],
)
def test_fold_place_drops_the_kind_word(name, folded):
    from nghean_tui.domain.text import fold_place

    assert fold_place(name) == folded


def test_literal_escapes_what_could_act_on_a_terminal():
    import os

    from nghean_tui.domain.text import has_unsafe, literal

    assert literal("Lò Văn Pọm") == "Lò Văn Pọm"
    assert literal("a\x1b]0;owned\x07b") == "a\\x1b]0;owned\\x07b"
    assert literal("x\r\nAccepted") == "x\\x0d\\x0aAccepted"
    assert literal("\u202egnp.exe") == "\\u202egnp.exe"
    assert literal("\x9b31m") == "\\x9b31m"
    assert literal(os.fsdecode(b"bad\xffname")) == "bad\\xffname"
    assert literal("a\nb\tc", keep_newlines=True) == "a\nb\\x09c"
    assert has_unsafe("a\x00") and not has_unsafe("Bản Huồi") and has_unsafe("a\nb")
    assert not has_unsafe("a\nb", newlines=True)
