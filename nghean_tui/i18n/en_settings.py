"""English messages: settings."""

MESSAGES: dict[str, str] = {
}
