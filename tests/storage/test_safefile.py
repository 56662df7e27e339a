"""storage.safefile: outside files written without following links, read only when regular."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nghean_tui.storage import safefile


def test_a_link_at_the_final_name_is_replaced_never_written_through(tmp_path):
    target = tmp_path / "victim"
    target.write_bytes(b"victim")
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "out.bin").symlink_to(target)
    path = safefile.write_new(stick, "out.bin", b"new bytes")
    assert target.read_bytes() == b"victim"
    assert not path.is_symlink() and path.read_bytes() == b"new bytes"
    assert [p.name for p in stick.iterdir()] == ["out.bin"]  # no temporary file left


def test_every_plausible_temporary_name_may_be_planted(tmp_path):
    """The temporary name is random: links under the old fixed name, and a forest of others,
    change nothing."""
    victim = tmp_path / "victim"
    victim.write_bytes(b"victim")
    stick = tmp_path / "stick"
    stick.mkdir()
    for name in ("out.bin.tmp", ".out.bin.tmp", "out.tmp", ".out.bin.0000000000000000.tmp"):
        (stick / name).symlink_to(victim)
    safefile.write_new(stick, "out.bin", b"data")
    assert victim.read_bytes() == b"victim"
    assert (stick / "out.bin").read_bytes() == b"data"


def test_an_existing_file_is_replaced_not_truncated(tmp_path):
    """Someone else's file at the final name keeps its bytes under any other name (a hard
    link): the write replaces the name, it never opens the file."""
    stick = tmp_path / "stick"
    stick.mkdir()
    other = tmp_path / "other"
    other.write_bytes(b"someone else's bytes")
    os.link(other, stick / "out.bin")
    safefile.write_new(stick, "out.bin", b"mine")
    assert other.read_bytes() == b"someone else's bytes"
    assert (stick / "out.bin").read_bytes() == b"mine"


def test_a_folder_in_a_protected_data_folder_is_refused(tmp_path):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    safefile.protect(data)
    link = tmp_path / "link"
    link.symlink_to(data)
    for folder in (data, data / "sub", link, link / "sub"):
        with pytest.raises(safefile.FileRefused) as caught:
            safefile.write_new(folder, "x.bin", b"x")
        assert caught.value.reason == "folder_is_data"
    assert sorted(p.name for p in data.rglob("*")) == ["sub"]


def test_a_bad_name_or_a_missing_folder(tmp_path):
    for name in ("", ".", "..", "a/b"):
        with pytest.raises(safefile.FileRefused) as caught:
            safefile.write_new(tmp_path, name, b"x")
        assert caught.value.reason == "bad_name"
    with pytest.raises(safefile.FileRefused) as caught:
        safefile.write_new(tmp_path / "gone", "x.bin", b"x")
    assert caught.value.reason == "folder_missing"
    (tmp_path / "a-file").write_bytes(b"")
    with pytest.raises(safefile.FileRefused) as caught:
        safefile.write_new(tmp_path / "a-file", "x.bin", b"x")
    assert caught.value.reason == "folder_missing"


def test_a_folder_at_the_final_name(tmp_path):
    (tmp_path / "out.bin").mkdir()
    with pytest.raises(safefile.FileRefused) as caught:
        safefile.write_new(tmp_path, "out.bin", b"x")
    assert caught.value.reason in ("is_folder", "io_error")
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_reading_refuses_what_is_not_a_regular_file(tmp_path):
    regular = tmp_path / "file"
    regular.write_bytes(b"HEAD and the rest")
    (tmp_path / "link").symlink_to(regular)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    cases = {"link": "is_link", "fifo": "not_regular", "folder": "is_folder", "missing": "missing"}
    for name, reason in cases.items():
        assert safefile.refusal(tmp_path / name) == reason
        with pytest.raises(safefile.FileRefused) as caught:
            safefile.read_regular(tmp_path / name, 100)  # a FIFO would block a plain open
        assert caught.value.reason in (reason, "unreadable")
    assert safefile.refusal(Path("/dev/null")) == "not_regular"
    with pytest.raises(safefile.FileRefused) as caught:
        safefile.read_regular(Path("/dev/zero"), 100)
    assert caught.value.reason == "is_link" or caught.value.reason == "not_regular"
    assert safefile.read_regular(regular, 100, prefix=b"HEAD") == b"HEAD and the rest"
    for limit, prefix, reason in ((5, b"", "too_large"), (100, b"TAIL", "wrong_kind")):
        with pytest.raises(safefile.FileRefused) as caught:
            safefile.read_regular(regular, limit, prefix=prefix)
        assert caught.value.reason == reason
