"""Vietnamese messages: sync (why a bundle was refused, what became of it, card problems)."""

MESSAGES: dict[str, str] = {
    # ---- what became of a bundle
    "sync.status.accepted": "Đã nhận", "sync.status.duplicate": "Đã có, bỏ qua",
    "sync.status.pending": "Chờ gói còn thiếu", "sync.status.rejected": "Từ chối",
    "sync.status.conflicting": "Lịch sử mâu thuẫn",
    # ---- why a bundle was refused (docs/security.md §4, in that order)
    "sync.reason.too_large": "Tệp quá lớn để là một gói đồng bộ; không nhập.",
    "sync.reason.not_a_bundle": "Tệp không phải gói đồng bộ của phần mềm này.",
    "sync.reason.not_addressed": "Gói không gửi cho máy này (hoặc lớp mã hóa ngoài bị hỏng).",
    "sync.reason.damaged": "Gói bị hỏng hoặc bị cắt cụt; hãy xin đơn vị gửi lại.",
    "sync.reason.unsupported_format": "Gói theo định dạng khác; hãy cập nhật phần mềm.",
    "sync.reason.newer_version": "Gói từ phiên bản phần mềm mới hơn; hãy cập nhật phần mềm.",
    "sync.reason.own_bundle": "Đây là gói do chính máy này gửi đi.",
    "sync.reason.unknown_sender": "Máy gửi chưa được đăng ký tin cậy; hãy nhập thẻ định danh của máy đó trước.",
    "sync.reason.revoked": "Máy gửi đã bị thu hồi; gói sau thời điểm thu hồi không được nhận.",
    "sync.reason.forged": "Chữ ký không hợp lệ: gói bị giả mạo hoặc bị sửa.",
    "sync.reason.forwarded": "Gói không được ký cho máy này (bị chuyển tiếp từ nơi khác).",
    "sync.reason.out_of_scope": "Gói chứa hồ sơ không thuộc đơn vị gửi.",
    "sync.reason.conflicting_history": "Lịch sử gói của máy gửi mâu thuẫn (máy bị sao chép hoặc khôi phục bản cũ?); cần kiểm tra.",
    "sync.reason.unreadable": "Không đọc được tệp.",
    # ---- refusals before anything is written
    "error.no_station": "Chưa đăng ký máy giám sát của Công an tỉnh; hãy nhập thẻ định danh của máy đó trước.",
    "error.station_cannot_export": "Máy giám sát không gửi hồ sơ; chỉ gửi phản hồi cho các xã.",
    "error.commune_cannot_reply": "Chỉ máy giám sát mới gửi phản hồi.",
    "error.unknown_device": "Không có máy {device} trong danh sách tin cậy.",
    "error.card_too_large": "Tệp quá lớn để là thẻ định danh.",
    "error.card_unreadable": "Tệp không phải thẻ định danh hợp lệ.",
    "error.card_forged": "Chữ ký trên thẻ định danh không hợp lệ.",
    "error.card_is_own": "Đây là thẻ định danh của chính máy này.",
    "error.card_wrong_role": "Xã chỉ đăng ký máy giám sát của tỉnh, và máy giám sát chỉ đăng ký máy của xã.",
    "error.card_revoked": "Máy này đã bị thu hồi; không thể đăng ký lại.",
    "error.card_keys_changed": "Máy này đã đăng ký với khóa khác; hãy thu hồi rồi kiểm tra lại với đơn vị.",
    # ---- writing to a stick
    "sync.write.disk_full": "Ổ đĩa đã đầy; gói vẫn nằm trong hộp thư đi, hãy thử ổ khác.",
    "sync.write.read_only": "Ổ đĩa chỉ đọc; gói vẫn nằm trong hộp thư đi.",
    "sync.write.no_permission": "Không có quyền ghi vào thư mục này; gói vẫn nằm trong hộp thư đi.",
    "sync.write.folder_missing": "Không thấy thư mục (ổ đĩa đã rút?); gói vẫn nằm trong hộp thư đi.",
    "sync.write.read_back_differs": "Đọc lại tệp không khớp: ổ đĩa có thể hỏng; gói vẫn nằm trong hộp thư đi.",
    "sync.write.io_error": "Lỗi ghi ổ đĩa; gói vẫn nằm trong hộp thư đi.",
    "sync.written": "Đã ghi {name}, đã kiểm tra; có thể rút ổ an toàn.",
}
