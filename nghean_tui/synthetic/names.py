"""Name pools by ethnicity, for invented names built combinatorially.

No pool entry is a real person: surnames, middle names and given names are common ones and are
combined at random. Pools are normalised to NFC once, here, so the generated names are NFC
without any per-row work. Middle names carry their trailing space so that an empty middle name
(usual in some Mông names) needs no branch.
"""

from __future__ import annotations

import random
import unicodedata

from nghean_tui.synthetic.rand import Weighted, nfc_all, pick


def _w(spec: str) -> Weighted[str]:
    """``"Nguyễn:30 Lê:10"`` → a weighted pool (weight 1 when omitted)."""
    pairs = []
    for item in unicodedata.normalize("NFC", spec).split():
        name, _, weight = item.partition(":")
        pairs.append((name.replace("_", " "), float(weight or 1)))
    return Weighted(pairs)


def _mid(spec: str) -> Weighted[str]:
    """Middle names with their trailing space; ``-`` stands for no middle name."""
    pool = _w(spec)
    pool.items = ["" if m == "-" else m + " " for m in pool.items]
    return pool


def _given(spec: str) -> list[str]:
    return nfc_all(spec.split())


class NamePool:
    """Surname, middle and given names of one ethnicity."""

    __slots__ = ("surnames", "middle_m", "middle_f", "given_m", "given_f")

    def __init__(
        self, surnames: str, middle_m: str, middle_f: str, given_m: str, given_f: str
    ) -> None:
        self.surnames = _w(surnames)
        self.middle_m = _mid(middle_m)
        self.middle_f = _mid(middle_f)
        self.given_m = _given(given_m)
        self.given_f = _given(given_f)

    def name(self, rng: random.Random, female: bool, surname: str | None = None) -> tuple[str, str]:
        """``(full_name, surname)``; pass ``surname`` for a relative from the same family."""
        s = surname or self.surnames.pick(rng)
        if female:
            return f"{s} {self.middle_f.pick(rng)}{pick(rng, self.given_f)}", s
        return f"{s} {self.middle_m.pick(rng)}{pick(rng, self.given_m)}", s


_KINH_GIVEN_M = (
    "Hùng Dũng Tuấn Hải Nam Sơn Thắng Cường Long Quân Đức Hiếu Trung Tùng Bình Hưng Mạnh Thành "
    "Phong Toàn Lâm Hòa Hậu Vinh Kiên Lực Tài Tiến Việt Quyết Thịnh Khánh Tâm Phúc Chiến Đạt "
    "Hoàng Huy Khoa Lợi Nghĩa Sáng Thái Tú Hoan Luận Tứ Thuận"
)
_KINH_GIVEN_F = "Hoa Lan Hương Hằng Mai Nga Thảo Trang Hà Linh Huyền Loan Phương Yến Nhung Thủy Vân Hiền Dung Oanh Lý Tâm"
_THAI_GIVEN_M = (
    "Khăm Xăm Bun Pọm Thoong Chăn Phăn Hượng Thiết Tuân Hùng Thắng Bình Tiến Hải Chung Thành "
    "Hưng Lực Toản Minh Sơn Tân Trọng Dũng Kiên Phúc Vinh Hoan Piêng Sơm Xiến Ban"
)
_THAI_GIVEN_F = "Ún Xuân Bua Khăm Phương Hoa Lan Mai Hương Phượng Nga Thơm Ngọc Hiền Liên Piền Xoan"
_MONG_GIVEN_M = (
    "Chống Dê Lầu Tu Pó Sùng Chá Tồng Chư Phừ Xìa Súa Nếnh Pao Sử Lử Chông Giàng Dua Tủa Dình Rê "
    "Xay Chồ Dính Nhìa Cở Khua Vả Sấu Chía Pâu Mua"
)
_MONG_GIVEN_F = "Mỷ Dợ Xông Ly Say Pà Mai Chi Dua Sua Cở Chà Nù Dung Mẩy Dế Pằng"
_KHMU_GIVEN_M = "Khăm Pây Bun Xón Phong Ỏn Thoong Chăm Cường Hải Tiên Phăn Khoa Xiêng Cảnh Bình Minh Thành Hùng Tâm Lả Xinh"
_KHMU_GIVEN_F = "Bun Thắm Xen Ón Pheo Khăm Xuân Ly Hoa Mai Nhất Xinh"

