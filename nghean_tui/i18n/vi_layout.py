"""Vietnamese messages: layout (shorter footer texts).

A ``key.<name>.footer`` text is what the footer shows for ``key.<name>`` where the full name
does not leave room at 80 columns; help and the command palette keep the full name.
"""

MESSAGES: dict[str, str] = {
    "key.edit_profile.footer": "Sửa",
    "key.new_episode.footer": "Đợt mới",
    "key.patrols_add_finding.footer": "Vụ việc",
    "key.patrols_add_person.footer": "Người liên quan",
    "key.sync_enroll_station.footer": "Đăng ký tỉnh",
    "key.set_passphrase.footer": "Mật khẩu",
    "key.dashboard_charts.footer": "Biểu đồ xã",
    "key.onboard_station.footer": "Trạm tỉnh",
    "key.onboard_units.footer": "Các xã",
}
