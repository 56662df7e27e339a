"""Saving a patrol with all its children in one transaction, and deleting one.

Children (participants, hamlets, findings, linked persons and hotspots) are separate synced
rows; an edit adds the new ones, soft-deletes the removed ones and updates changed findings,
all in one :meth:`Records.batch`. (Reading patrols: :mod:`nghean_tui.storage.patrols`, which
re-exports what is here.)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import select

from nghean_tui.domain import models
from nghean_tui.domain.enums import ParticipantKind
from nghean_tui.domain.parsing import is_empty
from nghean_tui.domain.patrol_times import OVERNIGHT_CODE, plausible_overnight
from nghean_tui.domain.text import nfc
from nghean_tui.domain.validation import Issue, ValidationError, clean
from nghean_tui.storage.database import Database
from nghean_tui.storage.records import Records, Writer


def live_rows(model, *where):
    """A select of ``model``'s rows not deleted, with the further conditions ``where``."""
    return select(model).where(model.deleted == False, *where)  # noqa: E712


@dataclass
class FindingInput:
    """One finding row of the form: ``key`` names the row in issues ("findings.<key>.count");
    ``id`` is the stored finding it edits, None for a new one."""

    key: str
    category: Any = None
    count: Any = None
    description: Any = ""
    id: str | None = None
    area_m2: Any = None

    @property
    def blank(self) -> bool:
        return all(is_empty(v) for v in (self.category, self.count, self.description, self.area_m2))

    def data(self) -> dict:
        return {
            "category": self.category,
            "count": self.count,
            "description": self.description,
            "area_m2": self.area_m2,
        }


@dataclass
class PatrolChildren:
    """Everything linked to a patrol, as the form chose it. The leader always counts as a
    participating officer, whether listed in ``officer_ids`` or not."""

    hamlet_ids: list[str] = field(default_factory=list)
    officer_ids: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # names of other participants
    findings: list[FindingInput] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)
    hotspot_ids: list[str] = field(default_factory=list)


def _prefixed(issues: list[Issue], prefix: str) -> list[Issue]:
    return [dataclasses.replace(i, field=f"{prefix}{i.field}") for i in issues]


def _save_patrol_row(
    writer: Writer,
    patrol_id: str | None,
    values: dict,
    confirm: bool,
    expected_version: str | None,
    accept_overnight: bool,
) -> models.Patrol:
    def write(confirm: bool) -> models.Patrol:
        if patrol_id is None:
            return writer.create(models.Patrol, values, confirm_warnings=confirm)
        return writer.update(
            models.Patrol,
            patrol_id,
            values,
            expected_version=expected_version,
            confirm_warnings=confirm,
        )

    try:
        return write(confirm)
    except ValidationError as exc:
        if not (
            accept_overnight and all(i.warning and i.code == OVERNIGHT_CODE for i in exc.issues)
        ):
            raise
        # The form has told the officer the patrol ends the next day: a night-long span
        # needs no second question (a longer one may be a mistyped time and still gets it).
        stored = writer.session.get(models.Patrol, patrol_id) if patrol_id else None
        times, _ = clean(
            models.Patrol,
            {k: values.get(k, getattr(stored, k, None)) for k in ("start_time", "end_time")},
            today=writer.today(),
            partial=True,
        )
        if not plausible_overnight(times.get("start_time"), times.get("end_time")):
            raise
    return write(True)


def _sync(writer: Writer, model, patrol_id: str, identity, wanted: dict) -> None:
    """Make the patrol's live ``model`` rows exactly ``wanted`` (identity → (data of a new
    row, issue prefix)): keep the rows already there, add the missing ones, soft-delete
    the others and any duplicates."""
    kept: set = set()
    for row in writer.session.exec(live_rows(model, model.patrol_id == patrol_id)).all():
        key = identity(row)
        if key in wanted and key not in kept:
            kept.add(key)
        else:
            writer.delete(model, row.id)
    for key, (data, prefix) in wanted.items():
        if key not in kept:
            writer.create(
                model, {"patrol_id": patrol_id, **data}, confirm_warnings=True, prefix=prefix
            )


def _links(ids: list[str], key: str, prefix: str) -> dict:
    return {i: ({key: i}, prefix) for i in ids if i}


