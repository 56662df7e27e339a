"""Vietnamese messages: the same person twice (citizen IDs, probable duplicates, cross-commune
matches) and the tasks of Today that complete a record."""

MESSAGES: dict[str, str] = {
    "validation.citizen_id_taken": "Số CCCD này đã có trong hồ sơ của {name} (sinh {born}, "
    "{hamlet}). Mỗi người chỉ có một hồ sơ.",
    "validation.probable_duplicate": "Có thể trùng với hồ sơ đã có: {name} (sinh {born}, "
    "{hamlet}). Chỉ lưu nếu đây là người khác.",
    "key.open_duplicate": "Mở hồ sơ đã có",
    "form.duplicate_hint": "Ctrl+O: mở hồ sơ của {name}.",
    "error.citizen_id_taken": "Số CCCD {citizen_id} đã có trong hồ sơ của một người khác của xã: không thêm hồ sơ thứ hai.",
    "error.citizen_id_repeated": "Số CCCD {citizen_id} xuất hiện hai lần trong cùng một lần nhập: không thêm.",
    "check.duplicates": "Hồ sơ trùng (giữ nguyên, cần cán bộ xem lại)",
    "check.duplicate_citizen_id": "Cùng số CCCD {shared}:",
    "check.duplicate_probable": "Có thể là một người ({shared}):",
    "check.duplicate_cross_commune": "CCCD {shared} ở nhiều xã:",
    "check.duplicate_profile": "{name} (sinh {born}, {hamlet}, {unit}, mã {id})",
    "records.col_citizen_id": "CCCD",
    "records.col_name": "Họ tên",
    "records.col_born": "Sinh",
    "records.col_hamlet": "Thôn, bản",
    "records.col_id": "mã",
    "records.matches": "Trùng CCCD giữa các xã: {count} số (Enter: xem cả hai hồ sơ)",
    "records.no_matches": "Không có số CCCD nào trùng giữa các xã.",
    "records.match_title": "Trùng CCCD giữa các xã",
    "records.match_explain": "Số CCCD {citizen_id} có trong hồ sơ của nhiều xã. Không hồ sơ nào được gộp tự động: liên hệ các xã để xác định đúng người và xã đang quản lý (có thể là chuyển đi chưa ghi, hoặc nhập nhầm số).",
    "validation.active_needs_decision": "Cần có để quản lý có hiệu lực (đang quản lý). Chưa có quyết định thì để trạng thái «Đề xuất».",
    "followup.due": "(hạn {date})",
    "followup.residence_check": "kiểm tra cư trú",
    "followup.new_decision": "ghi số và ngày của quyết định quản lý mới sau xét nghiệm dương tính ngày {date}",
    "followup.decision": "quyết định quản lý sau xét nghiệm dương tính ngày {date}",
}
