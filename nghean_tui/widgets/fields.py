"""Form fields: what kind of input each column takes, derived from the model.

Fields hand back what was typed (strings, booleans, lists); the domain's ``clean`` parses and
checks it, so a form and the command line accept exactly the same input.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from textual.widgets import Checkbox, Input, Select, TextArea

from nghean_tui.domain.models import describe_column
from nghean_tui.domain.validation import MULTILINE_FIELDS
from nghean_tui.i18n import label as enum_label
from nghean_tui.i18n import t
from nghean_tui.widgets.plain import fmt_date, fmt_time, plain, visible
from nghean_tui.widgets.ticklist import TickList

KINDS = ("text", "notes", "date", "time", "int", "bool", "choice", "multichoice")


@dataclass
class FieldSpec:
    name: str
    kind: str = "text"
    required: bool = False
    choices: list[tuple[Any, str]] = field(default_factory=list)  # (value, label shown literally)
    label_key: str | None = None  # default: field.<name>
    hint_key: str | None = None
    max_length: int = 0
    blank_key: str = "form.choose"  # what an unchosen choice reads

    @property
    def label(self) -> str:
        return t(self.label_key or f"field.{self.name}")


def spec_for(model, name: str, **overrides) -> FieldSpec:
    """The field for ``model.name`` as its column describes it."""
    info = describe_column(model, name)
    spec = FieldSpec(name=name, required=not info.nullable and not info.has_default)
    if info.kind == "enum":
        assert info.enum is not None  # an enum column always names its enum
        spec.kind = "choice"
        spec.choices = [(member.value, enum_label(member)) for member in info.enum]
        if info.unknowable:  # left blank, it is saved and shown as unknown
            spec.blank_key = "form.choose_unknown"
    elif info.kind == "bool" and info.nullable:  # yes / no / not said
        # String codes: Select treats a False value like no value at all.
        spec.kind = "choice"
        spec.choices = [("yes", t("dialog.yes")), ("no", t("dialog.no"))]
    elif info.kind in ("bool", "date", "time", "int"):
        spec.kind = info.kind
    elif name in MULTILINE_FIELDS:
        spec.kind = "notes"
    else:
        spec.kind, spec.max_length = "text", info.max_length
    return replace(spec, **overrides)


def make_widget(spec: FieldSpec, value: Any):
    """The input widget for a field, showing ``value``.

    Stored text is shown with any control character escaped (it can only have come from a
    bundle or an older version: forms refuse them), so opening a record never sends an escape
    sequence to the terminal; saving keeps what is shown."""
    wid = f"f-{spec.name}"
    if spec.kind == "notes":
        return TextArea(
            visible(value, multiline=True),
            id=wid,
            classes="notes",
            soft_wrap=True,
            show_line_numbers=False,
            compact=True,
        )
    if spec.kind == "bool":
        return Checkbox(t("dialog.yes"), bool(value), id=wid, compact=True)
    if spec.kind == "choice":
        if isinstance(value, bool):
            value = "yes" if value else "no"
        options = [(plain(label), choice) for choice, label in spec.choices]
        known = {choice for choice, _ in spec.choices}
        # Always allowed blank: a required choice must be made by the officer, never
        # pre-filled with the first option (which Select does when blank is not allowed).
        return Select(
            options,
            id=wid,
            allow_blank=True,
            compact=True,
            value=value if value in known else Select.NULL,
            prompt=t(spec.blank_key),
        )
    if spec.kind == "multichoice":
        chosen = set(value or [])
        return TickList(
            *[(plain(label), choice, choice in chosen) for choice, label in spec.choices],
            id=wid,
            compact=True,
        )
    if spec.kind == "date":
        text = fmt_date(value) if isinstance(value, date) else (value or "")
        return Input(
            text,
            placeholder="dd/mm/yyyy",
            id=wid,
            max_length=10,
            compact=True,
            restrict=r"[0-9/.\-]*",
            classes="short",
        )
    if spec.kind == "time":
        text = fmt_time(value) if isinstance(value, time) else (value or "")
        return Input(
            text,
            placeholder="HH:MM",
            id=wid,
            max_length=5,
            restrict=r"[0-9:h]*",
            compact=True,
            classes="short",
        )
    if spec.kind == "int":
        return Input(
            "" if value is None else str(value),
            id=wid,
            max_length=15,
            restrict=r"[0-9., ]*",
            compact=True,
            classes="short",
        )
    return Input(visible(value), id=wid, max_length=spec.max_length or 0, compact=True)


def read_widget(spec: FieldSpec, widget) -> Any:
    """What the person has entered, as the domain's ``clean`` takes it."""
    if spec.kind == "notes":
        return widget.text
    if spec.kind == "bool":
        return widget.value
    if spec.kind == "choice":
        return None if widget.value is Select.NULL else widget.value
    if spec.kind == "multichoice":
        return list(widget.selected)
    return widget.value
