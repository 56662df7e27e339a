"""English messages: removable drives, and reports written from the application."""

MESSAGES: dict[str, str] = {
    "drives.no_label": "(no label)",
    "drives.free": "{size} free",
    "drives.full": "FULL, no space left",
}