def _participants(writer: Writer, patrol: models.Patrol, children: PatrolChildren) -> dict:
    """Wanted participants by (kind, who); officers and members keep their name as it was
    on the day, so the record still reads right after a rename or retirement."""

    def named(model, row_id: str) -> str:
        row = writer.session.get(model, row_id)
        return row.full_name if row is not None else ""

    officer, member, other = (k.value for k in ParticipantKind)
    wanted: dict = {}
    for oid in [patrol.leader_id, *children.officer_ids]:
        if oid:
            wanted[(officer, oid)] = (
                {"kind": officer, "officer_id": oid, "name": named(models.Officer, oid)},
                "officer_ids.",
            )
    for mid in children.member_ids:
        wanted[(member, mid)] = (
            {"kind": member, "team_member_id": mid, "name": named(models.TeamMember, mid)},
            "member_ids.",
        )
    for name in (nfc(n.strip()) for n in children.others):
        if name:
            wanted[(other, name)] = ({"kind": other, "name": name}, "others.")
    return wanted


def _participant_identity(row: models.PatrolParticipant) -> tuple:
    who = {"officer": row.officer_id, "team_member": row.team_member_id}.get(row.kind, row.name)
    return row.kind, who


def _sync_findings(writer: Writer, patrol_id: str, findings: list[FindingInput]) -> None:
    rows = {
        r.id
        for r in writer.session.exec(
            live_rows(models.PatrolFinding, models.PatrolFinding.patrol_id == patrol_id)
        ).all()
    }
    for row_id in rows - {f.id for f in findings}:
        writer.delete(models.PatrolFinding, row_id)
    for finding in findings:
        prefix = f"findings.{finding.key}."
        if finding.id is not None and finding.id in rows:  # a stored finding edited
            writer.update(
                models.PatrolFinding,
                finding.id,
                finding.data(),
                confirm_warnings=True,
                prefix=prefix,
            )
        else:
            writer.create(
                models.PatrolFinding,
                {"patrol_id": patrol_id, **finding.data()},
                confirm_warnings=True,
                prefix=prefix,
            )


def save_patrol(
    db: Database,
    patrol_id: str | None,
    values: dict,
    children: PatrolChildren,
    confirm_warnings: bool = False,
    *,
    expected_version: str | None = None,
    accept_overnight: bool = False,
) -> models.Patrol:
    """Create (``patrol_id`` None) or update a patrol and make its children match
    ``children`` — all in one transaction, so a problem anywhere saves nothing at all.

    Issues of children carry a prefix naming where they come from: ``findings.<key>.``,
    ``hamlet_ids.``, ``officer_ids.``, ``member_ids.``, ``others.``, ``person_ids.``,
    ``hotspot_ids.``. ``accept_overnight``: the officer has been shown that the patrol ends
    the next day, so a plausible overnight end needs no confirming.
    """
    records = Records(db)
    findings = [f for f in children.findings if not f.blank]
    with records.batch() as writer:
        try:
            patrol = _save_patrol_row(
                writer, patrol_id, values, confirm_warnings, expected_version, accept_overnight
            )
            issues: list[Issue] = []
        except ValidationError as exc:
            patrol, issues = None, list(exc.issues)
        for finding in findings:  # every bad row at once, each marked in the form
            _, problems = clean(
                models.PatrolFinding, finding.data(), today=records.today(), partial=True
            )
            issues += _prefixed(problems, f"findings.{finding.key}.")
        if patrol is None or any(not i.warning for i in issues):
            raise ValidationError(issues)
        _sync(
            writer,
            models.PatrolHamlet,
            patrol.id,
            lambda r: r.hamlet_id,
            _links(children.hamlet_ids, "hamlet_id", "hamlet_ids."),
        )
        _sync(
            writer,
            models.PatrolParticipant,
            patrol.id,
            _participant_identity,
            _participants(writer, patrol, children),
        )
        _sync_findings(writer, patrol.id, findings)
        _sync(
            writer,
            models.PatrolPerson,
            patrol.id,
            lambda r: r.person_id,
            _links(children.person_ids, "person_id", "person_ids."),
        )
        _sync(
            writer,
            models.PatrolHotspot,
            patrol.id,
            lambda r: r.hotspot_id,
            _links(children.hotspot_ids, "hotspot_id", "hotspot_ids."),
        )
    return patrol


def delete_patrol(db: Database, patrol_id: str, expected_version: str | None = None) -> None:
    """Soft-delete the patrol and every row linked to it, in one transaction."""
    with Records(db).batch() as writer:
        for model in (
            models.PatrolParticipant,
            models.PatrolHamlet,
            models.PatrolFinding,
            models.PatrolPerson,
            models.PatrolHotspot,
        ):
            _sync(writer, model, patrol_id, lambda row: row.id, {})  # wanted: none
        writer.delete(models.Patrol, patrol_id, expected_version=expected_version)
