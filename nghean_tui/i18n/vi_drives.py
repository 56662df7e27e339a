"""Vietnamese messages: removable drives, and reports written from the application."""

MESSAGES: dict[str, str] = {
    "drives.no_label": "(ổ không tên)",
    "drives.free": "còn trống {size}",
    "drives.full": "ĐẦY, không còn chỗ",
}
