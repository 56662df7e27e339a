"""Free-text pools: notes, findings, tip contents. Templates take ``{place}`` and similar fields.

The wording follows how commune officers write their registers (short, formulaic Vietnamese).
All strings are NFC-normalised once, at import.
"""

from __future__ import annotations

from nghean_tui.synthetic.rand import nfc_all


def _nfc_map(d: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: nfc_all(v) for k, v in d.items()}


CONTACT_NOTES = _nfc_map(
    {
        "residence_check": [
            "",
            "",
            "",
            "Có mặt tại nơi cư trú",
            "Đang làm nương, gặp tại nhà",
            "Gia đình xác nhận có mặt",
            "Sức khỏe bình thường, chấp hành tốt",
            "Nhắc nhở chấp hành quy định quản lý",
        ],
        "counselling": [
            "Tư vấn về tác hại của ma túy",
            "Động viên tham gia học nghề",
            "Tư vấn tâm lý cùng gia đình",
            "Giáo dục pháp luật, ký cam kết không tái sử dụng",
        ],
        "summons": [
            "Triệu tập làm việc do vắng mặt kiểm tra định kỳ",
            "Làm việc về việc đi khỏi nơi cư trú không khai báo",
            "Làm việc theo tin báo của quần chúng",
        ],
        "absence": [
            "Đi làm ăn xa",
            "Về quê vợ",
            "Đi làm thuê tại tỉnh khác",
            "Không rõ lý do, gia đình không nắm được",
        ],
        "return_report": [
            "Trình báo khi trở về địa phương",
            "Trình báo cùng gia đình tại trụ sở Công an xã",
        ],
    }
)

ABSCONDED_NOTE = nfc_all(["Bỏ khỏi nơi cư trú, chưa xác định được nơi ở; đã thông báo gia đình"])[0]
TRANSFER_NOTE = nfc_all(["Chuyển đến nơi ở mới, bàn giao hồ sơ quản lý"])[0]
TRANSFER_IN_NOTE = nfc_all(["Tiếp nhận hồ sơ từ xã nơi chuyển đi"])[0]
RELAPSE_NOTE = nfc_all(["Tái sử dụng sau cai nghiện"])[0]
PENDING_NOTE = nfc_all(["Đã gửi mẫu, chờ kết quả"])[0]

FINDINGS = _nfc_map(
    {
        "drug_use": [
            "Phát hiện {n} đối tượng có biểu hiện sử dụng ma túy tại {place}",
            "Thu giữ dụng cụ sử dụng ma túy tại {place}",
        ],
        "drug_trafficking": [
            "Phát hiện đối tượng nghi vận chuyển ma túy qua {place}, đã bàn giao Đồn Biên phòng",
            "Thu giữ {n} gói nghi là ma túy đá tại {place}",
        ],
        "gathering": [
            "Nhóm thanh niên tụ tập khuya tại {place}, đã nhắc nhở giải tán",
            "Tụ tập uống rượu, gây mất trật tự tại {place}",
        ],
        "narcotic_plants": [
            "Phát hiện và nhổ bỏ {n}0 cây thuốc phiện trên nương khu vực {place}",
            "Phát hiện khu vực trồng cây cần sa xen canh tại {place}",
        ],
        "border_crossing": [
            "Phát hiện {n} người qua lại lối mở khu vực {place} không có giấy tờ",
            "Dấu vết qua lại lối mở gần {place}, báo Đồn Biên phòng",
        ],
        "weapons": ["Vận động giao nộp {n} khẩu súng kíp tự chế tại {place}"],
        "gambling": ["Phát hiện nhóm đánh bạc tại {place}, lập biên bản"],
        "other": [
            "Xe máy không rõ nguồn gốc để tại {place}",
            "Tranh chấp đất nương tại {place}, đã hòa giải",
        ],
    }
)

PATROL_NOTES = nfc_all(
    [
        "",
        "",
        "",
        "Tình hình ANTT ổn định",
        "Kết hợp tuyên truyền tại nhà văn hóa",
        "Trời mưa, đường trơn, rút ngắn tuyến",
        "Đã báo cáo kết quả cho Trưởng Công an xã",
    ]
)

ACTIVITY_NOTES = _nfc_map(
    {
        "meeting": [
            "Họp tổ tháng {m}/{y}, triển khai nhiệm vụ",
            "Họp tổ, phân công trực đêm tháng {m}/{y}",
            "Sinh hoạt định kỳ tháng {m}/{y}",
        ],
        "propaganda": [
            "Tuyên truyền phòng, chống ma túy tại nhà văn hóa",
            "Tuyên truyền Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở",
            "Tuyên truyền lưu động bằng tiếng dân tộc",
        ],
        "commitment": [
            "Tổ chức cho các hộ ký cam kết không trồng, không sử dụng ma túy",
            "Ký cam kết giữ gìn đường biên, mốc quốc giới",
        ],
        "information": [
            "Cung cấp thông tin về người lạ vào bản",
            "Báo tin đối tượng nghi sử dụng ma túy",
            "Cung cấp thông tin về việc qua lại lối mở",
        ],
        "joint_patrol": ["Tuần tra cùng Công an xã", "Tuần tra đường biên cùng Đồn Biên phòng"],
    }
)

