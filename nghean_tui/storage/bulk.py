"""Writing many generated records at once (:mod:`nghean_tui.synthetic.seed`: ``nghean-tui seed``,
the demo, tests and benchmarks).

Rows go through the driver's ``executemany`` with SQLAlchemy's own bind processors, so they are
stored exactly as the ORM would store them, at a fraction of the cost. Each batch is one
transaction: its rows get version stamps, the batch's change number, planned ends and (for
people) list order and search tokens; follow-ups are computed once everything is in. Bulk
writes are audited as one entry per table, with the row count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from operator import itemgetter

from sqlalchemy import Column, bindparam, text
from sqlmodel import select

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import AuditAction
from nghean_tui.domain.text import sort_key
from nghean_tui.storage import followups, search_index
from nghean_tui.storage.database import Database, StorageError, Txn

_TXN_ROWS = 50_000  # rows per transaction: few fsyncs, bounded WAL growth
_CONSTANT = (
    "unit_code",
    "created_at",
    "updated_at",
    "written_by",
    "origin_device",
    "deleted",
    "change_seq",
)


def _processor(column, dialect):
    """The dialect's own conversion for a column (SQLite's DATE, DATETIME, TIME…)."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _number_people(rows: list[dict], next_rowid: int) -> None:
    for row in rows:
        row["sort_key"] = sort_key(row["full_name"])
        row["search_rowid"] = next_rowid
        next_rowid += 1


def _constant_default(column: Column) -> object:
    """A column's constant default; None for none or for a factory (such as ``new_id``)."""
    arg = getattr(column.default, "arg", None)  # a ColumnDefault's value or function
    return None if callable(arg) else arg


def _insert(txn: Txn, model: type[models.Synced], rows: list[dict]) -> None:
    db, conn = txn.db, txn.conn
    table = models.table_of(model)
    columns = [c.name for c in table.columns]
    now = _processor(table.columns["created_at"], db.engine.dialect)(models.utcnow())
    constants = {
        "unit_code": db.unit_code,
        "created_at": now,
        "updated_at": now,
        "written_by": db.officer_id,
        "origin_device": db.device_id,
        "deleted": False,
        "change_seq": txn.change_seq,
    }
    defaults = {c.name: _constant_default(c) for c in table.columns}
    if model is models.Person:
        _refuse_taken_citizen_ids(conn, db.unit_code, rows)
        _number_people(rows, search_index.next_rowid(conn))
    pick = itemgetter(*columns)
    # Dates and times go to the driver as objects (adapters in storage.engine); the rest is
    # already in stored form. One dict merge and one itemgetter per row, both in C.
    params = [
        pick({**defaults, **row, **constants, "version": stamp})
        for row, stamp in zip(rows, db.clock.reserve(len(rows)), strict=False)
    ]
    conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        params,
    )
    if model is models.Person:
        conn.execute(
            text(search_index.index_sql("p.search_rowid >= :first AND p.search_rowid < :end")),
            {"first": rows[0]["search_rowid"], "end": rows[-1]["search_rowid"] + 1},
        )


def _refuse_taken_citizen_ids(conn, unit_code: str, rows: list[dict]) -> None:
    """A citizen ID is one living profile's (:mod:`nghean_tui.storage.duplicates`): a batch
    that repeats one, or one already on file, is refused whole (its transaction rolls back)."""
    cids = [r["citizen_id"] for r in rows if r.get("citizen_id") and not r.get("deleted")]
    twice = next((c for c, n in Counter(cids).items() if n > 1), None)
    if twice is not None:
        raise StorageError("citizen_id_repeated", citizen_id=twice)
    for start in range(0, len(cids), 500):
        held = conn.execute(
            text(
                "SELECT citizen_id FROM person WHERE unit_code = :unit AND deleted = 0 "
                "AND citizen_id IN :cids"
            ).bindparams(bindparam("cids", expanding=True)),
            {"unit": unit_code, "cids": cids[start : start + 500]},
        ).first()
        if held is not None:
            raise StorageError("citizen_id_taken", citizen_id=held[0])


class _Row:
    """Attribute access to a generated row, as the rules read records: the row dict *is* the
    object's ``__dict__`` (no copy), so what the rules set lands in the row to insert."""

    def __init__(self, row: dict) -> None:
        self.__dict__ = row


_EVENT_GROUPS = {
    "management_episode": "episodes",
    "drug_test": "tests",
    "addiction_assessment": "assessments",
    "contact": "contacts",
    "transfer": "transfers",
}
_BLOCK_TABLES = {"person", "episode_team_member", "support_record", *_EVENT_GROUPS}


