"""Self-management and security teams by hamlet: what the Teams section reads and saves.

A team is *active* on a day when it has no dissolution date or one still ahead; a member is
*current* when they have no leaving date or one still ahead. "A hamlet without an active
team" follows the rule of the Today screen (:func:`summary.hamlets_without_active_team`).

Saves go through :class:`Records` (validated, audited); the checks that need other rows — a
second current leader, a hamlet name already used — are warnings the officer confirms.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import text
from sqlmodel import Session, select

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import TeamKind, TeamRole
from nghean_tui.domain.issues import Issue, ValidationError
from nghean_tui.domain.parsing import as_date
from nghean_tui.domain.text import fold, sort_key, vietnamese_key
from nghean_tui.domain.validation import clean
from nghean_tui.storage.database import Database
from nghean_tui.storage.records import Records, Writer

T = TypeVar("T", bound=models.Synced)

SECOND_LEADER = "team_second_leader"
HAMLET_NAME_TAKEN = "hamlet_name_taken"
"""Issue codes of this module; their texts are ``validation.<code>`` in the teams catalogue."""

ROLE_ORDER = {TeamRole.LEADER.value: 0, TeamRole.DEPUTY.value: 1, TeamRole.MEMBER.value: 2}


def is_active(dissolved_on: date | None, today: date) -> bool:
    return dissolved_on is None or dissolved_on > today


def is_current(left_on: date | None, today: date) -> bool:
    return left_on is None or left_on > today


# ---------------------------------------------------------------- the list


@dataclass
class TeamRow:
    id: str
    version: str
    name: str
    kind: str
    established_on: date | None
    dissolved_on: date | None
    active: bool
    members: int  # current members
    last_activity: date | None


@dataclass
class HamletTeams:
    id: str
    name: str
    kind: str
    version: str
    teams: list[TeamRow] = field(default_factory=list)

    @property
    def has_active_team(self) -> bool:
        """The Today screen's rule: some team of any kind is active."""
        return any(t.active for t in self.teams)

    @property
    def has_security_team(self) -> bool:
        """A grassroots security and order team is active (one per hamlet by law)."""
        return any(t.active and t.kind == TeamKind.SECURITY_ORDER.value for t in self.teams)

    @property
    def members(self) -> int:
        return sum(t.members for t in self.teams if t.active)

    @property
    def last_activity(self) -> date | None:
        return max((t.last_activity for t in self.teams if t.last_activity), default=None)


def hamlets_with_teams(db: Database, today: date) -> list[HamletTeams]:
    """Every hamlet of the unit, by name, with its teams: active ones first, then by kind
    and name; each with its current members and its last activity up to ``today``."""
    day = today.isoformat()
    with db.engine.connect() as conn:
        hamlets = conn.execute(
            text("SELECT id, name, kind, version FROM hamlet WHERE unit_code = :u AND deleted = 0"),
            {"u": db.unit_code},
        ).all()
        teams = conn.execute(
            text(
                "SELECT t.id, t.version, t.hamlet_id, t.name, t.kind, t.established_on, "
                " t.dissolved_on, "
                " (SELECT count(*) FROM team_member m WHERE m.team_id = t.id AND m.deleted = 0 "
                "   AND (m.left_on IS NULL OR m.left_on > :d)), "
                " (SELECT max(a.activity_date) FROM team_activity a WHERE a.team_id = t.id "
                "   AND a.deleted = 0 AND a.activity_date <= :d) "
                "FROM team t WHERE t.unit_code = :u AND t.deleted = 0"
            ),
            {"u": db.unit_code, "d": day},
        ).all()
    by_id = {h.id: HamletTeams(h.id, h.name, h.kind, h.version) for h in hamlets}
    kinds = [k.value for k in TeamKind]
    for tid, version, hid, name, kind, est, gone, members, last in teams:
        hamlet = by_id.get(hid)
        if hamlet is None:
            continue
        dissolved = as_date(gone)
        hamlet.teams.append(
            TeamRow(
                tid,
                version,
                name,
                kind,
                as_date(est),
                dissolved,
                is_active(dissolved, today),
                members,
                as_date(last),
            )
        )
    for hamlet in by_id.values():
        hamlet.teams.sort(
            key=lambda t: (
                not t.active,
                kinds.index(t.kind) if t.kind in kinds else len(kinds),
                fold(t.name),
            )
        )
    return sorted(by_id.values(), key=lambda h: (vietnamese_key(h.name), h.id))


# ---------------------------------------------------------------- one team


@dataclass
class TeamDetail:
    team: models.Team
    hamlet_name: str
    members: list[models.TeamMember]  # current ones first (leader, deputy, members), then left
    activities: list[models.TeamActivity]  # newest first
    today: date

    def current(self, member: models.TeamMember) -> bool:
        return is_current(member.left_on, self.today)

    @property
    def current_members(self) -> int:
        return sum(1 for m in self.members if self.current(m))


def team_detail(db: Database, team_id: str, today: date | None = None) -> TeamDetail | None:
    """The team, its members and its activity log; None if it is gone."""
    today = today or clock.today()
    with db.read() as session:
        team = session.get(models.Team, team_id)
        if team is None or team.deleted or team.unit_code != db.unit_code:
            return None
        hamlet = session.get(models.Hamlet, team.hamlet_id)
        members = list(
            session.exec(
                select(models.TeamMember).where(
                    models.TeamMember.team_id == team_id, models.TeamMember.deleted == False
                )
            )
        )  # noqa: E712
        activities = list(
            session.exec(
                select(models.TeamActivity).where(
                    models.TeamActivity.team_id == team_id, models.TeamActivity.deleted == False
                )
            )
        )  # noqa: E712
    members.sort(
        key=lambda m: (
            not is_current(m.left_on, today),
            ROLE_ORDER.get(m.role, 3),
            sort_key(m.full_name),
        )
    )
    activities.sort(key=lambda a: (a.activity_date, a.created_at), reverse=True)
    return TeamDetail(
        team, hamlet.name if hamlet and not hamlet.deleted else "", members, activities, today
    )


