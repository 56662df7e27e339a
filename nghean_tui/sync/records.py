"""Change records in bundles: reading them out of the database, checking them strictly, and
merging them in by version stamp.

A table travels as ``{"columns": [...], "rows": [[...], ...]}`` with the values exactly as
SQLite holds them (text, integers, NULL), so exporting is a plain SELECT and importing an
``executemany``. The columns are every synced field of the model, in model order; a bundle
with any other set is refused rather than guessed at.

Merging: the newer version stamp wins (stamps compare as strings: time, counter, device).
A losing version (from another device, or an older one of the same device arriving late) is
kept in ``sync_conflict`` for a person to look at; nothing is dropped silently. At a station,
a stamp further ahead of its clock than a margin is clamped (``merge(not_after=…)``).
Applying a change twice changes nothing, and any order of the same changes ends in the same
rows. Rows written by a merge carry ``change_seq = 0``: they are never sent on as our own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial

from sqlalchemy import Boolean, Connection, Date, DateTime, Integer, Table, Time, bindparam, text

from nghean_tui.domain import models
from nghean_tui.domain.text import has_unsafe, sort_key
from nghean_tui.domain.validation import MULTILINE_FIELDS
from nghean_tui.storage import followups, search_index
from nghean_tui.sync.bundle import BundleError, is_nfc


def table_name(model: type[models.Synced]) -> str:
    """A synced model's table name (SQLModel types ``__tablename__`` as a str or a callable;
    every model here declares a str)."""
    name = model.__tablename__
    assert isinstance(name, str)
    return name


def table(model: type[models.Synced]) -> Table:
    """A synced model's SQLAlchemy table."""
    return model.__table__  # type: ignore[attr-defined]  # SQLModel sets it on table=True classes


MODELS: tuple[type[models.Synced], ...] = tuple(m for m in models.SYNCED_TABLES if m.SYNCED)
BY_NAME: dict[str, type[models.Synced]] = {table_name(m): m for m in MODELS}
# Records of a person (besides the person row): relayed with them when they move commune.
PERSON_TABLES = (
    "management_episode",
    "drug_test",
    "addiction_assessment",
    "contact",
    "support_record",
    "transfer",
)
# ...and the records of their episodes.
EPISODE_TABLES = ("episode_team_member",)

_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_STAMP = re.compile(r"^[0-9a-f]{16}@[0-9a-z-]{1,64}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?$")
_TIME = re.compile(r"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{6})?)?$")
_CHUNK = 500
MAX_TEXT = 100_000


# Synced columns added after bundles began, (table, column) → the bundle schema that added
# them. A bundle of an older schema comes without them (a commune not yet updated): its rows
# are read as not knowing those values, which a new row leaves empty and an update keeps.
ADDED_IN = {("patrol_finding", "area_m2"): "0005", ("contact", "outcome"): "0007"}


@cache
def columns(model: type[models.Synced]) -> tuple[str, ...]:
    return tuple(model.synced_fields())


@cache
def columns_in(model: type[models.Synced], schema: str | None) -> tuple[str, ...]:
    """The columns a bundle of ``schema`` carries (None: the current one)."""
    if schema is None:
        return columns(model)
    return tuple(c for c in columns(model) if ADDED_IN.get((table_name(model), c), "") <= schema)


def _checker(model: type[models.Synced], name: str):
    """A function that says whether every value of a list may go in this column.

    Checks work a column at a time, on the set of types and then on the set of distinct
    values, so that most of the work is done by C loops (``set``, ``map``, ``max``): a
    province's import checks millions of values. Types are exact (``True`` is no integer,
    ``1.0`` no boolean) and patterns must match the whole value.
    """
    column = table(model).columns[name]
    kind = column.type
    enum = column.info.get("enum")
    none = {type(None)} if column.nullable else set()
    if name == "id":
        return _pattern_column({str}, _ID)
    if name == "version":
        return _pattern_column({str}, _STAMP)
    if isinstance(kind, Boolean):
        allowed = {int, bool} | none
        return lambda values: _types_ok(values, allowed) and set(values) - {None} <= {0, 1}
    if isinstance(kind, Integer):
        allowed = {int} | none

        def integers(values) -> bool:
            if not _types_ok(values, allowed):
                return False
            numbers = set(values) - {None}
            return not numbers or (-(2**53) < min(numbers) and max(numbers) < 2**53)

        return integers
    if isinstance(kind, DateTime):
        return _pattern_column({str} | none, _DATETIME)
    if isinstance(kind, Date):
        dates = _pattern_column({str} | none, _DATE)
        return lambda values: dates(values) and all(map(_real_date, set(values) - {None}))
    if isinstance(kind, Time):
        return _pattern_column({str} | none, _TIME)
    allowed = {str} | none
    if enum is not None:
        codes = {member.value for member in enum}
        return lambda values: _types_ok(values, allowed) and set(values) - {None} <= codes
    limit = getattr(kind, "length", None) or MAX_TEXT
    # What the forms refuse is refused here too: control characters (line breaks only in the
    # fields that keep them), bidi overrides, lone surrogates (domain.text.has_unsafe).
    unsafe = partial(has_unsafe, newlines=name in MULTILINE_FIELDS)

    def texts(values) -> bool:
        if not _types_ok(values, allowed):
            return False
        distinct = set(values) - {None}
        return not distinct or (
            max(map(len, distinct)) <= limit
            and all(map(is_nfc, distinct))
            and not any(map(unsafe, distinct))
        )

    return texts


