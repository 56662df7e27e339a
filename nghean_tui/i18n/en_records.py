"""English messages: the same person twice (citizen IDs, probable duplicates, cross-commune
matches) and the tasks of Today that complete a record."""

MESSAGES: dict[str, str] = {
    "validation.citizen_id_taken": "This citizen ID is already on file for {name} (born {born}, "
    "{hamlet}). One person has one profile.",
    "validation.probable_duplicate": "May be the same person as {name} (born {born}, {hamlet}), "
    "already on file. Save only if this is someone else.",
    "key.open_duplicate": "Open the existing profile",
    "form.duplicate_hint": "Ctrl+O: open the profile of {name}.",
    "error.citizen_id_taken": "Citizen ID {citizen_id} is already on another profile of this unit: no second profile was added.",
    "error.citizen_id_repeated": "Citizen ID {citizen_id} appears twice in the same batch: nothing was added.",
    "check.duplicates": "Duplicate profiles (kept as they are, for an officer to review)",
    "check.duplicate_citizen_id": "Same citizen ID {shared}:",
    "check.duplicate_probable": "Probably one person ({shared}):",
    "check.duplicate_cross_commune": "Citizen ID {shared} in several communes:",
    "check.duplicate_profile": "{name} (born {born}, {hamlet}, {unit}, id {id})",
    "records.col_citizen_id": "Citizen ID",
    "records.col_name": "Name",
    "records.col_born": "Born",
    "records.col_hamlet": "Hamlet",
    "records.col_id": "id",
    "records.matches": "Same citizen ID in several communes: {count} (Enter: see the profiles)",
    "records.no_matches": "No citizen ID appears in more than one commune.",
    "records.match_title": "Same citizen ID in several communes",
    "records.match_explain": "Citizen ID {citizen_id} is on profiles of several communes. Nothing was merged: ask the communes which person it is and who manages them (a move not recorded, or a mistyped number).",
    "validation.active_needs_decision": "Needed for the episode to be in force (active). Without the decision yet, leave the status “Proposed”.",
    "followup.due": "(due {date})",
    "followup.residence_check": "residence check",
    "followup.new_decision": "enter the number and date of the new management decision after the positive test of {date}",
    "followup.decision": "management decision after the positive test of {date}",
}