HOTSPOT_NAMES = _nfc_map(
    {
        "retail": ["Điểm nghi bán lẻ ma túy tại {place}", "Nhà nghi bán lẻ ma túy khu vực {place}"],
        "gathering": [
            "Tụ điểm sử dụng ma túy lán nương {place}",
            "Tụ điểm tại khu vực khe {place}",
        ],
        "cultivation": [
            "Khu vực nương trồng cây thuốc phiện {place}",
            "Nương xen canh cây có chất ma túy {place}",
        ],
        "border_route": ["Lối mở khu vực {place}", "Đường mòn qua biên giới {place}"],
        "other": ["Khu vực phức tạp về ANTT {place}", "Quán karaoke khu vực {place}"],
    }
)
HOTSPOT_NAMES_LOWLAND = _nfc_map(
    {
        "retail": [
            "Điểm nghi bán lẻ ma túy tại {place}",
            "Nhà trọ nghi bán lẻ ma túy khu vực {place}",
        ],
        "gathering": [
            "Tụ điểm sử dụng ma túy tại {place}",
            "Nhóm thanh niên tụ tập sử dụng ma túy khu vực {place}",
        ],
        "other": ["Khu vực phức tạp về ANTT {place}", "Quán karaoke khu vực {place}"],
    }
)
HOTSPOT_LOCATIONS = nfc_all(
    [
        "Cách trung tâm bản khoảng {n} km về phía tây",
        "Ven suối, cách đường liên bản {n}00 m",
        "Sườn đồi phía sau bản, đi bộ khoảng {n} giờ",
        "Gần mốc quốc giới, đường mòn lên đỉnh núi",
        "Khu vực lán trại trên nương",
        "Cuối bản, giáp rừng phòng hộ",
    ]
)
HOTSPOT_LOCATIONS_LOWLAND = nfc_all(
    [
        "Ven đường liên xóm, cách ngã ba {n}00 m",
        "Gần chợ trung tâm xã",
        "Khu vực bãi bồi ven sông",
        "Dãy nhà trọ cuối xóm",
        "Sau nhà văn hóa, cách đường tỉnh {n}00 m",
    ]
)
HOTSPOT_NOTES = nfc_all(
    [
        "",
        "Thường xuyên có người lạ qua lại ban đêm",
        "Đã lập chuyên án theo dõi",
        "Phối hợp Đồn Biên phòng theo dõi",
    ]
)
ELIMINATED_NOTE = nfc_all(["Đã triệt xóa, tiếp tục theo dõi không để tái phát"])[0]

TIP_CONTENTS = nfc_all(
    [
        "Nghi vấn nhóm thanh niên tụ tập sử dụng ma túy tại {place} vào ban đêm",
        "Phản ánh nhà ở {place} có nhiều người ra vào bất thường, nghi bán lẻ ma túy",
        "Phản ánh người đang chấp hành quản lý sau cai nghiện đi khỏi {place} nhiều ngày",
        "Tin báo về việc đánh bạc tại {place}",
        "Phản ánh trộm cắp tài sản tại {place}",
    ]
)
TIP_CONTENTS_BORDER = TIP_CONTENTS + nfc_all(
    [
        "Phản ánh có người lạ thường xuyên qua lại lối mở khu vực {place} vào ban đêm",
        "Tin báo có đối tượng mang hàng cấm từ bên kia biên giới về {place}",
        "Phát hiện một số hộ trồng xen cây thuốc phiện trên nương khu vực {place}",
        "Phản ánh trộm cắp gia súc tại {place}",
    ]
)
TIP_HANDLING = _nfc_map(
    {
        "received": [""],
        "verifying": ["Đã phân công cán bộ xác minh", "Đang phối hợp Đồn Biên phòng xác minh"],
        "acted_on": [
            "Đã kiểm tra, phát hiện và xử lý theo quy định",
            "Đã lập biên bản, chuyển hồ sơ lên Công an tỉnh",
            "Đã triệt xóa điểm, đưa đối tượng vào diện quản lý",
            "Đã phối hợp nhổ bỏ cây có chất ma túy",
        ],
        "not_confirmed": [
            "Xác minh không có cơ sở",
            "Kiểm tra không phát hiện vi phạm, tiếp tục theo dõi",
        ],
    }
)
SOURCE_NOTES = nfc_all(
    [
        "",
        "Đề nghị giữ bí mật danh tính",
        "Người có uy tín trong bản",
        "Liên hệ qua Trưởng bản",
        "Chỉ liên lạc ngoài giờ làm việc",
    ]
)