POOLS: dict[str, NamePool] = {
    "kinh": NamePool(
        "Nguyễn:30 Lê:10 Trần:9 Hoàng:6 Phan:6 Đặng:4 Hồ:6 Phạm:5 Võ:4 Đinh:3 Bùi:3 Ngô:3 Đậu:2 "
        "Thái:2 Cao:2 Trương:2 Chu:1 Lưu:1 Đoàn:1 Vương:1",
        "Văn:40 Đình:12 Bá:6 Hữu:8 Đức:8 Xuân:5 Quang:5 Minh:5 Công:5 Thanh:4 Trọng:4 Anh:3",
        "Thị:80 Thu:4 Thanh:4 Ngọc:3 Hồng:3 Kim:2",
        _KINH_GIVEN_M,
        _KINH_GIVEN_F,
    ),
    "thai": NamePool(
        "Lò:10 Lương:10 Vi:10 Lang:8 Lữ:6 Sầm:5 Quang:5 Hà:6 Kha:5 Ngân:5 Lô:4 Cầm:3",
        "Văn:85 Đình:3 Bá:2 Xuân:2",
        "Thị:95 Ngọc:2",
        _THAI_GIVEN_M,
        _THAI_GIVEN_F,
    ),
    "mong": NamePool(
        "Lầu:12 Vừ:12 Xồng:8 Và:8 Mùa:8 Thò:6 Lỳ:6 Cự:5 Già:5 Hờ:4 Vàng:5 Thào:3 Giàng:3",
        "Bá:30 Chá:15 Xái:10 Nhìa:10 Giống:5 Sông:4 Văn:6 -:10",
        "Thị:50 Y:35 -:5",
        _MONG_GIVEN_M,
        _MONG_GIVEN_F,
    ),
    "kho_mu": NamePool(
        "Moong:20 Lô:10 Cụt:10 Xeo:10 Lo:8 Vi:4 Kha:3 Pịt:3",
        "Văn:95 Đình:2",
        "Thị:98",
        _KHMU_GIVEN_M,
        _KHMU_GIVEN_F,
    ),
    "o_du": NamePool("Lô:6 Lo:6 Vi:1", "Văn:1", "Thị:1", _THAI_GIVEN_M, _THAI_GIVEN_F),
    "tay_poong": NamePool(
        "Lô:3 Vi:3 Lo:2 Lang:1 Hà:1", "Văn:1", "Thị:1", _THAI_GIVEN_M, _THAI_GIVEN_F
    ),
    "tho": NamePool(
        "Trương:4 Nguyễn:4 Lê:3 Phạm:2 Hồ:2 Đinh:2 Vi:1",
        "Văn:8 Đình:2",
        "Thị:1",
        _KINH_GIVEN_M,
        _KINH_GIVEN_F,
    ),
}

# Nicknames officers write down as aliases ("tên gọi khác").
ALIASES = nfc_all("Tý Tèo Cu Bi Đen Còi Sún Lùn Bờm Béo Sứt Tồ Tũn Hói Mập Cò Lé Tẹo Bống".split())

# Who lives where: border communes are mostly Mông, Thái, Khơ Mú; lowland mostly Kinh.
BORDER_MIX = Weighted(
    [
        ("mong", 34),
        ("thai", 30),
        ("kho_mu", 20),
        ("kinh", 11),
        ("o_du", 2),
        ("tay_poong", 2),
        ("tho", 1),
    ]
)
LOWLAND_MIX = Weighted([("kinh", 88), ("thai", 6), ("tho", 4), ("kho_mu", 1), ("mong", 1)])
# The dominant people of a border hamlet; a bản is usually one people.
BORDER_HAMLET_MIX = Weighted([("mong", 40), ("thai", 35), ("kho_mu", 25)])
OFFICER_MIX = Weighted([("kinh", 70), ("thai", 20), ("mong", 6), ("kho_mu", 4)])

OCCUPATIONS = Weighted(
    [
        (s, w)
        for s, w in zip(
            nfc_all(
                [
                    "Làm nương rẫy",
                    "Làm ruộng",
                    "Lao động tự do",
                    "Làm thuê",
                    "Thợ xây",
                    "Lái xe",
                    "Không nghề nghiệp",
                    "Công nhân",
                    "Buôn bán nhỏ",
                    "Chăn nuôi",
                    "Khai thác lâm sản",
                    "Thợ sửa xe",
                    "Học sinh",
                ]
            ),
            (22, 12, 18, 10, 6, 4, 12, 4, 3, 4, 3, 2, 1),
            strict=False,
        )
    ]
)

# Relatives who sit on a management team or are the named check-in contact:
# (relation, female, shares the managed person's surname). Mothers, wives and the mother's
# brother (cậu) come from another family.
RELATIVES: list[tuple[str, bool, bool]] = [
    (unicodedata.normalize("NFC", r), f, same)
    for r, f, same in (
        ("Bố", False, True),
        ("Anh trai", False, True),
        ("Em trai", False, True),
        ("Chú ruột", False, True),
        ("Cậu", False, False),
        ("Mẹ", True, False),
        ("Vợ", True, False),
        ("Chị gái", True, True),
        ("Em gái", True, True),
        ("Cô ruột", True, True),
    )
]
CHECKIN_RELATIVES = [RELATIVES[i] for i in (0, 1, 5, 6)]  # father, elder brother, mother, wife
MASS_ORGS = nfc_all(
    [
        "Chi hội Phụ nữ",
        "Chi đoàn Thanh niên",
        "Chi hội Cựu chiến binh",
        "Chi hội Nông dân",
        "Người có uy tín trong cộng đồng",
        "Mặt trận Tổ quốc xã",
        "Công chức Văn hóa - Xã hội",
    ]
)

POSITIONS = nfc_all(["Trưởng Công an xã", "Phó Trưởng Công an xã", "Cán bộ"])
RANKS_CHIEF = nfc_all(["Trung tá", "Thiếu tá"])
RANKS_DEPUTY = nfc_all(["Thiếu tá", "Đại úy"])
RANKS_STAFF = nfc_all(["Đại úy", "Thượng úy", "Trung úy", "Thiếu úy", "Thượng sĩ"])
