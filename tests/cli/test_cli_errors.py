"""A command that breaks prints one line naming the kind of error, never its text nor a
traceback (both can hold a record); only NGHEAN_DEBUG=1 lets the traceback through."""

from __future__ import annotations

import io

import pytest

from nghean_tui import cli
from nghean_tui.cli import check, common

SECRET = "Lò Thị Bí Mật 040199001122"


def broken(args, reader):
    row = {"full_name": SECRET}  # a local variable a traceback with locals would print
    raise RuntimeError(f"UNIQUE constraint failed: {row}")


@pytest.mark.parametrize("debug", [None, "", "0", "true", "yes"])
def test_a_bug_in_a_command_is_one_line_without_the_record(tmp_path, capsys, monkeypatch, debug):
    if debug is None:
        monkeypatch.delenv("NGHEAN_DEBUG", raising=False)
    else:
        monkeypatch.setenv("NGHEAN_DEBUG", debug)
    monkeypatch.setattr(check, "cmd_check", broken)
    code = cli.main(["check", "--data-dir", str(tmp_path / "d")], stdin=io.StringIO(""))
    out, err = capsys.readouterr()
    assert code == common.EXIT_FAILED
    assert err.strip().splitlines() == [
        "nghean-tui: Lỗi không mong đợi (RuntimeError). Dữ liệu đã lưu không bị ảnh hưởng."
    ]
    assert SECRET not in out + err


def test_nghean_debug_1_raises_for_a_developer(tmp_path, monkeypatch):
    monkeypatch.setenv("NGHEAN_DEBUG", "1")
    monkeypatch.setattr(check, "cmd_check", broken)
    with pytest.raises(RuntimeError):
        cli.main(["check", "--data-dir", str(tmp_path / "d")], stdin=io.StringIO(""))
