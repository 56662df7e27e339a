"""Vietnamese messages: teams."""

MESSAGES: dict[str, str] = {
}
