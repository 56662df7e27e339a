"""Vietnamese messages: hotspots and tips."""

MESSAGES: dict[str, str] = {
    # ---- keys
    "key.new_hotspot": "Thêm điểm", "key.edit_hotspot": "Sửa", "key.eliminate_hotspot": "Triệt xóa",
    "key.show_eliminated": "Hiện/ẩn điểm đã triệt xóa", "key.delete_hotspot": "Xóa điểm",
    "key.new_tip_here": "Tin báo mới", "key.open_tip": "Mở tin báo",
    "key.new_tip": "Tiếp nhận tin", "key.edit_tip": "Sửa", "key.reveal_source": "Xem/ẩn nguồn tin",
    "key.delete_tip": "Xóa tin báo", "key.pick_person": "Tìm người",
    # ---- refusals
    "error.tip_source_hidden": "Nguồn tin của tin báo này đang được giữ kín; hãy xem nguồn tin trên trang tin báo rồi mới sửa.",
    # ---- hotspots: list
    "hotspots.any_status": "Mọi tình trạng", "hotspots.show_eliminated": "Cả điểm đã triệt xóa (a)",
    "hotspots.col_name": "Tên điểm", "hotspots.col_hamlet": "Thôn, bản", "hotspots.col_kind": "Loại",
    "hotspots.col_status": "Tình trạng", "hotspots.col_found": "Phát hiện",
    "hotspots.count": "{count} điểm", "hotspots.count_open": "{count} điểm chưa triệt xóa",
    "hotspots.kind_short.retail": "Bán lẻ", "hotspots.kind_short.gathering": "Tụ điểm",
    "hotspots.kind_short.cultivation": "Trồng cây", "hotspots.kind_short.border_route": "Đường mòn",
    "hotspots.kind_short.other": "Khác",
    "hotspots.status_short.active": "Hoạt động", "hotspots.status_short.monitoring": "Theo dõi",
    "hotspots.status_short.eliminated": "Đã triệt xóa",
    # ---- hotspots: page and forms
    "hotspots.field_name": "Tên điểm",
    "hotspots.loading": "Đang tải…",
    "hotspots.history": "Các chuyến tuần tra đã đến và tin báo liên quan:",
    "hotspots.no_history": "Chưa có chuyến tuần tra hay tin báo nào liên quan đến điểm này.",
    "hotspots.col_date": "Ngày", "hotspots.col_what": "Loại", "hotspots.col_content": "Nội dung",
    "hotspots.col_detail": "Chi tiết", "hotspots.kind_patrol": "Tuần tra", "hotspots.kind_tip": "Tin báo",
    "hotspots.form_new": "Thêm điểm phức tạp", "hotspots.form_edit": "Sửa điểm phức tạp",
    "hotspots.form_eliminate": "Triệt xóa điểm phức tạp",
    "hotspots.hint_eliminated_on": "Chỉ điền khi điểm đã bị triệt xóa (phím x làm nhanh việc này).",
    "hotspots.already_eliminated": "Điểm này đã được triệt xóa ngày {date}.",
    "hotspots.delete_question": "Xóa điểm “{name}”? (Vẫn lưu vết trong nhật ký thao tác.)",
    # ---- tips: list
    "tips.any_status": "Mọi tình trạng", "tips.col_received": "Ngày nhận",
    "tips.col_channel": "Hình thức", "tips.col_status": "Tình trạng", "tips.col_content": "Nội dung",
    "tips.col_source": "Nguồn", "tips.has_source_short": "có", "tips.count": "{count} tin báo",
    "tips.channel_short.in_person": "Trực tiếp", "tips.channel_short.phone": "Điện thoại",
    "tips.channel_short.hotline": "Đường dây nóng", "tips.channel_short.letter": "Thư, đơn",
    "tips.channel_short.message": "Tin nhắn, MXH", "tips.channel_short.other": "Khác",
    "tips.status_short.received": "Mới tiếp nhận", "tips.status_short.verifying": "Đang xác minh",
    "tips.status_short.acted_on": "Đã xử lý", "tips.status_short.not_confirmed": "Không cơ sở",
    # ---- tips: page
    "tips.loading": "Đang tải…", "tips.title": "Tin báo ngày {date}",
    "tips.source_hidden": "Nguồn tin: có, đang được giữ kín. Nhấn S để xem — mỗi lần xem đều được ghi vào nhật ký thao tác.",
    "tips.source_none": "Không có thông tin về người cung cấp tin.",
    "tips.source_shown": "Nguồn tin (rời trang này hoặc nhấn S để ẩn):",
    "tips.source_notes": "Ghi chú về nguồn tin",
    "tips.field_channel": "Hình thức tiếp nhận",
    "tips.reveal_question": "Xem danh tính nguồn tin?\n\nĐây là thông tin phải giữ bí mật nhất. Việc xem được ghi vào nhật ký thao tác (ai xem, lúc nào). Chỉ xem khi thật cần và đừng để người khác nhìn thấy màn hình.",
    "tips.reveal_yes": "Xem nguồn tin",
    "tips.delete_question": "Xóa tin báo này? Danh tính nguồn tin (nếu có) sẽ bị xóa hẳn. (Vẫn lưu vết trong nhật ký thao tác.)",
    # ---- tips: form
    "tips.form_new": "Tiếp nhận tin báo", "tips.form_edit": "Sửa tin báo",
    "tips.form_source_hidden": "Nguồn tin đang được giữ kín nên không có trong mẫu này. Muốn sửa: quay lại trang tin báo, nhấn S để xem rồi nhấn E.",
    "tips.hint_person": "Nhấn Enter để tìm theo tên và chọn.",
    "tips.hint_source": "Phần nguồn tin không bắt buộc và được giữ kín: chỉ hiện khi chủ động xem, mỗi lần xem đều ghi nhật ký.",
    "tips.pick_person": "Người được quản lý liên quan đến tin báo",
}