def _types_ok(values, allowed: set) -> bool:
    return set(map(type, values)) <= allowed


def _pattern_column(allowed: set, pattern: re.Pattern):
    def check(values) -> bool:
        return _types_ok(values, allowed) and all(map(pattern.fullmatch, set(values) - {None}))

    return check


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def _checkers(model: type[models.Synced], names: tuple[str, ...] | None = None) -> tuple:
    return tuple(_checker(model, name) for name in (names or columns(model)))


def _widen(row: list, carried: tuple[str, ...], every: tuple[str, ...]) -> list:
    values = dict(zip(carried, row, strict=False))
    return [values.get(name) for name in every]


# ---------------------------------------------------------------- reading out


def changed_rows(conn: Connection, model: type[models.Synced], after: int) -> list[list]:
    """Rows written here since change number ``after``, as bundle rows."""
    cols = ", ".join(columns(model))
    result = conn.exec_driver_sql(
        f"SELECT {cols} FROM {table_name(model)} WHERE change_seq > ? ORDER BY id", (after,)
    )
    return [list(row) for row in result]


def rows_by_id(conn: Connection, model: type[models.Synced], ids: Iterable[str]) -> list[list]:
    cols = ", ".join(columns(model))
    ids = list(ids)
    found = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found += [
            list(r)
            for r in conn.exec_driver_sql(
                f"SELECT {cols} FROM {table_name(model)} WHERE id IN ({marks}) ORDER BY id",
                tuple(chunk),
            )
        ]
    return found


def table_block(model: type[models.Synced], rows: list[list]) -> dict:
    return {"columns": list(columns(model)), "rows": rows}


# ---------------------------------------------------------------- checking


@dataclass
class Incoming:
    """The records of a payload, checked, by table (in parents-first order)."""

    tables: dict[str, list[list]] = field(default_factory=dict)
    # Per table, the positions of columns the bundle did not carry (an older schema).
    unknown: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}

    def unit_index(self, name: str) -> int:
        return columns(BY_NAME[name]).index("unit_code")


def check_records(block, declared: dict, schema: str | None = None) -> Incoming:
    """Every table known, every row of the right shape and every value valid for its column;
    the counts those the signed manifest declared. :class:`BundleError` otherwise.

    ``schema`` is the bundle's (None: the current one). The rows of an older one are widened
    to today's columns, the values it could not carry left None (see :data:`ADDED_IN`)."""
    if not isinstance(block, dict):
        raise BundleError("damaged", "records")
    unknown = set(block) - set(BY_NAME)
    if unknown:
        raise BundleError("damaged", f"unknown table {sorted(unknown)[0]}")
    incoming = Incoming()
    for model in MODELS:
        name = table_name(model)
        if name not in block:
            continue
        table = block[name]
        carried = columns_in(model, schema)
        if not (
            isinstance(table, dict)
            and set(table) == {"columns", "rows"}
            and table["columns"] == list(carried)
            and isinstance(table["rows"], list)
        ):
            raise BundleError("damaged", f"table {name}")
        checks = _checkers(model, carried)
        width = len(checks)
        rows = table["rows"]
        if not all(type(row) is list and len(row) == width for row in rows):
            raise BundleError("damaged", f"row in {name}")
        for check, values in zip(checks, zip(*rows, strict=False), strict=False):
            if not check(values):
                raise BundleError("damaged", f"value in {name}")
        if len(set(r[0] for r in rows)) != len(rows):
            raise BundleError("damaged", f"repeated record in {name}")
        if rows and carried != columns(model):
            every = columns(model)
            incoming.unknown[name] = tuple(i for i, c in enumerate(every) if c not in carried)
            rows = [_widen(row, carried, every) for row in rows]
        if rows:
            incoming.tables[name] = rows
    actual = incoming.counts()
    if {k: v for k, v in declared.items() if v} != actual:
        raise BundleError("damaged", "counts")
    return incoming


