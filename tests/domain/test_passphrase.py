"""The new-passphrase rule: zxcvbn's estimate, read the Vietnamese way."""

from __future__ import annotations

import time

import pytest

from nghean_tui.domain.passphrase import (
    ESTIMATE_LENGTH,
    MAX_LENGTH,
    MIN_SCORE,
    assess,
    check_new_passphrase,
    context_words,
    strength,
)
from nghean_tui.i18n import catalogue

HERE = context_words("Lương Văn Thắng", "16816", "Xã Mỹ Lý")


@pytest.mark.parametrize(
    "value",
    [
        "trâu ăn cỏ bờ sông lam",
        "trau an co bo song lam",  # the same without diacritics
        "mèo đen ngủ trên mái",
        "ngựa trắng leo đèo mù sương",
        "correct horse battery staple",
        "tuần tra biên giới 2026",
    ],
)
def test_several_unrelated_words_are_accepted(value):
    assert check_new_passphrase(value, HERE) is None
    assert strength(value, HERE) >= MIN_SCORE


@pytest.mark.parametrize(
    "value, problem",
    [
        ("12345678", "weak_common"),
        ("password", "weak_common"),
        ("Password1!", "weak_common"),
        ("matkhau123", "weak_common"),
        ("mật khẩu 2026", "weak_common"),  # diacritics do not hide a common password
        ("anh yeu em", "weak_common"),
        ("congan123", "weak_personal"),
        ("Công An 123456", "weak_personal"),
        ("congan nghean 2026", "weak_personal"),  # three known pieces: not 10^8 guesses here
        ("congannghean2026", "weak_personal"),
        ("Nghean@2026!", "weak_personal"),
        ("qwertyuiop", "weak_common"),
        ("abcdefgh", "weak_pattern"),
        ("x9!k#2Lq", "weak"),  # random-looking but short: only its length protects it
    ],
)
def test_weak_passphrases_are_refused_with_a_reason(value, problem):
    assert check_new_passphrase(value, HERE) == problem


def test_the_unit_and_the_officer_count_as_known_words():
    for value in ("Lương Văn Thắng 1985", "luongvanthang85", "xã mỹ lý 16816", "mylythang2026"):
        assert check_new_passphrase(value, HERE) == "weak_personal", value
    # Without the names at hand, the same words are just words.
    assert check_new_passphrase("Lương Văn Thắng 1985") != "weak_personal"


def test_context_words_cover_diacritics_and_run_together_forms():
    words = context_words("Vi Văn Nam", None, "")
    assert {"vi văn nam", "vi van nam", "vivannam", "nam", "văn"} <= set(words)
    assert "vi" not in words  # two letters would match a part of almost anything


def test_length_and_characters_are_checked_first():
    assert check_new_passphrase("") == "too_short"
    assert check_new_passphrase("cá kho") == "too_short"
    assert check_new_passphrase("ab" * 10) == "too_repetitive"
    assert check_new_passphrase("trâu ăn cỏ\x1b bờ sông lam") == "control_chars"
    assert check_new_passphrase("x" * (MAX_LENGTH + 1)) == "too_long"


def test_a_refused_passphrase_never_shows_as_strong():
    for value in ("Tr0ub4d", "abababababab", "congan nghean 2026", "matkhau123"):
        found = assess(value, HERE)
        assert found.problem is not None and found.score < MIN_SCORE, value


def test_only_the_first_characters_are_estimated_and_quickly():
    strong = "trâu ăn cỏ bờ sông lam "
    long_strong = (strong * 20)[:MAX_LENGTH]
    assert check_new_passphrase(long_strong, HERE) is None
    # What comes after the estimated prefix can only make it stronger, never weaker.
    weak_then_anything = "1" * ESTIMATE_LENGTH + "mèo đen ngủ trên mái"
    assert check_new_passphrase(weak_then_anything, HERE) is not None
    started = time.perf_counter()
    for value in ("a b" * 85, "1" * MAX_LENGTH, "x9!" * 85, "nguyễn văn an " * 18):
        assess(value, HERE)
    assert time.perf_counter() - started < 5  # each well under a second on a slow laptop


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_refusal_explains_how_to_choose_better(lang):
    messages = catalogue(lang)
    for code in ("weak", "weak_common", "weak_personal", "weak_pattern"):
        text = messages[f"passphrase.{code}"]
        assert ("bốn, năm từ" in text) if lang == "vi" else ("four or five" in text)
