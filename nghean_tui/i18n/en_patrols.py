"""English messages: patrols."""

MESSAGES: dict[str, str] = {
    # ---- keys
    "key.patrols_new": "New patrol",
    "key.patrols_prev_month": "Previous month", "key.patrols_next_month": "Next month",
    "key.patrols_this_month": "This month",
    "key.patrols_edit": "Edit patrol", "key.patrols_delete": "Delete patrol",
    "key.patrols_add_finding": "Add finding", "key.patrols_add_person": "Link a person",
    # ---- the month's list
    "patrols.loading": "Loading…",
    "patrols.month": "Month {month}/{year}",
    "patrols.summary": "{patrols} patrols · {findings} incidents found · "
                       "{checked} people checked",
    "patrols.empty": "No patrols recorded this month. Press n to record one.",
    "patrols.col_date": "Date", "patrols.col_time": "Time", "patrols.col_kind": "Kind",
    "patrols.col_hamlets": "Hamlets", "patrols.col_leader": "Leader",
    "patrols.col_findings": "Fnd",
    "patrols.short_kind.commune_police": "Police",
    "patrols.short_kind.peoples": "People's",
    "patrols.short_kind.joint_border_guard": "Border gd",
    "patrols.short_kind.joint_militia": "Militia",
    "patrols.no_later_month": "Next month has not come yet, so it has no patrols.",
    # ---- one patrol
    "patrols.title": "Patrol on {date}",
    "patrols.kind": "Kind", "patrols.time": "Time",
    "patrols.ends_next_day": "ends the next day, {date}",
    "patrols.duration": "{hours} h {minutes} min",
    "patrols.leader": "Leader", "patrols.hamlets": "Hamlets",
    "patrols.routes": "Trails and openings",
    "patrols.force": "Taking part: {count} people",
    "patrols.officers": "Police", "patrols.members": "Team members",
    "patrols.others": "Other forces",
    "patrols.people_checked": "People checked",
    "patrols.findings": "Incidents found: {count}",
    "patrols.no_findings": "Nothing found.",
    "patrols.persons": "Managed persons involved",
    "patrols.hotspots": "Hotspots visited", "patrols.notes": "Notes",
    "patrols.nobody": "not recorded",
    "patrols.delete_question": "Delete the patrol of {date}? Its participants, findings and "
                               "links are deleted with it. (The audit log keeps a trace.)",
    "patrols.deleted": "Patrol of {date} deleted.",
    # ---- the form
    "patrols.form_new": "Record a patrol", "patrols.form_edit": "Edit patrol",
    "patrols.field_kind": "Kind of patrol",
    "patrols.field_hamlets": "Hamlets covered",
    "patrols.field_officers": "Police officers",
    "patrols.field_members": "Team members",
    "patrols.field_others": "Other forces",
    "patrols.field_persons": "Persons involved",
    "patrols.field_hotspots": "Hotspots visited",
    "patrols.hint_end_time": "Past midnight? Just enter the time you returned the next "
                             "morning, e.g. 20:00 to 01:30.",
    "patrols.hint_overnight": "Ends the next day ({date}), after {duration}.",
    "patrols.hint_overnight_long": "The end time is before the start: that makes {duration}, "
                                   "ending the next day. Please check the times.",
    "patrols.hint_duration": "Duration: {duration}.",
    "patrols.hint_officers": "The leader counts as taking part; no need to tick them.",
    "patrols.hint_members": "Members of the teams in the chosen hamlets (all of them while no "
                            "hamlet is chosen). Space ticks.",
    "patrols.hint_others": "E.g. Mỹ Lý Border Post; hamlet militia. Separate several with a "
                           "semicolon (;).",
    "patrols.hint_persons": "Ctrl+O or the button below finds and adds a person; Space "
                            "unticks.",
    "patrols.findings_heading": "Incidents found",
    "patrols.findings_hint": "One kind of incident per line: kind, number, m² (narcotic "
                             "plants only), description. Ctrl+N adds a line, ✕ removes one; "
                             "empty lines are not saved.",
    "patrols.add_finding": "+ Add finding", "patrols.add_person": "+ Find a person",
    "patrols.count_placeholder": "No.", "patrols.description_placeholder": "Short description",
    "patrols.area_placeholder": "m²",
    "patrols.area_hint": "Area of narcotic plants destroyed, in square metres.",
    "patrols.area": "{area} m²",
    "patrols.pick_person": "Find a managed person (name, alias, citizen ID…)",
    "patrols.eliminated": "eliminated",
}
