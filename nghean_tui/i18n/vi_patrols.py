"""Vietnamese messages: patrols."""

MESSAGES: dict[str, str] = {
}
