"""Vietnamese messages: patrols."""

MESSAGES: dict[str, str] = {
    # ---- keys
    "key.patrols_new": "Ghi chuyến tuần tra",
    "key.patrols_prev_month": "Tháng trước",
    "key.patrols_next_month": "Tháng sau",
    "key.patrols_this_month": "Về tháng này",
    "key.patrols_edit": "Sửa chuyến",
    "key.patrols_delete": "Xóa chuyến",
    "key.patrols_add_finding": "Thêm vụ việc",
    "key.patrols_add_person": "Thêm người liên quan",
    # ---- the month's list
    "patrols.loading": "Đang tải…",
    "patrols.month": "Tháng {month}/{year}",
    "patrols.summary": "{patrols} chuyến tuần tra · {findings} vụ việc phát hiện · "
    "{checked} người được kiểm tra",
    "patrols.empty": "Tháng này chưa có chuyến tuần tra nào. Nhấn n để ghi chuyến mới.",
    "patrols.col_date": "Ngày",
    "patrols.col_time": "Giờ",
    "patrols.col_kind": "Hình thức",
    "patrols.col_hamlets": "Thôn, bản",
    "patrols.col_leader": "Chỉ huy",
    "patrols.col_findings": "VV",
    "patrols.short_kind.commune_police": "CA xã",
    "patrols.short_kind.peoples": "Nhân dân",
    "patrols.short_kind.joint_border_guard": "Biên phòng",
    "patrols.short_kind.joint_militia": "Dân quân",
    "patrols.no_later_month": "Tháng sau chưa tới nên chưa có chuyến tuần tra nào.",
    # ---- one patrol
    "patrols.title": "Tuần tra ngày {date}",
    "patrols.kind": "Hình thức",
    "patrols.time": "Thời gian",
    "patrols.ends_next_day": "kết thúc ngày hôm sau, {date}",
    "patrols.duration": "{hours} giờ {minutes} phút",
    "patrols.leader": "Chỉ huy",
    "patrols.hamlets": "Thôn, bản",
    "patrols.routes": "Tuyến, đường mòn, lối mở",
    "patrols.force": "Lực lượng tham gia: {count} người",
    "patrols.officers": "Công an",
    "patrols.members": "Thành viên tổ",
    "patrols.others": "Lực lượng khác",
    "patrols.people_checked": "Số người được kiểm tra",
    "patrols.findings": "Vụ việc phát hiện: {count}",
    "patrols.no_findings": "Không phát hiện vụ việc nào.",
    "patrols.persons": "Người được quản lý liên quan",
    "patrols.hotspots": "Điểm phức tạp đã đến",
    "patrols.notes": "Ghi chú",
    "patrols.nobody": "chưa ghi",
    "patrols.delete_question": "Xóa chuyến tuần tra ngày {date}? Danh sách người tham gia, vụ "
    "việc phát hiện và các liên kết của chuyến này cũng bị xóa. (Vẫn "
    "lưu vết trong nhật ký thao tác.)",
    "patrols.deleted": "Đã xóa chuyến tuần tra ngày {date}.",
    # ---- the form
    "patrols.form_new": "Ghi chuyến tuần tra",
    "patrols.form_edit": "Sửa chuyến tuần tra",
    "patrols.field_kind": "Hình thức tuần tra",
    "patrols.field_hamlets": "Thôn, bản đi qua",
    "patrols.field_officers": "Cán bộ công an tham gia",
    "patrols.field_members": "Thành viên tổ tham gia",
    "patrols.field_others": "Lực lượng khác",
    "patrols.field_persons": "Đối tượng liên quan",
    "patrols.field_hotspots": "Điểm phức tạp đã đến",
    "patrols.hint_end_time": "Đi qua nửa đêm thì cứ nhập giờ về của sáng hôm sau, ví dụ "
    "20:00 đến 01:30.",
    "patrols.hint_overnight": "Kết thúc ngày hôm sau ({date}), đi {duration}.",
    "patrols.hint_overnight_long": "Giờ kết thúc sớm hơn giờ bắt đầu: tính ra {duration} và "
    "kết thúc ngày hôm sau. Hãy kiểm tra lại giờ.",
    "patrols.hint_duration": "Thời gian: {duration}.",
    "patrols.hint_officers": "Chỉ huy đã được tính là người tham gia, không cần đánh dấu.",
    "patrols.hint_members": "Tổ viên các tổ ở thôn, bản đã chọn (chưa chọn thôn, bản thì hiện "
    "tất cả). Space để đánh dấu.",
    "patrols.hint_others": "Ví dụ: Đồn Biên phòng Mỹ Lý; Dân quân bản. Nhiều đơn vị thì cách "
    "nhau bằng dấu chấm phẩy (;).",
    "patrols.hint_persons": "Ctrl+O hoặc bấm nút dưới đây để tìm và thêm người; Space để bỏ "
    "đánh dấu.",
    "patrols.findings_heading": "Vụ việc phát hiện",
    "patrols.findings_hint": "Mỗi dòng một loại vụ việc: loại, số lượng, m² (chỉ với cây "
    "có chứa chất ma túy), mô tả. Ctrl+N thêm dòng, nút ✕ xóa dòng; "
    "dòng để trống thì không lưu.",
    "patrols.add_finding": "+ Thêm vụ việc",
    "patrols.add_person": "+ Tìm, thêm người",
    "patrols.count_placeholder": "Số",
    "patrols.description_placeholder": "Mô tả ngắn",
    "patrols.area_placeholder": "m²",
    "patrols.area_hint": "Diện tích cây có chứa chất ma túy đã phá bỏ, tính bằng mét vuông.",
    "patrols.area": "{area} m²",
    "patrols.pick_person": "Tìm người được quản lý (tên, tên gọi khác, CCCD…)",
    "patrols.eliminated": "đã triệt xóa",
}
