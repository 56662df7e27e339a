"""Vietnamese messages: settings."""

MESSAGES: dict[str, str] = {
}
