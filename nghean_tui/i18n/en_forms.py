"""English messages: the unlock screen, forms and lists (issue 12)."""

MESSAGES: dict[str, str] = {
    "key.recovery_mode": "Recovery code",
    "forms.unlock_unit": "Unit: {name} (code {code})",
    "forms.unlock_unit_code": "Unit: code {code}",
    "forms.unlock_officers": "Officers with a passphrase: {names}",
    "forms.unlock_demo": "Demo data. Passphrase: {passphrase}",
    "forms.unlock_mode_hint": "Forgot the passphrase? Press F2 to use the recovery code.",
    "forms.unlock_mode_back": "Typing the recovery code. Press F2 to go back to the passphrase.",
    "forms.delete_person_record": "Delete the record {kind} of {date} for {name}? (The audit log keeps a trace.)",
    "forms.no_date": "unknown date",
    "forms.in_days": "in {days} days",
    "forms.in_one_day": "in {days} day",
}
