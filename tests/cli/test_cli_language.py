"""argparse's own words (usage, options, its error sentences, the help option, the value
placeholders) in the chosen language, on the real command line."""

from __future__ import annotations

import io

import pytest

from nghean_tui import cli
from nghean_tui.cli.usage import METAVARS, usage_error
from nghean_tui.i18n import catalogue, set_language


def run(capsys, tmp_path, *argv):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--data-dir", str(tmp_path / "none")], stdin=io.StringIO(""))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_help_in_vietnamese(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "sync", "--help")
    assert code == 0
    assert out.startswith("cách dùng: nghean-tui sync")
    assert "tùy chọn:" in out and "in hướng dẫn này rồi thoát" in out
    for english in ("usage:", "options:", "show this help", "positional arguments", "ACTION"):
        assert english not in out


def test_help_in_english(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "--lang", "en", "sync", "--help")
    assert code == 0
    assert out.startswith("usage: nghean-tui sync") and "options:" in out and "ACTION" in out


@pytest.mark.parametrize(
    ("argv", "vi", "en"),
    [
        (["sync", "bogus"], "không có lựa chọn 'bogus'", "invalid choice 'bogus'"),
        (["init"], "thiếu tham số bắt buộc: --role", "missing required arguments: --role"),
        (["sync"], "thiếu tham số bắt buộc: VIỆC", "missing required arguments: ACTION"),
        (["--nope"], "không hiểu tham số: --nope", "unrecognised arguments: --nope"),
        (["report", "--period"], "tham số --period: cần một giá trị", "expected one value"),
        (["seed", "--persons", "x"], "không phải số nguyên: x", "not a whole number: x"),
    ],
)
def test_usage_errors_in_both_languages(capsys, tmp_path, argv, vi, en):
    code, _, err = run(capsys, tmp_path, *argv)
    assert code == 2 and vi in err and "xem nghean-tui" in err
    assert "invalid" not in err and "required" not in err and "argument" not in err
    code, _, err = run(capsys, tmp_path, "--lang", "en", *argv)
    assert code == 2 and en in err


def test_an_unknown_argparse_sentence_is_never_english_in_vietnamese():
    set_language("vi")
    assert usage_error("something argparse may say one day") == "lệnh gõ chưa đúng cách"
    assert usage_error("argument --x: brand new wording") == "tham số --x: lệnh gõ chưa đúng cách"
    assert usage_error("không phải số nguyên: x") == "không phải số nguyên: x"
    set_language("en")
    assert usage_error("something argparse may say one day") == "something argparse may say one day"


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("expected at most one argument", "chỉ được một giá trị"),
        ("expected 2 arguments", "cần 2 giá trị"),
        ("invalid int value: 'x'", "giá trị không hợp lệ: 'x'"),
        ("ambiguous option: --re could match --recovery, --resend", "tùy chọn --re chưa rõ"),
        ("argument --a: not allowed with argument --b", "tham số --a: không dùng cùng với --b"),
        ("one of the arguments --a --b is required", "cần một trong các tham số: --a --b"),
    ],
)
def test_argparse_sentences(english, vietnamese):
    set_language("vi")
    assert usage_error(english).startswith(vietnamese)


def test_every_placeholder_has_both_languages():
    for key in METAVARS.values():
        assert key in catalogue("vi") and key in catalogue("en")
