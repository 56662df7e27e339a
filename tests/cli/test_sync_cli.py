"""The sync command line end to end: two communes and a station in temporary folders.

Everything goes through ``nghean_tui.cli.main`` (in process, like tests/cli/test_cli.py),
except a transfer, made with the Records API (no command creates one), and a few look-ups
of what the databases hold.
"""

from __future__ import annotations

import io
import json
import shutil
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from nghean_tui.cli import main
from tests.conftest import PASSPHRASE
from tests.storage.helpers import folder_digest

STATION, C1, C2, C3 = "40", "16816", "16822", "16828"  # Mỹ Lý, Keng Đu, Huồi Tụ
SKIP = ("nghean.lock", "unlock-state.json")


def run(capsys, argv, stdin: str = ""):
    code = main([*argv, "--lang", "en"], stdin=io.StringIO(stdin))
    out, err = capsys.readouterr()
    return code, out, err


def at(capsys, folder: Path, *argv, stdin: str | None = None):
    """A command on the database in ``folder``, the passphrase on standard input."""
    return run(
        capsys,
        [*argv, "--data-dir", str(folder), "--passphrase-stdin"],
        PASSPHRASE + "\n" + (stdin or ""),
    )


def ok(result):
    code, out, err = result
    assert code == 0, err
    return out


def refused(result, code: int = 1) -> str:
    got, _, err = result
    assert got == code, err
    assert err.strip() and len(err.strip().splitlines()) == 1, err
    return err


@contextmanager
def opened(folder: Path):
    from nghean_tui.storage.vault import Vault

    with Vault(folder) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        try:
            yield db
        finally:
            db.close()


def scalar(folder: Path, sql: str, **params):
    with opened(folder) as db, db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def init(capsys, folder: Path, role: str, unit: str, *, demo: bool = True) -> Path:
    """A database made with ``init``: a demo one unless ``demo=False``, since the tests fill
    them with synthetic records (``seed``), which only a demo database takes."""
    ok(
        run(
            capsys,
            [
                "init",
                "--role",
                role,
                "--unit",
                unit,
                "--officer",
                "Lương Văn Thắng",
                "--passphrase-stdin",
                "--data-dir",
                str(folder),
                *(["--demo"] * demo),
            ],
            PASSPHRASE + "\n",
        )
    )
    return folder


def card(capsys, folder: Path, out: Path) -> str:
    """Export a card; returns the fingerprint it printed."""
    printed = ok(at(capsys, folder, "identity", "export", "--out", str(out)))
    assert str(out) in printed
    return printed.split("Fingerprint: ")[1].split()[0]


def device_id(capsys, folder: Path) -> str:
    return json.loads(ok(at(capsys, folder, "identity", "show", "--json")))["device_id"]


def bundles_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".nghean"))


def import_json(capsys, folder: Path, *paths, reply_to: Path | None = None):
    extra = ["--reply-to", str(reply_to)] if reply_to else []
    code, out, err = at(capsys, folder, "sync", "import", *map(str, paths), *extra, "--json")
    return code, json.loads(out), err


@pytest.fixture
def world(tmp_path, capsys):
    """A station and two communes, enrolled both ways through the command line."""
    w = type("World", (), {})()
    w.root = tmp_path
    w.usb = tmp_path / "usb"
    w.usb.mkdir()
    w.station = init(capsys, tmp_path / "station", "supervisor", STATION)
    w.c1 = init(capsys, tmp_path / "c1", "commune", C1)
    w.c2 = init(capsys, tmp_path / "c2", "commune", C2)
    station_fp = card(capsys, w.station, w.usb / "station.card")
    for commune, unit in ((w.c1, C1), (w.c2, C2)):
        fp = card(capsys, commune, w.usb / f"{unit}.card")
        out = ok(at(capsys, w.station, "trust", "add", str(w.usb / f"{unit}.card"), "--yes"))
        assert fp in out and unit in out
        out = ok(at(capsys, commune, "trust", "add", str(w.usb / "station.card"), "--yes"))
        assert station_fp in out and "escrowed" in out
    w.ids = {name: device_id(capsys, getattr(w, name)) for name in ("station", "c1", "c2")}
    return w


