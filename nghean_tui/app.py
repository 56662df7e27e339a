"""The Textual application: which screen is showing, global keys, locking."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from nghean_tui.i18n import t
from nghean_tui.storage.database import Database, Vault


class NgheanApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "nghean-tui"
    BINDINGS = [
        Binding("ctrl+l", "lock", t("key.lock"), id="lock"),
        Binding("ctrl+q", "quit", t("key.quit"), id="quit"),
    ]

    def __init__(self, vault: Vault, db: Database | None = None) -> None:
        super().__init__()
        self.vault = vault
        self.db = db

    def on_mount(self) -> None:
        from nghean_tui.screens.setup import SetupScreen
        from nghean_tui.screens.unlock import UnlockScreen

        if self.db is not None:
            self.enter_workspace(self.db)
        elif not self.vault.initialised:
            self.push_screen(SetupScreen())
        else:
            self.push_screen(UnlockScreen())

    def enter_workspace(self, db: Database) -> None:
        from nghean_tui.screens.home import HomeScreen

        self.db = db
        if len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen())
        else:
            self.push_screen(HomeScreen())

    def action_lock(self) -> None:
        """Forget the key and show the unlock screen; the instance lock stays held."""
        from nghean_tui.screens.unlock import UnlockScreen

        if self.db is None:
            return
        self.db.close()
        self.db = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(UnlockScreen())

    def on_unmount(self) -> None:
        if self.db is not None:
            self.db.close()


def run_app(vault: Vault, *, db: Database | None = None) -> int:
    app = NgheanApp(vault, db)
    try:
        app.run()
        return app.return_code or 0
    finally:
        if app.db is not None:
            app.db.close()
        vault.close()
