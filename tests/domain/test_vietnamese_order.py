"""Vietnamese dictionary order (domain.text.vietnamese_key) and the database's ``vi``
collation that uses it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nghean_tui.domain.text import fold, nfc, vietnamese_compare, vietnamese_key

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ "
)
words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), max_size=12)


def test_alphabet_and_tones_in_dictionary_order():
    assert sorted(["ạ", "ã", "ả", "á", "à", "a"], key=vietnamese_key) == list("aàáảãạ")
    assert sorted(["Đào", "Dương", "Duy"], key=vietnamese_key) == ["Duy", "Dương", "Đào"]
    assert sorted(["ăn", "âm", "az", "an"], key=vietnamese_key) == ["an", "az", "ăn", "âm"]
    assert sorted(["Bản Xốp", "Bản Đán", "Bản Cánh"], key=vietnamese_key) == [
        "Bản Cánh",
        "Bản Đán",
        "Bản Xốp",
    ]
    assert sorted(["ơ", "ô", "o", "ư", "u"], key=vietnamese_key) == ["o", "ô", "ơ", "u", "ư"]


@given(words, words)
def test_a_total_order(left, right):
    """Two texts compare equal only when they are the same text (in NFC)."""
    same = vietnamese_compare(left, right) == 0
    assert same == (nfc(left) == nfc(right))
    assert vietnamese_compare(left, right) == -vietnamese_compare(right, left)


@given(words, words, words)
def test_transitive(a, b, c):
    x, y, z = sorted([a, b, c], key=vietnamese_key)
    assert vietnamese_compare(x, y) <= 0 and vietnamese_compare(y, z) <= 0
    assert vietnamese_compare(x, z) <= 0


@given(st.lists(words, max_size=8))
def test_sorting_is_stable_and_repeatable(items):
    once = sorted(items, key=vietnamese_key)
    assert sorted(once, key=vietnamese_key) == once
    backwards = sorted(reversed(items), key=vietnamese_key)
    assert [nfc(x) for x in backwards] == [nfc(x) for x in once]


@given(words)
def test_case_and_tone_only_break_ties(word):
    """Case is ignored by the letters: a word and its lower-case form have the same letters
    and tones, so only the last level (the text itself) tells them apart."""
    upper, lower = vietnamese_key(word.upper()), vietnamese_key(word.lower())
    assert upper.split("\x01")[:2] == lower.split("\x01")[:2]


def test_tone_breaks_a_tie_that_folding_ignores():
    assert fold("mà") == fold("má") == fold("ma")
    assert vietnamese_compare("ma", "mà") < 0 < vietnamese_compare("má", "mà")


def test_the_database_sorts_hamlets_in_vietnamese_order(new_db):
    from nghean_tui.domain import models
    from nghean_tui.storage.people import hamlet_choices
    from nghean_tui.storage.records import Records

    names = ["Bản Xốp", "Bản Đán", "Bản Cánh", "Bản Ăng", "Bản Dền"]
    for name in names:
        Records(new_db).create(models.Hamlet, {"name": name, "kind": "ban"})
    listed = [name for _, name in hamlet_choices(new_db)]
    assert listed == ["Bản Ăng", "Bản Cánh", "Bản Dền", "Bản Đán", "Bản Xốp"]
    assert listed != sorted(names)  # code points would put Đ and Ă after X
