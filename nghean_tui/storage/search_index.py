"""The full-text index behind person search.

``person_fts`` is a contentless FTS5 table keyed by ``person.search_rowid`` (a stable integer:
SQLite's own rowid may change on VACUUM for a table keyed by text). It holds only folded,
diacritic-free tokens, so "Nguyen" finds "Nguyễn" and "Duc" finds "Đức"; prefix indexes make
search-as-you-type cheap. The rows are written by SQL using the ``fold()`` function that every
connection registers, so the migration and the application index people the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, text

# Raised whenever what is indexed changes: databases indexed otherwise are rebuilt on unlock.
INDEX_VERSION = "2"

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS person_fts USING fts5("
    "names, ids, place, content='', contentless_delete=1, "
    "tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')"
)

# What a person is found by: names and aliases, ID numbers and phone, and the hamlet
# (without its kind word). Used by the migration, record writes and bulk loads alike.
_SELECT = (
    "SELECT p.search_rowid, fold(p.full_name || ' ' || p.aliases), "
    "coalesce(p.citizen_id, '') || ' ' || coalesce(p.legacy_id, '') || ' ' || "
    "coalesce(p.phone, ''), coalesce(fold_place(h.name), '') "
    "FROM person p LEFT JOIN hamlet h ON h.id = p.hamlet_id "
    "WHERE p.deleted = 0 AND p.search_rowid IS NOT NULL"
)
_INSERT = "INSERT INTO person_fts (rowid, names, ids, place) "


def index_sql(condition: str) -> str:
    """The statement that indexes the people matching ``condition`` (SQL on ``p``)."""
    return f"{_INSERT}{_SELECT} AND {condition}"


def backfill_sql() -> list[str]:
    """Statements that give every person a search row id and index them all."""
    return [
        "UPDATE person SET search_rowid = rowid WHERE search_rowid IS NULL",
        _INSERT + _SELECT,
    ]


def next_rowid(conn: Connection) -> int:
    return conn.execute(text("SELECT coalesce(max(search_rowid), 0) + 1 FROM person")).scalar_one()


def reindex_persons(conn: Connection, person_ids: Iterable[str]) -> None:
    """Bring the index rows of these people up to date (removing tombstoned ones)."""
    ids = list(dict.fromkeys(person_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(
            text(
                "DELETE FROM person_fts WHERE rowid IN "
                "(SELECT search_rowid FROM person WHERE id IN :ids)"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": chunk},
        )
        conn.execute(
            text(_INSERT + _SELECT + " AND p.id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        )


def reindex_hamlet(conn: Connection, hamlet_id: str) -> None:
    """A hamlet was renamed: its people's place tokens change."""
    ids = conn.execute(text("SELECT id FROM person WHERE hamlet_id = :h"), {"h": hamlet_id})
    reindex_persons(conn, [row[0] for row in ids])


def rebuild(conn: Connection) -> None:
    """Drop and refill the whole index (when what is indexed changed, or it drifted)."""
    conn.execute(text("DELETE FROM person_fts"))
    for statement in backfill_sql():
        conn.execute(text(statement))
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index', :v)"),
        {"v": INDEX_VERSION},
    )


def needs_rebuild(conn: Connection) -> bool:
    current = conn.execute(text("SELECT value FROM meta WHERE key = 'search_index'")).scalar()
    return current != INDEX_VERSION


def match_expression(query_tokens: list[str]) -> str | None:
    """An FTS5 query where every token must match as a prefix, or None if nothing to match.

    Tokens come from :func:`nghean_tui.domain.text.tokens` (letters and digits only), and are
    quoted anyway so no FTS operator can ever be smuggled in.
    """
    parts = [f'"{tok}"*' for tok in query_tokens if tok.isalnum()]
    return " ".join(parts) if parts else None
