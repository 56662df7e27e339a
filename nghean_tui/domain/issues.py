"""Validation issues and their message catalogue, shared by validation, identifiers and transitions.

An :class:`Issue` carries a stable ``code``; the UI shows the catalogue text ``validation.<code>``.
:data:`MESSAGES` holds the default texts (Vietnamese, English) with ``{param}`` placeholders; it is
the single list of every code this package emits (a test checks that).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from nghean_tui.domain.enums import Labeled
from nghean_tui.domain.formats import fmt_date, fmt_time
from nghean_tui.domain.text import literal


@dataclass(frozen=True)
class Bilingual:
    """A parameter whose text depends on the language (a legal citation from the rules data)."""

    vi: str
    en: str

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Issue:
    """One problem with one field. ``warning=True`` means the value may still be saved."""

    field: str
    code: str
    params: dict = dataclasses.field(default_factory=dict)  # ``field`` is a field name here
    warning: bool = False


class ValidationError(Exception):
    """Input that cannot be saved; ``issues`` lists every problem (errors and warnings)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("; ".join(f"{i.field}: {i.code}" for i in self.errors))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if not i.warning]


def errors(issues: Iterable[Issue]) -> list[Issue]:
    """The issues that block saving."""
    return [i for i in issues if not i.warning]


def warnings_of(issues: Iterable[Issue]) -> list[Issue]:
    """The issues that only warn."""
    return [i for i in issues if i.warning]


def raise_for_errors(issues: Iterable[Issue]) -> None:
    """Raise :class:`ValidationError` when any issue is an error."""
    issues = list(issues)
    if errors(issues):
        raise ValidationError(issues)


def _param_text(value: Any, lang: str) -> str:
    if isinstance(value, (Labeled, Bilingual)):
        return value.label(lang)
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, time):
        return fmt_time(value)
    return literal(str(value))  # a value that was typed or received: shown, never obeyed


