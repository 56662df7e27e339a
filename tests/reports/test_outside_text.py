"""What reports and the command line write from records and files: never a formula in a
spreadsheet cell, never a control character on the terminal (:mod:`tests.reports.outside`)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from nghean_tui.domain.enums import Role
from nghean_tui.i18n import t
from nghean_tui.reports import criteria, population
from nghean_tui.reports.csvfile import csv_bytes
from nghean_tui.reports.model import INT, TEXT, Column, Section
from nghean_tui.reports.period import parse_period
from nghean_tui.reports.report import build, scope
from nghean_tui.reports.workbook import workbook_bytes
from tests.cli.test_cli import run
from tests.conftest import COMMUNE, PASSPHRASE
from tests.reports import province
from tests.reports.conftest import TODAY
from tests.reports.outside import ESCAPES, FORMULA, HOSTILE, SHOWN, poison
from tests.sync.conftest import PASSPHRASE as SITE_PASSPHRASE
from tests.sync.conftest import Site

# Cells a spreadsheet would compute, and what each must show instead.
FORMULAS = {
    FORMULA: FORMULA,
    "+1+1": "+1+1",
    "-2": "-2",
    "@SUM(A1)": "@SUM(A1)",
    "\t=1": "\\x09=1",
    "\r=1": "\\x0d=1",
    HOSTILE: SHOWN,
}


@pytest.fixture
def hostile_report(new_db, world):
    """October's report, with a section whose text cells came from outside and a criteria
    note that starts with ``=``; the figures include a negative number."""
    with new_db.engine.connect() as conn:
        units = scope(conn, new_db.unit_code, None, station=False)
        report = build(conn, parse_period("2026-10"), units, TODAY)
    report.criteria = dataclasses.replace(report.criteria, note=f"{FORMULA}\n{HOSTILE}")
    section = Section(
        "people",
        [
            Column("Mã", TEXT),
            Column("Đơn vị", TEXT),
            Column("Loại", TEXT),
            Column("Số", INT),
            Column("Ghi chú", TEXT),
        ],
        keys=3,
    )
    section.rows = [["16816", raw, raw, -2 - i, raw] for i, raw in enumerate(FORMULAS)]
    report.sections.append(section)
    return report


def _sheets_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_no_workbook_cell_is_a_formula_and_text_stays_as_typed(hostile_report):
    data = workbook_bytes(hostile_report)  # a control character no longer breaks the workbook
    assert "<f>" not in _sheets_xml(data) and "<f " not in _sheets_xml(data)
    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert not any(isinstance(c.value, str) and "\x1b" in c.value for c in cells)
    rows = list(book.worksheets[-1].iter_rows(min_row=2))
    assert [r[1].value for r in rows] == list(FORMULAS.values())
    assert [r[4].value for r in rows] == list(FORMULAS.values())
    assert all(r[1].data_type == "s" for r in rows)
    # Figures the report computed stay numbers, negative ones too.
    assert [(r[3].value, r[3].data_type) for r in rows] == [
        (-2 - i, "n") for i in range(len(FORMULAS))
    ]
    cover = {row[0].value: row[1] for row in book.worksheets[0].iter_rows() if row[0].value}
    note = cover[t("report.criteria_note")]
    assert note.value == f"{FORMULA}\n{SHOWN}" and note.data_type == "s"


def test_no_csv_cell_can_become_a_formula(hostile_report):
    lines = list(csv.reader(io.StringIO(csv_bytes(hostile_report).decode("utf-8-sig"))))
    assert not any(
        c.startswith(("=", "+", "-", "@", "\t", "\r")) and not _number(c)
        for line in lines
        for c in line
    )
    assert "\x1b" not in "".join(c for line in lines for c in line)
    mine = [
        line
        for line in lines
        if line[1] == "Người được quản lý" and line[5] == "Số" and line[3] != "Xã Mỹ Lý"
    ]
    quoted = {
        FORMULA: "'" + FORMULA,
        "+1+1": "'+1+1",
        "-2": "'-2",
        "@SUM(A1)": "'@SUM(A1)",
        "\t=1": "\\x09=1",
        "\r=1": "\\x0d=1",
        HOSTILE: SHOWN,
    }
    assert [line[3] for line in mine] == list(quoted.values())  # unit name
    assert [line[4] for line in mine] == list(quoted.values())  # category
    assert [line[6] for line in mine] == [str(-2 - i) for i in range(len(FORMULAS))]  # numbers


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_the_reports_own_figures_are_still_plain_numbers(new_db, world):
    with new_db.engine.connect() as conn:
        units = scope(conn, new_db.unit_code, None, station=False)
        report = build(conn, parse_period("2026-10"), units, TODAY)
    lines = list(csv.reader(io.StringIO(csv_bytes(report).decode("utf-8-sig"))))
    assert not any(c.startswith("'") for line in lines for c in line)  # nothing needed it
    assert {"1", "0.2000", "2026-04-10"} <= {line[6] for line in lines}


def test_a_stored_criteria_note_reaches_the_workbook_as_text(new_db, world):
    with new_db.write() as txn:
        criteria.store(
            txn.conn, dataclasses.replace(criteria.defaults(), note=f"{FORMULA}\n{HOSTILE}")
        )
    with new_db.engine.connect() as conn:  # stored by an older version: still read
        units = scope(conn, new_db.unit_code, None, station=False)
        report = build(conn, parse_period("2026-10"), units, TODAY)
    book = load_workbook(io.BytesIO(workbook_bytes(report)))
    note = [
        row[1]
        for row in book.worksheets[0].iter_rows()
        if row[0].value == t("report.criteria_note")
    ]
    assert note[0].value == f"{FORMULA}\n{SHOWN}" and note[0].data_type == "s"
    with new_db.engine.connect() as conn:  # and a station sends it on escaped: communes take it
        sent = criteria.criteria_json(conn)
    assert criteria.parse(sent).note == f"{FORMULA}\n{SHOWN}"


# ---------------------------------------------------------------- files from outside


def _criteria_file(note: str) -> str:
    return criteria.export_text(dataclasses.replace(criteria.defaults(), note=note))


def test_a_criteria_note_may_span_lines_but_not_hold_controls():
    assert criteria.parse(_criteria_file("Theo Quyết định 28\nđã đối chiếu")).note.count("\n") == 1
    assert json.loads(_criteria_file(HOSTILE))["note"] == HOSTILE  # what a hostile file says
    for note in (HOSTILE, "a\rb", "\u202egnp", "a\tb"):
        with pytest.raises(criteria.CriteriaError) as refused:
            criteria.parse(_criteria_file(note))
        assert refused.value.reason == "note_control"


def test_a_reply_bundles_criteria_with_controls_are_refused(new_db):
    with new_db.write() as txn:
        with pytest.raises(criteria.CriteriaError):
            criteria.adopt_criteria(txn.conn, _criteria_file(HOSTILE))


def test_refusals_quoting_a_file_are_escaped():
    bad = json.loads(_criteria_file(""))
    bad["key_area"]["conditions"][0]["indicator"] = HOSTILE
    with pytest.raises(criteria.CriteriaError) as refused:
        criteria.parse(json.dumps(bad))
    assert "\x1b" not in str(refused.value) and "\\x1b]0;pwned" in str(refused.value)
    with pytest.raises(population.PopulationError) as refused:
        population.parse(f"code,population\n{ESCAPES}1,100\n")
    assert "\x1b" not in str(refused.value) and "\\x1b]0;pw" in str(refused.value)


# ---------------------------------------------------------------- the command line


@pytest.fixture
def poisoned_station(tmp_path):
    """A station holding commune A's records, some of them hostile; closed, for the CLI."""
    site = Site(tmp_path / "station", Role.SUPERVISOR, "40", "Trần Văn Tỉnh")
    try:
        ids = province.build(site.db)
        poison(site.db, ids, province.A)
    finally:
        site.close()
    return site.folder


