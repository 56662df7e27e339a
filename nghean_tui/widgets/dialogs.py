"""Modal dialogs: confirm, message, warnings to confirm, and a search-as-you-type picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from nghean_tui.i18n import t
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import run_guarded


def shown(message: str | Text) -> Text:
    """A dialog's message: a string is shown literally (it may hold a name), never as
    markup; a ``Text`` is taken as built (its parts from records went through ``plain``)."""
    return plain(message, multiline=True) if isinstance(message, str) else message


class ConfirmDialog(Translated, ModalScreen[bool]):
    """A yes/no question; Enter answers the focused button (yes, unless ``default_no``),
    Y says yes, Esc or N says no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 64; max-width: 96%; height: auto; max-height: 100%;
        overflow-y: auto; border: thick $warning;
                               background: $surface; padding: 1 2; }
    ConfirmDialog .message { margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", show=False),
        Binding("n,escape", "answer(False)", "key.no", show=False),
    ]

    def __init__(
        self,
        message: str | Text,
        *,
        yes: str | None = None,
        no: str | None = None,
        danger: bool = False,
        default_no: bool = False,
    ) -> None:
        super().__init__()
        self._translate_bindings()
        self.message, self.danger = message, danger
        self.default_no = default_no  # the harmless answer has the focus (Enter says no)
        self.yes, self.no = yes or t("dialog.yes"), no or t("dialog.no")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(shown(self.message), classes="message")
            with Horizontal():
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="error" if self.danger else "primary")

    def on_mount(self) -> None:
        self.query_one("#no" if self.default_no else "#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class MessageDialog(Translated, ModalScreen[None]):
    """A message to acknowledge (errors that must not slip by as a toast)."""

    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog > Vertical { width: 64; max-width: 96%; height: auto; max-height: 100%;
        overflow-y: auto; border: thick $error;
                               background: $surface; padding: 1 2; }
    MessageDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,enter", "close", "key.close", show=False)]

    def __init__(self, title: str, message: str | Text) -> None:
        super().__init__()
        self._translate_bindings()
        self.title_text, self.message = title, message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text, style="bold"))
            yield Static(shown(self.message))
            with Horizontal():
                yield Button(t("dialog.ok"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)


def warnings_text(lines: list[str]) -> Text:
    text = Text(t("dialog.warnings_intro") + "\n\n")
    for line in lines:
        text.append("• ")
        text.append(plain(line))
        text.append("\n")
    text.append("\n" + t("dialog.warnings_question"))
    return text


class PickerDialog(Translated, ModalScreen[Any]):
    """Type to search, arrows to choose, Enter to take it; Esc gives None.

    ``search(query)`` runs in a thread worker and returns ``[(value, label), …]``; labels are
    shown literally.
    """

    DEFAULT_CSS = """
    PickerDialog { align: center middle; }
    PickerDialog > Vertical { width: 76; max-width: 98%; height: 80%; border: thick $primary;
                              background: $surface; padding: 0 1; }
    PickerDialog OptionList { height: 1fr; }
    PickerDialog .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("down", "focus_list", show=False),
    ]

    def __init__(
        self, title: str, search: Callable[[str], list[tuple[Any, str]]], initial: str = ""
    ) -> None:
        super().__init__()
        self._translate_bindings()
        self.title_text, self.search, self.initial = title, search, initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text, style="bold"))
            yield Input(value=self.initial, placeholder=t("dialog.type_to_search"), id="query")
            yield OptionList(id="choices")
            yield Static(t("dialog.picker_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._search(self.initial)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.option_count:
            self.dismiss(self._values[choices.highlighted or 0])

    def _search(self, query: str) -> None:
        # A failed search leaves the choices as they were; the next keystroke asks again.
        run_guarded(self, lambda: self.search(query), done=self._show, group="picker")

    def _show(self, results: list[tuple[Any, str]]) -> None:
        self._values = [value for value, _ in results]
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        choices.add_options([Option(plain(label)) for _, label in results])
        if results:
            choices.highlighted = 0

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._values[event.option_index])

    def action_focus_list(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    _values: list = []
