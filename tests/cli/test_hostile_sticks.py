"""A stick prepared by someone else (docs/security-notes.md, "Files outside the data folder"):
planted links, FIFOs, devices, folders named like bundles, file names that forge lines or are not UTF-8, a read-only drive.

Every case goes through the command line as an officer would run it, and checks the refusal,
the exit code, and that the databases and files outside were left as they were.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nghean_tui.storage import safefile
from tests.cli.test_sync_cli import C1, SKIP, at, bundles_in, ok, refused, scalar, world  # noqa: F401
from tests.conftest import PASSPHRASE
from tests.storage.helpers import folder_digest

ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _healthy(capsys, folder: Path) -> None:
    """The database opens and every check of ``nghean-tui check`` passes."""
    ok(at(capsys, folder, "check"))


def _plant(link: Path, target: Path) -> None:
    link.symlink_to(target)
    assert link.is_symlink()


# ---------------------------------------------------------------- writing


def test_a_planted_temp_link_never_redirects_an_export(world, capsys, tmp_path):
    """The review's stick: ``NAME.tmp`` (and the final name) linked to the commune's own
    database and to a file of the officer's. The export writes a new file on the stick and
    touches neither."""
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "5", "--seed", "3"))
    canary = tmp_path / "officer-notes.txt"
    canary.write_bytes(b"my own file\n")
    name = f"{C1}-000001.nghean"
    _plant(w.usb / f"{name}.tmp", w.c1 / "nghean.db")
    _plant(w.usb / name, canary)
    before = _sha(canary)
    out = ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    assert "safe to remove" in out
    assert _sha(canary) == before
    written = w.usb / name
    assert not written.is_symlink() and written.is_file()
    assert written.read_bytes() == scalar(w.c1, "SELECT data FROM outbound_bundle WHERE seq = 1")
    assert (w.usb / f"{name}.tmp").is_symlink()  # left alone: never followed, never removed
    _healthy(capsys, w.c1)
    assert scalar(w.c1, "SELECT count(*) FROM person") == 5


def test_a_planted_temp_link_never_redirects_a_reply(world, capsys, tmp_path):
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "3", "--seed", "4"))
    ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    back = tmp_path / "back"
    back.mkdir()
    reply = f"reply-{C1}-000001.nghean"
    _plant(back / f"{reply}.tmp", w.station / "nghean.db")
    _plant(back / reply, w.station / "keyslots.json")
    keyslots = _sha(w.station / "keyslots.json")
    out = ok(at(capsys, w.station, "sync", "import", str(w.usb), "--reply-to", str(back)))
    assert "1 accepted" in out
    assert _sha(w.station / "keyslots.json") == keyslots
    assert not (back / reply).is_symlink() and (back / reply).stat().st_size > 0
    _healthy(capsys, w.station)
    assert "1 accepted" in ok(at(capsys, w.c1, "sync", "import", str(back / reply)))


def test_an_identity_card_is_not_written_through_a_link(world, capsys, tmp_path):
    w = world
    canary = tmp_path / "canary"
    canary.write_bytes(b"keep me")
    _plant(w.usb / "me.card", canary)
    ok(at(capsys, w.c1, "identity", "export", "--out", str(w.usb / "me.card")))
    assert canary.read_bytes() == b"keep me" and not (w.usb / "me.card").is_symlink()
    assert b'"signature"' in (w.usb / "me.card").read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ["sync", "export", "--to", "{link}"],
        ["sync", "export", "--to", "{link}/inside"],
        ["identity", "export", "--out", "{link}/me.card"],
        ["report", "--period", "2026-10", "--out", "{link}/report.xlsx"],
        ["criteria", "export", "--out", "{link}/criteria.json"],
    ],
)
def test_a_folder_that_links_into_the_data_folder_is_refused(world, capsys, tmp_path, command):
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "2", "--seed", "5"))
    (w.c1 / "inside").mkdir()
    link = tmp_path / "stick-that-is-not"
    _plant(link, w.c1)
    before = folder_digest(w.c1, skip=SKIP)
    argv = [a.replace("{link}", str(link)) for a in command]
    err = refused(at(capsys, w.c1, *argv))
    assert "data folder" in err
    assert folder_digest(w.c1, skip=SKIP) == before


def test_a_reply_folder_inside_the_stations_data_folder_is_refused(world, capsys, tmp_path):
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "2", "--seed", "6"))
    ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    link = tmp_path / "replies"
    _plant(link, w.station)
    err = refused(at(capsys, w.station, "sync", "import", str(w.usb), "--reply-to", str(link)))
    assert "data folder" in err
    assert scalar(w.station, "SELECT count(*) FROM inbound_bundle") == 0


def test_a_read_only_stick_says_so(world, capsys, monkeypatch):
    """The temporary file cannot be created, and neither can anything be removed: the
    message is the drive's, not the clean-up's, and the bundle stays in the outbox."""
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "2", "--seed", "7"))
    real_open, real_unlink = os.open, os.unlink

    def on_stick(path, kwargs) -> bool:  # the data folder stays writable
        return "dir_fd" in kwargs or str(path).startswith(str(w.usb))

    def read_only_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and on_stick(path, kwargs):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, *args, **kwargs)

    def read_only_unlink(path, *args, **kwargs):
        if on_stick(path, kwargs):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(safefile.os, "open", read_only_open)
    monkeypatch.setattr(safefile.os, "unlink", read_only_unlink)
    err = refused(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    monkeypatch.setattr(safefile.os, "open", real_open)
    monkeypatch.setattr(safefile.os, "unlink", real_unlink)
    assert "read-only" in err and ".tmp" not in err and "File error" not in err
    assert scalar(w.c1, "SELECT count(*) FROM outbound_bundle WHERE receipted_at IS NULL") == 1
    assert bundles_in(w.usb) == []


# ---------------------------------------------------------------- reading


def _hostile_stick(usb: Path, tmp_path: Path) -> None:
    """Beside the real bundles: a link, a FIFO, a device, a folder, all named like bundles."""
    _plant(usb / "00-link.nghean", tmp_path / "secret.nghean")
    (tmp_path / "secret.nghean").write_bytes(b"age-encryption.org/v1\nnot yours")
    os.mkfifo(usb / "01-pipe.nghean")
    _plant(usb / "02-zero.nghean", Path("/dev/zero"))
    (usb / "03-folder.nghean").mkdir()


def _cli(folder: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command in a child process under a strict UTF-8 locale: what blocks, blocks
    there (and times out), and what cannot be printed fails there."""
    env = {
        **os.environ,
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "PYTHONUTF8": "0",
        "PYTHONIOENCODING": "utf-8:strict",
        "NGHEAN_KDF": "fast",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "nghean_tui",
            *argv,
            "--data-dir",
            str(folder),
            "--passphrase-stdin",
            "--lang",
            "en",
        ],
        input=(PASSPHRASE + "\n").encode(),
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_links_fifos_devices_and_folders_on_a_stick_are_never_opened(world, capsys, tmp_path):
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "3", "--seed", "8"))
    ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    _hostile_stick(w.usb, tmp_path)
    done = _cli(w.station, "sync", "import", str(w.usb), "--json")
    assert done.returncode == 1, done.stderr
    outcomes = {o["name"]: (o["status"], o["reason"]) for o in json.loads(done.stdout)}
    assert outcomes == {
        "00-link.nghean": ("rejected", "is_link"),
        "01-pipe.nghean": ("rejected", "not_regular"),
        "02-zero.nghean": ("rejected", "is_link"),
        "03-folder.nghean": ("rejected", "is_folder"),
        f"{C1}-000001.nghean": ("accepted", ""),
    }
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
@pytest.mark.parametrize(
    "command, expected",
    [
        (["sync", "import", "{pipe}"], "not a regular file"),
        (["sync", "inspect", "{pipe}"], "not a regular file"),
        (["trust", "add", "{pipe}", "--yes"], "not a regular file"),
        (["sync", "import", "/dev/zero"], "not a regular file"),
        (["sync", "inspect", "/dev/zero"], "not a regular file"),
        (["sync", "inspect", "{link}"], "is a link"),
        (["trust", "add", "{link}", "--yes"], "is a link"),
    ],
)
def test_a_fifo_device_or_link_named_explicitly_is_refused(world, tmp_path, command, expected):
    """Named on the command line, they are refused before anything is opened: a FIFO with
    no writer would block a plain open() for ever, /dev/zero would stream for ever."""
    w = world
    pipe = tmp_path / "pipe.nghean"
    os.mkfifo(pipe)
    link = tmp_path / "card-link.card"
    _plant(link, w.usb / "station.card")
    before = folder_digest(w.station, skip=SKIP)
    argv = [a.replace("{pipe}", str(pipe)).replace("{link}", str(link)) for a in command]
    done = _cli(w.station, *argv, timeout=60)
    err = done.stderr.decode()
    assert (
        done.returncode == 1 and expected in err.lower() and len(err.strip().splitlines()) == 1
    ), err
    if command[:2] == ["sync", "import"]:  # one refused file among others: unlocked, audited
        assert scalar(w.station, "SELECT count(*) FROM inbound_bundle") == 0
    else:  # refused before unlocking
        assert folder_digest(w.station, skip=SKIP) == before


