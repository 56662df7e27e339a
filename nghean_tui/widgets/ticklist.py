"""The one selection list every form uses: its first row is highlighted on focus."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import SelectionList


class TickList(SelectionList[Any]):
    """A ``SelectionList`` whose first row is highlighted when it gets focus, so the first
    Space ticks it (Textual's leaves nothing highlighted, and that Space is lost)."""

    def _on_focus(self, event: events.Focus) -> None:
        if self.highlighted is None:
            self.action_first()  # the first row that can be ticked
        super()._on_focus(event)
