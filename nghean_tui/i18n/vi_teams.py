"""Vietnamese messages: teams."""

MESSAGES: dict[str, str] = {
    # ---- keys
    "key.teams_new_team": "Tổ mới", "key.teams_new_hamlet": "Thôn, bản mới",
    "key.teams_rename_hamlet": "Đổi tên thôn, bản", "key.teams_delete_team": "Xóa tổ",
    "key.teams_edit_team": "Sửa tổ", "key.teams_add_member": "Thêm tổ viên",
    "key.teams_add_activity": "Ghi hoạt động", "key.teams_edit_row": "Sửa dòng đang chọn",
    "key.teams_delete_row": "Xóa dòng đang chọn",
    # ---- the list
    "teams.loading": "Đang tải…",
    "teams.title": "Tổ theo thôn, bản · {covered}/{total} thôn, bản có tổ hoạt động",
    "teams.no_hamlets": "Chưa có thôn, bản nào. Nhấn h để thêm thôn, bản của xã.",
    "teams.col_name": "Thôn, bản / Tổ", "teams.col_kind": "Loại", "teams.col_members": "Tổ viên",
    "teams.col_last": "HĐ gần nhất", "teams.col_status": "Tình trạng",
    "teams.active": "Hoạt động", "teams.dissolved": "Giải thể",
    "teams.no_team": "CHƯA CÓ TỔ", "teams.no_security_team": "Thiếu ANTT",
    "teams.short_kind.security_order": "Tổ ANTT",
    "teams.short_kind.self_management": "Tự quản",
    "teams.short_kind.border_landmark": "Biên giới",
    "teams.delete_team_question": "Xóa tổ «{name}» cùng danh sách tổ viên và nhật ký hoạt "
                                  "động của tổ? (Vẫn lưu vết trong nhật ký thao tác.)",
    "teams.choose_team": "Hãy chọn một tổ trong danh sách (dòng có tên tổ).",
    # ---- one team
    "teams.hamlet": "Thôn, bản", "teams.kind": "Loại",
    "teams.decision": "Quyết định số {number}", "teams.decision_date": "ngày {date}",
    "teams.established": "Thành lập", "teams.dissolved_on": "Giải thể",
    "teams.members_heading": "Tổ viên: {current} đang tham gia",
    "teams.members_left": ", {left} đã rời tổ (chữ mờ)",
    "teams.activities_heading": "Nhật ký hoạt động: {count} lần",
    "teams.col_member_name": "Họ và tên", "teams.col_role": "Vai trò",
    "teams.col_phone": "Điện thoại", "teams.col_born": "NS", "teams.col_joined": "Vào tổ",
    "teams.col_left": "Rời tổ",
    "teams.col_date": "Ngày", "teams.col_activity": "Hoạt động",
    "teams.col_participants": "Số người", "teams.col_notes": "Ghi chú",
    "teams.short_activity.meeting": "Họp tổ",
    "teams.short_activity.propaganda": "Tuyên truyền",
    "teams.short_activity.commitment": "Ký cam kết",
    "teams.short_activity.information": "Báo tin",
    "teams.short_activity.joint_patrol": "Tuần tra chung",
    "teams.delete_member_question": "Xóa tổ viên «{name}» khỏi danh sách? Nếu người này "
                                    "chỉ thôi tham gia, hãy mở dòng và nhập ngày rời tổ.",
    "teams.delete_activity_question": "Xóa lần hoạt động ngày {date}? (Vẫn lưu vết trong "
                                      "nhật ký thao tác.)",
    # ---- forms
    "teams.form_team_new": "Thành lập tổ mới", "teams.form_team_edit": "Sửa thông tin tổ",
    "teams.form_member_new": "Thêm tổ viên", "teams.form_member_edit": "Sửa tổ viên",
    "teams.form_activity_new": "Ghi hoạt động của tổ",
    "teams.form_activity_edit": "Sửa hoạt động của tổ",
    "teams.form_hamlet_new": "Thêm thôn, bản", "teams.form_hamlet_edit": "Sửa, đổi tên thôn, bản",
    "teams.field_team_name": "Tên tổ", "teams.field_team_kind": "Loại tổ",
    "teams.field_hamlet_name": "Tên thôn, bản", "teams.field_hamlet_kind": "Loại (bản, thôn, xóm…)",
    "teams.hint_team_name": "Tên được gợi ý theo loại tổ và thôn, bản; có thể sửa lại.",
    "teams.hint_dissolved_on": "Để trống khi tổ vẫn đang hoạt động.",
    "teams.hint_left_on": "Khi tổ viên thôi tham gia, nhập ngày rời tổ (không cần xóa).",
    "teams.hint_hamlet_name": "Viết đầy đủ như trong văn bản, ví dụ «Bản Huồi Giảng», «Xóm 2».",
    "teams.hint_hamlet_rename": "Đổi tên thì hồ sơ, tổ, điểm nóng của thôn, bản này cũng "
                                "hiện tên mới.",
    "teams.suggest.security_order": "Tổ bảo vệ ANTT {hamlet}",
    "teams.suggest.self_management": "Tổ tự quản về ANTT {hamlet}",
    "teams.suggest.border_landmark": "Tổ tự quản đường biên, mốc quốc giới {hamlet}",
    "teams.saved_hamlet": "Đã lưu thôn, bản «{name}».",
    # ---- checks across records (validation codes of storage.teams)
    "validation.team_second_leader": "Tổ đã có tổ trưởng là {name}. Mỗi tổ chỉ nên có một tổ "
                                     "trưởng; nếu đây là người thay, hãy nhập ngày rời tổ cho "
                                     "tổ trưởng cũ.",
    "validation.hamlet_name_taken": "Xã đã có thôn, bản tên «{name}». Hãy kiểm tra để khỏi "
                                    "nhập trùng.",
}