# ---------------------------------------------------------------- end to end


def test_two_communes_and_a_station_end_to_end(world, capsys, tmp_path):
    w = world
    listed = json.loads(ok(at(capsys, w.station, "trust", "list", "--json")))
    assert sorted(p["unit_code"] for p in listed) == [C1, C2]
    assert all(p["revoked_at"] is None for p in listed)

    # Records on both communes, one bundle each, written to the stick.
    for commune, seed in ((w.c1, 1), (w.c2, 2)):
        ok(at(capsys, commune, "seed", "--persons", "20", "--seed", str(seed)))
        out = ok(at(capsys, commune, "sync", "export", "--to", str(w.usb)))
        assert "safe to remove" in out
    assert bundles_in(w.usb) == [f"{C1}-000001.nghean", f"{C2}-000001.nghean"]
    assert "Nothing new" in ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))

    # Inspect never imports.
    out = ok(at(capsys, w.station, "sync", "inspect", str(w.usb / f"{C1}-000001.nghean")))
    assert "Signature: valid" in out and "Addressed to this device: yes" in out
    assert "person: 20" in out
    seen = json.loads(
        ok(at(capsys, w.station, "sync", "inspect", str(w.usb / f"{C1}-000001.nghean"), "--json"))
    )
    assert seen["manifest"]["seq"] == 1 and seen["manifest"]["recipients"] == [w.ids["station"]]
    assert scalar(w.station, "SELECT count(*) FROM inbound_bundle") == 0

    # The station imports the folder and answers each commune.
    back = tmp_path / "back"
    back.mkdir()
    (w.usb / "half-written.nghean.tmp").write_bytes(b"age-encryption.org/v1\n junk")
    code, outcomes, err = import_json(capsys, w.station, w.usb, reply_to=back)
    assert code == 0, err
    assert [(o["sender_unit"], o["status"], o["seq"]) for o in outcomes] == [
        (C1, "accepted", 1),
        (C2, "accepted", 1),
    ]
    assert all(o["reply"] and Path(o["reply"]).is_file() for o in outcomes)
    assert scalar(w.station, "SELECT count(*) FROM person WHERE unit_code = :u", u=C1) == 20

    # Before the receipt the commune keeps the bundle; after it, the outbox is empty.
    state = json.loads(ok(at(capsys, w.c1, "sync", "status", "--json")))
    assert state["unreceipted"] == [[1, f"{C1}-000001.nghean"]] and state["receipt_highest"] is None
    for commune, unit in ((w.c1, C1), (w.c2, C2)):
        out = ok(at(capsys, commune, "sync", "import", str(back / f"reply-{unit}-000001.nghean")))
        assert "Accepted" in out and "Every bundle sent has been receipted" in out
        state = json.loads(ok(at(capsys, commune, "sync", "status", "--json")))
        assert state["unreceipted"] == [] and state["receipt_highest"] == 1
    assert "Every bundle sent" in ok(at(capsys, w.c1, "sync", "resend", "--to", str(back)))

    # A person moves from Mỹ Lý to Keng Đu: the station relays them to the new commune.
    with opened(w.c1) as db:
        from nghean_tui.domain import models as M
        from nghean_tui.storage.records import Records

        person_id = (
            db.engine.connect()
            .execute(
                text(
                    "SELECT id FROM person WHERE unit_code = :u AND deleted = 0 "
                    "AND id NOT IN (SELECT person_id FROM transfer) ORDER BY id LIMIT 1"
                ),
                {"u": C1},
            )
            .scalar()
        )
        Records(db).create(
            M.Transfer,
            {
                "person_id": person_id,
                "direction": "out",
                "from_unit_code": C1,
                "to_unit_code": C2,
                "move_date": date(2026, 11, 20),
            },
        )
    ok(at(capsys, w.c2, "seed", "--persons", "1", "--seed", "3"))
    usb2, back2 = tmp_path / "usb2", tmp_path / "back2"
    usb2.mkdir()
    back2.mkdir()
    for commune in (w.c1, w.c2):
        ok(at(capsys, commune, "sync", "export", "--to", str(usb2)))
    out = ok(at(capsys, w.station, "sync", "import", str(usb2), "--reply-to", str(back2)))
    assert "2 bundle(s): 2 accepted" in out
    assert f"reply-{C1}-000002.nghean" in out and f"reply-{C2}-000002.nghean" in out
    code, outcomes, err = import_json(capsys, w.c2, back2 / f"reply-{C2}-000002.nghean")
    assert code == 0 and outcomes[0]["status"] == "accepted" and outcomes[0]["records"] >= 2
    assert scalar(w.c2, "SELECT unit_code FROM person WHERE id = :i", i=person_id) == C2
    assert (
        scalar(
            w.c2,
            "SELECT count(*) FROM transfer WHERE person_id = :i AND direction = 'in'",
            i=person_id,
        )
        == 1
    )
    # The new commune's takeover is accepted at the station.
    usb3 = tmp_path / "usb3"
    usb3.mkdir()
    ok(at(capsys, w.c2, "sync", "export", "--to", str(usb3)))
    code, outcomes, err = import_json(capsys, w.station, usb3)
    assert code == 0 and [o["status"] for o in outcomes] == ["accepted"], outcomes
    assert scalar(w.station, "SELECT unit_code FROM person WHERE id = :i", i=person_id) == C2

    # The same bundle again, and a renamed copy: nothing to do, exit 0.
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    shutil.copy(w.usb / f"{C1}-000001.nghean", renamed / "copy of the bundle.nghean")
    code, out, err = at(
        capsys,
        w.station,
        "sync",
        "import",
        str(w.usb / f"{C1}-000001.nghean"),
        str(renamed / "copy of the bundle.nghean"),
    )
    assert code == 0 and out.count("Already here") == 2 and "2 already here" in out, out + err

    # A gap is held, listed, and filled later.
    gap = tmp_path / "gap"
    gap.mkdir()
    for n in (3, 4):
        ok(at(capsys, w.c1, "seed", "--persons", "1", "--seed", str(10 + n)))
        ok(at(capsys, w.c1, "sync", "export", "--to", str(gap)))
    code, outcomes, _ = import_json(capsys, w.station, gap / f"{C1}-000004.nghean")
    assert code == 0 and outcomes[0]["status"] == "pending" and outcomes[0]["missing"] == [3]
    devices = json.loads(ok(at(capsys, w.station, "sync", "status", "--json")))["devices"]
    mine = next(d for d in devices if d["unit_code"] == C1)
    assert (mine["last_seq"], mine["pending"], mine["missing"]) == (2, [4], [3])
    assert mine["unit_name"] == "Xã Mỹ Lý" and mine["days_since_last_bundle"] == 0
    out = ok(at(capsys, w.station, "sync", "status"))
    assert "Xã Mỹ Lý" in out and "missing no. 3" in out
    out = ok(at(capsys, w.station, "sync", "import", str(gap / f"{C1}-000003.nghean")))
    assert "also applied the waiting bundles no. 4" in out
    devices = json.loads(ok(at(capsys, w.station, "sync", "status", "--json")))["devices"]
    mine = next(d for d in devices if d["unit_code"] == C1)
    assert (mine["last_seq"], mine["pending"], mine["missing"]) == (4, [], [])

    # A commune the station never enrolled: rejected, exit 1, nothing imported.
    c3 = init(capsys, tmp_path / "c3", "commune", C3)
    ok(at(capsys, c3, "trust", "add", str(w.usb / "station.card"), "--yes"))
    ok(at(capsys, c3, "seed", "--persons", "2"))
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    ok(at(capsys, c3, "sync", "export", "--to", str(stranger)))
    code, out, err = at(capsys, w.station, "sync", "import", str(stranger))
    assert code == 1 and "Rejected" in err and "not enrolled" in err and "1 rejected" in out
    assert err.count("\n") == 1  # one line on stderr for the one refusal
    assert scalar(w.station, "SELECT count(*) FROM person WHERE unit_code = :u", u=C3) == 0

    # Revoke Keng Đu: what was accepted stays, a newer bundle is refused.
    out = ok(at(capsys, w.station, "trust", "revoke", w.ids["c2"]))
    assert "up to no. 3" in out
    ok(at(capsys, w.c2, "seed", "--persons", "1", "--seed", "5"))
    late = tmp_path / "late"
    late.mkdir()
    ok(at(capsys, w.c2, "sync", "export", "--to", str(late)))
    code, out, err = at(capsys, w.station, "sync", "inspect", str(late / f"{C2}-000004.nghean"))
    assert code == 1 and "Signature: valid" in out and "revoked after no. 3" in out
    code, outcomes, _ = import_json(capsys, w.station, late)
    assert code == 1 and (outcomes[0]["status"], outcomes[0]["reason"]) == ("rejected", "revoked")
    devices = json.loads(ok(at(capsys, w.station, "sync", "status", "--json")))["devices"]
    theirs = next(d for d in devices if d["unit_code"] == C2)
    assert theirs["revoked"] is True and theirs["last_seq"] == 3
    listed = json.loads(ok(at(capsys, w.station, "trust", "list", "--json")))
    assert next(p for p in listed if p["unit_code"] == C2)["revoked_after_seq"] == 3

    # The province recovers Mỹ Lý's database with its escrow key (audited on both sides).
    out = ok(
        at(
            capsys,
            w.station,
            "escrow",
            "recover",
            "--commune-dir",
            str(w.c1),
            "--officer",
            "Hồ Sỹ Tỉnh",
            "--new-passphrase-stdin",
            stdin="tỉnh mở lại dữ liệu\n",
        )
    )
    assert "Xã Mỹ Lý" in out and "Hồ Sỹ Tỉnh" in out
    ok(
        run(
            capsys,
            ["check", "--data-dir", str(w.c1), "--passphrase-stdin"],
            "tỉnh mở lại dữ liệu\n",
        )
    )
    assert scalar(w.c1, "SELECT count(*) FROM audit_log WHERE action = 'unlock_escrow'") == 1
    assert (
        scalar(
            w.station,
            "SELECT count(*) FROM audit_log WHERE action = 'unlock_escrow' AND record_id = :d",
            d=w.ids["c1"],
        )
        == 1
    )
    ok(at(capsys, w.c1, "check"))  # the original passphrase still works
    # An officer who forgot the passphrase (and lost the recovery code) gets a new one.
    out = ok(
        at(
            capsys,
            w.station,
            "escrow",
            "recover",
            "--commune-dir",
            str(w.c1),
            "--officer",
            "luong van thang",
            "--new-passphrase-stdin",
            stdin="lúa chín vàng đồi chè xanh\n",
        )
    )
    assert "Lương Văn Thắng" in out
    ok(
        run(
            capsys,
            ["check", "--data-dir", str(w.c1), "--passphrase-stdin"],
            "lúa chín vàng đồi chè xanh\n",
        )
    )
    refused(at(capsys, w.c1, "check"))


