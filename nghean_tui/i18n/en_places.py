"""English messages: hotspots and tips."""

MESSAGES: dict[str, str] = {
}
