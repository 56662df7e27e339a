"""Citizen IDs (căn cước), old 9-digit ID cards (CMND) and phone numbers.

Citizen ID, 12 digits, no check digit:

* digits 1–3: the province where the birth was registered (the 63 pre-2025 province codes,
  :data:`PROVINCE_CODES`; Nghệ An is 040). An unknown prefix only warns: cards are never
  refused on it, and the 2025 merger of provinces may bring new codes;
* digit 4: century and sex — 0/1 born 1900s male/female, 2/3 2000s, 4/5 2100s, 6/7 2200s,
  8/9 2300s;
* digits 5–6: the last two digits of the year of birth;
* digits 7–12: a serial number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nghean_tui.domain.enums import Sex
from nghean_tui.domain.issues import Issue

PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}
"""Birth-registration province codes used on citizen IDs (the 63 provinces before 2025)."""

NGHE_AN_AREA_CODE = "238"
# Separators people type inside numbers: spaces, dots, dashes, brackets.
_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02(\d{2})\d{7}$")


@dataclass(frozen=True)
class CitizenIdInfo:
    """What a citizen ID number says about its holder."""

    province_code: str
    province: str | None
    sex: Sex
    birth_year: int


def normalise_citizen_id(raw: str) -> str:
    """The number without spaces (the only separator tolerated)."""
    return "".join(raw.split())


def parse_citizen_id(number: str) -> CitizenIdInfo | None:
    """The decoded fields of a 12-digit number, or ``None`` if it is not 12 digits."""
    if not re.fullmatch(r"\d{12}", number):
        return None
    code = number[:3]
    gender_century = int(number[3])
    return CitizenIdInfo(
        province_code=code,
        province=PROVINCE_CODES.get(code),
        sex=Sex.FEMALE if gender_century % 2 else Sex.MALE,
        birth_year=1900 + 100 * (gender_century // 2) + int(number[4:6]),
    )


def check_citizen_id(
    raw: str,
    *,
    sex: Sex | str | None = None,
    birth_year: int | None = None,
    today: date | None = None,
    field: str = "citizen_id",
) -> tuple[str, list[Issue]]:
    """The normalised number and its issues, cross-checked with the holder's sex and birth year.

    Only a wrong length or non-digits is an error; every mismatch is a warning, because the
    card is the authority and the other fields may be the ones that are wrong.
    """
    number = normalise_citizen_id(raw)
    info = parse_citizen_id(number)
    if info is None:
        return number, [Issue(field, "citizen_id_invalid")]
    issues: list[Issue] = []
    if info.province is None:
        issues.append(
            Issue(field, "citizen_id_unknown_province", {"code": info.province_code}, True)
        )
    try:
        holder_sex = Sex.parse(sex)
    except ValueError:  # an invalid sex is reported on its own field
        holder_sex = None
    if holder_sex is not None and holder_sex is not info.sex:
        issues.append(Issue(field, "citizen_id_sex_mismatch", {}, True))
    if birth_year is not None and birth_year != info.birth_year:
        issues.append(
            Issue(
                field,
                "citizen_id_birth_year_mismatch",
                {"id_year": info.birth_year, "birth_year": birth_year},
                True,
            )
        )
    elif birth_year is None and today is not None and info.birth_year > today.year:
        issues.append(
            Issue(field, "citizen_id_implausible_year", {"id_year": info.birth_year}, True)
        )
    return number, issues


def check_legacy_id(raw: str, *, field: str = "legacy_id") -> tuple[str, list[Issue]]:
    """An old identity card (CMND) number: exactly 9 digits, spaces tolerated."""
    number = "".join(raw.split())
    if not re.fullmatch(r"\d{9}", number):
        return number, [Issue(field, "legacy_id_invalid")]
    return number, []


def normalise_phone(raw: str) -> str | None:
    """The number in national 0-prefixed form, or ``None`` when it is not a Vietnamese number.

    Accepts ``0…``, ``+84…`` and ``84…`` prefixes and spaces, dots, dashes and brackets inside.
    """
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    return None


def check_phone(raw: str, *, field: str = "phone") -> tuple[str, list[Issue]]:
    """A mobile (03/05/07/08/09 + 8 digits) or a landline; landlines outside Nghệ An warn."""
    number = normalise_phone(raw)
    if number is None:
        return raw.strip(), [Issue(field, "phone_invalid")]
    landline = _LANDLINE.match(number)
    if landline and not number.startswith("0" + NGHE_AN_AREA_CODE):
        # 11-digit landlines: area codes 0 + 2xx (+7 digits) or 024/028 (+8 digits).
        area = number[:4] if number[2] not in "48" else number[:3]
        return number, [Issue(field, "phone_other_province", {"area": area}, True)]
    return number, []