def test_resend_rewrites_unreceipted_bundles_byte_for_byte(world, capsys, tmp_path):
    w = world
    ok(at(capsys, w.c1, "seed", "--persons", "3"))
    ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    ok(at(capsys, w.c1, "seed", "--persons", "2", "--seed", "9"))
    out = ok(at(capsys, w.c1, "sync", "export", "--to", str(w.usb)))
    assert "not yet receipted (no. 1)" in out
    other = tmp_path / "other-stick"
    other.mkdir()
    out = ok(at(capsys, w.c1, "sync", "resend", "--to", str(other)))
    assert out.count("safe to remove") == 2
    for name in bundles_in(w.usb):
        assert (other / name).read_bytes() == (w.usb / name).read_bytes()
    out = ok(at(capsys, w.c1, "sync", "resend", "--to", str(other), "--seq", "1"))
    assert "identical" in out
    refused(at(capsys, w.c1, "sync", "resend", "--to", str(other), "--seq", "7"))
    # A station writes its latest reply to a device again.
    back = tmp_path / "back"
    back.mkdir()
    ok(at(capsys, w.station, "sync", "import", str(w.usb), "--reply-to", str(back)))
    again = tmp_path / "again"
    again.mkdir()
    ok(at(capsys, w.station, "sync", "resend", "--to", str(again), "--device", w.ids["c1"]))
    assert (again / f"reply-{C1}-000001.nghean").read_bytes() == (
        back / f"reply-{C1}-000001.nghean"
    ).read_bytes()
    refused(at(capsys, w.station, "sync", "resend", "--to", str(again)))
    refused(at(capsys, w.station, "sync", "resend", "--to", str(again), "--device", "nosuch"))


