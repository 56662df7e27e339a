"""The forms of the Hotspots and Tips sections, and the actions both sections share.

Each ``*_form(db, …)`` runs in a worker (it reads choices) and returns a screen to push.
The tip form carries the optional source section; it shows a source's values only when the
officer revealed them on the tip's page first (an audited read), and otherwise leaves an
existing source out of the form altogether.
"""

from __future__ import annotations

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import TipStatus
from nghean_tui.i18n import t
from nghean_tui.storage import people, places
from nghean_tui.widgets.dialogs import ConfirmDialog, PickerDialog
from nghean_tui.widgets.fields import spec_for
from nghean_tui.widgets.form import FormScreen
from nghean_tui.widgets.plain import fmt_date, plain

HOTSPOT_FIELDS = (
    "name",
    "hamlet_id",
    "location",
    "kind",
    "status",
    "found_on",
    "eliminated_on",
    "notes",
)
TIP_FIELDS = (
    "received_on",
    "channel",
    "content",
    "status",
    "handling",
    "received_by",
    "hotspot_id",
    "person_id",
)
# The source's notes are called ``notes`` in their table; the form needs a distinct name.
SOURCE_FORM_FIELDS = {
    "source_name": "source_name",
    "source_phone": "source_phone",
    "source_address": "source_address",
    "source_notes": "notes",
}


# ---------------------------------------------------------------- hotspots


def hotspot_form(db, hotspot: models.Hotspot | None = None) -> FormScreen:
    specs = [spec_for(models.Hotspot, name) for name in HOTSPOT_FIELDS]
    for spec in specs:
        if spec.name == "name":
            spec.label_key = "hotspots.field_name"
        elif spec.name == "hamlet_id":
            spec.kind, spec.choices = "choice", people.hamlet_choices(db)
        elif spec.name == "eliminated_on":
            spec.hint_key = "hotspots.hint_eliminated_on"
    if hotspot is None:
        values = {"status": "active", "found_on": clock.today()}
    else:
        values = {name: getattr(hotspot, name) for name in HOTSPOT_FIELDS}

    def save(db, values: dict, confirm: bool):
        return places.save_hotspot(db, values, hotspot=hotspot, confirm_warnings=confirm)

    return FormScreen(
        t("hotspots.form_edit") if hotspot else t("hotspots.form_new"),
        specs,
        values,
        save=save,
        subtitle=plain(hotspot.name) if hotspot else "",
    )


def eliminate_form(db, hotspot: models.Hotspot) -> FormScreen:
    """The date it was eliminated (today unless changed) and a note on how."""
    specs = [
        spec_for(models.Hotspot, "eliminated_on", required=True),
        spec_for(models.Hotspot, "notes"),
    ]

    def save(db, values: dict, confirm: bool):
        return places.eliminate_hotspot(
            db, hotspot, values["eliminated_on"], notes=values["notes"], confirm_warnings=confirm
        )

    return FormScreen(
        t("hotspots.form_eliminate"),
        specs,
        {"eliminated_on": clock.today(), "notes": hotspot.notes},
        save=save,
        subtitle=plain(hotspot.name),
    )


def open_form(screen, builder, *args, done=None) -> None:
    """Build a form in a worker, push it; ``done(result)`` after it is saved."""
    from nghean_tui.screens.base import db_run

    def closed(result) -> None:
        if result is not None and done is not None:
            done(result)

    def opened(form) -> None:
        screen.app.push_screen(form, closed)

    db_run(screen, lambda db: builder(db, *args), done=opened, group="open-form")


def eliminate(screen, hotspot: models.Hotspot) -> None:
    if hotspot.status == places.ELIMINATED:
        screen.app.notify(
            t("hotspots.already_eliminated", date=fmt_date(hotspot.eliminated_on)),
            severity="warning",
        )
        return
    open_form(screen, eliminate_form, hotspot)


def delete_hotspot(screen, hotspot: models.Hotspot, done) -> None:
    """Ask, then soft-delete; ``done()`` once it is gone."""
    from nghean_tui.screens.base import db_run

    def answered(yes: bool | None) -> None:
        if yes:
            db_run(screen, places.delete_hotspot, hotspot, done=lambda _: done(), group="delete")

    screen.app.push_screen(
        ConfirmDialog(
            plain(t("hotspots.delete_question", name=hotspot.name)),
            yes=t("dialog.delete"),
            danger=True,
        ),
        answered,
    )


