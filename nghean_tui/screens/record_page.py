"""One record's page (a person, a patrol, a team, a hotspot, a tip), pushed over the section
it was opened from: what every such page shares.

* **It loads once when it opens.** Textual mounts a pushed screen and then announces it
  (``ScreenResume``): loading on both threw the first load away. After that the page loads
  again each time it comes back to the front (a form, a dialog or the lock closed over it),
  to show what changed.
* **The record may be gone**: deleted here or on another machine (a sync), or never there
  (a stale link). The page then says so (``error.not_found``) and closes: no traceback, no
  empty page.

A page says how to load its record (:meth:`RecordPage.load`, in a worker) and how to show it
(:meth:`RecordPage.show`, on the interface thread); :meth:`RecordPage.prepare` sets up its
tables when it is mounted. Textual runs ``on_*`` handlers of every class along the MRO, so a
page that needs its own ``on_screen_resume`` or ``on_screen_suspend`` adds to these (its own
runs first); it does not define ``on_mount``.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from nghean_tui.i18n import t
from nghean_tui.screens.base import ReadOnlyAware, db_run, workspace
from nghean_tui.widgets.translated import Translated

NOT_FOUND = "error.not_found"


class RecordPage(ReadOnlyAware, Translated, Screen):
    """A page showing one record, by id."""

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self._translate_bindings()
        self.record_id = record_id
        self.detail: Any = None  # what ``load`` returned, once shown
        # Set while the page is going away (deleted from here, or gone): a load finishing
        # meanwhile must not show it again or close the page a second time.
        self.closing = False
        self._shown = False  # loaded since it last came to the front

    # ------------------------------------------------------------ for the pages

    def prepare(self) -> None:
        """Set up the page once mounted (table columns, focus), before its first load."""

    def load(self, db) -> Any:
        """The record's detail, or None if there is no such record (runs in a worker)."""
        raise NotImplementedError

    def show(self, detail: Any) -> None:
        """Show ``detail`` (``self.detail`` is already set to it)."""
        raise NotImplementedError

    # ------------------------------------------------------------ loading

    def on_mount(self) -> None:
        self.prepare()
        self._load_once()

    def on_screen_resume(self) -> None:
        self._load_once()

    def on_screen_suspend(self) -> None:
        self._shown = False

    def _load_once(self) -> None:
        """Load, unless the page already did since it came to the front."""
        if self._shown:
            return
        self._shown = True
        if workspace(self).db is not None:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Load the record again and show it (or close, if it is gone)."""
        db_run(self, self.load, done=self._loaded)

    def _loaded(self, detail: Any) -> None:
        if self.closing:
            return
        if detail is None:
            self.not_found()
            return
        self.detail = detail
        self.show(detail)

    def not_found(self) -> None:
        """The record is not there (any more): say so and close the page. Covered by a
        dialog meanwhile, the page waits to be in front again (it loads again then)."""
        if self.app.screen is not self:
            return
        self.closing = True
        self.app.notify(t(NOT_FOUND), severity="warning")
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()
