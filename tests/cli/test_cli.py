"""The command line contract: exit codes 0/1/2, one-line reasons, nothing changed on refusal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from nghean_tui.cli import main
from tests.conftest import COMMUNE, PASSPHRASE
from tests.storage.helpers import folder_digest


def run(argv, stdin: str = "", capsys=None):
    code = main(argv, stdin=io.StringIO(stdin))
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


@pytest.fixture
def initialised(tmp_path, capsys):
    folder = tmp_path / "d"
    code, out, err = run(
        [
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "Lương Văn Thắng",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0, err
    return folder, out


def test_init_prints_the_recovery_code_once(initialised):
    folder, out = initialised
    lines = [line.strip() for line in out.splitlines()]
    codes = [line for line in lines if len(line) == 34 and line.count("-") == 6]
    assert len(codes) == 1
    assert "Mỹ Lý" in out


def test_global_options_before_or_after_the_command(tmp_path, capsys):
    folder = tmp_path / "e"
    code, out, _ = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(folder),
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "A B",
            "--passphrase-stdin",
        ],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0 and "RECOVERY CODE" in out
    code, out, _ = run(
        ["check", "--passphrase-stdin", "--data-dir", str(folder), "--lang", "en"],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0 and "healthy" in out


def test_check_json(initialised, capsys):
    folder, _ = initialised
    code, out, _ = run(
        ["check", "--json", "--passphrase-stdin", "--data-dir", str(folder)],
        PASSPHRASE + "\n",
        capsys,
    )
    result = json.loads(out)
    assert code == 0 and result["ok"] is True
    assert {c["name"] for c in result["checks"]} >= {
        "cipher_integrity",
        "audit_chain",
        "foreign_keys",
        "keyslots",
    }


def test_check_fails_on_a_broken_audit_chain(initialised, capsys):
    from sqlalchemy import text

    from nghean_tui.storage.vault import Vault

    folder, _ = initialised
    with Vault(folder) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        with db.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("UPDATE audit_log SET officer_id = NULL WHERE seq = 1"))
        db.close()
    code, out, _ = run(
        ["check", "--json", "--passphrase-stdin", "--data-dir", str(folder)],
        PASSPHRASE + "\n",
        capsys,
    )
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert code == 1 and not checks["audit_chain"]["ok"]


@pytest.mark.parametrize(
    "argv, expected",
    [
        (
            [
                "init",
                "--role",
                "commune",
                "--unit",
                "99999",
                "--officer",
                "A",
                "--passphrase-stdin",
            ],
            1,
        ),
        (
            [
                "init",
                "--role",
                "supervisor",
                "--unit",
                COMMUNE,
                "--officer",
                "A",
                "--passphrase-stdin",
            ],
            1,
        ),
        (["init", "--role", "commune", "--unit", "40", "--officer", "A", "--passphrase-stdin"], 1),
        (["init", "--role", "mayor", "--unit", COMMUNE, "--officer", "A"], 2),
        (["init", "--unit", COMMUNE, "--officer", "A"], 2),
        (["seed", "--persons", "-5"], 2),
        (["seed", "--persons", "many"], 2),
        (["frobnicate"], 2),
        (["--lang", "fr"], 2),
        (["passphrase"], 2),
        (["check", "--passphrase-stdin"], 1),  # no database here yet
    ],
)
def test_bad_arguments(tmp_path, capsys, argv, expected):
    folder = tmp_path / "bad"
    with pytest.raises(SystemExit) if expected == 2 else _nothing() as exit_info:
        code, out, err = run([*argv, "--data-dir", str(folder)], PASSPHRASE + "\n", capsys)
    if expected == 2:
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
    else:
        assert code == 1
    assert err.strip() and len(err.strip().splitlines()) <= 3
    assert not (folder / "nghean.db").exists()


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_short_passphrase_is_refused_before_anything_is_created(tmp_path, capsys):
    folder = tmp_path / "short"
    code, _, err = run(
        [
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "A B",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        "short\n",
        capsys,
    )
    assert code == 1 and "8" in err
    assert not (folder / "nghean.db").exists()


@pytest.mark.parametrize(
    "weak", ["12345678", "password", "matkhau123", "congan123", "Lương Văn Thắng 1990"]
)
def test_weak_passphrase_is_refused_at_init_with_a_vietnamese_reason(tmp_path, capsys, weak):
    folder = tmp_path / "weak"
    code, out, err = run(
        [
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "Lương Văn Thắng",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        weak + "\n",
        capsys,
    )
    assert code == 1 and out == ""
    assert err.startswith("nghean-tui: Mật khẩu dễ đoán") and err.count("\n") == 1
    assert "bốn, năm từ không liên quan" in err  # how to choose a better one
    assert not (folder / "nghean.db").exists() and not (folder / "keyslots.json").exists()


def test_weak_passphrase_refusal_in_english(tmp_path, capsys):
    code, _, err = run(
        [
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "A B",
            "--passphrase-stdin",
            "--data-dir",
            str(tmp_path / "w"),
            "--lang",
            "en",
        ],
        "xã mỹ lý 2026\n",
        capsys,
    )
    assert code == 1 and "the unit's or an officer's name" in err and "four or five" in err


def test_init_twice_is_refused_and_changes_nothing(initialised, capsys):
    folder, _ = initialised
    before = folder_digest(folder)
    code, _, err = run(
        [
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "X",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 1 and str(folder) in err
    assert folder_digest(folder) == before


def test_wrong_passphrase_exit_1_and_data_unchanged(initialised, capsys):
    folder, _ = initialised
    before = folder_digest(folder, skip=("nghean.lock", "unlock-state.json"))
    code, _, err = run(
        ["check", "--passphrase-stdin", "--data-dir", str(folder), "--lang", "en"],
        "wrong one\n",
        capsys,
    )
    assert code == 1 and "Wrong passphrase" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(
        ["check", "--passphrase-stdin", "--data-dir", str(folder), "--lang", "en"],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 1 and "Wait" in err  # the wait applies to the next attempt too
    assert folder_digest(folder, skip=("nghean.lock", "unlock-state.json")) == before


def test_empty_stdin_is_a_clear_failure(initialised, capsys):
    folder, _ = initialised
    code, _, err = run(["check", "--passphrase-stdin", "--data-dir", str(folder)], "", capsys)
    assert code == 1 and err.strip()


def test_passphrase_add_change_remove(initialised, capsys):
    folder, _ = initialised
    d = ["--data-dir", str(folder), "--passphrase-stdin"]
    second, changed = "ngựa trắng leo đèo mù sương", "sáo sậu hót trên cây bưởi"

    def opens(passphrase: str) -> bool:
        """Whether a key slot takes this passphrase (read directly: no unlock, no wait)."""
        from nghean_tui.storage.keyslots import KeyslotFile, WrongSecret

        slots = KeyslotFile(folder)
        slots.load()
        try:
            slots.unlock_passphrase(passphrase)
        except WrongSecret:
            return False
        return True

    assert not opens(second)
    code, out, err = run(
        ["passphrase", "add", "--officer", "Vi Văn Nam", *d, "--new-passphrase-stdin"],
        f"{PASSPHRASE}\n{second}\n",
        capsys,
    )
    assert code == 0, err
    code, _, err = run(["check", *d], f"{second}\n", capsys)
    assert code == 0, err
    assert opens(second) and opens(PASSPHRASE)
    code, _, err = run(
        ["passphrase", "change", *d, "--new-passphrase-stdin"], f"{second}\n{changed}\n", capsys
    )
    assert code == 0, err
    assert opens(changed) and not opens(second) and opens(PASSPHRASE)
    code, out, err = run(
        ["passphrase", "remove", "--officer", "vi van nam", *d], f"{PASSPHRASE}\n", capsys
    )
    assert code == 0, err
    assert out.strip() == "Đã xóa mật khẩu của Vi Văn Nam."
    assert not opens(changed) and opens(PASSPHRASE)
    not_slots = ("nghean.lock", "unlock-state.json", "nghean.db", "nghean.db-wal", "nghean.db-shm")
    slots = folder_digest(folder, skip=not_slots)
    code, out, err = run(
        ["passphrase", "remove", "--officer", "Lương Văn Thắng", *d], f"{PASSPHRASE}\n", capsys
    )
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "nghean-tui: Không xóa được mật khẩu cuối cùng: phải còn ít nhất một cán bộ mở được "
        "dữ liệu."
    ]
    # The last passphrase stays: its key slot is untouched and it still opens the data.
    assert folder_digest(folder, skip=not_slots) == slots
    assert opens(PASSPHRASE)


def _slots_and_content(folder):
    """The keyslot files' bytes, and every row of the database but the audit log's unlocks."""
    from sqlalchemy import text

    from nghean_tui.storage.vault import Vault
    from tests.sync.helpers import content_digest

    slots = folder_digest(
        folder,
        skip=("nghean.lock", "unlock-state.json", "nghean.db", "nghean.db-wal", "nghean.db-shm"),
    )
    with Vault(folder) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        try:
            with db.engine.connect() as conn:
                actions = [
                    r[0]
                    for r in conn.execute(
                        text(
                            "SELECT action FROM audit_log WHERE action NOT IN ('unlock') ORDER BY seq"
                        )
                    )
                ]
            return slots, (content_digest(db, exclude={"audit_log"}), actions)
        finally:
            db.close()


def test_weak_new_passphrase_is_refused_and_nothing_changes(initialised, capsys):
    folder, _ = initialised
    d = ["--data-dir", str(folder), "--passphrase-stdin"]
    keyslots, before = _slots_and_content(folder)
    code, _, err = run(
        ["passphrase", "change", *d, "--new-passphrase-stdin"],
        f"{PASSPHRASE}\ncongan nghean 2026\n",
        capsys,
    )
    assert code == 1 and "“công an”" in err and err.count("\n") == 1
    code, _, err = run(
        ["passphrase", "add", "--officer", "Vi Văn Nam", *d, "--new-passphrase-stdin"],
        f"{PASSPHRASE}\nvivannam1990\n",
        capsys,
    )
    assert code == 1 and err.startswith("nghean-tui: Mật khẩu dễ đoán")
    # No slot rewrapped, no officer created, nothing audited but the unlocks.
    assert _slots_and_content(folder) == (keyslots, before)
    code, _, err = run(["check", *d], PASSPHRASE + "\n", capsys)
    assert code == 0, err  # the old passphrase still opens
    code, _, err = run(
        ["passphrase", "change", *d, "--new-passphrase-stdin"],
        f"{PASSPHRASE}\ntrâu ăn cỏ bờ sông lam\n",
        capsys,
    )
    assert code == 0, err
    code, _, err = run(["check", *d], "trâu ăn cỏ bờ sông lam\n", capsys)
    assert code == 0, err


def test_recovery_code_is_not_held_to_the_passphrase_rule(initialised, capsys):
    """Recovery codes are generated, not chosen: they open the data as before, and a weak
    passphrase is refused even after unlocking with one."""
    folder, out = initialised
    code_line = next(
        line.strip()
        for line in out.splitlines()
        if len(line.strip()) == 34 and line.count("-") == 6
    )
    d = ["--data-dir", str(folder), "--passphrase-stdin"]
    code, _, err = run(["check", "--recovery", *d], code_line + "\n", capsys)
    assert code == 0, err
    code, _, err = run(
        [
            "passphrase",
            "change",
            "--recovery",
            "--officer",
            "Lương Văn Thắng",
            *d,
            "--new-passphrase-stdin",
        ],
        f"{code_line}\n12345678\n",
        capsys,
    )
    assert code == 1 and "Mật khẩu dễ đoán" in err
    code, _, err = run(["check", *d], PASSPHRASE + "\n", capsys)
    assert code == 0, err


def test_recovery_code_resets_a_forgotten_passphrase(initialised, capsys):
    folder, out = initialised
    code_line = next(
        line.strip()
        for line in out.splitlines()
        if len(line.strip()) == 34 and line.count("-") == 6
    )
    d = ["--data-dir", str(folder), "--passphrase-stdin"]
    code, _, err = run(
        [
            "passphrase",
            "change",
            "--recovery",
            "--officer",
            "Lương Văn Thắng",
            *d,
            "--new-passphrase-stdin",
        ],
        f"{code_line}\nnhớ được rồi nhé\n",
        capsys,
    )
    assert code == 0, err
    code, _, err = run(["check", *d], "nhớ được rồi nhé\n", capsys)
    assert code == 0, err


def test_second_instance_is_refused(initialised, capsys):
    from nghean_tui.storage.vault import Vault

    folder, _ = initialised
    with Vault(folder):
        code, _, err = run(
            ["check", "--passphrase-stdin", "--data-dir", str(folder)], PASSPHRASE + "\n", capsys
        )
    assert code == 1 and str(os.getpid()) in err


def test_help_and_version_in_a_subprocess():
    for args in (["--help"], ["--version"], ["init", "--help"], ["passphrase", "add", "--help"]):
        out = subprocess.run(
            [sys.executable, "-m", "nghean_tui", *args], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0 and out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "nghean_tui", "init"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2 and "thiếu tham số bắt buộc" in out.stderr


def test_keyslots_from_another_database_give_one_clear_line_and_no_sqlcipher_log(tmp_path, capsys):
    """SQLCipher logs its own "ERROR CORE …" lines to stderr when pages fail to decrypt; only
    our message may reach the person (in a subprocess: the library writes to fd 2 itself)."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        code, _, err = run(
            [
                "init",
                "--role",
                "commune",
                "--unit",
                COMMUNE,
                "--officer",
                "Lương Văn Thắng",
                "--passphrase-stdin",
                "--data-dir",
                str(folder),
            ],
            PASSPHRASE + "\n",
            capsys,
        )
        assert code == 0, err
    for name in ("keyslots.json", "keyslots.bak.json"):
        (second / name).write_bytes((first / name).read_bytes())
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "nghean_tui",
            "check",
            "--passphrase-stdin",
            "--data-dir",
            str(second),
            "--lang",
            "en",
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "ERROR" not in out.stderr and "CORE" not in out.stderr
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("nghean-tui: "), out.stderr
    assert out.stdout == ""