# ---------------------------------------------------------------- tips


class TipFormScreen(FormScreen):
    """The tip form: Enter on the person field searches people to link (never a list of
    everyone); the source fields map to the source's own columns."""

    BINDINGS = [Binding("enter", "pick_person", "key.pick_person", show=False, priority=True)]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "pick_person":
            focused = self.focused
            return focused is not None and focused.id == "f-person_id"
        return super().check_action(action, parameters)

    def action_pick_person(self) -> None:
        if self.focused is None or self.focused.id != "f-person_id":
            raise SkipAction()
        from nghean_tui.screens.base import workspace

        app = workspace(self)

        def search(query: str):
            # (id, label) as the value, so the choice carries its own label back.
            found = places.person_choices(app.db, query) if app.db is not None else []
            return [((pid, label), label) for pid, label in found]

        def chosen(choice) -> None:
            if choice is None:
                return
            person_id, label = choice
            field = self.field_widget("person_id")
            field.set_options([(plain(label), person_id)])
            field.value = person_id

        self.app.push_screen(PickerDialog(t("tips.pick_person"), search), chosen)

    def issue_target(self, field_name: str) -> str | None:
        if field_name == "notes":  # only the source has notes
            field_name = "source_notes"
        return super().issue_target(field_name)


def tip_form(
    db,
    detail: places.TipDetail | None = None,
    revealed: models.TipSource | None = None,
    preset: dict | None = None,
) -> FormScreen:
    """New tip, or an edit; the source section is offered when there is no source yet or
    the officer has revealed it on the tip's page."""
    tip = detail.tip if detail else None
    specs = [spec_for(models.Tip, name) for name in TIP_FIELDS]
    for spec in specs:
        if spec.name == "channel":  # the shared English label says "Received by"
            spec.label_key = "tips.field_channel"
        elif spec.name == "received_by":
            spec.kind, spec.choices = "choice", people.officer_choices(db)
        elif spec.name == "hotspot_id":
            spec.kind, spec.choices = "choice", places.hotspot_choices(db)
        elif spec.name == "person_id":
            spec.kind, spec.hint_key = "choice", "tips.hint_person"
            if detail and detail.person_name:
                spec.choices = [(detail.tip.person_id, detail.person_name)]
    with_source = detail is None or not detail.has_source or revealed is not None
    if with_source:
        for name, column in SOURCE_FORM_FIELDS.items():
            spec = spec_for(models.TipSource, column)
            if name == "source_notes":
                spec.name, spec.label_key = name, "tips.source_notes"
            specs.append(spec)
        specs[len(TIP_FIELDS)].hint_key = "tips.hint_source"
    if tip is None:
        # A new tip is received (the system knows); how it came is the officer's to choose.
        values = {
            "received_on": clock.today(),
            "status": TipStatus.RECEIVED.value,
            "received_by": db.officer_id,
            **(preset or {}),
        }
    else:
        values = {name: getattr(tip, name) for name in TIP_FIELDS}
    if revealed is not None:
        values.update(
            {name: getattr(revealed, column) for name, column in SOURCE_FORM_FIELDS.items()}
        )

    def save(db, values: dict, confirm: bool):
        tip_values = {name: values[name] for name in TIP_FIELDS}
        source = (
            {column: values[name] for name, column in SOURCE_FORM_FIELDS.items()}
            if with_source
            else None
        )
        return places.save_tip(
            db, tip_values, tip=tip, source=source, revealed=revealed, confirm_warnings=confirm
        )

    subtitle = Text(t("tips.form_source_hidden")) if not with_source else ""
    return TipFormScreen(
        t("tips.form_edit") if tip else t("tips.form_new"),
        specs,
        values,
        save=save,
        subtitle=subtitle,
    )


def delete_tip(screen, tip: models.Tip, done) -> None:
    from nghean_tui.screens.base import db_run

    def answered(yes: bool | None) -> None:
        if yes:
            db_run(screen, places.delete_tip, tip, done=lambda _: done(), group="delete")

    screen.app.push_screen(
        ConfirmDialog(
            t("tips.delete_question", date=fmt_date(tip.received_on)),
            yes=t("dialog.delete"),
            danger=True,
        ),
        answered,
    )
