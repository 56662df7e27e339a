"""The patrol form (new and edit): the patrol, who took part, where it went, what it found
and who and what it concerned — saved together, all or nothing.

Findings are rows inside the form (Ctrl+N adds one, ✕ removes one); persons are found with
the search picker (Ctrl+O), never listed whole. Problems of a finding appear under its row.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import FindingCategory, HotspotStatus, ParticipantKind
from nghean_tui.domain.parsing import ParseError, parse_date, parse_time
from nghean_tui.i18n import label, t
from nghean_tui.screens.base import workspace
from nghean_tui.screens.patrol_text import duration_text, person_label
from nghean_tui.storage import patrols as store
from nghean_tui.storage.database import StorageError
from nghean_tui.widgets.dialogs import PickerDialog
from nghean_tui.widgets.fields import FieldSpec, spec_for
from nghean_tui.widgets.form import FormScreen
from nghean_tui.widgets.plain import fmt_date, plain, visible

LINK_FIELDS = ("hamlet_ids", "officer_ids", "member_ids", "others", "person_ids", "hotspot_ids")
FINDING_FIELDS = ("category", "count", "area_m2", "description")
PLANTS = FindingCategory.NARCOTIC_PLANTS.value  # the only kind with an area


def _link_spec(name: str, choices, hint: str | None = None, kind: str = "multichoice"):
    # hamlet_ids → patrols.field_hamlets, others → patrols.field_others
    key = f"patrols.field_{name.removesuffix('_ids')}" + ("s" if name.endswith("_ids") else "")
    return FieldSpec(
        name=name, kind=kind, choices=choices, label_key=key, hint_key=hint, max_length=500
    )


def _option_values(widget: SelectionList) -> list:
    return [widget.get_option_at_index(i).value for i in range(widget.option_count)]


def _specs(choices: store.PatrolChoices, persons: list[tuple[str, str]]) -> list[FieldSpec]:
    own = {name: spec_for(models.Patrol, name) for name in store.PATROL_FIELDS}
    own["kind"].label_key = "patrols.field_kind"
    own["end_time"].hint_key = "patrols.hint_end_time"
    own["leader_id"].kind, own["leader_id"].choices = "choice", choices.officers
    gone = f" ({t('patrols.eliminated')})"
    hotspots = [
        (hid, name + (gone if status == HotspotStatus.ELIMINATED.value else ""))
        for hid, name, status in choices.hotspots
    ]
    return [
        own["patrol_date"],
        own["start_time"],
        own["end_time"],
        own["kind"],
        own["leader_id"],
        _link_spec("hamlet_ids", choices.hamlets),
        own["routes"],
        _link_spec("officer_ids", choices.officers, "patrols.hint_officers"),
        _link_spec("member_ids", [], "patrols.hint_members"),
        _link_spec("others", [], "patrols.hint_others", kind="text"),
        own["people_checked"],
        _link_spec("person_ids", persons, "patrols.hint_persons"),
        _link_spec("hotspot_ids", hotspots),
        own["notes"],
    ]


def patrol_form(db, patrol_id: str | None = None) -> PatrolFormScreen:
    """The form for a new patrol, or for editing ``patrol_id`` (runs in a worker)."""
    detail = store.patrol_detail(db, patrol_id) if patrol_id else None
    if patrol_id and detail is None:
        raise StorageError("not_found")  # deleted meanwhile (elsewhere, or by a sync)
    choices = store.form_choices(db, detail)
    if detail is None:
        officers = {oid for oid, _ in choices.officers}
        values = {
            "patrol_date": clock.today(),  # the kind is the officer's to choose
            "leader_id": db.officer_id if db.officer_id in officers else None,
        }
        return PatrolFormScreen(
            t("patrols.form_new"), _specs(choices, []), values, choices=choices, findings=[]
        )
    p = detail.patrol
    values = {name: getattr(p, name) for name in store.PATROL_FIELDS}
    values.update(
        hamlet_ids=[hid for hid, _ in detail.hamlets],
        officer_ids=[
            r.officer_id
            for r in detail.participants_of(ParticipantKind.OFFICER)
            if r.officer_id != p.leader_id
        ],
        member_ids=[r.team_member_id for r in detail.participants_of(ParticipantKind.TEAM_MEMBER)],
        others="; ".join(r.name for r in detail.participants_of(ParticipantKind.OTHER)),
        person_ids=[x.person_id for x in detail.persons],
        hotspot_ids=[hid for hid, _ in detail.hotspots],
    )
    persons = [
        (x.person_id, person_label(x.full_name, x.birth_year, x.hamlet)) for x in detail.persons
    ]
    findings = [
        {
            "id": f.id,
            "category": f.category,
            "count": str(f.count),
            "area_m2": "" if f.area_m2 is None else str(f.area_m2),
            "description": f.description,
        }
        for f in detail.findings
    ]
    return PatrolFormScreen(
        t("patrols.form_edit"),
        _specs(choices, persons),
        values,
        choices=choices,
        findings=findings,
        patrol_id=p.id,
        version=p.version,
        subtitle=Text(fmt_date(p.patrol_date)),
    )


class FindingRow(Vertical):
    """One finding in the form: category, count, area (narcotic plants only), description, a
    remove button, and a line under each for its problems. ``finding_id`` is the stored finding, None for a new one."""

    def __init__(self, finding_id: str | None, *children, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.finding_id = finding_id


class PatrolFormScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+n", "add_finding", "key.patrols_add_finding"),
        Binding("ctrl+o", "add_person", "key.patrols_add_person"),
    ]
    DEFAULT_CSS = """
    PatrolFormScreen #findings { height: auto; margin-top: 1; }
    PatrolFormScreen .findings-heading { text-style: bold; }
    PatrolFormScreen .finding { height: auto; }
    PatrolFormScreen .finding-row { height: auto; }
    PatrolFormScreen .finding-row > Select { width: 33; }
    PatrolFormScreen .finding-row > Input.count { width: 6; margin: 0 1; }
    PatrolFormScreen .finding-row > Input.area { width: 8; margin: 0 1 0 0; }
    PatrolFormScreen .finding-row > Input.description { width: 1fr; }
    PatrolFormScreen .finding-row > Button { min-width: 3; width: 3; margin-left: 1; }
    PatrolFormScreen .finding .field-error { padding-left: 0; }
    PatrolFormScreen #add-finding, PatrolFormScreen #add-person { margin: 0 0 0 24; }
    """

    def __init__(
        self,
        title: str,
        specs: list[FieldSpec],
        values: dict,
        *,
        choices: store.PatrolChoices,
        findings: list[dict],
        patrol_id: str | None = None,
        version: str | None = None,
        subtitle: str | Text = "",
    ) -> None:
        self.patrol_id, self.version, self.choices = patrol_id, version, choices
        self._findings = findings
        self._next_key = 0
        super().__init__(title, specs, values, save=self._save, subtitle=subtitle)

    # ------------------------------------------------------------ layout

    def compose_extra(self) -> ComposeResult:
        with Vertical(id="findings"):
            yield Static(t("patrols.findings_heading"), classes="findings-heading")
            yield Static(t("patrols.findings_hint"), classes="field-hint")
            for finding in self._findings or [{}]:
                yield self._finding_row(finding)
            yield Button(t("patrols.add_finding"), id="add-finding", compact=True)
        yield Button(t("patrols.add_person"), id="add-person", compact=True)

    def on_mount(self) -> None:
        form = self.query_one("#form")
        # The extras sit beside the fields they belong to, not after the notes.
        form.move_child(self.query_one("#findings"), after=self.query_one("#e-people_checked"))
        form.move_child(self.query_one("#add-person"), after=self.query_one("#h-person_ids"))
        self._filter_members(self.values.get("member_ids") or [])
        super().on_mount()
        self._show_times(self.collect())

    def _finding_row(self, finding: dict) -> FindingRow:
        key = self._next_key
        self._next_key += 1
        categories = [(plain(label(c)), c.value) for c in FindingCategory]
        known = finding.get("category") in {c.value for c in FindingCategory}
        return FindingRow(
            finding.get("id"),
            Horizontal(
                Select(
                    categories,
                    id=f"f-finding_{key}_category",
                    compact=True,
                    prompt=t("form.choose"),
                    value=finding["category"] if known else Select.NULL,
                ),
                Input(
                    finding.get("count", ""),
                    id=f"f-finding_{key}_count",
                    compact=True,
                    max_length=9,
                    restrict=r"[0-9., ]*",
                    classes="count",
                    placeholder=t("patrols.count_placeholder"),
                ),
                Input(
                    finding.get("area_m2", ""),
                    id=f"f-finding_{key}_area_m2",
                    compact=True,
                    max_length=9,
                    restrict=r"[0-9., ]*",
                    classes="area",
                    placeholder=t("patrols.area_placeholder"),
                    tooltip=t("patrols.area_hint"),
                    disabled=finding.get("category") != PLANTS,
                ),
                Input(
                    visible(finding.get("description")),
                    id=f"f-finding_{key}_description",
                    compact=True,
                    max_length=1000,
                    classes="description",
                    placeholder=t("patrols.description_placeholder"),
                ),
                Button("✕", id=f"rm-finding_{key}", compact=True, variant="error"),
                classes="finding-row",
            ),
            *[
                Static("", id=f"e-finding_{key}_{name}", classes="field-error")
                for name in FINDING_FIELDS
            ],
            id=f"finding_{key}",
            classes="finding",
        )

    # ------------------------------------------------------------ values

    def collect(self) -> dict:
        values = super().collect()
        findings = []
        for row in self.query(FindingRow):
            key = (row.id or "").removeprefix("finding_")
            category = self.query_one(f"#f-finding_{key}_category", Select).value
            findings.append(
                {
                    "key": key,
                    "id": row.finding_id,
                    "category": None if category is Select.NULL else category,
                    "count": self.query_one(f"#f-finding_{key}_count", Input).value,
                    "area_m2": self.query_one(f"#f-finding_{key}_area_m2", Input).value,
                    "description": self.query_one(f"#f-finding_{key}_description", Input).value,
                }
            )
        values["findings"] = findings
        return values

    def field_changed(self, name: str, values: dict) -> None:
        if name == "hamlet_ids":
            self._filter_members(values.get("member_ids") or [])
        elif name in ("patrol_date", "start_time", "end_time"):
            self._show_times(values)

    def _filter_members(self, selected: list[str]) -> None:
        """Members of the teams in the chosen hamlets (all while none is chosen), and
        whoever is already ticked."""
        hamlets = set(self.field_widget("hamlet_ids").selected)
        shown = [
            m
            for m in self.choices.members
            if not hamlets or m.hamlet_id in hamlets or m.id in selected
        ]
        widget = self.field_widget("member_ids")
        if _option_values(widget) == [m.id for m in shown]:
            return
        widget.clear_options()
        widget.add_options(
            [Selection(plain(f"{m.name} — {m.team_name}"), m.id, m.id in selected) for m in shown]
        )

    def _show_times(self, values: dict) -> None:
        """Under the end time: how long the patrol lasted, and that it ended the next day."""
        try:
            start, end = parse_time(values["start_time"]), parse_time(values["end_time"])
        except (ParseError, TypeError, ValueError):
            self.query_one("#h-end_time", Static).update(t("patrols.hint_end_time"))
            return
        minutes = store.duration_minutes(start, end)
        if not store.is_overnight(start, end):
            message = Text(t("patrols.hint_duration", duration=duration_text(minutes)))
        elif store.plausible_overnight(start, end):
            try:
                day = fmt_date(parse_date(values["patrol_date"]) + timedelta(days=1))
            except (ParseError, TypeError, ValueError):
                day = "+1"
            message = Text(
                t("patrols.hint_overnight", date=day, duration=duration_text(minutes)), style="bold"
            )
        else:
            message = Text(
                t("patrols.hint_overnight_long", duration=duration_text(minutes)), style="bold"
            )
        self.query_one("#h-end_time", Static).update(message)

    # ------------------------------------------------------------ findings and persons

    @on(Select.Changed, ".finding-row > Select")
    def _category_changed(self, event: Select.Changed) -> None:
        """The area is measured for narcotic plants only: open for them, cleared otherwise."""
        key = (event.select.id or "").removeprefix("f-finding_").removesuffix("_category")
        area = self.query_one(f"#f-finding_{key}_area_m2", Input)
        plants = event.value == PLANTS
        if not plants:
            area.value = ""
        area.disabled = not plants

    async def action_add_finding(self) -> None:
        row = self._finding_row({})
        await self.query_one("#findings").mount(row, before=self.query_one("#add-finding"))
        category = self.query_one(f"#f-{row.id}_category")
        category.focus(scroll_visible=False)
        self.call_after_refresh(category.scroll_visible)  # once the new row has a place

    @on(Button.Pressed, "#add-finding")
    async def _add_finding_pressed(self) -> None:
        await self.action_add_finding()

    @on(Button.Pressed, ".finding-row > Button")
    async def _remove_finding(self, event: Button.Pressed) -> None:
        key = (event.button.id or "").removeprefix("rm-finding_")
        await self.query_one(f"#finding_{key}").remove()
        self.query_one("#add-finding").focus()

    def action_add_person(self) -> None:
        app = workspace(self)

        def search(query: str) -> list:
            return [
                (row, person_label(row.full_name, row.birth_year, row.hamlet))
                for row in store.find_persons(app.scoped_db(), query)
            ]

        def picked(row) -> None:
            if row is None:
                return
            widget = self.field_widget("person_ids")
            if row.id not in _option_values(widget):
                widget.add_option(
                    Selection(
                        plain(person_label(row.full_name, row.birth_year, row.hamlet)), row.id, True
                    )
                )
            else:
                widget.select(row.id)
            widget.focus()

        self.app.push_screen(PickerDialog(t("patrols.pick_person"), search), picked)

    @on(Button.Pressed, "#add-person")
    def _add_person_pressed(self) -> None:
        self.action_add_person()

    # ------------------------------------------------------------ saving

    def action_save(self) -> None:
        for error in self.query(".finding .field-error").results(Static):
            error.update("")
            error.remove_class("shown")
        super().action_save()

    def issue_target(self, field_name: str) -> str | None:
        head, _, rest = field_name.partition(".")
        if head == "findings":
            key, _, name = rest.partition(".")
            target = f"finding_{key}_{name}"
            return target if self.query(f"#e-{target}") else None
        if head in LINK_FIELDS:
            return head
        return super().issue_target(field_name)

    def _save(self, db, values: dict, confirm: bool):
        own = {name: values.get(name) for name in store.PATROL_FIELDS}
        children = store.PatrolChildren(
            hamlet_ids=values["hamlet_ids"],
            officer_ids=values["officer_ids"],
            member_ids=values["member_ids"],
            others=[n for n in (values.get("others") or "").split(";") if n.strip()],
            findings=[store.FindingInput(**f) for f in values["findings"]],
            person_ids=values["person_ids"],
            hotspot_ids=values["hotspot_ids"],
        )
        # The hint under the end time has told the officer the patrol ends the next day.
        return store.save_patrol(
            db,
            self.patrol_id,
            own,
            children,
            confirm,
            expected_version=self.version,
            accept_overnight=True,
        )
