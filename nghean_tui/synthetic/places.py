"""Invented place names: hamlets, trails, facilities, and the commune list for addresses.

Highland hamlet names are built from common Thái/Mông/Khơ Mú place-name syllables ("Huồi" stream,
"Nậm" river, "Phà" cliff, "Xốp" confluence, "Pà" forest...) so they sound right without naming a
real bản on purpose. Everything is NFC-normalised here, once.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from nghean_tui.synthetic.rand import nfc_all, pick

FIRST_SYLLABLES = nfc_all(
    "Huồi Nậm Phà Xốp Pà Na Cà Buộc Tà Hủa Xiềng Piêng Kẻo Cha Lưu Pha Mường Phá Khe Hòa Co".split()
)
SECOND_SYLLABLES = nfc_all(
    "Giảng Nhị Xái Khảo Tọong Lầm Phe Mựt Lốm Tụ Cáng Cắn Đứa Hinh Sang Lé Chạng Phột Ngam Khộng "
    "Pủng Xan Típ Lạn Mỳ Quàng Pục Lứt Tăng Chọng Kèn Thổng Hạt Muộng".split()
)
LOWLAND_VILLAGES = nfc_all(
    "Đông Tây Nam Bắc Trung Thượng Hạ Tân Phúc Yên Hòa An Thịnh Lộc Phú Sơn Xuân Mỹ Kim".split()
)
LOWLAND_SECOND = nfc_all("Sơn Phúc Thịnh Lộc Hòa Xuân Tiến Thành Bình Long".split())
BAN, THON, XOM, KHOI = nfc_all(["Bản", "Thôn", "Xóm", "Khối"])


def hamlet_names(rng: random.Random, border: bool) -> list[tuple[str, str]]:
    """A plausible set of ``(name, kind code)`` for one commune, all names distinct."""
    if border:
        count = 8 + int(rng.random() * 9)  # 8-16
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        while len(out) < count:
            name = f"{BAN} {pick(rng, FIRST_SYLLABLES)} {pick(rng, SECOND_SYLLABLES)}"
            if name not in seen:
                seen.add(name)
                out.append((name, "ban"))
        return out
    # Lowland communes number their xóm; merged communes keep a few named thôn and khối.
    numbered = 7 + int(rng.random() * 8)
    out = [(f"{XOM} {i}", "xom") for i in range(1, numbered + 1)]
    used: set[str] = set()
    for _ in range(int(rng.random() * 4)):
        name = f"{pick(rng, LOWLAND_VILLAGES)} {pick(rng, LOWLAND_SECOND)}"
        if name not in used:
            used.add(name)
            out.append((f"{THON} {name}", "thon"))
    for i in range(1, 1 + int(rng.random() * 3)):
        out.append((f"{KHOI} {i}", "khoi"))
    return out


_KIND_WORD = dict(
    zip(
        ("ban", "thon", "xom", "khoi", "to_dan_pho"),
        nfc_all(["bản", "thôn", "xóm", "khối", "tổ dân phố"]),
        strict=False,
    )
)
_HEAD_TITLE = dict(
    zip(
        ("ban", "thon", "xom", "khoi", "to_dan_pho"),
        nfc_all(
            ["Trưởng bản", "Trưởng thôn", "Trưởng xóm", "Khối trưởng khối", "Tổ trưởng tổ dân phố"]
        ),
        strict=False,
    )
)


def bare_name(name: str, kind: str) -> str:
    """The name without its kind word: "Bản Huồi Giảng" → "Huồi Giảng", "Xóm 2" → "2"."""
    word = _KIND_WORD.get(kind, "")
    if word and name.lower().startswith(word + " "):
        return name[len(word) + 1 :]
    return name


def head_title(name: str, kind: str) -> str:
    """How the hamlet head signs: "Trưởng bản Huồi Giảng", "Trưởng xóm 2"."""
    return f"{_HEAD_TITLE.get(kind, _HEAD_TITLE['xom'])} {bare_name(name, kind)}"


def place_word(name: str, kind: str) -> str:
    """The hamlet as named in running text: a bản by its own name ("khe Huồi Giảng"), anything
    else in full ("Xóm 2"), since a bare number means nothing."""
    return bare_name(name, kind) if kind == "ban" else name


@lru_cache(maxsize=1)
def communes() -> dict[str, str]:
    """Unit code → name ("Xã Mường Típ") from the shipped 2025 commune list."""
    path = Path(__file__).resolve().parent.parent / "data" / "communes_2025.tsv"
    out: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines[1:]:
        code, _, name = line.partition("\t")
        if code and name:
            out[code.strip()] = nfc_all([name.strip()])[0]
    return out


def commune_label(unit_code: str) -> str:
    """The commune as written inside an address: "xã Mường Típ" (lower-case kind word)."""
    name = communes().get(unit_code, "")
    if not name:
        return ""
    head, _, rest = name.partition(" ")
    return f"{head.lower()} {rest}" if rest else name


FACILITIES_REHAB = nfc_all(
    [
        "Cơ sở cai nghiện ma túy số 1 tỉnh Nghệ An",
        "Cơ sở cai nghiện ma túy số 2 tỉnh Nghệ An",
        "Cơ sở cai nghiện ma túy số 3 tỉnh Nghệ An",
    ]
)
FACILITIES_METHADONE = nfc_all(
    [
        "Cơ sở điều trị Methadone - Trung tâm Y tế khu vực",
        "Cơ sở điều trị Methadone - Trạm Y tế xã",
        "Cơ sở điều trị Methadone - Bệnh viện Đa khoa khu vực",
    ]
)
FACILITIES_ASSESS = nfc_all(
    [
        "Trạm Y tế xã",
        "Trung tâm Y tế khu vực",
        "Phòng khám Đa khoa khu vực",
        "Cơ sở cai nghiện ma túy số 1 tỉnh Nghệ An",
    ]
)
TESTED_BY = nfc_all(
    [
        "Công an xã",
        "Trạm Y tế xã",
        "Công an xã phối hợp Trạm Y tế",
        "Đồn Biên phòng phối hợp Công an xã",
    ]
)
COMMUNITY_REHAB = nfc_all(["Tại gia đình", "Tại cộng đồng - Tổ công tác cai nghiện xã"])

# Who pays or provides support to people after rehabilitation.
PROVIDERS = {
    "vocational_training": nfc_all(
        [
            "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên",
            "Trường Cao đẳng nghề Kinh tế - Kỹ thuật miền Tây",
            "Hội Nông dân xã (lớp nghề nông nghiệp)",
        ]
    ),
    "job_placement": nfc_all(
        [
            "Trung tâm Dịch vụ việc làm Nghệ An",
            "Doanh nghiệp may mặc tại địa phương",
            "Hợp tác xã nông nghiệp xã",
        ]
    ),
    "loan": nfc_all(["Ngân hàng Chính sách xã hội", "Quỹ hỗ trợ nông dân"]),
    "medical": nfc_all(["Trạm Y tế xã", "Trung tâm Y tế khu vực"]),
    "other": nfc_all(["Ủy ban MTTQ xã", "Chi hội Phụ nữ bản", "Đoàn Thanh niên xã"]),
}

TRAIL_WORDS = nfc_all(
    ["Đường mòn", "Lối mở", "Đường tuần tra biên giới", "Khe", "Đường lên nương", "Đường liên bản"]
)
LOWLAND_ROUTES = nfc_all(
    [
        "Tuyến đường liên xóm",
        "Khu vực chợ trung tâm xã",
        "Bãi bồi ven sông Lam",
        "Khu vực bến đò",
        "Các quán karaoke, nhà nghỉ trên địa bàn",
        "Đường tỉnh lộ qua xã",
        "Khu vực trường học",
        "Khu vực nghĩa trang",
        "Đường ra cánh đồng",
    ]
)