def test_file_names_from_the_stick_are_printed_escaped(world, capsys, tmp_path):
    """A newline in a name cannot forge an "Accepted" line, and a name that is not UTF-8
    is printed (escaped) under a strict UTF-8 locale instead of crashing the import."""
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "3", "--seed", "9"))
    ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    forged = "x\nAccepted: 16822-000009.nghean from Keng Đu \x1b[2J.nghean"
    (w.usb / forged).write_bytes(b"junk")
    os_name = os.fsencode(str(w.usb)) + b"/bad\xff\xfe.nghean"
    with open(os_name, "wb") as handle:
        handle.write(b"junk")
    done = _cli(w.station, "sync", "import", str(w.usb))
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err, err
    lines = (out + err).splitlines()
    assert sum(line.startswith("Accepted") or ": Accepted" in line for line in lines) == 1
    assert "\x1b" not in out + err
    assert "x\\x0aAccepted: 16822-000009.nghean" in err and "\\x1b[2J" in err
    assert "bad\\xff\\xfe.nghean" in err
    assert "1 accepted" in out and "2 rejected" in out


def test_a_deeply_nested_identity_card_is_refused(world, capsys):
    """Deep JSON raised RecursionError out of the card reader; it is an unreadable card."""
    w = world
    deep = w.usb / "deep.card"
    deep.write_bytes(b"[" * 2000 + b"]" * 2000)
    before = folder_digest(w.station, skip=SKIP)
    err = refused(at(capsys, w.station, "trust", "add", str(deep), "--yes"))
    assert "not a valid identity card" in err
    assert folder_digest(w.station, skip=SKIP) == before


