"""F1: every key of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from nghean_tui.i18n import t
from nghean_tui.widgets.translated import Translated, full_name, is_ours

GENERAL = (
    "help.tab",
    "help.enter",
    "help.escape",
    "help.slash",
    "help.n",
    "help.ctrl_s",
    "help.ctrl_p",
    "help.arrows",
    "help.pages",
    "help.mouse",
    "help.dates",
)


class HelpScreen(Translated, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 78; max-width: 100%; height: 90%; border: thick $primary;
                                  background: $surface; padding: 0 1; }
    HelpScreen DataTable { height: auto; }
    HelpScreen .heading { text-style: bold; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", "key.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self._translate_bindings()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(t("help.title"), classes="heading")
            yield Static(t("help.this_screen"), classes="heading")
            yield DataTable(id="screen-keys", cursor_type="row", show_header=False)
            yield Static(t("help.everywhere"), classes="heading")
            yield DataTable(id="global-keys", cursor_type="none", show_header=False)
            yield Static(t("help.general"), classes="heading")
            general = Text()
            for key in GENERAL:
                general.append("• " + t(key) + "\n")
            yield Static(general)

    def on_mount(self) -> None:
        app = self.app
        screen_keys = self.query_one("#screen-keys", DataTable)
        global_keys = self.query_one("#global-keys", DataTable)
        for table in (screen_keys, global_keys):
            table.add_column("key", width=12)
            table.add_column("what", width=54)
        seen = set()
        for key, active in self.under.active_bindings.items():
            binding = active.binding
            if not is_ours(binding.description) or (key, binding.action) in seen:
                continue
            seen.add((key, binding.action))
            target = global_keys if active.node is app else screen_keys
            target.add_row(app.get_key_display(binding), full_name(binding))
        screen_keys.focus()

    def action_close(self) -> None:
        self.dismiss(None)