# ---------------------------------------------------------------- saving


def _write(
    writer: Writer,
    model: type[T],
    values: dict,
    confirm: bool,
    extra: list[Issue],
    record: T | None = None,
) -> T:
    """Create or update one record inside ``writer``'s transaction, with ``extra`` issues
    found by this module: reported together with the record's own, and, like them, an
    error or an unconfirmed warning raises — which rolls the whole batch back."""
    try:
        if record is None:
            saved = writer.create(model, values, confirm_warnings=confirm)
        else:
            saved = writer.update(
                model, record.id, values, expected_version=record.version, confirm_warnings=confirm
            )
    except ValidationError as exc:
        raise ValidationError(exc.issues + extra) from None
    if any(not i.warning for i in extra) or (extra and not confirm):
        raise ValidationError(extra)
    return saved


def save_team(
    db: Database, values: dict, confirm: bool, team: models.Team | None = None
) -> models.Team:
    with Records(db).batch() as writer:
        return _write(writer, models.Team, values, confirm, [], team)


def delete_team(db: Database, team_id: str, expected_version: str | None = None) -> None:
    """The team with its members and its activity log, all in one transaction: a member
    of a deleted team must not count anywhere."""
    with Records(db).batch() as writer:
        writer.delete(models.Team, team_id, expected_version=expected_version)
        for model in (models.TeamMember, models.TeamActivity):
            rows = writer.session.exec(
                select(model.id).where(model.team_id == team_id, model.deleted == False)
            ).all()  # noqa: E712
            for row_id in rows:
                writer.delete(model, row_id)


def _leader_issues(
    session: Session, team_id: str, member_id: str | None, role, left_on, today: date
) -> list[Issue]:
    """A warning when this member would be a second current leader of the team."""
    if role != TeamRole.LEADER.value:
        return []
    if not is_current(left_on if isinstance(left_on, date) else None, today):
        return []
    others = session.exec(
        select(models.TeamMember).where(
            models.TeamMember.team_id == team_id,
            models.TeamMember.deleted == False,  # noqa: E712
            models.TeamMember.role == TeamRole.LEADER.value,
        )
    ).all()
    for other in others:
        if other.id != member_id and is_current(other.left_on, today):
            return [Issue("role", SECOND_LEADER, {"name": other.full_name}, warning=True)]
    return []


def save_member(
    db: Database, team_id: str, values: dict, confirm: bool, member: models.TeamMember | None = None
) -> models.TeamMember:
    """Add or change a member. A second current leader is a warning to confirm (the law
    gives a team one leader; a handover may briefly overlap)."""
    records = Records(db)
    today = records.today()
    parsed, _ = clean(
        models.TeamMember,
        {k: values[k] for k in ("role", "left_on") if k in values},
        today=today,
        partial=True,
    )
    role = parsed.get("role", member.role if member else None)
    left_on = parsed["left_on"] if "left_on" in parsed else (member.left_on if member else None)
    # On a change, warn only when the change is what makes a second leader: one already
    # confirmed is not asked about again each time a phone number is corrected.
    changed = member is None or role != member.role or left_on != member.left_on
    with records.batch() as writer:
        extra = (
            _leader_issues(
                writer.session, team_id, member.id if member else None, role, left_on, today
            )
            if changed
            else []
        )
        data = values if member else {**values, "team_id": team_id}
        return _write(writer, models.TeamMember, data, confirm, extra, member)


def save_activity(
    db: Database,
    team_id: str,
    values: dict,
    confirm: bool,
    activity: models.TeamActivity | None = None,
) -> models.TeamActivity:
    data = values if activity else {**values, "team_id": team_id}
    with Records(db).batch() as writer:
        return _write(writer, models.TeamActivity, data, confirm, [], activity)


def _same_name(name: str) -> str:
    """Names compared as people read them: case and spacing aside, diacritics count
    ("Bản Na" and "Bản Nà" are different places)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _hamlet_issues(
    session: Session, unit_code: str, values: dict, hamlet: models.Hamlet | None
) -> list[Issue]:
    # An empty kind is refused by validation: whether it is a bản or a xóm is the officer's.
    issues: list[Issue] = []
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        return issues
    wanted = _same_name(name)
    if hamlet is not None and _same_name(hamlet.name) == wanted:
        return issues  # not renamed
    rows = session.exec(
        select(models.Hamlet.id, models.Hamlet.name).where(
            models.Hamlet.unit_code == unit_code, models.Hamlet.deleted == False
        )
    ).all()  # noqa: E712
    if any(_same_name(other) == wanted for _, other in rows):
        issues.append(Issue("name", HAMLET_NAME_TAKEN, {"name": name.strip()}, warning=True))
    return issues


def save_hamlet(
    db: Database, values: dict, confirm: bool, hamlet: models.Hamlet | None = None
) -> models.Hamlet:
    """Add or rename a hamlet; a name already used in the unit is a warning to confirm.
    Renaming re-indexes the search of the people who live there (Records does it)."""
    with Records(db).batch() as writer:
        extra = _hamlet_issues(writer.session, db.unit_code, values, hamlet)
        return _write(writer, models.Hamlet, values, confirm, extra, hamlet)


def hamlet_record(db: Database, hamlet_id: str) -> models.Hamlet | None:
    """The hamlet to rename (as stored now)."""
    with db.read() as session:
        hamlet = session.get(models.Hamlet, hamlet_id)
    return None if hamlet is None or hamlet.deleted else hamlet