def test_a_station_replies_without_waiting_for_a_bundle(world, capsys, tmp_path):
    w = world
    out_dir = tmp_path / "replies"
    out_dir.mkdir()
    ok(at(capsys, w.station, "sync", "reply", "--to", str(out_dir)))
    assert bundles_in(out_dir) == [f"reply-{C1}-000001.nghean", f"reply-{C2}-000001.nghean"]
    ok(at(capsys, w.station, "sync", "reply", "--to", str(out_dir), "--device", w.ids["c2"]))
    assert f"reply-{C2}-000002.nghean" in bundles_in(out_dir)
    # The newest reply is all a commune needs; the older one arriving later is superseded.
    code, outcomes, _ = import_json(capsys, w.c2, out_dir / f"reply-{C2}-000002.nghean")
    assert code == 0 and outcomes[0]["status"] == "accepted"
    code, outcomes, _ = import_json(capsys, w.c2, out_dir / f"reply-{C2}-000001.nghean")
    assert code == 0 and outcomes[0]["status"] == "duplicate"
    refused(at(capsys, w.station, "sync", "reply", "--to", str(out_dir), "--device", "nosuch"))
    refused(at(capsys, w.c1, "sync", "reply", "--to", str(out_dir)))


def test_trust_add_asks_for_the_fingerprint(tmp_path, capsys):
    station = init(capsys, tmp_path / "s", "supervisor", STATION)
    commune = init(capsys, tmp_path / "c", "commune", C1)
    card(capsys, commune, tmp_path / "c.card")
    before = ok(at(capsys, station, "trust", "list", "--json"))
    # No answer at all (no terminal, nothing more on stdin): refused.
    err = refused(at(capsys, station, "trust", "add", str(tmp_path / "c.card")))
    assert "--yes" in err
    # "No", and anything but yes: refused, nothing trusted.
    for answer in ("n\n", "\n", "maybe\n"):
        refused(at(capsys, station, "trust", "add", str(tmp_path / "c.card"), stdin=answer))
    assert ok(at(capsys, station, "trust", "list", "--json")) == before
    code, out, _ = at(capsys, station, "trust", "add", str(tmp_path / "c.card"), stdin="y\n")
    assert code == 0 and "Does the other side read the same fingerprint?" in out
    assert len(json.loads(ok(at(capsys, station, "trust", "list", "--json")))) == 1
    # Vietnamese: "có" is yes.
    code = main(
        [
            "trust",
            "add",
            str(tmp_path / "c.card"),
            "--data-dir",
            str(station),
            "--passphrase-stdin",
        ],
        stdin=io.StringIO(PASSPHRASE + "\ncó\n"),
    )
    out, err = capsys.readouterr()
    assert code == 0 and "Mã đối chiếu" in out, err


