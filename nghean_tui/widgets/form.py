"""The form screen every record is entered through.

Ctrl+S saves (in a worker); problems appear beside their fields in plain words and nothing is
saved; warnings are listed in a dialog and saved only when confirmed; Esc goes back, asking
first when something was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Label, Select, SelectionList, Static, TextArea

from nghean_tui.i18n import t
from nghean_tui.widgets.dialogs import ConfirmDialog, shown, warnings_text
from nghean_tui.widgets.fields import FieldSpec, make_widget, read_widget
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import db_run

# save(db, values, confirm_warnings) runs in a thread and returns what the form dismisses with.
SaveFn = Callable[[Any, dict, bool], Any]


class FormScreen(Translated, Screen[Any]):
    DEFAULT_CSS = """
    FormScreen VerticalScroll { padding: 0 1; }
    FormScreen .form-title { text-style: bold; background: $primary-darken-2; padding: 0 1; }
    FormScreen .form-subtitle { color: $text-muted; padding: 0 1; }
    FormScreen .field-row { height: auto; margin-top: 1; }
    FormScreen .field-row > Label { width: 24; padding-right: 1; }
    FormScreen .field-row > Input, FormScreen .field-row > Select { width: 1fr; }
    FormScreen .field-row > Input.short { width: 16; }
    FormScreen .field-error { color: $error; height: auto; padding-left: 24; display: none; }
    FormScreen .field-error.shown { display: block; }
    FormScreen .field-hint { color: $text-muted; height: auto; padding-left: 24; }
    FormScreen TextArea.notes { height: 3; width: 1fr; }
    FormScreen SelectionList { height: auto; max-height: 8; width: 1fr; }
    FormScreen #form-status { padding: 0 1; height: auto; }
    FormScreen #form-status.error { color: $error; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", priority=True),
        Binding("escape", "cancel", "key.back"),
        # The application's Ctrl+Q, but asking first when something typed would be lost.
        Binding("ctrl+q", "quit", "key.quit", show=False),
    ]

    def __init__(
        self,
        title: str,
        specs: list[FieldSpec],
        values: dict | None = None,
        *,
        save: SaveFn,
        subtitle: str | Text = "",
    ) -> None:
        super().__init__()
        self._translate_bindings()
        self.form_title, self.subtitle = title, subtitle
        self.specs = specs
        self.values = dict(values or {})
        self.save_fn = save
        self._initial: dict = {}
        self._saving = False
        self.status_text = ""
        self.start_focus: str | None = None  # the field the cursor starts in (else the first)

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(plain(self.form_title), classes="form-title")
        if self.subtitle:
            yield Static(shown(self.subtitle), classes="form-subtitle")
        with VerticalScroll(id="form"):
            for spec in self.specs:
                with Horizontal(classes="field-row"):
                    yield Label(spec.label + (" *" if spec.required else ""), id=f"l-{spec.name}")
                    yield make_widget(spec, self.values.get(spec.name))
                hint = field_hint(spec)
                if hint:
                    yield Static(t(hint), classes="field-hint", id=f"h-{spec.name}")
                yield Static("", classes="field-error", id=f"e-{spec.name}")
            yield from self.compose_extra()
        yield Static("", id="form-status")
        yield Footer()

    def compose_extra(self) -> ComposeResult:
        """Subclasses add widgets below the fields (e.g. a computed planned end)."""
        return iter(())

    def on_mount(self) -> None:
        self._initial = self.collect()
        first = [s.name for s in self.specs if s.name == self.start_focus]
        for name in first + [s.name for s in self.specs]:
            widget = self.field_widget(name)
            if not widget.disabled:
                widget.focus()
                break

    # ------------------------------------------------------------ values

    def field_widget(self, name: str):
        return self.query_one(f"#f-{name}")

    def collect(self) -> dict:
        return {spec.name: read_widget(spec, self.field_widget(spec.name)) for spec in self.specs}

    @property
    def dirty(self) -> bool:
        return self.collect() != self._initial

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event) -> None:
        widget = getattr(event, "control", None) or getattr(event, "text_area", None)
        wid = getattr(widget, "id", "") or ""
        if wid.startswith("f-"):
            self.field_changed(wid[2:], self.collect())

    def field_changed(self, name: str, values: dict) -> None:
        """Subclasses react to a change (recompute a preview, enable fields)."""

    # ------------------------------------------------------------ saving

    def action_save(self) -> None:
        if self._saving:
            return
        self._start_save(confirm=False)

    def _start_save(self, *, confirm: bool) -> None:
        self._saving = True
        self._clear_errors()
        self._status(t("form.saving"))
        values = self.collect()

        def failed(exc: Exception) -> bool:
            self._failed(exc, values)
            return True  # shown on the form, beside its fields or in its status line

        # Nothing was saved when it fails: the form stays, with what was typed.
        db_run(
            self, self.save_fn, values, confirm, done=self._saved, failed=failed, group="form-save"
        )

    def _saved(self, result: Any) -> None:
        self._saving = False
        self._initial = self.collect()
        self.dismiss(result)

    def _failed(self, exc: Exception, values: dict) -> None:
        from nghean_tui.domain.validation import ValidationError
        from nghean_tui.errors import describe, describe_issue, issue_message

        self._saving = False
        if not isinstance(exc, ValidationError):
            self._status(describe(exc), error=True)
            return
        if exc.issues and all(i.warning for i in exc.issues):
            self._status("")
            self.issues_shown(exc.issues)
            lines = [describe_issue(i) for i in exc.issues]

            def answered(yes: bool | None) -> None:
                if yes:
                    self._start_save(confirm=True)

            self.app.push_screen(
                ConfirmDialog(warnings_text(lines), yes=t("form.save_anyway")), answered
            )
            return
        unplaced: list[str] = []
        placed: dict[str, list[str]] = {}
        for issue in exc.issues:
            text = issue_message(issue)
            if issue.warning:
                text = t("form.warning_prefix") + text
            target = self.issue_target(issue.field)
            if target is None:
                unplaced.append(describe_issue(issue))
            else:
                placed.setdefault(target, []).append(text)
        for target, texts in placed.items():
            self._field_error(target, "\n".join(texts))
        self._status(" ".join(unplaced) if unplaced else t("form.fix_errors"), error=True)
        if placed:
            self.field_widget(next(iter(placed))).focus()
        self.issues_shown(exc.issues)

    def issues_shown(self, issues: list) -> None:
        """Subclasses react to the problems of a save that did not happen (offer to open the
        record a duplicate points at, say)."""

    def issue_target(self, field_name: str) -> str | None:
        """The field an issue belongs to (subclasses map sub-record issues)."""
        return field_name if any(s.name == field_name for s in self.specs) else None

    def _field_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#e-{name}", Static)
        error.update(plain(message, multiline=True))
        error.set_class(bool(message), "shown")

    def _clear_errors(self) -> None:
        for spec in self.specs:
            self._field_error(spec.name, "")

    def _status(self, message: str, *, error: bool = False) -> None:
        self.status_text = message
        status = self.query_one("#form-status", Static)
        status.update(plain(message))
        status.set_class(error, "error")

    # ------------------------------------------------------------ leaving

    def action_cancel(self) -> None:
        self._leave(lambda: self.dismiss(None))

    def action_quit(self) -> None:
        """Ctrl+Q: quit the application, asking first, as Esc does, if something changed."""
        self._leave(self.app.exit)

    def _leave(self, then: Callable[[], object]) -> None:
        if not self.dirty:
            then()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.app.push_screen(
            ConfirmDialog(
                t("form.discard_question"),
                yes=t("form.discard"),
                no=t("form.keep_editing"),
                danger=True,
            ),
            answered,
        )


HAMLET_FIELDS = frozenset({"hamlet_id", "hamlet_ids"})
NO_HAMLETS_HINT = "onboard.no_hamlets"


def field_hint(spec) -> str | None:
    """The catalogue key of the line under a field: a hamlet picker with no hamlet to pick
    says where hamlets are added (Settings); any other field, its own hint."""
    if spec.name in HAMLET_FIELDS and spec.kind in ("choice", "multichoice") and not spec.choices:
        return NO_HAMLETS_HINT
    return spec.hint_key
