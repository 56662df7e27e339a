"""The forms of the Teams section: a team, a member, an activity, a hamlet.

Each ``*_form(db, …)`` runs in a worker (it may read choices) and returns a
:class:`FormScreen` to push; saving goes through :mod:`nghean_tui.storage.teams`.
"""

from __future__ import annotations

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import TeamKind
from nghean_tui.i18n import t
from nghean_tui.storage import people
from nghean_tui.storage import teams as store
from nghean_tui.widgets.fields import spec_for
from nghean_tui.widgets.form import FormScreen
from nghean_tui.widgets.plain import plain, visible

TEAM_FIELDS = (
    "hamlet_id",
    "kind",
    "name",
    "decision_number",
    "decision_date",
    "established_on",
    "dissolved_on",
    "notes",
)
MEMBER_FIELDS = ("full_name", "role", "phone", "birth_year", "joined_on", "left_on", "notes")
ACTIVITY_FIELDS = ("activity_date", "kind", "participants", "notes")
HAMLET_FIELDS = ("name", "kind")


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names} if obj is not None else {}


class TeamFormScreen(FormScreen):
    """A new team's form suggests the name from the kind and the hamlet, until the officer
    types a name of their own."""

    def __init__(self, *args, hamlet_names: dict[str, str], suggest: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hamlet_names, self.suggest = hamlet_names, suggest
        self._suggested = ""

    def on_mount(self) -> None:
        self._suggest_name()  # before the form notes its starting values: not a change
        super().on_mount()

    def field_changed(self, name: str, values: dict) -> None:
        if name in ("kind", "hamlet_id"):
            self._suggest_name()

    def _suggest_name(self) -> None:
        if not self.suggest:
            return
        name = self.field_widget("name")
        if name.value.strip() and name.value != self._suggested:
            return  # the officer's own words
        values = self.collect()
        hamlet = self.hamlet_names.get(values.get("hamlet_id") or "")
        kind = values.get("kind")
        if hamlet and kind in {k.value for k in TeamKind}:
            self._suggested = t(f"teams.suggest.{kind}", hamlet=visible(hamlet))[:150]
            name.value = self._suggested


def team_form(db, team: models.Team | None = None, hamlet_id: str | None = None) -> FormScreen:
    hamlets = people.hamlet_choices(db)
    specs = [spec_for(models.Team, name) for name in TEAM_FIELDS]
    for spec in specs:
        if spec.name == "hamlet_id":
            spec.kind, spec.choices, spec.required = "choice", hamlets, True
        elif spec.name == "kind":
            spec.label_key = "teams.field_team_kind"
        elif spec.name == "name":
            spec.label_key, spec.required = "teams.field_team_name", True
            spec.hint_key = None if team else "teams.hint_team_name"
        elif spec.name == "dissolved_on":
            spec.hint_key = "teams.hint_dissolved_on"
    if team is not None:
        values = _values(team, TEAM_FIELDS)
    else:
        values = {"hamlet_id": hamlet_id}  # the kind is the officer's to choose

    def save(db, values: dict, confirm: bool):
        return store.save_team(db, values, confirm, team)

    return TeamFormScreen(
        t("teams.form_team_edit") if team else t("teams.form_team_new"),
        specs,
        values,
        save=save,
        subtitle=plain(team.name) if team else "",
        hamlet_names=dict(hamlets),
        suggest=team is None,
    )


def member_form(db, team: models.Team, member: models.TeamMember | None = None) -> FormScreen:
    specs = [spec_for(models.TeamMember, name) for name in MEMBER_FIELDS]
    for spec in specs:
        if spec.name == "left_on":
            spec.hint_key = "teams.hint_left_on"
    values = (
        _values(member, MEMBER_FIELDS) if member else {"joined_on": clock.today()}
    )  # the role is the officer's to choose

    def save(db, values: dict, confirm: bool):
        return store.save_member(db, team.id, values, confirm, member)

    return FormScreen(
        t("teams.form_member_edit") if member else t("teams.form_member_new"),
        specs,
        values,
        save=save,
        subtitle=plain(team.name),
    )


def activity_form(db, team: models.Team, activity: models.TeamActivity | None = None) -> FormScreen:
    specs = [spec_for(models.TeamActivity, name) for name in ACTIVITY_FIELDS]
    values = (
        _values(activity, ACTIVITY_FIELDS) if activity else {"activity_date": clock.today()}
    )  # the kind is the officer's to choose

    def save(db, values: dict, confirm: bool):
        return store.save_activity(db, team.id, values, confirm, activity)

    return FormScreen(
        t("teams.form_activity_edit") if activity else t("teams.form_activity_new"),
        specs,
        values,
        save=save,
        subtitle=plain(team.name),
    )


def hamlet_form(db, hamlet_id: str | None = None) -> FormScreen | None:
    """A new hamlet, or the hamlet ``hamlet_id`` to rename (None if it is gone)."""
    hamlet = store.hamlet_record(db, hamlet_id) if hamlet_id else None
    if hamlet_id and hamlet is None:
        return None
    specs = [spec_for(models.Hamlet, name) for name in HAMLET_FIELDS]
    specs[0].label_key = "teams.field_hamlet_name"
    specs[0].hint_key = "teams.hint_hamlet_rename" if hamlet else "teams.hint_hamlet_name"
    specs[1].label_key, specs[1].required = "teams.field_hamlet_kind", True

    def save(db, values: dict, confirm: bool):
        return store.save_hamlet(db, values, confirm, hamlet)

    return FormScreen(
        t("teams.form_hamlet_edit") if hamlet else t("teams.form_hamlet_new"),
        specs,
        _values(hamlet, HAMLET_FIELDS),
        save=save,
        subtitle=plain(hamlet.name) if hamlet else "",
    )
