"""English messages: patrols."""

MESSAGES: dict[str, str] = {
}