def _nested_bundle(station_card: Path, where: str) -> bytes:
    """A bundle encrypted to the station (its recipient is public: no key needed) whose
    manifest, or payload, is deeply nested JSON."""
    import struct

    from nghean_tui.sync import bundle as B
    from nghean_tui.sync import identity

    card = identity.read_card(station_card.read_bytes())
    deep = b"[" * 50_000 + b"]" * 50_000
    manifest = deep if where == "manifest" else b'{"format":1}'
    payload = zlib_compress(deep) if where == "payload" else b""
    inner = b"".join(
        (
            B.MAGIC,
            struct.pack(">I", len(manifest)),
            manifest,
            struct.pack(">Q", len(payload)),
            payload,
            bytes(64),
        )
    )
    return B.encrypt(inner, [card.age_recipient])


def zlib_compress(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data)


@pytest.mark.parametrize("where", ["manifest", "payload"])
def test_a_nested_bundle_beside_good_ones_stops_nothing(world, capsys, where):
    """Deep JSON in a manifest raised RecursionError: the good bundles beside it were not
    imported, and ``sync inspect`` crashed. Now it is one refusal among accepted bundles."""
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "3", "--seed", "3"))
    ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    ok(at(capsys, w.c2, "seed", "--persons", "2", "--seed", "4"))
    ok(at(capsys, w.c2, "sync", "export", "--to", str(w.usb)))
    (w.usb / "16816-000007.nghean").write_bytes(_nested_bundle(w.usb / "station.card", where))
    code, out, err = at(capsys, w.station, "sync", "import", str(w.usb))
    assert code == 1, (out, err)  # one refused
    assert "2 accepted" in out and "1 rejected" in out, out
    assert "16816-000007.nghean" in err and "Traceback" not in err
    code, out, err = at(capsys, w.station, "sync", "inspect", str(w.usb / "16816-000007.nghean"))
    assert code != 0 and "Traceback" not in out + err and err.strip(), (out, err)
