"""Finding people: diacritic-insensitive search over name, alias, citizen ID, phone and hamlet,
with filters and keyset paging (a page costs the same at row 50 as at row 90,000)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, text

from nghean_tui.domain.text import tokens
from nghean_tui.storage.search_index import match_expression

OPEN_STATUSES = ("active", "proposed")


@dataclass(frozen=True)
class PersonFilter:
    episode_type: str | None = None  # an episode of this kind (with ``status`` if given)
    status: str | None = None  # an episode in this status
    hamlet_id: str | None = None
    overdue_on: date | None = None  # has a follow-up due before this date

    @property
    def empty(self) -> bool:
        return not (self.episode_type or self.status or self.hamlet_id or self.overdue_on)


@dataclass(frozen=True)
class Cursor:
    sort_key: str
    id: str


@dataclass(frozen=True)
class PersonRow:
    id: str
    full_name: str
    aliases: str
    birth_year: int | None
    sex: str
    citizen_id: str | None
    hamlet: str
    sort_key: str
    episode_type: str | None  # the current (or else latest) episode
    episode_status: str | None

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.sort_key, self.id)


@dataclass(frozen=True)
class Page:
    rows: list[PersonRow] = field(default_factory=list)
    has_more: bool = False  # more rows in the direction of travel


# Below this many index hits, a search starts from the hits and sorts them (each hit costs one
# probe of the small ix_person_hit index); above it, it walks the list in order and keeps the
# people who match, which fills a page within the first rows when hits are that dense.
# Either plan alone is slow for the other kind of query: a rare name (or a common given name,
# whose people all sit together late in the list) makes the walk read most of the list; a
# one-letter prefix makes the sort handle half of it. Measured at 100,000 people: bench/run.py.
FEW_HITS = 15_000

_COLUMNS = (
    "p.id, p.full_name, p.aliases, p.birth_year, p.sex, p.citizen_id, coalesce(h.name, ''), "
    "p.sort_key, (SELECT e.episode_type || '|' || e.status FROM management_episode e "
    "WHERE e.person_id = p.id AND e.deleted = 0 "
    "ORDER BY e.status IN ('active', 'proposed') DESC, e.start_date DESC, e.created_at DESC "
    "LIMIT 1)"
)


def _where(unit_code: str, query: str, filters: PersonFilter) -> tuple[list[str], dict] | None:
    clauses = ["p.unit_code = :unit", "p.deleted = 0"]
    params: dict = {"unit": unit_code}
    if query.strip():
        expression = match_expression(tokens(query))
        if expression is None:  # only punctuation typed: nothing can match
            return None
        params["match"] = expression
    if filters.hamlet_id:
        clauses.append("p.hamlet_id = :hamlet")
        params["hamlet"] = filters.hamlet_id
    if filters.episode_type or filters.status:
        episode = ["e.person_id = p.id", "e.deleted = 0"]
        if filters.episode_type:
            episode.append("e.episode_type = :etype")
            params["etype"] = filters.episode_type
        if filters.status:
            episode.append("e.status = :status")
            params["status"] = filters.status
        clauses.append(f"EXISTS (SELECT 1 FROM management_episode e WHERE {' AND '.join(episode)})")
    if filters.overdue_on:
        clauses.append(
            "EXISTS (SELECT 1 FROM due_item d WHERE d.person_id = p.id AND d.due_on < :overdue)"
        )
        params["overdue"] = filters.overdue_on.isoformat()
    return clauses, params


def _source(conn: Connection, clauses: list[str], params: dict) -> str:
    """The FROM clause: from the search hits when they are few, else the list in order."""
    if "match" not in params:
        return "person p"
    hits = conn.execute(
        text(
            "SELECT count(*) FROM (SELECT 1 FROM person_fts WHERE person_fts MATCH :match "
            "LIMIT :cap)"
        ),
        {"match": params["match"], "cap": FEW_HITS},
    ).scalar_one()
    if hits < FEW_HITS:
        # CROSS JOIN keeps the hits as the outer loop: SQLite never reorders it.
        clauses.append("f.person_fts MATCH :match")
        return "person_fts f CROSS JOIN person p ON p.search_rowid = f.rowid"
    # "+": the hits are only a test on the walk; planned from them, the statistics make
    # SQLite sort half the list instead (ten times slower for "b" or "va").
    clauses.append(
        "+p.search_rowid IN (SELECT rowid FROM person_fts WHERE person_fts MATCH :match)"
    )
    return "person p"


def _row(values) -> PersonRow:
    *head, current = values
    etype, status = current.split("|", 1) if current else (None, None)
    return PersonRow(*[*head, etype, status])  # the last two fields: episode type and status


def search_persons(
    conn: Connection,
    unit_code: str,
    query: str = "",
    filters: PersonFilter = PersonFilter(),
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 50,
) -> Page:
    """One page of people in list order (given name, then full name).

    ``after`` continues forward from a row; ``before`` goes back from one (the page comes back
    in list order either way). The page's rows are chosen first; only they are then joined
    to their hamlet and current episode.
    """
    built = _where(unit_code, query, filters)
    if built is None:
        return Page()
    clauses, params = built
    source = _source(conn, clauses, params)
    order = "p.sort_key, p.id"
    if after is not None:
        clauses.append("(p.sort_key, p.id) > (:k, :i)")
        params.update(k=after.sort_key, i=after.id)
    elif before is not None:
        clauses.append("(p.sort_key, p.id) < (:k, :i)")
        params.update(k=before.sort_key, i=before.id)
        order = "p.sort_key DESC, p.id DESC"
    params["limit"] = limit + 1
    page = (
        f"SELECT p.rowid AS rid FROM {source} WHERE {' AND '.join(clauses)} "
        f"ORDER BY {order} LIMIT :limit"
    )
    sql = (
        f"SELECT {_COLUMNS} FROM ({page}) AS chosen JOIN person p ON p.rowid = chosen.rid "
        f"LEFT JOIN hamlet h ON h.id = p.hamlet_id ORDER BY {order}"
    )
    rows = [_row(r) for r in conn.execute(text(sql), params)]
    has_more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
    return Page(rows, has_more)


def count_persons(
    conn: Connection, unit_code: str, query: str = "", filters: PersonFilter = PersonFilter()
) -> int:
    built = _where(unit_code, query, filters)
    if built is None:
        return 0
    clauses, params = built
    source = _source(conn, clauses, params)
    return conn.execute(
        text(f"SELECT count(*) FROM {source} WHERE {' AND '.join(clauses)}"), params
    ).scalar_one()
