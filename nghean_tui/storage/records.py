"""Create, update and soft-delete records: the one way screens and commands change data.

Every write is validated first (nothing invalid is stored; warnings must be confirmed), gets
a fresh version stamp and the transaction's change number, is written to the audit log with
the names of the fields it touched, and brings the derived data up to date in the same
transaction: a person's list order and search tokens, planned ends, and follow-ups.

``Records.create/update/delete`` each run in their own transaction; ``Records.batch()`` gives a
:class:`Writer` whose writes share one (a patrol with its participants, hamlets and findings is
saved whole or not at all).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeVar, cast

from sqlmodel import Session, col, select

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import AuditAction
from nghean_tui.domain.formats import fmt_date
from nghean_tui.domain.rules import effective_planned_end, moved_away
from nghean_tui.domain.text import sort_key
from nghean_tui.domain.transitions import check_transition, is_closed
from nghean_tui.domain.validation import SYSTEM_FIELDS, TERM_CODES, Issue, ValidationError, clean
from nghean_tui.storage import duplicates, followups, search_index
from nghean_tui.storage.database import Database, StorageError, Txn, stamp

T = TypeVar("T", bound=models.Synced)

# Columns no form or command may set: the application fills them. ``planned_end`` is
# derived from the legal durations and the person's other records.
NOT_USER_FIELDS = SYSTEM_FIELDS | {"planned_end"}
DERIVED_FIELDS: dict[type[models.SQLModel], tuple[str, ...]] = {
    models.Contact: ("absence_reported", "outcome")
}
# The fields that decide whether an episode's term is within the law.
_TERM_INPUTS = frozenset({"term_months", "episode_type", "decision_date", "start_date"})
# Tables whose rows belong to one person: writing them changes that person's follow-ups.
PERSON_EVENTS = (
    models.ManagementEpisode,
    models.DrugTest,
    models.AddictionAssessment,
    models.Contact,
    models.SupportRecord,
    models.Transfer,
)


def _person_of(obj: models.Synced) -> str | None:
    if isinstance(obj, models.Person):
        return obj.id
    return getattr(obj, "person_id", None) if isinstance(obj, PERSON_EVENTS) else None


def _table(model: type[models.SQLModel]) -> str:
    # SQLModel types __tablename__ as a string or a declared_attr function; ours are strings.
    return cast(str, model.__tablename__)


def _reference_target(model: type[models.SQLModel], field: str) -> type[models.Synced] | None:
    column = models.table_of(model).columns.get(field)
    if column is None or field in SYSTEM_FIELDS:
        return None
    for fk in column.foreign_keys:
        return models.MODEL_BY_TABLE.get(fk.column.table.name)
    return None


CITIZEN_ID_TAKEN = "citizen_id_taken"
PROBABLE_DUPLICATE = "probable_duplicate"
"""Issue codes of the duplicate checks (texts: ``validation.<code>`` in the records catalogue);
their ``person_id`` parameter lets a form open the other profile."""


def _named(profile: duplicates.Profile) -> dict:
    return {
        "name": profile.full_name,
        "born": profile.born or "?",
        "hamlet": profile.hamlet or "?",
        "person_id": profile.id,
    }


def _prefixed(issues: list[Issue], prefix: str) -> list[Issue]:
    return (
        [dataclasses.replace(i, field=f"{prefix}{i.field}") for i in issues] if prefix else issues
    )


class Records:
    """Validated writes on one unlocked database."""

    def __init__(self, db: Database, *, today: Callable[[], date] = clock.today) -> None:
        self.db = db
        self.today = today

    def get(self, model: type[T], record_id: str) -> T | None:
        with self.db.read() as session:
            return session.get(model, record_id)

    @contextmanager
    def batch(self) -> Iterator[Writer]:
        """Several writes in one transaction: all of them are kept, or none."""
        with self.db.write() as txn:
            yield Writer(self, txn)

    def create(self, model: type[T], data: dict, *, confirm_warnings: bool = False) -> T:
        with self.batch() as writer:
            return writer.create(model, data, confirm_warnings=confirm_warnings)

    def update(
        self,
        model: type[T],
        record_id: str,
        changes: dict,
        *,
        expected_version: str | None = None,
        confirm_warnings: bool = False,
    ) -> T:
        with self.batch() as writer:
            return writer.update(
                model,
                record_id,
                changes,
                expected_version=expected_version,
                confirm_warnings=confirm_warnings,
            )

    def delete(
        self, model: type[T], record_id: str, *, expected_version: str | None = None
    ) -> None:
        with self.batch() as writer:
            writer.delete(model, record_id, expected_version=expected_version)

    def planned_end_preview(self, data: dict):
        """What the planned end of an episode with these (typed) values would be, or None
        while the values are incomplete: shown on the form before saving."""
        values, _ = clean(models.ManagementEpisode, data, today=self.today(), partial=True)
        if "person_id" not in values or "episode_type" not in values:
            return None
        with self.db.read() as session:
            found = followups.load_records(session.connection(), [values["person_id"]])
        records = found.get(values["person_id"])
        if records is None:
            return None
        draft = models.ManagementEpisode(unit_code=self.db.unit_code, **values)
        others = [e for e in records.episodes if e.id != data.get("id")]
        records = dataclasses.replace(records, episodes=[*others, draft])
        try:
            return effective_planned_end(draft, records, today=self.today())
        except (ValueError, TypeError, KeyError):
            return None


class Writer:
    """Writes inside one write transaction; validation reads through the same transaction,
    so a record may refer to one created earlier in the batch."""

    def __init__(self, records: Records, txn: Txn) -> None:
        self.records, self.txn, self.db = records, txn, records.db
        self.today = records.today
        self._handing_over: set[str] = set()  # people transferred out in this batch

    @property
    def session(self) -> Session:
        return self.txn.session

    # ------------------------------------------------------------ public

    def create(
        self, model: type[T], data: dict, *, confirm_warnings: bool = False, prefix: str = ""
    ) -> T:
        values = self._check(model, data, confirm_warnings=confirm_warnings, prefix=prefix)
        obj = model(**values, unit_code=self.db.unit_code)
        self._not_moved_away(obj)
        if isinstance(obj, models.Transfer) and obj.from_unit_code == self.db.unit_code:
            self._handing_over.add(obj.person_id)  # its episodes close in the same batch
        if isinstance(obj, models.ManagementEpisode):
            obj.planned_end = self._planned_end(obj)
        self._stamp(obj, created=True)
        self.session.add(obj)
        self.session.flush()
        self._after_write(obj, set(values), created=True)
        self.db.audit(self.txn, AuditAction.CREATE, _table(model), obj.id, list(values))
        return obj

    def update(
        self,
        model: type[T],
        record_id: str,
        changes: dict,
        *,
        expected_version: str | None = None,
        confirm_warnings: bool = False,
        prefix: str = "",
    ) -> T:
        obj = self._locked(model, record_id, expected_version)
        self._not_moved_away(obj)
        values = self._check(
            model, changes, confirm_warnings=confirm_warnings, existing=obj, prefix=prefix
        )
        changed = {k for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return obj
        for key in changed:
            setattr(obj, key, values[key])
        if isinstance(obj, models.ManagementEpisode):
            end = self._planned_end(obj)
            if end != obj.planned_end:
                obj.planned_end = end
                changed.add("planned_end")
        self._stamp(obj)
        self.session.add(obj)
        self.session.flush()
        self._after_write(obj, changed, created=False)
        self.db.audit(self.txn, AuditAction.UPDATE, _table(model), obj.id, changed)
        return obj

    def delete(
        self, model: type[T], record_id: str, *, expected_version: str | None = None
    ) -> None:
        """Soft delete: the row stays as a tombstone so the deletion can travel in sync.
        Deleting a person deletes their records too (episodes, tests, contacts…)."""
        obj = self._locked(model, record_id, expected_version)
        self._not_moved_away(obj)
        if isinstance(obj, models.Person):
            for child_model in PERSON_EVENTS:
                for child in self.session.exec(
                    select(child_model).where(
                        child_model.person_id == obj.id, child_model.deleted == False
                    )
                ):  # noqa: E712
                    self.delete(child_model, child.id)
        obj.deleted = True
        self._stamp(obj)
        self.session.add(obj)
        self.session.flush()
        self._after_write(obj, {"deleted"}, created=False)
        self.db.audit(self.txn, AuditAction.DELETE, _table(model), obj.id, ["deleted"])

    # ------------------------------------------------------------ validation

    def _check(
        self,
        model: type[T],
        data: dict,
        *,
        confirm_warnings: bool,
        existing: T | None = None,
        prefix: str = "",
    ) -> dict:
        """Validated values to write; raises :class:`ValidationError` listing every problem.

        An update is checked as the whole record it will become (so a rule between two
        fields holds whichever one changed); its warnings are those about the fields being
        changed, since the others were confirmed when they were written.
        """
        unknown = (set(data) - set(model.model_fields)) | (set(data) & NOT_USER_FIELDS)
        if unknown:
            raise ValidationError(
                _prefixed([Issue(n, "unknown_field") for n in sorted(unknown)], prefix)
            )
        moved: set[str] | None = None  # the fields an update really changes; None on create
        if existing is None:
            values, issues = clean(model, data, today=self.today())
        else:
            stored = {k: v for k, v in existing.model_dump().items() if k not in NOT_USER_FIELDS}
            merged, issues = clean(model, {**stored, **data}, today=self.today())
            values = {k: merged[k] for k in data if k in merged}
            # Values validation derives from others (a contact's absence_reported follows its
            # outcome) are written with the change that moved them.
            values.update(
                {
                    k: merged[k]
                    for k in DERIVED_FIELDS.get(model, ())
                    if k in merged and merged[k] != getattr(existing, k)
                }
            )
            moved = {k for k, v in values.items() if getattr(existing, k, None) != v}
            issues = [i for i in issues if not i.warning or i.field in moved]
            if model is models.ManagementEpisode and not _TERM_INPUTS & moved:
                # A term stored before the legal range was enforced is not rewritten, and
                # does not stop the episode being edited (closed, say); ``check`` lists it.
                issues = [i for i in issues if i.code not in TERM_CODES]
        issues += self._cross_checks(
            model,
            {**(existing.model_dump() if existing else {}), **values},
            existing,
            changed=moved,
        )
        errors = [i for i in issues if not i.warning]
        if errors or (issues and not confirm_warnings):
            raise ValidationError(_prefixed(issues, prefix))
        return values

    def _cross_checks(
        self, model: type[T], merged: dict, existing: T | None, *, changed: set[str] | None = None
    ) -> list[Issue]:
        """Rules that need other records: status transitions, references in this unit.

        On an update only the references being changed are checked: a record that points
        to something deleted since (a team member who left the records, say) can still be
        edited in its other fields."""
        issues: list[Issue] = []
        if model is models.Person:
            issues += self._duplicate_checks(merged, changed)
        if isinstance(existing, models.ManagementEpisode):  # an update of an episode
            issues += check_transition(
                existing.status,
                merged["status"],
                stop_reason=merged.get("stop_reason"),
                actual_end=merged.get("actual_end"),
            )
        for name, value in merged.items():
            target = _reference_target(model, name)
            if target is None or value is None:
                continue
            if changed is not None and name not in changed:
                continue
            row = self.session.get(target, value)
            if row is None or row.deleted or row.unit_code != self.db.unit_code:
                issues.append(Issue(name, "reference_missing"))
        return issues

    def _duplicate_checks(self, merged: dict, changed: set[str] | None) -> list[Issue]:
        """A citizen ID another living profile of this unit has: refused, naming them. The
        same folded name, hamlet and birth as another profile: a warning to confirm
        (:mod:`nghean_tui.storage.duplicates`). On an update, only when those fields change."""

        def touched(*names: str) -> bool:
            return changed is None or any(n in changed for n in names)

        issues: list[Issue] = []
        conn, unit, me = self.txn.conn, self.db.unit_code, merged.get("id")
        if merged.get("citizen_id") and touched("citizen_id"):
            holder = duplicates.citizen_id_holder(conn, unit, merged["citizen_id"], other_than=me)
            if holder is not None:
                issues.append(Issue("citizen_id", CITIZEN_ID_TAKEN, _named(holder)))
        if touched("full_name", "birth_date", "birth_year", "hamlet_id"):
            alike = duplicates.probable_duplicates(
                conn,
                unit,
                full_name=merged.get("full_name") or "",
                birth_date=merged.get("birth_date"),
                birth_year=merged.get("birth_year"),
                hamlet_id=merged.get("hamlet_id"),
                other_than=me,
                limit=1,
            )
            if alike:
                issues.append(
                    Issue("full_name", PROBABLE_DUPLICATE, _named(alike[0]), warning=True)
                )
        return issues

    def _not_moved_away(self, obj: models.Synced) -> None:
        """A person transferred out of this unit is the new commune's to manage: their
        profile and records are closed here from the moment the transfer is recorded (the
        episodes it closes are written in the same batch). The transfer itself can still be
        corrected, or deleted to undo a mistake.

        This keeps sync independent of the order bundles arrive in: nothing written here
        after a transfer can compete with the new commune's versions of the same records."""
        if isinstance(obj, models.Transfer):
            return
        person_id = _person_of(obj)
        if isinstance(obj, models.EpisodeTeamMember):
            episode = self.session.get(models.ManagementEpisode, obj.episode_id)
            person_id = episode.person_id if episode is not None else None
        if person_id is None or person_id in self._handing_over:
            return
        moved = moved_away(
            self.session.exec(
                select(models.Transfer).where(
                    models.Transfer.person_id == person_id, models.Transfer.deleted == False
                )
            ),  # noqa: E712
            self.db.unit_code,
        )
        if moved is not None:
            from nghean_tui.storage.reference import unit as unit_ref

            to = unit_ref(moved.to_unit_code)
            raise StorageError(
                "moved_away",
                unit=to.name if to else moved.to_unit_code,
                date=fmt_date(moved.move_date),
            )

    # ------------------------------------------------------------ internals

    def _locked(self, model: type[T], record_id: str, expected_version: str | None) -> T:
        """The row as it is inside the write transaction (someone may have written since)."""
        obj = self.session.get(model, record_id, populate_existing=True)
        if obj is None or obj.deleted or obj.unit_code != self.db.unit_code:
            raise StorageError("not_found")
        if expected_version is not None and obj.version != expected_version:
            raise StorageError("changed_elsewhere")
        return obj

    def _stamp(self, obj: models.Synced, *, created: bool = False) -> None:
        stamp(self.db, self.txn, obj, created=created)

    def _after_write(self, obj: models.Synced, changed: set[str], *, created: bool) -> None:
        conn = self.txn.conn
        if isinstance(obj, models.Person):
            if created or "full_name" in changed:
                obj.sort_key = sort_key(obj.full_name)
            if obj.search_rowid is None:
                obj.search_rowid = search_index.next_rowid(conn)
            self.session.add(obj)
            self.session.flush()
            search_index.reindex_persons(conn, [obj.id])
        elif isinstance(obj, models.Hamlet) and not created and changed & {"name", "deleted"}:
            search_index.reindex_hamlet(conn, obj.id)
        person_id = _person_of(obj)
        if person_id:
            self._refresh_person(person_id, skip=obj.id)

    def _planned_end(self, episode: models.ManagementEpisode):
        """The episode's term end given the person's other records (restarts, absences)."""
        records = followups.load_records(self.txn.conn, [episode.person_id]).get(episode.person_id)
        if records is None:
            return None
        others = [e for e in records.episodes if e.id != episode.id]
        records = dataclasses.replace(records, episodes=[*others, episode])
        return effective_planned_end(episode, records, today=self.today())

    def _refresh_person(self, person_id: str, *, skip: str | None = None) -> None:
        """A test, absence or episode can move the end of the person's open episodes;
        then their follow-ups are recomputed."""
        records = followups.load_records(self.txn.conn, [person_id]).get(person_id)
        if records is not None:
            for row in records.episodes:
                if row.id == skip or is_closed(row.status):
                    continue
                end = effective_planned_end(row, records, today=self.today())
                if end == row.planned_end:
                    continue
                episode = self.session.get(models.ManagementEpisode, row.id)
                assert episode is not None  # just read, live, in this same transaction
                episode.planned_end = end
                self._stamp(episode)
                self.session.add(episode)
                self.session.flush()
                self.db.audit(
                    self.txn,
                    AuditAction.UPDATE,
                    _table(models.ManagementEpisode),
                    episode.id,
                    ["planned_end"],
                )
        followups.refresh(self.txn, [person_id], today=self.today())


def officer_name_refused(full_name: str) -> ValidationError | None:
    """Why ``full_name`` cannot be the first officer's name (a control character, too long…),
    or None. Setup asks before creating anything: the database is created before its first
    officer is written into it."""
    _, issues = clean(models.Officer, {"full_name": full_name}, today=clock.today())
    return ValidationError(issues) if any(not i.warning for i in issues) else None


def officers(db: Database, *, include_inactive: bool = False) -> list[models.Officer]:
    with db.read() as session:
        query = select(models.Officer).where(models.Officer.deleted == False)  # noqa: E712
        if not include_inactive:
            query = query.where(models.Officer.active == True)  # noqa: E712
        return list(session.exec(query.order_by(col(models.Officer.full_name).collate("vi"))))
