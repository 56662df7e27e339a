"""Hotspots (complicated points) and tips from the public: what their sections read and save.

A tip's source — who gave the information — lives apart in :class:`models.TipSource`. Nothing
here that lists or opens tips ever reads its columns: lists and pages learn only *whether*
a tip has a source. The identity comes out through :func:`reveal_tip_source` alone, which
writes an audit entry in the same transaction as the read, so a reveal that could not be
recorded shows nothing.

Lists are keyset-paged, newest first (hotspots by the day they were found, tips by the day
they were received; ties by id, which is time-ordered).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import and_, exists, func, or_, tuple_
from sqlmodel import Session, col, select

from nghean_tui.domain import models
from nghean_tui.domain.enums import AuditAction, HotspotStatus
from nghean_tui.domain.issues import Issue, ValidationError
from nghean_tui.domain.parsing import is_empty
from nghean_tui.storage.database import Database, StorageError
from nghean_tui.storage.records import Records

SOURCE_FIELDS = ("source_name", "source_phone", "source_address", "notes")
"""The columns of a tip's source: what a reveal shows (and records having shown)."""

ELIMINATED = HotspotStatus.ELIMINATED.value


def _live(model):
    return model.deleted == False  # noqa: E712


def _page(
    session: Session, query, date_col, id_col, after, before, limit: int, key
) -> tuple[list, bool]:
    """One page of ``query`` newest first: after/before a row (``key(row)`` gives its
    (date, id)); rows come back in list order either way, with whether more lie beyond."""
    if after is not None:
        query = query.where(tuple_(date_col, id_col) < tuple_(*key(after)))
        query = query.order_by(date_col.desc(), id_col.desc())
    elif before is not None:
        query = query.where(tuple_(date_col, id_col) > tuple_(*key(before)))
        query = query.order_by(date_col, id_col)
    else:
        query = query.order_by(date_col.desc(), id_col.desc())
    rows = list(session.exec(query.limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
    return rows, more


def _source_exists():
    """Whether a tip has a source with anything in it (a correlated EXISTS: the values
    themselves never leave the database)."""
    s = models.TipSource
    return exists().where(
        s.tip_id == models.Tip.id,
        _live(s),
        or_(
            s.source_name != "", s.source_phone.is_not(None), s.source_address != "", s.notes != ""
        ),
    )


# ---------------------------------------------------------------- hotspots


@dataclass(frozen=True)
class HotspotFilter:
    status: str | None = None  # exactly this status
    include_eliminated: bool = False  # with no status: eliminated ones too


@dataclass(frozen=True)
class HotspotRow:
    id: str
    name: str
    hamlet: str
    kind: str
    status: str
    found_on: date
    eliminated_on: date | None


def _hotspot_query(db: Database, filters: HotspotFilter, columns):
    h = models.Hotspot
    query = select(*columns).where(h.unit_code == db.unit_code, _live(h))
    if filters.status:
        query = query.where(h.status == filters.status)
    elif not filters.include_eliminated:
        query = query.where(h.status != ELIMINATED)
    return query


def hotspot_page(
    db: Database,
    filters: HotspotFilter = HotspotFilter(),
    *,
    after: HotspotRow | None = None,
    before: HotspotRow | None = None,
    limit: int = 50,
) -> tuple[list[HotspotRow], bool]:
    """One page of hotspots, the most recently found first."""
    h = models.Hotspot
    columns = (
        h.id,
        h.name,
        func.coalesce(models.Hamlet.name, ""),
        h.kind,
        h.status,
        h.found_on,
        h.eliminated_on,
    )
    query = _hotspot_query(db, filters, columns).outerjoin(
        models.Hamlet, and_(col(models.Hamlet.id) == h.hamlet_id, _live(models.Hamlet))
    )
    with db.read() as session:
        rows, more = _page(
            session, query, h.found_on, h.id, after, before, limit, lambda r: (r.found_on, r.id)
        )
    return [HotspotRow(*r) for r in rows], more


def count_hotspots(db: Database, filters: HotspotFilter = HotspotFilter()) -> int:
    with db.read() as session:
        query = _hotspot_query(db, filters, (func.count(col(models.Hotspot.id)),))
        # One column: sqlmodel selects its scalar (the typing of select(*columns) cannot say).
        return cast(int, session.exec(query).one())


@dataclass(frozen=True)
class PatrolVisit:
    """A patrol that went to a hotspot."""

    patrol_id: str
    patrol_date: date
    kind: str
    leader: str
    routes: str


@dataclass(frozen=True)
class TipRow:
    id: str
    received_on: date
    channel: str
    status: str
    content: str
    hotspot: str
    has_source: bool  # whether someone is on record as the source: never who


@dataclass
class HotspotDetail:
    hotspot: models.Hotspot
    hamlet_name: str
    visits: list[PatrolVisit] = field(default_factory=list)  # newest first
    tips: list[TipRow] = field(default_factory=list)  # newest first


def hotspot_detail(db: Database, hotspot_id: str) -> HotspotDetail | None:
    """The hotspot, the patrols that visited it and the tips about it; None if it is gone."""
    with db.read() as session:
        spot = session.get(models.Hotspot, hotspot_id)
        if spot is None or spot.deleted or spot.unit_code != db.unit_code:
            return None
        hamlet = session.get(models.Hamlet, spot.hamlet_id) if spot.hamlet_id else None
        p, link = models.Patrol, models.PatrolHotspot
        visits: Sequence[Any] = session.exec(  # rows of the five columns
            # sqlmodel types select() for up to four columns; it takes any number.
            select(  # type: ignore[call-overload]
                p.id, p.patrol_date, p.kind, func.coalesce(models.Officer.full_name, ""), p.routes
            )
            .join(link, col(link.patrol_id) == p.id)
            .outerjoin(models.Officer, col(models.Officer.id) == p.leader_id)
            .where(link.hotspot_id == hotspot_id, _live(link), _live(p))
            .order_by(col(p.patrol_date).desc(), col(p.id).desc())
        ).all()
        tips = session.exec(
            _tip_columns()
            .where(models.Tip.hotspot_id == hotspot_id, _live(models.Tip))
            .order_by(col(models.Tip.received_on).desc(), col(models.Tip.id).desc())
        ).all()
    return HotspotDetail(
        spot,
        hamlet.name if hamlet and not hamlet.deleted else "",
        [PatrolVisit(*v) for v in dict.fromkeys(visits)],
        [TipRow(*t) for t in tips],
    )


def hotspot_choices(db: Database) -> list[tuple[str, str]]:
    """Hotspots a tip can be linked to (eliminated ones too: a tip may be about one)."""
    with db.read() as session:
        rows = session.exec(
            select(models.Hotspot.id, models.Hotspot.name)
            .where(models.Hotspot.unit_code == db.unit_code, _live(models.Hotspot))
            .order_by(col(models.Hotspot.name).collate("vi"))
        )
        return [(hid, name) for hid, name in rows]


def save_hotspot(
    db: Database,
    values: dict,
    *,
    hotspot: models.Hotspot | None = None,
    confirm_warnings: bool = False,
) -> models.Hotspot:
    """Create a hotspot, or update only what changed (refused if changed meanwhile)."""
    records = Records(db)
    if hotspot is None:
        return records.create(models.Hotspot, values, confirm_warnings=confirm_warnings)
    return records.update(
        models.Hotspot,
        hotspot.id,
        values,
        expected_version=hotspot.version,
        confirm_warnings=confirm_warnings,
    )


def eliminate_hotspot(
    db: Database,
    hotspot: models.Hotspot,
    eliminated_on: Any,
    *,
    notes: str | None = None,
    confirm_warnings: bool = False,
) -> models.Hotspot:
    """Mark the hotspot eliminated on ``eliminated_on`` (a date or typed text)."""
    if is_empty(eliminated_on):
        raise ValidationError([Issue("eliminated_on", "required")])
    changes = {"status": ELIMINATED, "eliminated_on": eliminated_on}
    if notes is not None:
        changes["notes"] = notes
    return Records(db).update(
        models.Hotspot,
        hotspot.id,
        changes,
        expected_version=hotspot.version,
        confirm_warnings=confirm_warnings,
    )


def delete_hotspot(db: Database, hotspot: models.Hotspot) -> None:
    """Soft delete. Patrol and tip links stay (they are history) but show it no more."""
    Records(db).delete(models.Hotspot, hotspot.id, expected_version=hotspot.version)


# ---------------------------------------------------------------- tips


@dataclass(frozen=True)
class TipFilter:
    status: str | None = None


def _tip_columns():
    t = models.Tip
    return select(
        t.id,
        t.received_on,
        t.channel,
        t.status,
        t.content,
        func.coalesce(models.Hotspot.name, ""),
        _source_exists(),
    ).outerjoin(models.Hotspot, and_(models.Hotspot.id == t.hotspot_id, _live(models.Hotspot)))


def _tip_where(db: Database, query, filters: TipFilter):
    query = query.where(models.Tip.unit_code == db.unit_code, _live(models.Tip))
    return query.where(models.Tip.status == filters.status) if filters.status else query


def tip_page(
    db: Database,
    filters: TipFilter = TipFilter(),
    *,
    after: TipRow | None = None,
    before: TipRow | None = None,
    limit: int = 50,
) -> tuple[list[TipRow], bool]:
    """One page of tips, the most recently received first."""
    query = _tip_where(db, _tip_columns(), filters)
    with db.read() as session:
        rows, more = _page(
            session,
            query,
            models.Tip.received_on,
            models.Tip.id,
            after,
            before,
            limit,
            lambda r: (r.received_on, r.id),
        )
    return [TipRow(*r) for r in rows], more


def count_tips(db: Database, filters: TipFilter = TipFilter()) -> int:
    with db.read() as session:
        return session.exec(_tip_where(db, select(func.count(col(models.Tip.id))), filters)).one()


@dataclass
class TipDetail:
    tip: models.Tip
    received_by_name: str
    hotspot_name: str
    person_name: str
    has_source: bool  # whether a source is on record; who it is needs a reveal


def tip_detail(db: Database, tip_id: str) -> TipDetail | None:
    """The tip and the names of what it links to — never its source; None if it is gone."""
    with db.read() as session:
        tip = session.get(models.Tip, tip_id)
        if tip is None or tip.deleted or tip.unit_code != db.unit_code:
            return None

        def name(model, ref, column):
            row = session.get(model, ref) if ref else None
            return getattr(row, column) if row is not None and not row.deleted else ""

        has_source = session.exec(select(_source_exists()).where(models.Tip.id == tip_id)).one()
        return TipDetail(
            tip,
            name(models.Officer, tip.received_by, "full_name"),
            name(models.Hotspot, tip.hotspot_id, "name"),
            name(models.Person, tip.person_id, "full_name"),
            bool(has_source),
        )


def reveal_tip_source(db: Database, tip_id: str) -> models.TipSource | None:
    """Who gave the tip, read and recorded in the audit log in one transaction.

    The entry (action ``reveal``, table ``tip_source``, the row's id, the field names — never
    their values) is committed before anything is returned: if it cannot be written, the
    read is rolled back with it and the caller gets the error, not the source.
    """
    with db.write() as txn:
        source = txn.session.exec(
            select(models.TipSource).where(
                models.TipSource.tip_id == tip_id, _live(models.TipSource)
            )
        ).first()
        if source is None or source.unit_code != db.unit_code:
            return None
        db.audit(
            txn, AuditAction.REVEAL, models.TipSource.__tablename__, source.id, list(SOURCE_FIELDS)
        )
    return source


@dataclass(frozen=True)
class SavedTip:
    tip: models.Tip
    source: models.TipSource | None  # as saved, when the source was part of the save


def save_tip(
    db: Database,
    values: dict,
    *,
    tip: models.Tip | None = None,
    source: dict | None = None,
    revealed: models.TipSource | None = None,
    confirm_warnings: bool = False,
) -> SavedTip:
    """Save a tip and, when ``source`` is given, its source, in one transaction.

    ``source`` holds the source fields as typed (all empty: none). ``revealed`` is the source
    row the officer revealed before editing; a source that exists but was not revealed is
    never overwritten (the form could not have shown it).
    """
    with Records(db).batch() as writer:
        if tip is None:
            saved = writer.create(models.Tip, values, confirm_warnings=confirm_warnings)
        else:
            saved = writer.update(
                models.Tip,
                tip.id,
                values,
                expected_version=tip.version,
                confirm_warnings=confirm_warnings,
            )
        if source is None:
            return SavedTip(saved, None)
        if revealed is not None:
            row = writer.update(
                models.TipSource,
                revealed.id,
                source,
                expected_version=revealed.version,
                confirm_warnings=confirm_warnings,
            )
            return SavedTip(saved, row)
        existing = writer.session.exec(
            select(models.TipSource).where(models.TipSource.tip_id == saved.id)
        ).first()
        if existing is not None and (
            existing.deleted or any(getattr(existing, name) for name in SOURCE_FIELDS)
        ):
            raise StorageError("tip_source_hidden")
        if existing is not None:  # an emptied source: filled in again
            row = writer.update(
                models.TipSource, existing.id, source, confirm_warnings=confirm_warnings
            )
            return SavedTip(saved, row)
        if all(is_empty(source.get(name)) for name in SOURCE_FIELDS):
            return SavedTip(saved, None)
        row = writer.create(
            models.TipSource, {**source, "tip_id": saved.id}, confirm_warnings=confirm_warnings
        )
        return SavedTip(saved, row)


def delete_tip(db: Database, tip: models.Tip) -> None:
    """Soft-delete the tip; its source is erased (emptied, then deleted) in the same
    transaction, so the identity does not outlive the tip even as a tombstone."""
    with Records(db).batch() as writer:
        source_id = writer.session.exec(
            select(models.TipSource.id).where(
                models.TipSource.tip_id == tip.id, _live(models.TipSource)
            )
        ).first()
        if source_id is not None:
            writer.update(
                models.TipSource,
                source_id,
                {"source_name": "", "source_phone": None, "source_address": "", "notes": ""},
                confirm_warnings=True,
            )
            writer.delete(models.TipSource, source_id)
        writer.delete(models.Tip, tip.id, expected_version=tip.version)


def person_choices(db: Database, query: str, limit: int = 30) -> list[tuple[str, str]]:
    """People matching what was typed, for linking a tip: a page of search hits, never the
    whole list (nothing until something is typed)."""
    from nghean_tui.storage.search import search_persons

    if not query.strip():
        return []
    with db.engine.connect() as conn:
        page = search_persons(conn, db.unit_code, query, limit=limit)
    out = []
    for row in page.rows:
        extra = ", ".join(str(x) for x in (row.birth_year, row.hamlet) if x)
        out.append((row.id, f"{row.full_name} ({extra})" if extra else row.full_name))
    return out
