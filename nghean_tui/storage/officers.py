"""Looking officers up by name (the command line names them; keyslots know them by id)."""

from __future__ import annotations

from sqlmodel import select

from nghean_tui.domain import models as M
from nghean_tui.domain.text import fold
from nghean_tui.storage.database import Database, StorageError
from nghean_tui.storage.records import Records


def find_officer(db: Database, name: str) -> M.Officer:
    """The one active officer of this unit whose name matches ``name`` ignoring diacritics."""
    wanted = fold(name)
    with db.read() as session:
        rows = session.exec(select(M.Officer).where(M.Officer.unit_code == db.unit_code,
                                                    M.Officer.deleted == False)).all()  # noqa: E712
    matches = [o for o in rows if fold(o.full_name) == wanted]
    if not matches:
        raise StorageError("no_such_officer", name=name)
    if len(matches) > 1:
        raise StorageError("ambiguous_officer", name=name)
    return matches[0]


def find_or_create_officer(db: Database, name: str) -> M.Officer:
    try:
        return find_officer(db, name)
    except StorageError as exc:
        if exc.reason != "no_such_officer":
            raise
    return Records(db).create(M.Officer, {"full_name": name})
