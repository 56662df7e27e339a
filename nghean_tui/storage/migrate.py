"""Bring a database's schema to the current revision.

Alembic is imported only when an upgrade is needed, so opening an up-to-date database stays
fast; ``HEAD`` is checked against Alembic's own view by a test.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

HEAD = "0008"
SCRIPTS = Path(__file__).with_name("migrations")


def current_revision(conn: Connection) -> str | None:
    exists = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
    ).first()
    if not exists:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def alembic_config(conn: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = conn
    return config


def upgrade(conn: Connection, revision: str = "head") -> bool:
    """Upgrade to ``revision``; returns True if anything ran. Runs in ``conn``'s transaction."""
    if revision in ("head", HEAD) and current_revision(conn) == HEAD:
        return False
    from alembic import command

    command.upgrade(alembic_config(conn), revision)
    return True
