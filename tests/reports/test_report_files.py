"""The period report read back: the workbook with openpyxl, the CSV with the csv module."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from nghean_tui.i18n import set_language
from nghean_tui.reports.period import parse_period
from nghean_tui.reports.report import UnknownUnit, build, province_units, scope, write
from tests.reports.conftest import TODAY


@pytest.fixture
def october(new_db, world):
    with new_db.engine.connect() as conn:
        units = scope(conn, new_db.unit_code, None, station=False)
        return build(conn, parse_period("2026-10"), units, TODAY)


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _row(rows, *starts):
    return next(r for r in rows if tuple(r[: len(starts)]) == starts)


def test_workbook_cells(october, tmp_path):
    path = tmp_path / "october.xlsx"
    write(october, path)
    book = load_workbook(path)
    assert book.sheetnames == [
        "Thông tin báo cáo",
        "Người được quản lý",
        "Việc quá hạn",
        "Xét nghiệm",
        "Tái sử dụng",
        "Tuần tra",
        "Tổ, thành viên",
        "Điểm phức tạp",
        "Tin báo",
        "Chỉ số và tiêu chí",
    ]
    cover = _rows(book["Thông tin báo cáo"])
    assert "2026-10" in cover[0][0]
    start, end = _row(cover, "Từ ngày – đến ngày")[1:3]
    assert (start.date(), end.date()) == (date(2026, 10, 1), date(2026, 10, 31))

    people = book["Người được quản lý"]
    assert people.freeze_panes == "D2"
    rows = _rows(people)
    assert rows[0][:4] == ["Mã", "Đơn vị", "Loại quản lý", "Đang quản lý cuối kỳ"]
    drug_user = _row(rows, "16816", "Xã Mỹ Lý", "Quản lý người sử dụng trái phép chất ma túy")
    # in force, absconded, started, completed, stopped early, transferred out, proposed
    assert drug_user[3:] == [1, 0, 0, 0, 0, 0, 0]
    assert _row(rows, "16816", "Xã Mỹ Lý", "Cai nghiện tự nguyện tại gia đình, cộng đồng")[3:] == [
        0,
        0,
        0,
        1,
        0,
        0,
        0,
    ]
    assert _row(rows, "16816", "Xã Mỹ Lý", "Quản lý sau cai nghiện")[3:5] == [1, 0]
    assert people["D2"].number_format == "#,##0"
    assert people.column_dimensions["C"].width > people.column_dimensions["A"].width

    tests = _rows(book["Xét nghiệm"])
    # tests, people, positive, negative, first positives, relapses
    assert _row(tests, "16816")[2:] == [3, 2, 2, 1, 1, 1]

    patrols = _rows(book["Tuần tra"])
    header = patrols[0]
    line = _row(patrols, "16816")
    assert line[header.index("Số chuyến")] == 1
    assert line[header.index("Cây có chứa chất ma túy")] == 1500

    hotspots = _rows(book["Điểm phức tạp"])
    # active at the end, under watch, found in October, eliminated in October
    assert _row(hotspots, "16816", "Xã Mỹ Lý", "Tụ điểm sử dụng ma túy")[3:] == [2, 1, 0, 0]
    assert _row(hotspots, "16816", "Xã Mỹ Lý", "Điểm bán lẻ ma túy")[3:] == [1, 0, 1, 0]

    indicators = book["Chỉ số và tiêu chí"]
    rows = _rows(indicators)
    header, line = rows[0], _row(rows, "16816")
    assert line[header.index("Dân số")] == 1000
    rate = header.index("Người sử dụng, nghiện (% dân số)")
    assert line[rate] == pytest.approx(0.002)  # 0.2 %, a real percentage
    assert indicators.cell(row=2, column=rate + 1).number_format == "0.00%"
    assert line[header.index("Số tiêu chí trọng điểm đạt")] == "3/4"
    assert line[header.index("Xã trọng điểm")] == "Có"
    assert line[header.index("Không ma túy")] == "Không"
    assert line[header.index("Diện tích cây có chứa chất ma túy bị phá (m²)")] == 400
    # the criteria on the cover: the plants condition with its alternative, the area
    assert [None, "Cây có chứa chất ma túy bị phá", "≥ 3.000"] in cover
    assert [None, "hoặc Diện tích cây có chứa chất ma túy bị phá (m²)", "≥ 750"] in cover


def test_workbook_in_english(new_db, world, tmp_path):
    set_language("en")
    with new_db.engine.connect() as conn:
        units = scope(conn, new_db.unit_code, None, station=False)
        report = build(conn, parse_period("2026-Q4"), units, TODAY)
    write(report, tmp_path / "q4.xlsx")
    book = load_workbook(tmp_path / "q4.xlsx")
    assert book.sheetnames[1] == "People under management"
    assert _rows(book["Drug tests"])[0][2] == "Tests"


def test_csv_is_one_long_table(october, tmp_path):
    path = tmp_path / "october.csv"
    write(october, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == ["Kỳ", "Phần", "Mã đơn vị", "Đơn vị", "Phân loại", "Chỉ tiêu", "Giá trị"]
    assert all(len(line) == 7 for line in lines)
    values = {(s, c, m): v for _, s, _, _, c, m, v in lines[1:]}
    assert values[("Xét nghiệm", "", "Dương tính lần đầu")] == "1"
    assert values[("Người được quản lý", "Quản lý sau cai nghiện", "Bắt đầu trong kỳ")] == "1"
    assert values[("Chỉ số và tiêu chí", "", "Người sử dụng, nghiện (% dân số)")] == "0.2000"
    assert values[("Việc quá hạn", "Kiểm tra cư trú hằng tháng", "Hạn sớm nhất")] == "2026-04-10"


def test_several_units_get_province_rows(new_db, world, tmp_path):
    from nghean_tui.reports.model import UnitName

    units = [UnitName("16816", "Xã Mỹ Lý"), UnitName("16792", "Xã Keng Đu")]
    with new_db.engine.connect() as conn:
        report = build(conn, parse_period("2026-10"), units, TODAY)
    tests = next(s for s in report.sections if s.key == "tests")
    assert tests.rows[-1][:3] == ["", "Toàn tỉnh", 3] and tests.is_total(len(tests.rows) - 1)
    indicators = next(s for s in report.sections if s.key == "indicators")
    total = indicators.rows[-1]
    # Keng Đu has no records: its figures are not known, and the province row adds up Mỹ Lý.
    assert total[1] == "Toàn tỉnh (2/2 xã, phường có dữ liệu)" and total[3] == 2


def test_unknown_unit_is_refused(new_db):
    with new_db.engine.connect() as conn:
        with pytest.raises(UnknownUnit):
            scope(conn, new_db.unit_code, "99999", station=True)
        # A station reports on the whole province, heard from or not.
        assert [u.code for u in scope(conn, new_db.unit_code, None, station=True)] == sorted(
            province_units()
        )