# ---------------------------------------------------------------- merging in


@dataclass
class MergeResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    persons: set[str] = field(default_factory=set)
    clamped: int = 0  # stamps too far ahead, stored clamped
    lead_ms: int = 0  # the furthest ahead of them, past ``not_after``
    newest: str = ""  # the newest version written


def _ms(stamp: str) -> int:
    return int(stamp[:12], 16)


class _Clamp:
    """Clamping of one table's stamps to ``not_after``, remembered in ``stamp_clamp``.

    The clamped stamp keeps the device and sorts just after the record's version here, so
    the device's successive edits keep their order; the same original always maps to the
    same clamped stamp (an edit arriving twice changes nothing)."""

    def __init__(self, conn: Connection, name: str, not_after: int) -> None:
        self.conn, self.name, self.not_after = conn, name, not_after
        self.count, self.lead_ms = 0, 0

    def clamp(self, row: list, old: tuple | None, version_at: int) -> bool:
        """Rewrite the row's version; False when it is older than the version here."""
        original = row[version_at]
        known = self.conn.execute(
            text(
                "SELECT clamped FROM stamp_clamp WHERE table_name = :t AND record_id = :r "
                "AND original = :o"
            ),
            {"t": self.name, "r": row[0], "o": original},
        ).scalar()
        if known is not None:
            row[version_at] = known
            return True
        device = _device(original)
        counter = 0
        ms = self.not_after
        if old is not None:
            here = old[version_at]
            was = self.conn.execute(
                text(
                    "SELECT original FROM stamp_clamp WHERE table_name = :t AND record_id = :r "
                    "AND clamped = :c"
                ),
                {"t": self.name, "r": row[0], "c": here},
            ).scalar()
            if original <= (was or here):
                return False
            if (_ms(here), int(here[12:16], 16)) >= (ms, counter):
                ms, counter = _ms(here), int(here[12:16], 16) + 1
                if counter > 0xFFFF:
                    ms, counter = ms + 1, 0
        clamped = f"{ms:012x}{counter:04x}@{device}"
        self.conn.execute(
            text(
                "INSERT INTO stamp_clamp (table_name, record_id, original, clamped, device_id, at) "
                "VALUES (:t, :r, :o, :c, :d, :at)"
            ),
            {
                "t": self.name,
                "r": row[0],
                "o": original,
                "c": clamped,
                "d": device,
                "at": models.utcnow(),
            },
        )
        row[version_at] = clamped
        self.count += 1
        self.lead_ms = max(self.lead_ms, _ms(original) - self.not_after)
        return True


def _device(stamp: str) -> str:
    return stamp.split("@", 1)[1]