# ---------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def _pair_template(tmp_path_factory):
    """Made once: a station and one commune, not enrolled; a card of each, a garbage file."""
    import contextlib

    root = tmp_path_factory.mktemp("pair")
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        for folder, role, unit in (("s", "supervisor", STATION), ("c", "commune", C1)):
            assert (
                main(
                    [
                        "init",
                        "--role",
                        role,
                        "--unit",
                        unit,
                        "--officer",
                        "Lò Văn A",
                        "--passphrase-stdin",
                        "--data-dir",
                        str(root / folder),
                    ],
                    stdin=io.StringIO(PASSPHRASE + "\n"),
                )
                == 0
            )
        files = root / "files"
        files.mkdir()
        for folder, name in (("s", "station.card"), ("c", "commune.card")):
            assert (
                main(
                    [
                        "identity",
                        "export",
                        "--out",
                        str(files / name),
                        "--data-dir",
                        str(root / folder),
                        "--passphrase-stdin",
                    ],
                    stdin=io.StringIO(PASSPHRASE + "\n"),
                )
                == 0
            )
    (files / "garbage.card").write_bytes(b"\x00\xffnot a card at all")
    (files / "tampered.card").write_bytes(
        (files / "commune.card")
        .read_bytes()
        .replace(b'"unit_code":"16816"', b'"unit_code":"16819"')
    )
    (files / "large.card").write_bytes(b"{" + b" " * 10_000 + b"}")
    (files / "fake.nghean").write_bytes(b"hello, this is not a bundle")
    return root


