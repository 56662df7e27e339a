"""nghean-tui: encrypted, offline records for commune police in Nghệ An."""

__version__ = "0.8.1"
