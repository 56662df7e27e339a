"""The forms about a managed person: profile, episodes, tests, contacts, support, transfers.

Each ``*_form(db, …)`` runs in a worker (it may read choices from the database) and returns
a :class:`FormScreen` to push; saving goes through :class:`Records`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import ContactKind, EpisodeStatus, EpisodeType, Substance
from nghean_tui.domain.rules import term_range
from nghean_tui.i18n import label, t
from nghean_tui.storage import people, reference
from nghean_tui.storage.records import Records
from nghean_tui.widgets.fields import FieldSpec, spec_for
from nghean_tui.widgets.form import FormScreen
from nghean_tui.widgets.plain import fmt_code, fmt_date, plain

PERSON_FIELDS = (
    "full_name",
    "aliases",
    "sex",
    "birth_date",
    "birth_year",
    "citizen_id",
    "legacy_id",
    "ethnicity",
    "hamlet_id",
    "address",
    "phone",
    "occupation",
    "stable_residence",
    "notes",
)


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names} if obj is not None else {}


def _saver(
    model, record_id: str | None = None, version: str | None = None, extra: dict | None = None
):
    """save(db, values, confirm) for one record: create, or update only what changed."""

    def save(db, values: dict, confirm: bool):
        data = {**values, **(extra or {})}
        records = Records(db)
        if record_id is None:
            return records.create(model, data, confirm_warnings=confirm)
        return records.update(
            model, record_id, data, expected_version=version, confirm_warnings=confirm
        )

    return save


def episode_label(e) -> str:
    start = fmt_date(e.start_date or e.decision_date)
    return f"{fmt_code(EpisodeType, e.episode_type)} — {fmt_code(EpisodeStatus, e.status)} {start}"


# ---------------------------------------------------------------- person


def person_form(db, person: models.Person | None = None) -> FormScreen:
    hamlets = people.hamlet_choices(db)
    specs = [spec_for(models.Person, name) for name in PERSON_FIELDS]
    for spec in specs:
        if spec.name == "hamlet_id":
            spec.kind, spec.choices = "choice", hamlets
        elif spec.name == "birth_date":
            spec.hint_key = "form.hint_birth"
        elif spec.name == "citizen_id":
            spec.hint_key = "form.hint_citizen_id"
    title = t("form.person_edit") if person else t("form.person_new")
    return PersonFormScreen(
        title,
        specs,
        _values(person, PERSON_FIELDS),
        save=_saver(
            models.Person, person.id if person else None, person.version if person else None
        ),
        subtitle=plain(person.full_name) if person else "",
    )


class PersonFormScreen(FormScreen):
    """The profile form: when the citizen ID or the name, birth and hamlet are another
    profile's, the message names that person and Ctrl+O opens them."""

    BINDINGS = [Binding("ctrl+o", "open_duplicate", "key.open_duplicate")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate_of: str | None = None
        # Shows a person's page (set by whoever opens the form: the page opens these forms,
        # so this module does not import it).
        self.open_person: Callable[[str], object] | None = None

    def issues_shown(self, issues: list) -> None:
        from nghean_tui.storage.records import CITIZEN_ID_TAKEN, PROBABLE_DUPLICATE

        other = next(
            (
                i
                for i in issues
                if i.code in (CITIZEN_ID_TAKEN, PROBABLE_DUPLICATE) and i.params.get("person_id")
            ),
            None,
        )
        self.duplicate_of = other.params["person_id"] if other is not None else None
        if other is not None:
            hint = t("form.duplicate_hint", name=other.params.get("name", ""))
            self._status(f"{self.status_text} {hint}".strip(), error=not other.warning)
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open_duplicate":
            return self.duplicate_of is not None
        return super().check_action(action, parameters)

    def action_open_duplicate(self) -> None:
        if self.duplicate_of is not None and self.open_person is not None:
            self.open_person(self.duplicate_of)


# ---------------------------------------------------------------- episodes


class EpisodeFormScreen(FormScreen):
    """An episode form that shows the planned end, computed by the legal rules, as the
    officer types — before saving."""

    def __init__(self, *args, person_id: str, record_id: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person_id, self.record_id = person_id, record_id

    def compose_extra(self) -> ComposeResult:
        yield Static("", id="planned-end", classes="field-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.field_changed("", self.collect())

    def field_changed(self, name: str, values: dict) -> None:
        from nghean_tui.screens.base import db_run

        self._in_force_when_decided(name, values)
        data = {k: v for k, v in values.items() if v not in (None, "")}
        data["person_id"] = self.person_id
        if self.record_id:
            data["id"] = self.record_id

        def preview(db, data=data):
            return Records(db).planned_end_preview(data), data.get("episode_type")

        db_run(self, preview, done=self._show_end, failed=lambda exc: True, group="preview")

    def _in_force_when_decided(self, name: str, values: dict) -> None:
        """Typing the last of the decision number, decision date and start of a proposed (or
        not yet chosen) episode puts it in force: the status shows "active" before saving,
        and the officer can still choose otherwise. Without this, a proposal whose decision
        was recorded from Today would stay proposed, and no residence check would fall due."""
        from nghean_tui.domain.validation import DECIDED_BY

        if name not in DECIDED_BY or not any(s.name == "status" for s in self.specs):
            return

        def filled(value) -> bool:
            return value is not None and (not isinstance(value, str) or bool(value.strip()))

        undecided = values.get("status") in (None, "", EpisodeStatus.PROPOSED.value)
        if undecided and all(filled(values.get(n)) for n in DECIDED_BY):
            self.field_widget("status").value = EpisodeStatus.ACTIVE.value

    def _show_end(self, result) -> None:
        end, etype = result
        text = Text()
        if etype:
            rng = term_range(etype, clock.today())
            if rng is not None and rng.min_months is not None and rng.max_months is not None:
                text.append(t("form.term_range", low=rng.min_months, high=rng.max_months) + "\n")
        if end:
            text.append(t("form.planned_end", date=fmt_date(end)), style="bold")
        elif etype:
            text.append(t("form.planned_end_none"))
        self.query_one("#planned-end", Static).update(text)


EPISODE_NEW = (
    "episode_type",
    "status",
    "decision_number",
    "decision_date",
    "trigger_date",
    "start_date",
    "term_months",
    "facility",
    "notes",
)
EPISODE_EDIT = EPISODE_NEW + ("actual_end", "stop_reason")


def episode_form(
    db,
    person: models.Person,
    episode: models.ManagementEpisode | None = None,
    preset: dict | None = None,
) -> FormScreen:
    names = EPISODE_EDIT if episode else EPISODE_NEW
    specs = [spec_for(models.ManagementEpisode, n) for n in names]
    for spec in specs:
        if spec.name == "term_months":
            spec.hint_key = "form.hint_term_months"
        elif spec.name == "trigger_date":
            spec.hint_key = "form.hint_trigger_date"
    # A new episode's status starts unchosen: left so, it is active once the decision and
    # start are typed in, proposed until then (domain.validation).
    values = _values(episode, names) if episode else dict(preset or {})
    return EpisodeFormScreen(
        t("form.episode_edit") if episode else t("form.episode_new"),
        specs,
        values,
        save=_saver(
            models.ManagementEpisode,
            episode.id if episode else None,
            episode.version if episode else None,
            None if episode else {"person_id": person.id},
        ),
        subtitle=plain(person.full_name),
        person_id=person.id,
        record_id=episode.id if episode else None,
    )


def close_episode_form(
    db, person: models.Person, episode: models.ManagementEpisode, status: str = "completed"
) -> FormScreen:
    specs = [
        spec_for(models.ManagementEpisode, n)
        for n in ("status", "actual_end", "stop_reason", "notes")
    ]
    closing = {
        EpisodeStatus.COMPLETED,
        EpisodeStatus.STOPPED_EARLY,
        EpisodeStatus.TRANSFERRED_OUT,
        EpisodeStatus.ABSCONDED,
    }
    specs[0].choices = [(s.value, label(s)) for s in EpisodeStatus if s in closing]
    specs[1].required = True
    values = {
        "status": status,
        "actual_end": episode.planned_end
        if status == "completed" and episode.planned_end and episode.planned_end <= clock.today()
        else clock.today(),
        "notes": episode.notes,
    }
    subtitle = plain(f"{person.full_name} — {episode_label(episode)}")
    return FormScreen(
        t("form.episode_close"),
        specs,
        values,
        save=_saver(models.ManagementEpisode, episode.id, episode.version),
        subtitle=subtitle,
    )


def team_member_form(
    db,
    person: models.Person,
    episode: models.ManagementEpisode,
    member: models.EpisodeTeamMember | None = None,
) -> FormScreen:
    names = ("role", "full_name", "officer_id", "relation", "phone")
    specs = [spec_for(models.EpisodeTeamMember, n) for n in names]
    specs[2].kind, specs[2].choices = "choice", people.officer_choices(db)
    specs[2].hint_key = "form.hint_team_officer"
    return FormScreen(
        t("form.team_member"),
        specs,
        _values(member, names),
        save=_saver(
            models.EpisodeTeamMember,
            member.id if member else None,
            member.version if member else None,
            None if member else {"episode_id": episode.id},
        ),
        subtitle=plain(f"{person.full_name} — {episode_label(episode)}"),
    )


# ---------------------------------------------------------------- events


def _episode_spec(db, person_id: str) -> FieldSpec:
    spec = spec_for(models.DrugTest, "episode_id")
    spec.kind = "choice"
    spec.choices = people.episode_choices(db, person_id, episode_label)
    return spec


def test_form(
    db, person: models.Person, test: models.DrugTest | None = None, episode_id: str | None = None
) -> FormScreen:
    names = (
        "test_date",
        "reason",
        "sample",
        "substances",
        "result",
        "relapse",
        "tested_by",
        "notes",
    )
    specs = [spec_for(models.DrugTest, n) for n in names]
    for spec in specs:
        if spec.name == "substances":
            spec.kind = "multichoice"
            spec.choices = [(s.value, label(s)) for s in Substance]
    specs.insert(1, _episode_spec(db, person.id))
    values = _values(test, names + ("episode_id",))
    if test is None:
        values = {"test_date": clock.today(), "episode_id": episode_id}
    elif test.substances:
        values["substances"] = test.substances.split(",")
    return FormScreen(
        t("form.test"),
        specs,
        values,
        save=_saver(
            models.DrugTest,
            test.id if test else None,
            test.version if test else None,
            None if test else {"person_id": person.id},
        ),
        subtitle=plain(person.full_name),
    )


def contact_form(
    db,
    person: models.Person,
    contact: models.Contact | None = None,
    *,
    kind: str = ContactKind.RESIDENCE_CHECK.value,
    episode_id: str | None = None,
) -> FormScreen:
    # The outcome is the one question about presence; absence_reported follows it (validation).
    names = ("kind", "contact_date", "officer_id", "outcome", "absence_from", "absence_to", "notes")
    specs = [spec_for(models.Contact, n) for n in names]
    for spec in specs:
        if spec.name == "officer_id":
            spec.kind, spec.choices = "choice", people.officer_choices(db)
        elif spec.name == "outcome":
            spec.hint_key = "form.hint_outcome"
    specs.insert(2, _episode_spec(db, person.id))
    values = _values(contact, names + ("episode_id",))
    if contact is None:
        values = {
            "kind": kind,
            "contact_date": clock.today(),
            "officer_id": db.officer_id,
            "episode_id": episode_id,
        }
    title = (
        t("form.absence")
        if kind == ContactKind.ABSENCE.value and contact is None
        else t("form.contact")
    )
    return FormScreen(
        title,
        specs,
        values,
        save=_saver(
            models.Contact,
            contact.id if contact else None,
            contact.version if contact else None,
            None if contact else {"person_id": person.id},
        ),
        subtitle=plain(person.full_name),
    )


def assessment_form(
    db, person: models.Person, item: models.AddictionAssessment | None = None
) -> FormScreen:
    names = ("requested_on", "facility", "result", "result_on", "notes")
    specs = [spec_for(models.AddictionAssessment, n) for n in names]
    values = _values(item, names) if item else {"requested_on": clock.today()}
    return FormScreen(
        t("form.assessment"),
        specs,
        values,
        save=_saver(
            models.AddictionAssessment,
            item.id if item else None,
            item.version if item else None,
            None if item else {"person_id": person.id},
        ),
        subtitle=plain(person.full_name),
    )


def support_form(db, person: models.Person, item: models.SupportRecord | None = None) -> FormScreen:
    names = ("kind", "support_date", "provider", "amount_vnd", "notes")
    specs = [spec_for(models.SupportRecord, n) for n in names]
    values = _values(item, names) if item else {"support_date": clock.today()}
    return FormScreen(
        t("form.support"),
        specs,
        values,
        save=_saver(
            models.SupportRecord,
            item.id if item else None,
            item.version if item else None,
            None if item else {"person_id": person.id},
        ),
        subtitle=plain(person.full_name),
    )


def transfer_form(db, person: models.Person, item: models.Transfer | None = None) -> FormScreen:
    """A move out of the commune; saving also closes the person's open episodes as
    transferred out, in the same transaction."""
    names = ("to_unit_code", "move_date", "notified_on", "new_address", "notes")
    specs = [spec_for(models.Transfer, n) for n in names]
    specs[0].kind = "choice"
    specs[0].choices = [
        (u.code, f"{u.name} ({u.code})")
        for u in reference.units().values()
        if u.code not in (db.unit_code, reference.PROVINCE_CODE)
    ]
    specs[0].required = True
    specs[2].hint_key = "form.hint_notified_on"
    values = _values(item, names) if item else {"move_date": clock.today()}
    if item is not None:
        return FormScreen(
            t("form.transfer"),
            specs,
            values,
            save=_saver(models.Transfer, item.id, item.version),
            subtitle=plain(person.full_name),
        )

    def save(db, values: dict, confirm: bool):
        records = Records(db)
        with records.batch() as writer:
            transfer = writer.create(
                models.Transfer,
                {
                    **values,
                    "person_id": person.id,
                    "direction": "out",
                    "from_unit_code": db.unit_code,
                },
                confirm_warnings=confirm,
            )
            for episode in people.open_episodes(db, person.id, writer.session):
                writer.update(
                    models.ManagementEpisode,
                    episode.id,
                    {"status": "transferred_out", "actual_end": transfer.move_date},
                    confirm_warnings=True,
                )
        return transfer

    return FormScreen(
        t("form.transfer"),
        specs,
        values,
        save=save,
        subtitle=plain(person.full_name) + Text("\n" + t("form.transfer_hint")),
    )
