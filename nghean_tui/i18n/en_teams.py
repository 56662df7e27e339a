"""English messages: teams."""

MESSAGES: dict[str, str] = {
    # ---- keys
    "key.teams_new_team": "New team",
    "key.teams_new_hamlet": "New hamlet",
    "key.teams_rename_hamlet": "Rename hamlet",
    "key.teams_delete_team": "Delete team",
    "key.teams_edit_team": "Edit team",
    "key.teams_add_member": "Add member",
    "key.teams_add_activity": "Log activity",
    "key.teams_edit_row": "Edit the selected line",
    "key.teams_delete_row": "Delete the selected line",
    # ---- the list
    "teams.loading": "Loading…",
    "teams.title": "Teams by hamlet · {covered}/{total} hamlets have an active team",
    "teams.no_hamlets": "No hamlets yet. Press h to add the commune's hamlets.",
    "teams.col_name": "Hamlet / Team",
    "teams.col_kind": "Kind",
    "teams.col_members": "Members",
    "teams.col_last": "Last active",
    "teams.col_status": "Status",
    "teams.active": "Active",
    "teams.dissolved": "Dissolved",
    "teams.no_team": "NO TEAM",
    "teams.no_security_team": "No security",
    "teams.short_kind.security_order": "Security",
    "teams.short_kind.self_management": "Self-mgmt",
    "teams.short_kind.border_landmark": "Border",
    "teams.delete_team_question": "Delete the team «{name}» with its members and its activity "
    "log? (The audit log keeps a record.)",
    "teams.choose_team": "Choose a team in the list (a line with a team name).",
    # ---- one team
    "teams.hamlet": "Hamlet",
    "teams.kind": "Kind",
    "teams.decision": "Decision no. {number}",
    "teams.decision_date": "of {date}",
    "teams.established": "Established",
    "teams.dissolved_on": "Dissolved",
    "teams.members_heading": "Members: {current} current",
    "teams.members_left": ", {left} left the team (dimmed)",
    "teams.activities_heading": "Activity log: {count} entries",
    "teams.col_member_name": "Full name",
    "teams.col_role": "Role",
    "teams.col_phone": "Phone",
    "teams.col_born": "Born",
    "teams.col_joined": "Joined",
    "teams.col_left": "Left",
    "teams.col_date": "Date",
    "teams.col_activity": "Activity",
    "teams.col_participants": "People",
    "teams.col_notes": "Notes",
    "teams.short_activity.meeting": "Meeting",
    "teams.short_activity.propaganda": "Awareness",
    "teams.short_activity.commitment": "Commitment",
    "teams.short_activity.information": "Information",
    "teams.short_activity.joint_patrol": "Joint patrol",
    "teams.delete_member_question": "Delete the member «{name}» from the list? If they only "
    "stopped taking part, open the line and enter the date "
    "they left.",
    "teams.delete_activity_question": "Delete the activity of {date}? (The audit log keeps a "
    "record.)",
    # ---- forms
    "teams.form_team_new": "New team",
    "teams.form_team_edit": "Edit team",
    "teams.form_member_new": "Add a member",
    "teams.form_member_edit": "Edit member",
    "teams.form_activity_new": "Log a team activity",
    "teams.form_activity_edit": "Edit team activity",
    "teams.form_hamlet_new": "Add a hamlet",
    "teams.form_hamlet_edit": "Edit or rename hamlet",
    "teams.field_team_name": "Team name",
    "teams.field_team_kind": "Kind of team",
    "teams.field_hamlet_name": "Hamlet name",
    "teams.field_hamlet_kind": "Kind of hamlet",
    "teams.hint_team_name": "Suggested from the kind and the hamlet; you can change it.",
    "teams.hint_dissolved_on": "Leave empty while the team is active.",
    "teams.hint_left_on": "When a member stops taking part, enter the date they left "
    "(no need to delete them).",
    "teams.hint_hamlet_name": "Write it in full as in official papers, e.g. «Bản Huồi Giảng», "
    "«Xóm 2».",
    "teams.hint_hamlet_rename": "After a rename, people, teams and hotspots of this hamlet show "
    "the new name.",
    "teams.suggest.security_order": "Security and order team, {hamlet}",
    "teams.suggest.self_management": "Self-management team, {hamlet}",
    "teams.suggest.border_landmark": "Border and landmark team, {hamlet}",
    "teams.saved_hamlet": "Hamlet «{name}» saved.",
    # ---- checks across records (validation codes of storage.teams)
    "validation.team_second_leader": "The team already has a leader, {name}. A team should "
    "have one leader; if this person takes over, enter the "
    "date the old leader left.",
    "validation.hamlet_name_taken": "The commune already has a hamlet named «{name}». Check "
    "that it is not entered twice.",
}
