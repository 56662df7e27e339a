"""English messages: sync (why a bundle was refused, what became of it, card problems)."""

MESSAGES: dict[str, str] = {
    # ---- what became of a bundle
    "sync.status.accepted": "Accepted", "sync.status.duplicate": "Already here",
    "sync.status.pending": "Waiting for missing bundles", "sync.status.rejected": "Rejected",
    "sync.status.conflicting": "Conflicting history",
    # ---- why a bundle was refused (docs/security.md §4, in that order)
    "sync.reason.too_large": "The file is too large to be a sync bundle; not imported.",
    "sync.reason.not_a_bundle": "The file is not a sync bundle of this application.",
    "sync.reason.not_addressed": "The bundle is not addressed to this station (or its outer envelope is damaged).",
    "sync.reason.damaged": "The bundle is damaged or truncated; ask the sender to send it again.",
    "sync.reason.unsupported_format": "The bundle is in another format; update the application.",
    "sync.reason.newer_version": "The bundle comes from a newer version of the application; update it.",
    "sync.reason.own_bundle": "This bundle was sent by this device itself.",
    "sync.reason.unknown_sender": "The sending device is not enrolled; import its identity card first.",
    "sync.reason.revoked": "The sending device was revoked; bundles after the revocation are refused.",
    "sync.reason.forged": "The signature does not verify: the bundle is forged or was altered.",
    "sync.reason.forwarded": "The bundle was not signed for this device (forwarded from elsewhere).",
    "sync.reason.out_of_scope": "The bundle holds records that do not belong to the sending unit.",
    "sync.reason.conflicting_history": "The sender's bundle history forks (cloned laptop or restored backup?); needs checking.",
    "sync.reason.unreadable": "The file could not be read.",
    # ---- refusals before anything is written
    "error.no_station": "No provincial supervisor station is enrolled; import its identity card first.",
    "error.station_cannot_export": "A supervisor station sends no records, only replies to communes.",
    "error.commune_cannot_reply": "Only a supervisor station sends replies.",
    "error.unknown_device": "Device {device} is not in the trust list.",
    "error.card_too_large": "The file is too large to be an identity card.",
    "error.card_unreadable": "The file is not a valid identity card.",
    "error.card_forged": "The signature on the identity card does not verify.",
    "error.card_is_own": "This is this device's own identity card.",
    "error.card_wrong_role": "A commune enrolls the provincial station, and a station enrolls communes.",
    "error.card_revoked": "This device was revoked; it cannot be enrolled again.",
    "error.card_keys_changed": "This device is enrolled with other keys; revoke it and check with the unit.",
    # ---- writing to a stick
    "sync.write.disk_full": "The drive is full; the bundle stays in the outbox, try another drive.",
    "sync.write.read_only": "The drive is read-only; the bundle stays in the outbox.",
    "sync.write.no_permission": "No permission to write to this folder; the bundle stays in the outbox.",
    "sync.write.folder_missing": "The folder is gone (drive removed?); the bundle stays in the outbox.",
    "sync.write.read_back_differs": "Reading the file back gave different bytes: the drive may be faulty; the bundle stays in the outbox.",
    "sync.write.io_error": "The drive could not be written; the bundle stays in the outbox.",
    "sync.written": "Wrote {name} and checked it; safe to remove the drive.",
}
