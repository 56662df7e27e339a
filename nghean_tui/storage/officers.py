"""Looking officers up by name (the command line names them; keyslots know them by id)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import select

from nghean_tui.domain import models
from nghean_tui.domain.text import fold, sort_key
from nghean_tui.storage.database import Database, StorageError
from nghean_tui.storage.records import Records


def find_officer(db: Database, name: str) -> models.Officer:
    """The one active officer of this unit whose name matches ``name`` ignoring diacritics."""
    wanted = fold(name)
    with db.read() as session:
        rows = session.exec(
            select(models.Officer).where(
                models.Officer.unit_code == db.unit_code, models.Officer.deleted == False
            )
        ).all()  # noqa: E712
    matches = [o for o in rows if fold(o.full_name) == wanted]
    if not matches:
        raise StorageError("no_such_officer", name=name)
    if len(matches) > 1:
        raise StorageError("ambiguous_officer", name=name)
    return matches[0]


def officer_name(db: Database, officer_id: str) -> str | None:
    """The full name of the officer with this id, or None if there is none."""
    with db.read() as session:
        officer = session.get(models.Officer, officer_id)
    return officer.full_name if officer is not None else None


def find_or_create_officer(db: Database, name: str) -> models.Officer:
    try:
        return find_officer(db, name)
    except StorageError as exc:
        if exc.reason != "no_such_officer":
            raise
    return Records(db).create(models.Officer, {"full_name": name})


@dataclass(frozen=True)
class OfficerRow:
    officer: models.Officer
    has_passphrase: bool
    is_me: bool


def officer_rows(db: Database, with_passphrase: set[str]) -> list[OfficerRow]:
    """The unit's officers, active first, with whether each can unlock."""
    with db.read() as session:
        rows = session.exec(
            select(models.Officer).where(
                models.Officer.unit_code == db.unit_code, models.Officer.deleted == False
            )
        ).all()  # noqa: E712
    rows = sorted(rows, key=lambda o: (not o.active, sort_key(o.full_name)))
    return [OfficerRow(o, o.id in with_passphrase, o.id == db.officer_id) for o in rows]


@dataclass(frozen=True)
class About:
    version: str
    data_dir: str
    role: str
    unit_code: str
    database_fingerprint: str
    device_fingerprint: str
    schema: str
    people: int


def fingerprint(value: str) -> str:
    """A short, readable digest to compare aloud: ``3F7A-91C2-…`` (never the value itself)."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def about(db: Database) -> About:
    from nghean_tui import __version__
    from nghean_tui.storage import migrate

    with db.engine.connect() as conn:
        schema = migrate.current_revision(conn) or ""
        people = conn.execute(
            text("SELECT count(*) FROM person WHERE deleted = 0 AND unit_code = :u"),
            {"u": db.unit_code},
        ).scalar_one()
    return About(
        __version__,
        str(db.data_dir),
        db.role.value,
        db.unit_code,
        fingerprint(db.identity.db_id),
        fingerprint(db.device_id),
        schema,
        people,
    )
