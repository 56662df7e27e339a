"""A managed person's page: profile, current management, what is due, and the timeline."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import (
    ContactKind,
    EpisodeStatus,
    EpisodeType,
    Ethnicity,
    FollowUpKind,
    ManagementRole,
    Sex,
    Substance,
)
from nghean_tui.i18n import label, t
from nghean_tui.screens import person_forms
from nghean_tui.screens.base import compose_banner, db_run, workspace
from nghean_tui.screens.record_page import RecordPage
from nghean_tui.storage import reference
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.lateness import days_left_text
from nghean_tui.widgets.plain import fmt_code, fmt_date, fmt_known, plain


def planned_end_text(end) -> str:
    """ "planned end dd/mm/yyyy", with how far unreported absences moved it (a ``PlannedEnd``)."""
    text = t("person.planned_end", date=fmt_date(end.end))
    if end.absence_days:
        text += " " + t("person.end_moved_by_absence", days=end.absence_days)
    return text


class PersonPage(RecordPage):
    """One managed person: profile, current management, what is due, and the timeline."""

    # Everything but looking: on a station these vanish (a commune's records, read-only).
    WRITE_ACTIONS = frozenset(
        {
            "edit",
            "new_episode",
            "test",
            "contact",
            "absence",
            "assessment",
            "support",
            "team_member",
            "close_episode",
            "transfer",
            "delete",
            "open_record",
        }
    )
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.edit_profile"),
        Binding("d", "new_episode", "key.new_episode"),
        Binding("t", "test", "key.test"),
        Binding("c", "contact", "key.contact"),
        Binding("v", "absence", "key.absence", show=False),
        Binding("g", "assessment", "key.assessment", show=False),
        Binding("h", "support", "key.support", show=False),
        Binding("m", "team_member", "key.team_member", show=False),
        Binding("k", "close_episode", "key.close_episode", show=False),
        Binding("x", "transfer", "key.transfer", show=False),
        Binding("delete", "delete", "key.delete_record", show=False),
        Binding("enter", "open_record", "key.open", show=False),
    ]
    DEFAULT_CSS = """
    PersonPage .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    PersonPage #top { height: auto; max-height: 50%; }
    PersonPage #profile, PersonPage #current, PersonPage #due { padding: 0 1; height: auto; }
    PersonPage #due { color: $warning; }
    PersonPage #timeline { height: 1fr; min-height: 6; }
    """

    # Closed once the person moved away (storage refuses them too); their records can still be
    # opened, and the transfer corrected or deleted.
    MOVED_CLOSED = WRITE_ACTIONS - {"open_record", "delete"}

    def __init__(self, person_id: str) -> None:
        super().__init__(person_id)
        self.entries: list = []

    @property
    def person_id(self) -> str:
        return self.record_id

    @property
    def moved_away(self):
        """The transfer that took this person out of this unit, if that is their latest move."""
        from nghean_tui.domain.rules import moved_away

        if self.detail is None or workspace(self).db is None:
            return None
        return moved_away(self.detail.transfers, workspace(self).db.unit_code)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.MOVED_CLOSED and self.moved_away is not None:
            return False
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        yield from compose_banner(self.app)
        yield Static(t("person.loading"), id="name", classes="screen-title")
        with VerticalScroll(id="top"):
            yield Static("", id="profile")
            yield Static("", id="current")
            yield Static("", id="due")
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def prepare(self) -> None:
        table = self.query_one("#timeline", DataTable)
        table.add_column(t("person.col_date"), key="date", width=10)
        table.add_column(t("person.col_kind"), key="kind", width=12)
        table.add_column(t("person.col_what"), key="what", width=34)
        table.add_column(t("person.col_detail"), key="detail", width=18)
        table.focus()

    def load(self, db):
        from nghean_tui.storage.people import person_detail

        return person_detail(db, self.person_id)

    # ------------------------------------------------------------ showing

    def show(self, detail) -> None:
        from nghean_tui.storage.people import timeline

        p = detail.person
        name = plain(p.full_name)
        if p.aliases:
            name.append(" (")
            name.append(plain(p.aliases))
            name.append(")")
        self.query_one("#name", Static).update(name)
        born = (
            fmt_date(p.birth_date) if p.birth_date else (str(p.birth_year) if p.birth_year else "")
        )
        profile = Text()
        parts = [
            (t("field.sex"), fmt_code(Sex, p.sex)),
            (t("person.born"), born),
            (t("field.ethnicity"), fmt_known(Ethnicity, p.ethnicity)),
            (t("field.citizen_id"), p.citizen_id or ""),
            (t("field.hamlet_id"), detail.hamlet_name),
            (t("field.phone"), p.phone or ""),
            (t("field.address"), p.address),
            (t("field.occupation"), p.occupation),
        ]
        first = True
        for key, value in parts:
            if not value:
                continue
            if not first:
                profile.append(" · ")
            first = False
            profile.append(f"{key}: ", style="dim")
            profile.append(plain(value))
        if not p.stable_residence:
            profile.append(" · " + t("person.no_stable_residence"), style="bold yellow")
        self.query_one("#profile", Static).update(profile)

        current = Text()
        episode = detail.current_episode
        if episode is None:
            current.append(t("person.no_episode"), style="dim")
        else:
            current.append(person_forms.episode_label(episode), style="bold")
            end = detail.term_end(episode, clock.today())
            if end.end:
                current.append(" · " + planned_end_text(end))
            team = detail.team.get(episode.id, [])
            if team:
                current.append("\n" + t("person.team") + ": ", style="dim")
                current.append(
                    plain(
                        "; ".join(
                            f"{m.full_name} ({fmt_code(ManagementRole, m.role)})" for m in team
                        )
                    )
                )
        moved = self.moved_away
        if moved is not None:
            to = reference.unit(moved.to_unit_code)
            current.append(
                "\n"
                + t(
                    "person.moved_away",
                    date=fmt_date(moved.move_date),
                    unit=to.name if to else moved.to_unit_code,
                ),
                style="bold yellow",
            )
        self.query_one("#current", Static).update(current)
        self.refresh_bindings()

        due = Text()
        today = clock.today()
        for item in detail.due[:4]:
            late = (today - item.due_on).days
            line = f"{t(f'short.followup.{item.kind}')} {fmt_date(item.due_on)}"
            if late > 0:
                line += f" ({t('person.days_late', days=late)})"
            elif late < 0:  # not yet due: how long is left, never a negative lateness
                line += f" ({days_left_text(-late)})"
            due.append(("• " if due else "") + line + "  ", style="bold red" if late > 0 else "")
        self.query_one("#due", Static).update(due)

        self.entries = timeline(detail)
        table = self.query_one("#timeline", DataTable)
        cursor = table.cursor_row
        table.clear()
        for index, entry in enumerate(self.entries):
            what = " — ".join(fmt_code(enum, code) for enum, code in entry.title)
            detail_text = entry.detail
            if entry.kind == "test" and detail_text:  # substance codes → their names
                detail_text = ", ".join(fmt_code(Substance, c) for c in detail_text.split(","))
            table.add_row(
                fmt_date(entry.on),
                t(f"person.kind_{entry.kind}"),
                plain(what),
                plain(detail_text.replace("\n", " ")),
                key=str(index),
            )
        if self.entries:
            table.move_cursor(row=min(max(cursor, 0), len(self.entries) - 1))

    # ------------------------------------------------------------ actions

    def _open(self, builder, *args, **kwargs) -> None:
        """Build a form in a worker (it may load choices), push it, refresh after."""
        if self.detail is None:
            return
        person = self.detail.person

        def opened(form) -> None:
            self.app.push_screen(form)

        db_run(
            self, lambda db: builder(db, person, *args, **kwargs), done=opened, group="open-form"
        )

    def _episode(self) -> models.ManagementEpisode | None:
        return self.detail.current_episode if self.detail else None

    def action_edit(self) -> None:
        if self.detail:
            person = self.detail.person

            def opened(form) -> None:
                form.open_person = lambda person_id: show_person(self.app, person_id)
                self.app.push_screen(form)

            db_run(
                self,
                lambda db: person_forms.person_form(db, person),
                done=opened,
                group="open-form",
            )

    def action_new_episode(self) -> None:
        self._open(person_forms.episode_form)

    def action_test(self) -> None:
        episode = self._episode()
        self._open(person_forms.test_form, episode_id=episode.id if episode else None)

    def action_contact(self) -> None:
        episode = self._episode()
        self._open(person_forms.contact_form, episode_id=episode.id if episode else None)

    def action_absence(self) -> None:
        episode = self._episode()
        self._open(
            person_forms.contact_form,
            kind=ContactKind.ABSENCE.value,
            episode_id=episode.id if episode else None,
        )

    def action_assessment(self) -> None:
        self._open(person_forms.assessment_form)

    def action_support(self) -> None:
        self._open(person_forms.support_form)

    def action_transfer(self) -> None:
        self._open(person_forms.transfer_form)

    def action_team_member(self) -> None:
        episode = self._episode()
        if episode is None:
            self.app.notify(t("person.no_episode"), severity="warning")
            return
        self._open(person_forms.team_member_form, episode)

    def action_close_episode(self) -> None:
        episode = self._episode()
        if episode is None or episode.status not in ("active", "proposed", "absconded"):
            self.app.notify(t("person.nothing_to_close"), severity="warning")
            return
        self._open(person_forms.close_episode_form, episode)

    def _selected_entry(self):
        row = self.query_one("#timeline", DataTable).cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    @on(DataTable.RowSelected, "#timeline")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_record()

    def action_open_record(self) -> None:
        entry = self._selected_entry()
        if entry is None or self.detail is None or self.read_only:  # its form would edit it
            return
        record = self._record(entry)
        builders = {
            models.ManagementEpisode: person_forms.episode_form,
            models.DrugTest: person_forms.test_form,
            models.Contact: person_forms.contact_form,
            models.AddictionAssessment: person_forms.assessment_form,
            models.SupportRecord: person_forms.support_form,
            models.Transfer: person_forms.transfer_form,
        }
        self._open(builders[entry.model], record)

    def _record(self, entry):
        pool = {
            models.ManagementEpisode: self.detail.episodes,
            models.DrugTest: self.detail.tests,
            models.Contact: self.detail.contacts,
            models.AddictionAssessment: self.detail.assessments,
            models.SupportRecord: self.detail.support,
            models.Transfer: self.detail.transfers,
        }[entry.model]
        return next(r for r in pool if r.id == entry.record_id)

    def _delete_question(self, entry) -> Text:
        """Which record would go: its kind, its date and whose it is (names as typed)."""
        what = " — ".join(fmt_code(enum, code) for enum, code in entry.title)
        kind = t(f"person.kind_{entry.kind}")
        return Text(
            t(
                "forms.delete_person_record",
                kind=f"{kind} ({what})" if what else kind,
                date=fmt_date(entry.on) if entry.on else t("forms.no_date"),
                name=self.detail.person.full_name,
            )
        )

    def action_delete(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        record = self._record(entry)

        def answered(yes: bool | None) -> None:
            if yes:
                from nghean_tui.storage.records import Records

                db_run(
                    self,
                    lambda db: Records(db).delete(
                        entry.model, record.id, expected_version=record.version
                    ),
                    done=lambda _: self.refresh_data(),
                    group="delete",
                )

        self.app.push_screen(
            ConfirmDialog(self._delete_question(entry), yes=t("dialog.delete"), danger=True),
            answered,
        )


def show_person(app, person_id: str) -> None:
    """Push the page of ``person_id`` (the profile form's Ctrl+O, for a duplicate)."""
    app.push_screen(PersonPage(person_id))


def open_followup(
    screen,
    person_id: str,
    kind: FollowUpKind,
    episode_id: str | None,
    source_id: str | None,
    due_on=None,
) -> None:
    """Open the record a follow-up is about, at the fields that complete it (from Today,
    one key): saving them is what makes the item go (see :func:`followup_form`)."""

    def build(db):
        return followup_form(db, person_id, kind, episode_id, source_id, due_on)

    def opened(form) -> None:
        if form is None:
            screen.app.push_screen(PersonPage(person_id))
        else:
            screen.app.push_screen(form)

    db_run(screen, build, done=opened, group="open-form")


def followup_form(
    db,
    person_id: str,
    kind: FollowUpKind,
    episode_id: str | None,
    source_id: str | None,
    due_on=None,
):
    """The form that settles one follow-up, or None (the person's page is opened instead).

    * DECISION (a positive test): the person's open drug-user episode, at its decision
      number — the test's own episode when it names one. A positive test during a term
      calls for a *new* decision on that episode (Decree 105/2021 art. 43(2)). Only when
      there is none, a new drug-user episode, proposed until its decision is typed in.
    * COMPULSORY_FILE: that episode, at its decision number. EPISODE_END: closing that
      episode. ASSESSMENT_RESULT / TRANSFER_NOTICE: that assessment at its result, that
      transfer at the notification date. RESIDENCE_CHECK / RETURN_REPORT: a new contact of
      that kind for that episode, the month it is due for in the subtitle.
    """
    from nghean_tui.storage.people import person_detail

    detail = person_detail(db, person_id)
    if detail is None:
        return None
    person = detail.person
    episode = next((e for e in detail.episodes if e.id == episode_id), None)
    due = t("followup.due", date=fmt_date(due_on)) if due_on else ""
    form = None
    if kind is FollowUpKind.RESIDENCE_CHECK:
        form = person_forms.contact_form(db, person, episode_id=episode_id)
        form.subtitle = plain(f"{person.full_name} — {t('followup.residence_check')} {due}")
    elif kind is FollowUpKind.RETURN_REPORT:
        form = person_forms.contact_form(
            db, person, kind=ContactKind.RETURN_REPORT.value, episode_id=episode_id
        )
        form.subtitle = plain(f"{person.full_name} — {label(kind)} {due}")
    elif kind is FollowUpKind.EPISODE_END and episode is not None:
        form = person_forms.close_episode_form(db, person, episode)
    elif kind is FollowUpKind.COMPULSORY_FILE and episode is not None:
        form = person_forms.episode_form(db, person, episode)
        form.start_focus = "decision_number"
    elif kind is FollowUpKind.DECISION:
        test = next((x for x in detail.tests if x.id == source_id), None)
        target = decision_episode(detail.episodes, test)
        tested = fmt_date(test.test_date) if test is not None else ""
        if target is not None:
            form = person_forms.episode_form(db, person, target)
            # A term already running is restarted by a new decision; a proposal gets its first.
            key = (
                "followup.new_decision"
                if target.status == EpisodeStatus.ACTIVE.value
                else "followup.decision"
            )
            form.subtitle = plain(f"{person.full_name} — {t(key, date=tested)}")
        else:
            preset = {
                "episode_type": EpisodeType.DRUG_USER.value,
                "trigger_date": test.test_date if test else None,
            }
            form = person_forms.episode_form(db, person, preset=preset)
            form.subtitle = plain(f"{person.full_name} — {t('followup.decision', date=tested)}")
        form.start_focus = "decision_number"
    elif kind is FollowUpKind.ASSESSMENT_RESULT:
        assessment = next((x for x in detail.assessments if x.id == source_id), None)
        form = person_forms.assessment_form(db, person, assessment)
        form.start_focus = "result" if assessment is not None else None
    elif kind is FollowUpKind.TRANSFER_NOTICE:
        transfer = next((x for x in detail.transfers if x.id == source_id), None)
        form = person_forms.transfer_form(db, person, transfer)
        form.start_focus = "notified_on" if transfer is not None else None
    return form


def decision_episode(episodes, test):
    """The episode a management decision after ``test`` belongs to: the test's own episode
    if it is an open drug-user one, else the person's open drug-user episode (the latest)."""

    def open_drug_user(e) -> bool:
        return (
            not e.deleted
            and e.episode_type == EpisodeType.DRUG_USER.value
            and e.status in (EpisodeStatus.PROPOSED.value, EpisodeStatus.ACTIVE.value)
        )

    if test is not None and test.episode_id:
        own = next((e for e in episodes if e.id == test.episode_id), None)
        if own is not None and open_drug_user(own):
            return own
    candidates = [e for e in episodes if open_drug_user(e)]
    return max(
        candidates,
        key=lambda e: (e.decision_date or e.start_date or date.min, str(e.created_at or "")),
        default=None,
    )
