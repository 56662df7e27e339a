"""English messages: hotspots and tips."""

MESSAGES: dict[str, str] = {
    # ---- keys
    "key.new_hotspot": "New hotspot", "key.edit_hotspot": "Edit", "key.eliminate_hotspot": "Mark eliminated",
    "key.show_eliminated": "Show/hide eliminated hotspots", "key.delete_hotspot": "Delete hotspot",
    "key.new_tip_here": "New tip", "key.open_tip": "Open tip",
    "key.new_tip": "New tip", "key.edit_tip": "Edit", "key.reveal_source": "Reveal/hide source",
    "key.delete_tip": "Delete tip", "key.pick_person": "Find person",
    # ---- refusals
    "error.tip_source_hidden": "This tip's source is hidden; reveal it on the tip's page before editing it.",
    # ---- hotspots: list
    "hotspots.any_status": "Any status", "hotspots.show_eliminated": "Include eliminated (a)",
    "hotspots.col_name": "Name", "hotspots.col_hamlet": "Hamlet", "hotspots.col_kind": "Kind",
    "hotspots.col_status": "Status", "hotspots.col_found": "Found",
    "hotspots.count": "{count} hotspots", "hotspots.count_open": "{count} hotspots not eliminated",
    "hotspots.kind_short.retail": "Retail", "hotspots.kind_short.gathering": "Gathering",
    "hotspots.kind_short.cultivation": "Growing", "hotspots.kind_short.border_route": "Border",
    "hotspots.kind_short.other": "Other",
    "hotspots.status_short.active": "Active", "hotspots.status_short.monitoring": "Under watch",
    "hotspots.status_short.eliminated": "Eliminated",
    # ---- hotspots: page and forms
    "hotspots.field_name": "Name of the place",
    "hotspots.loading": "Loading…",
    "hotspots.history": "Patrols that visited and related tips:",
    "hotspots.no_history": "No patrol or tip is linked to this hotspot yet.",
    "hotspots.col_date": "Date", "hotspots.col_what": "Kind", "hotspots.col_content": "What",
    "hotspots.col_detail": "Detail", "hotspots.kind_patrol": "Patrol", "hotspots.kind_tip": "Tip",
    "hotspots.form_new": "New hotspot", "hotspots.form_edit": "Edit hotspot",
    "hotspots.form_eliminate": "Mark hotspot eliminated",
    "hotspots.hint_eliminated_on": "Only once the hotspot has been eliminated (the x key does it quickly).",
    "hotspots.already_eliminated": "This hotspot was eliminated on {date}.",
    "hotspots.delete_question": "Delete the hotspot “{name}”? (The audit log keeps a trace.)",
    # ---- tips: list
    "tips.any_status": "Any status", "tips.col_received": "Received",
    "tips.col_channel": "Channel", "tips.col_status": "Status", "tips.col_content": "Content",
    "tips.col_source": "Source", "tips.has_source_short": "yes", "tips.count": "{count} tips",
    "tips.channel_short.in_person": "In person", "tips.channel_short.phone": "Phone",
    "tips.channel_short.hotline": "Hotline", "tips.channel_short.letter": "Letter",
    "tips.channel_short.message": "Message", "tips.channel_short.other": "Other",
    "tips.status_short.received": "Received", "tips.status_short.verifying": "Verifying",
    "tips.status_short.acted_on": "Acted on", "tips.status_short.not_confirmed": "Not confirmed",
    # ---- tips: page
    "tips.loading": "Loading…", "tips.title": "Tip received {date}",
    "tips.source_hidden": "Source: on record, kept hidden. Press S to reveal — every reveal is written to the audit log.",
    "tips.source_none": "No information about who gave this tip.",
    "tips.source_shown": "Source (leave this page or press S to hide):",
    "tips.source_notes": "Notes on the source",
    "tips.field_channel": "Channel",
    "tips.reveal_question": "Reveal who gave this tip?\n\nThis is the most sensitive information in the system. The reveal is written to the audit log (who, when). Reveal only when you must, and keep the screen out of others' sight.",
    "tips.reveal_yes": "Reveal source",
    "tips.delete_question": "Delete this tip? The source's identity (if any) is erased for good. (The audit log keeps a trace.)",
    # ---- tips: form
    "tips.form_new": "New tip", "tips.form_edit": "Edit tip",
    "tips.form_source_hidden": "The source is hidden, so it is not on this form. To edit it: go back to the tip's page, press S to reveal it, then E.",
    "tips.hint_person": "Press Enter to search by name and choose.",
    "tips.hint_source": "The source section is optional and kept hidden: shown only on request, and every reveal is logged.",
    "tips.pick_person": "Managed person this tip is about",
}
