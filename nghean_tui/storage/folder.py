"""The names of a data folder's files and the refusal storage gives (no imports: both the light
Vault and the database use them)."""

from __future__ import annotations

DB_FILE = "nghean.db"
PARTIAL_DB_FILE = "nghean.db.partial"
LOCK_FILE = "nghean.lock"
THROTTLE_FILE = "unlock-state.json"


class StorageError(Exception):
    """A refusal with a stable ``reason`` code (messages live in the catalogue)."""

    def __init__(self, reason: str, **params) -> None:
        self.reason, self.params = reason, params
        super().__init__(reason if not params else f"{reason} {params}")
