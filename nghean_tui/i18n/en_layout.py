"""English messages: layout (shorter footer texts)."""

MESSAGES: dict[str, str] = {
    "key.edit_profile.footer": "Edit",
    "key.new_episode.footer": "New episode",
    "key.patrols_add_finding.footer": "Add finding",
    "key.patrols_add_person.footer": "Link a person",
    "key.sync_enroll_station.footer": "Enroll station",
    "key.set_passphrase.footer": "Passphrase",
    "key.dashboard_charts.footer": "Charts",
    "key.onboard_station.footer": "Station",
    "key.onboard_units.footer": "Units",
}