def merge(
    conn: Connection, incoming: Incoming, *, today: date, not_after: int | None = None
) -> MergeResult:
    """Apply checked records (inside the caller's transaction).

    ``not_after`` (ms since the epoch; a station passes its clock plus a margin): a version
    stamped later than that is clamped to it (see :class:`_Clamp`), so that a commune whose
    clock ran ahead cannot win every later edit of the record for ever."""
    result = MergeResult()
    renamed_hamlets = []
    for name, rows in incoming.tables.items():
        model = BY_NAME[name]
        cols = columns(model)
        version_at = cols.index("version")
        existing: dict[str, tuple] = {}
        for start in range(0, len(rows), _CHUNK):
            chunk = [r[0] for r in rows[start : start + _CHUNK]]
            marks = ",".join("?" * len(chunk))
            for found in conn.exec_driver_sql(
                f"SELECT {', '.join(cols)} FROM {name} WHERE id IN ({marks})", tuple(chunk)
            ):
                existing[found[0]] = tuple(found)
        inserts, updates, losers = [], [], []
        unknown = incoming.unknown.get(name, ())
        clamp = _Clamp(conn, name, not_after) if not_after is not None else None
        for row in rows:
            old = existing.get(row[0])
            if clamp is not None and _ms(row[version_at]) > clamp.not_after:
                if not clamp.clamp(row, old, version_at):  # an older edit, arriving late
                    assert old is not None  # "older" is said only of a version held here
                    losers.append((row[0], old[version_at], tuple(row)))
                    continue
            if old is None:
                inserts.append(row)
                continue
            for at in unknown:  # not carried by an older bundle: what we know stays
                row[at] = old[at]
            new_version, old_version = row[version_at], old[version_at]
            if new_version == old_version:
                result.unchanged += 1
            elif new_version > old_version:
                updates.append(row)
                if _device(new_version) != _device(old_version):
                    losers.append((row[0], new_version, old))
            else:  # an older version, from another device or this one: kept for review
                losers.append((row[0], old_version, tuple(row)))
        if clamp is not None:
            result.clamped += clamp.count
            result.lead_ms = max(result.lead_ms, clamp.lead_ms)
        newest = max((r[version_at] for r in inserts + updates), default="")
        result.newest = max(result.newest, newest)
        if inserts and name == "person":  # list order is a local column, never empty
            at = cols.index("full_name")
            marks = ", ".join("?" * len(cols))
            conn.exec_driver_sql(
                f"INSERT INTO person ({', '.join(cols)}, change_seq, sort_key) "
                f"VALUES ({marks}, 0, ?)",
                [(*r, sort_key(r[at])) for r in inserts],
            )
        elif inserts:
            marks = ", ".join("?" * len(cols))
            conn.exec_driver_sql(
                f"INSERT INTO {name} ({', '.join(cols)}, change_seq) VALUES ({marks}, 0)",
                [tuple(r) for r in inserts],
            )
        if updates:
            sets = ", ".join(f"{c} = ?" for c in cols[1:])
            conn.exec_driver_sql(
                f"UPDATE {name} SET {sets} WHERE id = ?", [tuple(r[1:]) + (r[0],) for r in updates]
            )
        keep_losers(conn, name, losers)
        result.inserted += len(inserts)
        result.updated += len(updates)
        result.conflicts += len(losers)
        changed = inserts + updates
        if name == "person":
            result.persons.update(r[0] for r in changed)
            _index_persons(conn, [r[0] for r in changed])
        elif name in PERSON_TABLES:
            at = cols.index("person_id")
            result.persons.update(r[at] for r in changed)
        elif name == "hamlet":
            renamed_hamlets += [r[0] for r in updates]
    for hamlet_id in renamed_hamlets:
        search_index.reindex_hamlet(conn, hamlet_id)
    if result.persons:
        followups.refresh(conn, sorted(result.persons), today=today)
    return result


def keep_losers(conn: Connection, name: str, losers: list[tuple[str, str, tuple]]) -> None:
    """Keep versions that did not go in, (record id, winning version, losing row), for a
    person to review: lost merges, and records a station set aside (winner "")."""
    cols = columns(BY_NAME[name])
    unit_at, version_at = cols.index("unit_code"), cols.index("version")
    for record_id, winner, lost in losers:
        conn.execute(
            text(
                "INSERT OR IGNORE INTO sync_conflict (detected_at, table_name, record_id, "
                "unit_code, winner_version, loser_version, loser_fields, resolved) "
                "VALUES (:at, :t, :r, :u, :w, :l, :f, 0)"
            ),
            {
                "at": models.utcnow(),
                "t": name,
                "r": record_id,
                "u": lost[unit_at],
                "w": winner,
                "l": lost[version_at],
                "f": json.dumps(
                    dict(zip(cols, lost, strict=False)), ensure_ascii=False, sort_keys=True
                ),
            },
        )


def _index_persons(conn: Connection, ids: list[str]) -> None:
    """Local columns of merged people (list order, search row id), then their index rows."""
    if not ids:
        return
    next_rowid = search_index.next_rowid(conn)
    updates = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for pid, full_name, rowid in conn.execute(
            text("SELECT id, full_name, search_rowid FROM person WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        ):
            if rowid is None:
                rowid, next_rowid = next_rowid, next_rowid + 1
            updates.append((sort_key(full_name), rowid, pid))
    conn.exec_driver_sql("UPDATE person SET sort_key = ?, search_rowid = ? WHERE id = ?", updates)
    search_index.reindex_persons(conn, ids)
