"""Vietnamese messages: the unlock screen, forms and lists (issue 12)."""

MESSAGES: dict[str, str] = {
    "key.recovery_mode": "Mã khôi phục",
    "forms.unlock_unit": "Đơn vị: {name} (mã {code})",
    "forms.unlock_unit_code": "Đơn vị: mã {code}",
    "forms.unlock_officers": "Cán bộ có mật khẩu: {names}",
    "forms.unlock_demo": "Dữ liệu thử nghiệm. Mật khẩu: {passphrase}",
    "forms.unlock_mode_hint": "Quên mật khẩu? Bấm F2 để dùng mã khôi phục.",
    "forms.unlock_mode_back": "Đang nhập mã khôi phục. Bấm F2 để quay lại mật khẩu.",
    "forms.delete_person_record": "Xóa bản ghi {kind} ngày {date} của {name}? (Vẫn lưu vết trong nhật ký thao tác.)",
    "forms.no_date": "không rõ",
    "forms.in_days": "còn {days} ngày",
    "forms.in_one_day": "còn {days} ngày",
}