@pytest.fixture
def pair(_pair_template, tmp_path):
    """A copy of the template for one test (the instance locks left behind)."""
    for name in ("s", "c", "files"):
        shutil.copytree(
            _pair_template / name, tmp_path / name, ignore=shutil.ignore_patterns("nghean.lock")
        )
    return tmp_path / "s", tmp_path / "c", tmp_path / "files"


@pytest.mark.parametrize(
    "who, argv, expected",
    [
        ("station", ["trust", "add", "{files}/missing.card", "--yes"], "Not found"),
        ("station", ["trust", "add", "{files}", "--yes"], "is a folder"),
        ("station", ["trust", "add", "{files}/garbage.card", "--yes"], "not a valid identity card"),
        ("station", ["trust", "add", "{files}/tampered.card", "--yes"], "does not verify"),
        ("station", ["trust", "add", "{files}/large.card", "--yes"], "too large"),
        ("station", ["sync", "import", "{files}/missing.nghean"], "Not found"),
        (
            "station",
            ["sync", "import", "{files}", "--reply-to", "{files}/nowhere"],
            "Folder not found",
        ),
        ("station", ["sync", "inspect", "{files}/fake.nghean"], "not a sync bundle"),
        ("station", ["sync", "inspect", "{files}"], "is a folder"),
        ("station", ["sync", "inspect", "{files}/none.nghean"], "Not found"),
        ("commune", ["sync", "export", "--to", "{files}/nowhere"], "Folder not found"),
        ("commune", ["sync", "export", "--to", "{files}/commune.card"], "not a folder"),
        ("commune", ["identity", "export", "--out", "{files}/nowhere/x.card"], "Folder not found"),
        ("commune", ["identity", "export", "--out", "{files}"], "is a folder"),
        (
            "station",
            ["escrow", "recover", "--commune-dir", "{files}/nowhere", "--officer", "A B"],
            "Folder not found",
        ),
        (
            "station",
            ["escrow", "recover", "--commune-dir", "{files}", "--officer", "A B"],
            "No database",
        ),
    ],
)
def test_bad_input_is_refused_before_unlocking(pair, capsys, who, argv, expected):
    """Refused on one line, exit 1, and the data folder byte for byte as it was."""
    station, commune, files = pair
    folder = station if who == "station" else commune
    argv = [a.replace("{files}", str(files)) for a in argv]
    before = folder_digest(folder, skip=SKIP)
    listing = sorted(p.name for p in files.iterdir())
    err = refused(at(capsys, folder, *argv, stdin="y\n"))
    assert expected in err
    assert folder_digest(folder, skip=SKIP) == before
    assert sorted(p.name for p in files.iterdir()) == listing


