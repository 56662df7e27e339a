"""Vietnamese messages: what the framework and the command line would otherwise say in English
(Textual's own keys, argparse's usage and errors, the operating system's errors)."""

MESSAGES: dict[str, str] = {
    # Textual
    "lang.key_dismiss_menu": "Đóng danh sách",
    "lang.key_close_palette": "Đóng bảng lệnh",
    "lang.palette_placeholder": "🔎 Tìm lệnh…",
    "lang.palette_no_matches": "Không có lệnh nào phù hợp",
    "lang.press_to_quit": "Nhấn {keys} để thoát ứng dụng.",
    "lang.quit_title": "Thoát ứng dụng?",
}