class _PersonBlock:
    """People being inserted with their events, completed in memory before writing.

    The generator yields a block of people, then all their events; when something else
    arrives, the block is complete and gets what the records service would give each person:
    the effective planned end of every episode (restarts, absences, the two-year term after
    adult compulsory rehabilitation) and the follow-ups.
    """

    def __init__(self, unit_code: str, today: date) -> None:
        self.unit_code, self.today = unit_code, today
        self.people: dict[str, dict[str, list]] = {}

    def __bool__(self) -> bool:
        return bool(self.people)

    def add(self, table_name: str, rows: list[dict]) -> None:
        if table_name == "person":
            for row in rows:
                self.people[row["id"]] = {g: [] for g in _EVENT_GROUPS.values()}
        group = _EVENT_GROUPS.get(table_name)
        if group:
            for row in rows:
                records = self.people.get(row["person_id"])
                if records is not None:
                    records[group].append(_Row(row))

    def complete(self) -> list[dict]:
        """Set planned ends; return the block's due-item rows."""
        from nghean_tui.domain.rules import PersonRecords, effective_planned_end, follow_ups

        calendar, rules = followups.default_calendar(), followups.default_rules()
        due = []
        for pid, groups in self.people.items():
            records = PersonRecords(person=_Row({"id": pid}), **groups)
            for episode in records.episodes:
                episode.planned_end = effective_planned_end(
                    episode, records, rules=rules, today=self.today
                )
            for item in follow_ups(records, calendar=calendar, rules=rules, today=self.today):
                due.append(
                    {
                        "unit_code": self.unit_code,
                        "person_id": pid,
                        "episode_id": item.episode_id,
                        "source_id": item.source_id,
                        "kind": item.kind.value,
                        "due_on": item.due_on.isoformat(),
                    }
                )
        self.people = {}
        return due


def _transactions(batches: Iterable[tuple[str, list[dict]]], block: _PersonBlock):
    """Group generated batches into units of work: ``(batches, due rows)``, a completed block
    of people with its events, or up to ``_TXN_ROWS`` other rows."""
    pending: list[tuple[str, list[dict]]] = []
    size = 0
    for table_name, rows in batches:
        if not rows:
            continue
        if block and (table_name == "person" or table_name not in _BLOCK_TABLES):
            yield pending, block.complete()
            pending, size = [], 0
        if table_name in _BLOCK_TABLES:
            block.add(table_name, rows)
        pending.append((table_name, rows))
        size += len(rows)
        if not block and size >= _TXN_ROWS:
            yield pending, []
            pending, size = [], 0
    if pending:
        yield pending, block.complete() if block else []


def write_units(db: Database, units) -> Counter:
    """Write units of work from :func:`units_of_work`, one transaction each; returns rows
    written per table. Follow-ups are marked stale meanwhile: if the process dies half-way,
    the next unlock recomputes them from what was committed."""
    counts: Counter = Counter()
    due_sql = (
        "INSERT INTO due_item (unit_code, person_id, episode_id, source_id, kind, due_on) "
        "VALUES (:unit_code, :person_id, :episode_id, :source_id, :kind, :due_on)"
    )
    _set_stale(db, True)
    for unit, due_rows in units:
        with db.write() as txn:
            for table_name, rows in unit:
                _insert(txn, models.MODEL_BY_TABLE[table_name], rows)
                counts[table_name] += len(rows)
            if due_rows:
                txn.conn.execute(text(due_sql), due_rows)
    with db.write() as txn:
        for table_name, n in counts.items():
            db.audit(txn, AuditAction.BULK, table_name, "", [f"rows={n}"])
    _set_stale(db, False)
    # The tables that grew a lot (from empty, say) are analysed; a station seeding commune
    # after commune does not analyse its whole database each time.
    db.refresh_statistics()
    return counts


def units_of_work(batches: Iterable[tuple[str, list[dict]]], unit_code: str, today: date):
    """Generated ``(table, rows)`` batches grouped into units of work for :func:`write_units`,
    each block of people completed with its planned ends and follow-ups (pure Python: this
    can run in another process than the writing)."""
    return _transactions(batches, _PersonBlock(unit_code, today))


def insert_batches(
    db: Database, batches: Iterable[tuple[str, list[dict]]], *, today: date | None = None
) -> Counter:
    """Insert generated ``(table, rows)`` batches; returns rows written per table."""
    return write_units(db, units_of_work(batches, db.unit_code, today or clock.today()))


def unit_inventory(db: Database) -> tuple[list[dict], list[dict], frozenset[str]]:
    """What generated records of this unit must refer to or avoid: its living hamlets and
    officers (as plain dicts) and the citizen IDs its living profiles hold."""
    with db.read() as session:
        hamlets = [
            {"id": h.id, "name": h.name, "kind": h.kind}
            for h in session.exec(
                select(models.Hamlet).where(
                    models.Hamlet.unit_code == db.unit_code, models.Hamlet.deleted == False
                )
            )
        ]  # noqa: E712
        officers = [
            {"id": o.id, "full_name": o.full_name, "phone": o.phone, "active": o.active}
            for o in session.exec(
                select(models.Officer).where(
                    models.Officer.unit_code == db.unit_code, models.Officer.deleted == False
                )
            )
        ]  # noqa: E712
        taken = frozenset(
            session.connection()
            .execute(
                text(
                    "SELECT citizen_id FROM person WHERE unit_code = :unit AND deleted = 0 "
                    "AND citizen_id IS NOT NULL"
                ),
                {"unit": db.unit_code},
            )
            .scalars()
        )
    return hamlets, officers, taken


def _set_stale(db: Database, stale: bool) -> None:
    with db.write() as txn:
        txn.conn.execute(
            text("UPDATE meta SET value = :v WHERE key = 'followups_stale'"),
            {"v": "1" if stale else "0"},
        )