def test_check_lists_the_duplicates_a_database_already_holds(initialised, capsys):
    """Written before the rule (or by an older version): kept, listed, a warning not a failure."""
    from sqlalchemy import text

    from nghean_tui.domain import models as M
    from nghean_tui.storage.records import Records
    from nghean_tui.storage.vault import Vault

    folder, _ = initialised
    with Vault(folder) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        records = Records(db)
        a = records.create(
            M.Person,
            {
                "full_name": "Vi Văn Khăm",
                "sex": "male",
                "birth_year": 1988,
                "citizen_id": "040088111222",
            },
        )
        b = records.create(
            M.Person, {"full_name": "Lô Thị Xoan", "sex": "female", "birth_year": 1991}
        )
        with db.write() as txn:
            txn.conn.execute(
                text("UPDATE person SET citizen_id = '040088111222' WHERE id = :i"), {"i": b.id}
            )
        db.close()
    code, out, err = run(
        ["check", "--passphrase-stdin", "--data-dir", str(folder), "--lang", "en"],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0, out + err
    line = next(x for x in out.splitlines() if "Same citizen ID 040088111222" in x)
    assert "Vi Văn Khăm" in line and "Lô Thị Xoan" in line
    assert a.id[:8] in line and b.id[:8] in line
    assert "[WARNING] Duplicate profiles" in out
    code, out, _ = run(
        ["check", "--json", "--passphrase-stdin", "--data-dir", str(folder)],
        PASSPHRASE + "\n",
        capsys,
    )
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert checks["duplicates"]["warning"] and len(checks["duplicates"]["groups"]) == 1