def test_criteria_explain_prints_hostile_names_escaped(poisoned_station, capsys):
    code, stdout, err = run(
        [
            "criteria",
            "explain",
            "--unit",
            province.A,
            "--date",
            "20/11/2026",
            "--passphrase-stdin",
            "--data-dir",
            str(poisoned_station),
        ],
        SITE_PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0, err
    assert "\x1b" not in stdout and "\x07" not in stdout
    assert f"Lầu Bá Chống {SHOWN}" in stdout  # under management, so listed
    assert f"Bãi Cỏ {SHOWN}" in stdout  # a drug-use place
    assert "[bold red]x[/]" in stdout  # markup shown, not obeyed


def test_criteria_load_refuses_a_note_with_controls(tmp_path, capsys):
    folder = tmp_path / "station"
    code, _, err = run(
        [
            "init",
            "--role",
            "supervisor",
            "--unit",
            "40",
            "--officer",
            "Vi Văn Nam",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0, err
    path = tmp_path / "criteria.json"
    path.write_text(_criteria_file(HOSTILE), "utf-8")
    code, stdout, err = run(
        ["criteria", "load", str(path), "--passphrase-stdin", "--data-dir", str(folder)],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 1 and stdout == "" and "\x1b" not in err and "ESC" in err


def test_init_refuses_an_officer_name_with_controls_before_creating_anything(tmp_path, capsys):
    folder = tmp_path / "d"
    argv = [
        "init",
        "--role",
        "commune",
        "--unit",
        COMMUNE,
        "--passphrase-stdin",
        "--data-dir",
        str(folder),
        "--officer",
    ]
    code, stdout, err = run([*argv, f"Vi Văn {ESCAPES}Nam"], PASSPHRASE + "\n", capsys)
    assert code == 1 and stdout == "" and "\x1b" not in err
    assert not (folder / "nghean.db").exists()
    code, stdout, err = run([*argv, "Vi Văn Nam"], PASSPHRASE + "\n", capsys)
    assert code == 0, err  # nothing was left behind to refuse the second try


def test_a_refusal_quoting_what_was_typed_is_escaped(tmp_path, capsys):
    code, _, err = run(
        [
            "report",
            "--period",
            f"2026-{ESCAPES}",
            "--out",
            str(tmp_path / "r.csv"),
            "--data-dir",
            str(tmp_path / "none"),
        ],
        "",
        capsys,
    )
    assert code == 1 and "\x1b" not in err and "2026-\\x1b]0;pwned" in err


def test_report_names_its_file_escaped(tmp_path, capsys):
    folder = tmp_path / "commune"
    code, _, err = run(
        [
            "init",
            "--role",
            "commune",
            "--unit",
            COMMUNE,
            "--officer",
            "Vi Văn Nam",
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0, err
    out = tmp_path / f"r{ESCAPES}.csv"  # a name a prepared stick could suggest
    code, stdout, err = run(
        [
            "report",
            "--period",
            "2026-10",
            "--out",
            str(out),
            "--passphrase-stdin",
            "--data-dir",
            str(folder),
        ],
        PASSPHRASE + "\n",
        capsys,
    )
    assert code == 0, err
    assert out.exists() and "\x1b" not in stdout and "r\\x1b]0;pwned\\x07\\x1b[2J.csv" in stdout
