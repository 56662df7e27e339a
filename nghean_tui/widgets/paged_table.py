"""A table that shows one page of a long list and fetches neighbouring pages on demand.

Never loads a whole list (100,000 rows in a DataTable takes seconds to paint): the source is
keyset-paged (``after``/``before`` a row), moving past the last row loads the next page,
past the first the previous one, PageDown/PageUp jump a page. Fetches run in a thread worker;
a newer request makes an older one's answer be dropped, and a failed one is told as a message
(the list stays as it was).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from nghean_tui.widgets.work import db_run

# fetch(db, after_row, before_row, limit) -> (rows, has_more): rows in list order; has_more
# says whether more rows lie beyond in the direction asked (after, or before).
FetchFn = Callable[[Any, Any, Any, int], tuple[list, bool]]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None


class PagedTable(DataTable):
    BINDINGS = [
        Binding("pagedown", "next_page", show=False),
        Binding("pageup", "previous_page", show=False),
    ]

    class Chosen(Message):
        """Enter (or a click) on a row."""

        def __init__(self, table: PagedTable, row: Any) -> None:
            super().__init__()
            self.table, self.row = table, row

        @property
        def control(self) -> PagedTable:
            return self.table

    class Loaded(Message):
        """A page arrived (``first`` is True for a fresh list, not a neighbouring page)."""

        def __init__(self, table: PagedTable, first: bool) -> None:
            super().__init__()
            self.table, self.first = table, first

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(
        self,
        columns: list[Column],
        cells: Callable[[Any], list[Text | str]],
        fetch: FetchFn | None = None,
        *,
        page_size: int = 50,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.columns_spec = columns
        self.cells = cells
        self.fetch = fetch
        self.page_size = page_size
        self.rows_data: list = []
        self.shown = 0  # pages shown so far (benchmarks and tests wait on it)
        self.has_next = False
        self.has_previous = False
        self.loading_page = False

    def on_mount(self) -> None:
        for column in self.columns_spec:
            self.add_column(column.label, key=column.key, width=column.width)

    # ------------------------------------------------------------ loading

    def reload(self, fetch: FetchFn | None = None) -> None:
        """Start again from the top (a new search or filter)."""
        if fetch is not None:
            self.fetch = fetch
        self._load("first")

    def refresh_page(self) -> None:
        """Load the page on screen again, in place (after an edit)."""
        self._load("same" if self.rows_data else "first")

    def _load(self, mode: str) -> None:
        """``first`` page, ``next``/``previous`` page, or the ``same`` page again."""
        if self.fetch is None:
            return
        fetch, limit = self.fetch, self.page_size
        first_row = self.rows_data[0] if self.rows_data else None
        last_row = self.rows_data[-1] if self.rows_data else None
        cursor = self.cursor_row
        self.loading_page = True

        def page(db):
            previous_exists = mode in ("next", "previous")
            if mode == "next":
                rows, more = fetch(db, last_row, None, limit)
            elif mode == "previous":
                rows, more = fetch(db, None, first_row, limit)
            elif mode == "same" and first_row is not None:
                before, _ = fetch(db, None, first_row, 1)
                start = before[0] if before else None
                previous_exists = start is not None
                rows, more = fetch(db, start, None, limit)
            else:
                rows, more = fetch(db, None, None, limit)
            return mode, rows, more, previous_exists, cursor

        # A failed fetch leaves the rows shown as they were and says why; moving on asks again.
        db_run(
            self, page, done=lambda shown: self._show(*shown), failed=self._not_loaded, group="page"
        )

    def _not_loaded(self, exc: Exception) -> bool:
        self.loading_page = False
        return False  # the application's message

    def _show(self, mode: str, rows: list, more: bool, previous_exists: bool, cursor: int) -> None:
        self.loading_page = False
        self.shown += 1
        if mode == "previous":
            self.has_previous, self.has_next = more, True
        else:
            self.has_previous, self.has_next = previous_exists, more
        self.rows_data = rows
        self.clear()
        for index, row in enumerate(rows):
            self.add_row(*self.cells(row), key=str(index))
        if rows:
            target = {"previous": len(rows) - 1, "same": min(cursor, len(rows) - 1)}.get(mode, 0)
            self.move_cursor(row=target)
        self.post_message(self.Loaded(self, mode in ("first", "same")))

    # ------------------------------------------------------------ moving

    @property
    def current(self) -> Any:
        if not self.rows_data or self.cursor_row < 0 or self.cursor_row >= len(self.rows_data):
            return None
        return self.rows_data[self.cursor_row]

    def action_cursor_down(self) -> None:
        if self.rows_data and self.cursor_row >= len(self.rows_data) - 1:
            self.action_next_page()
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.rows_data and self.cursor_row <= 0:
            if self.has_previous and not self.loading_page:
                self._load("previous")
        else:
            super().action_cursor_up()

    def action_next_page(self) -> None:
        if self.has_next and self.rows_data and not self.loading_page:
            self._load("next")
        elif self.rows_data:
            self.move_cursor(row=len(self.rows_data) - 1)

    def action_previous_page(self) -> None:
        if self.has_previous and self.rows_data and not self.loading_page:
            self._load("previous")
        elif self.rows_data:
            self.move_cursor(row=0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.current
        if row is not None:
            self.post_message(self.Chosen(self, row))