@pytest.mark.parametrize(
    "who, argv, expected",
    [
        ("commune", ["trust", "add", "{files}/commune.card", "--yes"], "own identity card"),
        ("station", ["trust", "add", "{files}/station.card", "--yes"], "own identity card"),
        ("commune", ["trust", "revoke", "0123456789abcdef"], "not in the trust list"),
        ("commune", ["sync", "export", "--to", "{files}"], "No provincial supervisor station"),
        ("station", ["sync", "export", "--to", "{files}"], "sends no records"),
        (
            "commune",
            ["sync", "import", "{files}/fake.nghean", "--reply-to", "{files}"],
            "Only a supervisor station",
        ),
        (
            "commune",
            ["escrow", "recover", "--commune-dir", "{station}", "--officer", "A B"],
            "Only the provincial station",
        ),
        (
            "station",
            ["escrow", "recover", "--commune-dir", "{station}", "--officer", "A B"],
            "own data folder",
        ),
        (
            "station",
            [
                "escrow",
                "recover",
                "--commune-dir",
                "{commune}",
                "--officer",
                "A B",
                "--new-passphrase-stdin",
            ],
            "opens none",
        ),
    ],
)
def test_refusals_after_unlocking_change_no_data(pair, capsys, who, argv, expected):
    station, commune, files = pair
    folder = station if who == "station" else commune
    argv = [
        a.replace("{files}", str(files))
        .replace("{station}", str(station))
        .replace("{commune}", str(commune))
        for a in argv
    ]
    peers = scalar(folder, "SELECT count(*) FROM peer")
    outbox = scalar(folder, "SELECT count(*) FROM outbound_bundle")
    listing = sorted(p.name for p in files.iterdir())
    err = refused(at(capsys, folder, *argv, stdin="chuông chùa ngân trên đỉnh núi\n"))
    assert expected in err
    assert scalar(folder, "SELECT count(*) FROM peer") == peers
    assert scalar(folder, "SELECT count(*) FROM outbound_bundle") == outbox
    assert sorted(p.name for p in files.iterdir()) == listing


def test_a_non_bundle_named_on_the_command_line_is_rejected(pair, capsys):
    station, _, files = pair
    code, out, err = at(
        capsys, station, "sync", "import", str(files / "fake.nghean"), str(files / "garbage.card")
    )
    # Refusals are failures: one line each on stderr; the summary on stdout.
    assert code == 1 and err.count("Rejected") == 2 and "not a sync bundle" in err
    assert "2 rejected" in out and "Rejected" not in out
    code, out, err = at(capsys, station, "sync", "import", str(files))  # a folder: only *.nghean
    assert code == 1 and err.count("Rejected") == 1
    empty = files / "empty"
    empty.mkdir()
    code, out, _ = at(capsys, station, "sync", "import", str(empty))
    assert code == 0 and "No bundle files" in out


def test_nothing_new_and_status_on_a_fresh_commune(pair, capsys):
    station, commune, files = pair
    ok(at(capsys, commune, "trust", "add", str(files / "station.card"), "--yes"))
    out = ok(at(capsys, commune, "sync", "status"))
    assert "Enrolled stations: 1" in out and "No receipt" in out
    assert "Nothing new" not in ok(at(capsys, commune, "sync", "export", "--to", str(files)))
    assert "Nothing new" in ok(at(capsys, commune, "sync", "export", "--to", str(files)))
    assert "No commune is enrolled" in ok(at(capsys, station, "sync", "status"))
    assert ok(at(capsys, station, "trust", "list")).strip() == "No device is trusted yet."
    # The station never enrolled the commune: the bundle opens, its signature cannot be checked.
    code, out, err = at(capsys, station, "sync", "inspect", str(files / f"{C1}-000001.nghean"))
    assert code == 1 and "cannot be checked" in out and "not enrolled" in err
    # A station the commune never enrolled cannot even open it.
    other = init(capsys, files.parent / "other", "supervisor", STATION)
    code, out, err = at(capsys, other, "sync", "inspect", str(files / f"{C1}-000001.nghean"))
    assert code == 1 and "not addressed" in err and not out


@pytest.mark.parametrize(
    "argv",
    [
        ["sync"],
        ["sync", "import"],
        ["trust", "revoke"],
        ["trust"],
        ["identity"],
        ["identity", "export"],
        ["sync", "resend", "--to", "x", "--seq", "many"],
        ["sync", "export"],
        ["escrow", "recover", "--commune-dir", "x"],
        ["sync", "frobnicate"],
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--data-dir", str(tmp_path / "none")], stdin=io.StringIO(""))
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "none" / "nghean.db").exists()
