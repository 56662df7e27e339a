"""A station's read-only look at one commune's records.

Every query the screens run is scoped by ``db.unit_code``. A :class:`UnitView` is the station's
database with the unit replaced by the commune being looked at and writing refused, so the same
People, Patrols and Teams screens show that commune's records exactly as the commune sees them,
and nothing a supervisor does there can change them (the records are the commune's, and would be
overwritten by its next bundle anyway).
"""

from __future__ import annotations

from contextlib import contextmanager

from nghean_tui.storage.database import Database, StorageError


class UnitView:
    """``db`` seen as unit ``unit_code``, read-only. Everything else is the database's."""

    read_only = True

    def __init__(self, db: Database, unit_code: str) -> None:
        self._db = db
        self.unit_code = unit_code

    def __getattr__(self, name: str):
        return getattr(self._db, name)

    @property
    def database(self) -> Database:
        return self._db

    @contextmanager
    def write(self):
        raise StorageError("read_only")
        yield  # pragma: no cover - a generator for contextmanager's sake

    def audit(self, *args, **kwargs) -> None:
        raise StorageError("read_only")
