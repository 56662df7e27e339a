"""English messages: teams."""

MESSAGES: dict[str, str] = {
}