def message(issue: Issue, lang: str = "vi") -> str:
    """The default text of ``issue`` in ``lang`` ("vi" or "en"), parameters filled in.

    Enum members render as their label, dates as dd/mm/yyyy. An unknown code renders as itself.
    """
    texts = MESSAGES.get(issue.code)
    if texts is None:
        return issue.code
    template = texts[1] if lang == "en" else texts[0]
    params = {k: _param_text(v, lang) for k, v in issue.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


# code -> (Vietnamese, English). Plain words for non-specialists: what is wrong, what to do.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- any field
    "required": ("Bắt buộc nhập.", "Required."),
    "reference_missing": (
        "Bản ghi được chọn không còn (có thể đã bị xóa); hãy chọn lại.",
        "The chosen record no longer exists (it may have been deleted); choose again.",
    ),
    "unknown_field": (
        "Biểu mẫu này không có mục «{field}».",
        "This form has no field «{field}».",
    ),
    "not_text": ("Phải nhập chữ.", "Must be text."),
    "too_long": (
        "Dài quá {max} ký tự (hiện có {length}). Hãy viết ngắn lại.",
        "Longer than {max} characters ({length} now). Please shorten it.",
    ),
    "control_characters": (
        "Có ký tự lạ hoặc dấu xuống dòng. Hãy nhập lại trên một dòng.",
        "Contains a line break or an invisible control character. Type it again on one line.",
    ),
    "control_characters_multiline": (
        "Có ký tự điều khiển không nhìn thấy (ví dụ ký tự ESC). Hãy xóa đoạn đó và gõ lại; "
        "xuống dòng thì được.",
        "Contains an invisible control character (such as ESC). Delete that part and type it "
        "again; line breaks are fine.",
    ),
    "invalid_choice": (
        "«{value}» không có trong danh sách. Hãy chọn một mục trong danh sách.",
        "«{value}» is not one of the choices. Pick one from the list.",
    ),
    "invalid_reference": (
        "Liên kết tới hồ sơ khác không hợp lệ. Hãy chọn lại từ danh sách.",
        "Not a valid link to another record. Pick it again from the list.",
    ),
    # --- dates, times, numbers, yes/no
    "date_invalid": (
        "Ngày không đúng. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026.",
        "Not a valid date. Use day/month/year, e.g. 15/03/2026.",
    ),
    "date_too_early": (
        "Ngày trước năm {min_year}. Hãy kiểm tra lại năm.",
        "The date is before {min_year}. Check the year.",
    ),
    "date_in_future": (
        "Ngày này chưa tới (hôm nay là {today}). Hãy kiểm tra lại.",
        "This date is after today ({today}). Check it.",
    ),
    "date_before": (
        "Ngày này không được sớm hơn ngày {other_date}.",
        "This date cannot be earlier than {other_date}.",
    ),
    "time_invalid": (
        "Giờ không đúng. Hãy nhập giờ:phút, ví dụ 07:30 hoặc 21:15.",
        "Not a valid time. Use hours:minutes, e.g. 07:30 or 21:15.",
    ),
    "end_time_before_start": (
        "Giờ kết thúc sớm hơn giờ bắt đầu ({start}). Nếu đi tuần qua nửa đêm thì không sao; "
        "nếu không, hãy sửa lại.",
        "The end time is before the start time ({start}). Fine if the patrol ran past "
        "midnight; otherwise correct it.",
    ),
    "area_only_plants": (
        "Diện tích chỉ ghi cho cây có chứa chất ma túy. Hãy xoá diện tích hoặc chọn loại đó.",
        "An area is recorded for narcotic plants only. Clear the area or choose that kind.",
    ),
    "not_integer": ("Phải là một số nguyên, ví dụ 12.", "Must be a whole number, e.g. 12."),
    "negative": ("Không được là số âm.", "Must not be negative."),
    "number_too_large": ("Số quá lớn (tối đa {max}).", "The number is too large (at most {max})."),
    "not_boolean": ("Chỉ chọn Có hoặc Không.", "Choose yes or no."),
    # --- codes of places
    "unit_code_invalid": (
        "Mã xã, phường phải gồm đúng 5 chữ số.",
        "A commune or ward code is exactly 5 digits.",
    ),
    "province_code_invalid": (
        "Mã tỉnh phải gồm đúng 2 chữ số.",
        "A province code is exactly 2 digits.",
    ),
    "same_unit": (
        "Xã chuyển đến trùng với xã chuyển đi. Hãy chọn lại.",
        "The commune moved to is the same as the commune moved from. Choose again.",
    ),
    # --- people
    "birth_required": (
        "Cần nhập ngày sinh, hoặc ít nhất là năm sinh.",
        "Enter the date of birth, or at least the year of birth.",
    ),
    "birth_year_implausible": (
        "Năm sinh {year} không hợp lý (phải từ {min} đến {max}).",
        "Year of birth {year} is not plausible (it must be {min} to {max}).",
    ),
    "birth_year_mismatch": (
        "Năm sinh {year} không khớp với ngày sinh (năm {birth_date_year}). Hãy sửa cho khớp.",
        "Year of birth {year} does not match the date of birth ({birth_date_year}). Make them agree.",
    ),
    "citizen_id_invalid": (
        "Số căn cước phải gồm đúng 12 chữ số.",
        "A citizen ID number is exactly 12 digits.",
    ),
    "citizen_id_unknown_province": (
        "Ba số đầu «{code}» không phải mã tỉnh nào đã biết. Hãy đối chiếu với thẻ; nếu đúng như "
        "trên thẻ thì vẫn lưu được.",
        "The first three digits «{code}» are not a known province code. Check the card; if it "
        "reads so, you can still save.",
    ),
    "citizen_id_sex_mismatch": (
        "Chữ số thứ tư của số căn cước không khớp với giới tính đã chọn. Hãy kiểm tra lại cả hai.",
        "The fourth digit of the citizen ID does not match the selected sex. Check both.",
    ),
    "citizen_id_birth_year_mismatch": (
        "Số căn cước cho biết năm sinh {id_year}, khác với năm sinh đã nhập ({birth_year}). "
        "Hãy kiểm tra lại.",
        "The citizen ID says born in {id_year}, but the year of birth entered is {birth_year}. "
        "Check both.",
    ),
    "citizen_id_implausible_year": (
        "Số căn cước cho biết năm sinh {id_year}, điều này không thể đúng. Hãy kiểm tra lại số.",
        "The citizen ID says born in {id_year}, which cannot be right. Check the number.",
    ),
    "legacy_id_invalid": (
        "Số chứng minh nhân dân cũ phải gồm đúng 9 chữ số.",
        "An old identity card (CMND) number is exactly 9 digits.",
    ),
    "phone_invalid": (
        "Số điện thoại không đúng. Số di động có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
        "số máy bàn Nghệ An bắt đầu bằng 0238 rồi 7 chữ số.",
        "Not a valid phone number. Mobiles have 10 digits starting 03, 05, 07, 08 or 09; "
        "Nghệ An landlines are 0238 followed by 7 digits.",
    ),
    "phone_other_province": (
        "Đây là số máy bàn ngoài Nghệ An (mã vùng {area}). Hãy kiểm tra lại.",
        "This is a landline outside Nghệ An (area code {area}). Check it.",
    ),
    # --- drug tests
    "invalid_substance": (
        "Không rõ chất ma túy «{value}». Hãy chọn trong danh sách.",
        "Unknown substance «{value}». Pick one from the list.",
    ),
    "positive_without_substance": (
        "Kết quả dương tính nhưng chưa ghi chất ma túy nào. Hãy ghi chất đã phát hiện.",
        "The result is positive but no substance is listed. Add the substance found.",
    ),
    "substances_on_negative": (
        "Kết quả âm tính nhưng lại có ghi chất ma túy. Hãy kiểm tra lại.",
        "The result is negative but substances are listed. Check it.",
    ),
    "relapse_without_positive": (
        "Có đánh dấu tái sử dụng nhưng kết quả lại âm tính. Hãy kiểm tra lại.",
        "Marked as a relapse but the result is negative. Check it.",
    ),
    # --- management episodes
    "start_before_decision": (
        "Ngày bắt đầu sớm hơn ngày ra quyết định ({decision_date}). Hãy kiểm tra lại.",
        "The start date is before the decision date ({decision_date}). Check it.",
    ),
    "term_out_of_range": (
        "Thời hạn {months} tháng nằm ngoài khung luật định của loại này: từ {min} đến {max} tháng "
        "({source}). Không lưu được; hãy nhập thời hạn trong khung.",
        "A term of {months} months is outside the legal range for this type: {min} to {max} months "
        "({source}). It cannot be saved; enter a term within the range.",
    ),
    "term_fixed": (
        "Loại này có thời hạn cố định {fixed} tháng ({source}), không phải {months} tháng. "
        "Không lưu được.",
        "This type has a fixed term of {fixed} months ({source}), not {months}. It cannot be saved.",
    ),
    "term_fixed_or_exception": (
        "Loại này có thời hạn {fixed} tháng, hoặc {exception} tháng sau cai nghiện bắt buộc người "
        "thành niên ({source}); không phải {months} tháng. Không lưu được.",
        "This type has a term of {fixed} months, or {exception} months after adult compulsory "
        "rehabilitation ({source}); not {months}. It cannot be saved.",
    ),
    "term_not_applicable": (
        "Loại này không có thời hạn cố định ({source}); hãy để trống số tháng.",
        "This type has no fixed term ({source}); leave the number of months empty.",
    ),
    "stop_reason_required": (
        "Dừng trước hạn thì phải chọn lý do dừng.",
        "Choose why it was stopped early.",
    ),
    "stop_reason_not_allowed": (
        "Chỉ ghi lý do dừng khi trạng thái là «Dừng trước hạn». Hãy bỏ lý do hoặc đổi trạng thái.",
        "A stop reason goes only with the status 'Stopped early'. Remove it or change the status.",
    ),
    "actual_end_required": (
        "Đã kết thúc thì phải nhập ngày kết thúc thực tế.",
        "A closed episode needs the date it actually ended.",
    ),
    "actual_end_not_allowed": (
        "Trạng thái «{status}» thì chưa có ngày kết thúc thực tế. Hãy xóa ngày này hoặc đổi trạng thái.",
        "With the status «{status}» there is no actual end date yet. Clear it or change the status.",
    ),
    "transition_not_allowed": (
        "Không thể chuyển trạng thái từ «{old}» sang «{new}».",
        "The status cannot change from «{old}» to «{new}».",
    ),
    "status_final": (
        "Trạng thái «{old}» là trạng thái cuối, không đổi được nữa. Nếu cần quản lý tiếp, hãy lập "
        "một đợt quản lý mới.",
        "«{old}» is a final status and cannot change. To manage the person again, open a new episode.",
    ),
    "age_below_min": (
        "Vào ngày bắt đầu, người này mới {age} tuổi; loại này chỉ áp dụng từ đủ {min_age} tuổi.",
        "On the start date this person was {age}; this type applies only from age {min_age}.",
    ),
    "age_above_max": (
        "Vào ngày bắt đầu, người này đã {age} tuổi; loại này chỉ áp dụng dưới {limit} tuổi.",
        "On the start date this person was {age}; this type applies only under age {limit}.",
    ),
    "age_uncertain": (
        "Chỉ có năm sinh nên chưa chắc người này đủ điều kiện về tuổi (có thể {low} hoặc {high} "
        "tuổi). Hãy nhập ngày sinh đầy đủ.",
        "Only the year of birth is known, so the age condition is uncertain ({low} or {high}). "
        "Enter the full date of birth.",
    ),
    # --- assessments, contacts, transfers, hotspots
    "result_date_while_pending": (
        "Đang chờ kết quả nhưng đã có ngày trả kết quả. Hãy chọn kết quả hoặc xóa ngày.",
        "The result is pending but a result date is set. Choose the result or clear the date.",
    ),
    "result_date_missing": (
        "Đã có kết quả nhưng chưa có ngày trả kết quả. Hãy nhập ngày.",
        "There is a result but no result date. Enter the date.",
    ),
    "absence_from_required": (
        "Vắng mặt thì nên ghi ngày bắt đầu vắng.",
        "For an absence, enter the day it began.",
    ),
    "absence_fields_unused": (
        "Ngày vắng mặt chỉ dùng khi loại tiếp xúc là «Vắng mặt» hoặc kết quả là vắng mặt; ở đây sẽ "
        "không được tính.",
        "Absence dates are used only for the kind 'Absence' or an absent outcome; here they will "
        "not count.",
    ),
    "outcome_not_absent": (
        "Loại «Vắng mặt» thì kết quả phải là vắng mặt có hoặc không khai báo.",
        "For the kind 'Absence' the outcome must be absent, reported or not.",
    ),
    "outcome_absent_on_return": (
        "Trình báo khi trở về thì người đó có mặt; không chọn kết quả vắng mặt.",
        "A report on return means the person is here; an absent outcome does not fit.",
    ),
    "notified_before_move": (
        "Ngày thông báo sớm hơn ngày chuyển đi ({move_date}). Hãy kiểm tra lại.",
        "The notice date is before the move date ({move_date}). Check it.",
    ),
    "eliminated_date_missing": (
        "Đã triệt xóa thì nên ghi ngày triệt xóa.",
        "An eliminated hotspot should have the date it was eliminated.",
    ),
    "eliminated_date_without_status": (
        "Có ngày triệt xóa nhưng trạng thái chưa phải «Đã triệt xóa». Hãy kiểm tra lại.",
        "There is an elimination date but the status is not 'Eliminated'. Check it.",
    ),
}
