"""Operating-system errors told in the officer's language, the path kept and shown literally."""

from __future__ import annotations

import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nghean_tui.errors import OS_REASONS, describe
from nghean_tui.i18n import catalogue, set_language


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language("vi")


@pytest.mark.parametrize(
    ("code", "vietnamese"),
    [
        (errno.EROFS, "Ổ đĩa chỉ cho đọc"),
        (errno.ENOSPC, "Ổ đĩa đã hết chỗ trống"),
        (errno.EACCES, "Không có quyền truy cập"),
        (errno.ENOENT, "Không có tệp hoặc thư mục này"),
    ],
)
def test_common_errors_in_vietnamese_with_the_path(code, vietnamese):
    said = describe(OSError(code, os.strerror(code), "/media/usb/[red]x"))
    assert vietnamese in said and "/media/usb/[red]x" in said
    assert os.strerror(code) not in said


def test_english_keeps_english():
    set_language("en")
    assert "read-only" in describe(OSError(errno.EROFS, os.strerror(errno.EROFS), "/m"))
    assert describe(OSError(errno.ENOTSOCK, "Socket operation on non-socket")).startswith(
        "File error: Socket operation"
    )


def test_no_path_no_empty_brackets():
    assert describe(OSError(errno.EIO, os.strerror(errno.EIO))) == (
        "Lỗi tệp: Lỗi đọc/ghi ổ đĩa (ổ hỏng hoặc đã rút ra?)."
    )


@given(st.sampled_from(sorted(errno.errorcode)))
def test_no_errno_shows_the_systems_english_in_vietnamese(code):
    said = describe(OSError(code, os.strerror(code), "/x"))
    assert os.strerror(code) not in said
    assert said.startswith("Lỗi tệp: ")


def test_every_reason_is_in_both_catalogues():
    for key in OS_REASONS.values():
        assert key in catalogue("vi") and key in catalogue("en")


def test_the_shipped_criteria_note_reads_in_the_reports_language():
    from nghean_tui.reports.workbook import _shipped_note, criteria_note

    said = criteria_note(_shipped_note(), 12)
    assert said.startswith("Tiêu chí mặc định") and "12 tháng" in said
    assert "Defaults" not in said and "window_months" not in said
    assert criteria_note("Ghi chú của tỉnh", 12) == "Ghi chú của tỉnh"
    set_language("en")
    assert criteria_note(_shipped_note(), 12).startswith("Defaults after")


def test_a_date_quoted_in_a_validation_message_is_dd_mm_yyyy():
    from datetime import date

    from nghean_tui.domain.validation import Issue
    from nghean_tui.errors import issue_message

    said = issue_message(Issue("start_date", "date_in_future", {"today": date(2026, 11, 20)}))
    assert "20/11/2026" in said and "2026-11-20" not in said
