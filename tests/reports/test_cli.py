"""``nghean-tui report``, ``criteria export|load`` and ``population load``: exit codes, one-line
reasons, nothing changed on refusal."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import run
from tests.conftest import COMMUNE, PASSPHRASE
from tests.storage.helpers import folder_digest

P = PASSPHRASE + "\n"


def _init(folder, role: str, unit: str, capsys, *, demo: bool = False) -> None:
    code, _, err = run(
        [
            "init",
            "--role",
            role,
            "--unit",
            unit,
            "--officer",
            "Vi Văn Nam",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
            *(["--demo"] * demo),
        ],
        P,
        capsys,
    )
    assert code == 0, err


@pytest.fixture
def commune(tmp_path, capsys):
    folder = tmp_path / "commune"
    _init(folder, "commune", COMMUNE, capsys, demo=True)  # seed fills only a demo database
    code, _, err = run(
        [
            "seed",
            "--persons",
            "60",
            "--patrols",
            "20",
            "--seed",
            "7",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    return folder


@pytest.fixture
def station(tmp_path, capsys):
    folder = tmp_path / "station"
    _init(folder, "supervisor", "40", capsys)
    return folder


def test_report_xlsx_and_csv(commune, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    code, stdout, err = run(
        [
            "report",
            "--period",
            "2026-Q3",
            "--out",
            str(out),
            "--passphrase-stdin",
            "--data-dir",
            str(commune),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    assert "2026-Q3" in stdout and "Mỹ Lý" in stdout
    assert len(load_workbook(out).sheetnames) == 10
    out = tmp_path / "r.csv"
    code, stdout, err = run(
        [
            "--lang",
            "en",
            "report",
            "--period",
            "2026",
            "--out",
            str(out),
            "--passphrase-stdin",
            "--data-dir",
            str(commune),
        ],
        P,
        capsys,
    )
    assert code == 0 and "written to" in stdout
    assert out.read_text("utf-8-sig").startswith("Period,Section,Unit code")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--period", "2026-13"], "2026-13"),
        (["--period", "2026-10", "--unit", "99999"], "99999"),
        (["--period", "2026-10", "--out", "r.txt"], ".xlsx"),
        (["--period", "2026-10", "--out", "missing/folder/r.xlsx"], "folder"),
    ],
)
def test_report_refusals(commune, tmp_path, capsys, argv, words):
    if "--out" not in argv:
        argv = [*argv, "--out", "r.xlsx"]
    argv = [a if not a.startswith(("r.", "missing")) else str(tmp_path / a) for a in argv]
    before = folder_digest(commune)
    code, stdout, err = run(
        ["report", *argv, "--passphrase-stdin", "--data-dir", str(commune)], P, capsys
    )
    assert code == 1 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert list(tmp_path.glob("r.*")) == []
    assert folder_digest(commune) == before


def test_report_usage_error(commune, capsys):
    with pytest.raises(SystemExit) as stopped:
        run(["report", "--out", "x.xlsx", "--data-dir", str(commune)], "", capsys)
    assert stopped.value.code == 2 and "--period" in capsys.readouterr().err


def test_criteria_round_trip_on_a_station(station, tmp_path, capsys):
    exported = tmp_path / "criteria.json"
    code, _, err = run(
        [
            "criteria",
            "export",
            "--out",
            str(exported),
            "--passphrase-stdin",
            "--data-dir",
            str(station),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    data = json.loads(exported.read_text("utf-8"))
    assert data["key_area"]["min_met"] != 2  # the edit below changes something
    data["key_area"]["min_met"] = 2
    data["key_area"]["conditions"].pop()  # and how many conditions it has
    exported.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, stdout, err = run(
        ["criteria", "load", str(exported), "--passphrase-stdin", "--data-dir", str(station)],
        P,
        capsys,
    )
    assert code == 0, err
    key_area, drug_free = len(data["key_area"]["conditions"]), len(data["drug_free"]["conditions"])
    assert stdout.strip() == (
        f"Đã nạp tiêu chí: xã trọng điểm {key_area} tiêu chí, không ma túy {drug_free} điều kiện."
    )
    again = tmp_path / "again.json"
    code, _, err = run(
        [
            "criteria",
            "export",
            "--out",
            str(again),
            "--passphrase-stdin",
            "--data-dir",
            str(station),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    assert json.loads(again.read_text("utf-8")) == data  # what was loaded, all of it


def test_bad_criteria_change_nothing(station, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nghean-tui/criteria", "version": 1, "windw_months": 3}', "utf-8")
    before = folder_digest(station)
    code, _, err = run(
        ["criteria", "load", str(bad), "--passphrase-stdin", "--data-dir", str(station)], P, capsys
    )
    assert code == 1 and "windw_months" in err and len(err.strip().splitlines()) == 1
    bad.write_bytes(b"\xff\xfe{}")
    code, _, err = run(
        ["criteria", "load", str(bad), "--passphrase-stdin", "--data-dir", str(station)], P, capsys
    )
    assert code == 1 and "UTF-8" in err
    assert folder_digest(station) == before


@pytest.mark.parametrize("kind", ["link", "fifo", "folder", "huge"])
def test_criteria_and_population_files_must_be_regular_and_small(station, tmp_path, capsys, kind):
    """A FIFO blocked the command for ever, a link was followed, a 2 GB file was read whole."""
    import os

    real = tmp_path / "real.json"
    real.write_text("{}", "utf-8")
    path = tmp_path / f"input-{kind}"
    if kind == "link":
        path.symlink_to(real)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        with open(path, "wb") as f:
            f.truncate(2 * 1024**3)  # sparse
    before = folder_digest(station)
    for command in (["criteria", "load"], ["population", "load"]):
        code, _, err = run(
            [*command, str(path), "--passphrase-stdin", "--data-dir", str(station)], P, capsys
        )
        assert code == 1 and len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
    assert folder_digest(station) == before


def test_a_commune_cannot_load_criteria(commune, tmp_path, capsys):
    exported = tmp_path / "c.json"
    assert (
        run(
            [
                "criteria",
                "export",
                "--out",
                str(exported),
                "--passphrase-stdin",
                "--data-dir",
                str(commune),
            ],
            P,
            capsys,
        )[0]
        == 0
    )
    code, _, err = run(
        ["criteria", "load", str(exported), "--passphrase-stdin", "--data-dir", str(commune)],
        P,
        capsys,
    )
    assert code == 1 and "trạm tỉnh" in err


def test_population_load(commune, tmp_path, capsys):
    from nghean_tui.reports.indicators import standing
    from nghean_tui.storage.vault import Vault

    good = tmp_path / "pop.tsv"
    good.write_text("code\tpopulation\n16816\t9.500\n", "utf-8")
    code, stdout, err = run(
        ["population", "load", str(good), "--passphrase-stdin", "--data-dir", str(commune)],
        P,
        capsys,
    )
    assert code == 0 and "1" in stdout, err
    bad = tmp_path / "bad.csv"
    bad.write_text("code,population\n16816,100\n99999,5\n", "utf-8")
    before = folder_digest(commune)
    code, _, err = run(
        ["population", "load", str(bad), "--passphrase-stdin", "--data-dir", str(commune)],
        P,
        capsys,
    )
    assert code == 1 and "99999" in err and folder_digest(commune) == before
    with Vault(commune) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        try:
            from datetime import date

            assert standing(db, date(2026, 10, 31)).indicators.population == 9500
        finally:
            db.close()


def test_help_is_translated(capsys):
    with pytest.raises(SystemExit):
        run(["--lang", "en", "population", "load", "--help"], "", capsys)
    assert "code and population" in capsys.readouterr().out


def test_criteria_explain(commune, station, capsys):
    base = ["--passphrase-stdin", "--data-dir", str(commune)]
    code, stdout, err = run(["--lang", "en", "criteria", "explain", *base], P, capsys)
    assert code == 0, err
    assert "Key area:" in stdout and "Drug-free:" in stdout
    assert "or Area of narcotic plants destroyed (m²)" in stdout
    assert "Drug users and addicts under management:" in stdout
    before = folder_digest(commune)
    for argv, words in ((["--unit", "99999"], "99999"), (["--date", "31/02/2026"], "31/02/2026")):
        code, stdout, err = run(["criteria", "explain", *argv, *base], P, capsys)
        assert code == 1 and words in err and stdout == ""
    assert folder_digest(commune) == before  # refused before even unlocking
    code, stdout, err = run(["criteria", "explain", "--unit", "16792", *base], P, capsys)
    assert code == 1 and "16816" in err and stdout == ""  # a commune explains its own
    code, _, err = run(
        ["criteria", "explain", "--passphrase-stdin", "--data-dir", str(station)], P, capsys
    )
    assert code == 1 and "--unit" in err
    code, stdout, err = run(
        [
            "criteria",
            "explain",
            "--unit",
            COMMUNE,
            "--date",
            "30/11/2026",
            "--passphrase-stdin",
            "--data-dir",
            str(station),
        ],
        P,
        capsys,
    )
    assert code == 0 and "30/11/2026" in stdout  # nothing imported yet: every figure 0


# ---------------------------------------------------------------- not known, never heard from


def test_explain_on_a_commune_with_no_records_decides_nothing(tmp_path, capsys):
    """Zero records are no evidence of a drug-free commune: the checklist is not known and
    the explanation says which inputs are missing (no records, no population)."""
    folder = tmp_path / "empty"
    _init(folder, "commune", COMMUNE, capsys)
    code, out, err = run(
        [
            "criteria",
            "explain",
            "--date",
            "20/11/2026",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    assert "Xã không ma túy: 0/4 tiêu chí đạt, cần 4 → CHƯA XÁC ĐỊNH" in out
    assert "Xã trọng điểm: 0/4 tiêu chí đạt, cần 3 → CHƯA XÁC ĐỊNH" in out
    assert "xã chưa có hồ sơ nào" in out and "chưa có số dân" in out
    assert "→ ĐẠT" not in out
    code, out, err = run(
        [
            "--lang",
            "en",
            "criteria",
            "explain",
            "--date",
            "20/11/2026",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        P,
        capsys,
    )
    assert "→ NOT KNOWN" in out and "the commune has no records at all" in out


def test_a_station_report_covers_the_province_and_decides_nothing_unheard(
    station, tmp_path, capsys
):
    """A station that never received anything: every one of the 130 units is in the report,
    marked as never heard from, its figures empty and its checklists not known."""
    import csv
    import io

    out = tmp_path / "r.csv"
    code, stdout, err = run(
        [
            "report",
            "--period",
            "2026-10",
            "--out",
            str(out),
            "--passphrase-stdin",
            "--data-dir",
            str(station),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    assert "130 xã, phường (0 có dữ liệu, 130 chưa nhận dữ liệu)" in stdout
    lines = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    indicators = [line for line in lines if line[1] == "Chỉ số và tiêu chí"]
    units = {line[2] for line in indicators} - {""}
    assert len(units) == 130
    mine = {line[5]: line[6] for line in indicators if line[2] == COMMUNE}
    assert mine["Không ma túy"] == "Chưa xác định" and mine["Xã trọng điểm"] == "Chưa xác định"
    assert mine["Dữ liệu"] == "chưa nhận dữ liệu"
    assert mine["Người phạm tội về ma túy"] == "" and mine["Số ngày từ gói gần nhất"] == ""
    total = {line[5]: line[6] for line in indicators if line[2] == ""}
    assert line_name(indicators) == "Toàn tỉnh (0/130 xã, phường có dữ liệu)"
    assert total["Không ma túy"] == "Chưa xác định"
    patrols = [line for line in lines if line[1] == "Tuần tra" and line[2] == COMMUNE]
    assert patrols and all(line[6] == "" for line in patrols)  # not zeros: nothing is known

    xlsx = tmp_path / "r.xlsx"
    code, _, err = run(
        [
            "report",
            "--period",
            "2026-10",
            "--out",
            str(xlsx),
            "--passphrase-stdin",
            "--data-dir",
            str(station),
        ],
        P,
        capsys,
    )
    assert code == 0, err
    book = load_workbook(xlsx)
    cover = [[c for c in row if c is not None] for row in book.worksheets[0].values]
    assert ["Đơn vị", "130 xã, phường (0 có dữ liệu, 130 chưa nhận dữ liệu)"] in cover
    sheet = book.worksheets[-1]
    rows = list(sheet.values)
    head = list(rows[0])
    mine = dict(zip(head, next(r for r in rows if r[0] == COMMUNE), strict=False))
    assert mine["Không ma túy"] == "Chưa xác định" and mine["Dữ liệu"] == "chưa nhận dữ liệu"
    assert mine["Người phạm tội về ma túy"] is None
    assert len([r for r in rows[1:] if r[0]]) == 130


def line_name(lines) -> str:
    return next(line[3] for line in lines if line[2] == "")
