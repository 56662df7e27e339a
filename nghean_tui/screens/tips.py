"""Tips from the public: the list, newest first, and each tip's page.

Who gave a tip is never on screen by default: the list and the page say only whether a source
is on record. On the tip's page, ``s`` asks first, then reveals the source through an
audited read; it stays shown on that page only, until the page is left or covered (the lock,
another section, a dialog), and is forgotten then.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Select, Static

from nghean_tui.domain.enums import TipChannel, TipStatus
from nghean_tui.i18n import label, t
from nghean_tui.screens import place_forms
from nghean_tui.screens.base import ListSection, db_run
from nghean_tui.screens.record_page import RecordPage
from nghean_tui.storage.places import (
    TipFilter,
    count_tips,
    reveal_tip_source,
    tip_detail,
    tip_page,
)
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.paged_table import Column, PagedTable
from nghean_tui.widgets.plain import fmt_code, fmt_date, fmt_int, plain, short_label

PAGE = 50
STATUS_STYLE = {
    "received": "bold",
    "verifying": "yellow",
    "acted_on": "green",
    "not_confirmed": "dim",
}


def status_text(code: str | None) -> Text:
    return Text(
        short_label("tips.status_short", TipStatus, code), style=STATUS_STYLE.get(code or "", "")
    )


class TipsScreen(ListSection):
    """The list: newest received first, by status; whether a source exists, never who."""

    TABLE_ID = "tips"

    SECTION = "tips"
    BINDINGS = [
        Binding("n", "new", "key.new_tip"),
        Binding("enter", "open", "key.open", show=False),
    ]
    DEFAULT_CSS = """
    TipsScreen #filters { height: 1; }
    TipsScreen #status { width: 24; }
    TipsScreen #tips { height: 1fr; }
    TipsScreen #count { padding: 0 1; color: $text-muted; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filters = TipFilter()

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(id="filters"):
            yield Select(
                [(label(s), s.value) for s in TipStatus],
                prompt=t("tips.any_status"),
                id="status",
                compact=True,
            )
        yield PagedTable(
            [
                Column("received", t("tips.col_received"), 10),
                Column("channel", t("tips.col_channel"), 14),
                Column("status", t("tips.col_status"), 13),
                Column("content", t("tips.col_content"), 25),
                Column("source", t("tips.col_source"), 6),
            ],
            self._cells,
            self._fetch,
            page_size=PAGE,
            id="tips",
        )
        yield Static("", id="count")
        yield Footer()

    @staticmethod
    def _cells(row) -> list:
        return [
            fmt_date(row.received_on),
            plain(short_label("tips.channel_short", TipChannel, row.channel)),
            status_text(row.status),
            plain(" ".join(row.content.split())),
            t("tips.has_source_short") if row.has_source else "",
        ]

    def _fetch(self, db, after, before, limit):
        return tip_page(db, self.filters, after=after, before=before, limit=limit)

    def _count(self) -> None:
        db_run(self, count_tips, self.filters, done=self._show_count, group="count")

    def _show_count(self, n: int) -> None:
        self.query_one("#count", Static).update(t("tips.count", count=fmt_int(n)))

    @on(Select.Changed, "#status")
    def _filter_changed(self, event: Select.Changed) -> None:
        self.filters = TipFilter(status=None if event.select.is_blank() else str(event.value))
        self.query_one("#tips", PagedTable).reload()
        self._count()

    def action_open(self) -> None:
        row = self.query_one("#tips", PagedTable).current
        if row is not None:
            self.app.push_screen(TipPage(row.id))

    @on(PagedTable.Chosen, "#tips")
    def _chosen(self, event: PagedTable.Chosen) -> None:
        self.app.push_screen(TipPage(event.row.id))

    def action_new(self) -> None:
        def created(saved) -> None:
            self._from_top = True
            self.app.push_screen(TipPage(saved.tip.id))

        place_forms.open_form(self, place_forms.tip_form, done=created)


class TipPage(RecordPage):
    """One tip: what was reported and how it was handled; its source only on request."""

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.edit_tip"),
        Binding("s", "source", "key.reveal_source"),
        Binding("o", "open_person", "key.open_person", show=False),
        Binding("delete", "delete", "key.delete_tip", show=False),
    ]
    DEFAULT_CSS = """
    TipPage .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    TipPage #body { height: 1fr; }
    TipPage #info, TipPage #text { padding: 0 1; height: auto; }
    TipPage #text { margin-top: 1; }
    TipPage #source { padding: 0 1; height: auto; margin-top: 1; }
    TipPage #source.revealed { border: round $warning; }
    """

    def __init__(self, tip_id: str) -> None:
        super().__init__(tip_id)
        self.source = None  # the revealed source, only while this page is in front
        self._editing = False

    @property
    def tip_id(self) -> str:
        return self.record_id

    def compose(self) -> ComposeResult:
        yield Static(t("tips.loading"), id="title", classes="screen-title")
        with VerticalScroll(id="body"):
            yield Static("", id="info")
            yield Static("", id="text")
            yield Static("", id="source")
        yield Footer()

    def prepare(self) -> None:
        self.query_one("#body").focus()

    def on_screen_resume(self) -> None:  # before RecordPage's, which loads again
        self._editing = False

    def on_screen_suspend(self) -> None:
        # Covered by the lock, another section, help or the palette: forget the identity.
        # Only the edit form opened from here keeps it (the form shows it to edit).
        if not self._editing:
            self._hide_source()

    def load(self, db):
        return tip_detail(db, self.tip_id)

    # ------------------------------------------------------------ showing

    def show(self, detail) -> None:
        tip = detail.tip
        title = Text(t("tips.title", date=fmt_date(tip.received_on)) + "  ")
        title.append_text(status_text(tip.status))
        self.query_one("#title", Static).update(title)
        info = Text()
        for key, value in (
            (t("tips.field_channel"), fmt_code(TipChannel, tip.channel)),
            (t("field.received_by"), detail.received_by_name),
            (t("field.hotspot_id"), detail.hotspot_name),
            (t("field.person_id"), detail.person_name),
        ):
            if value:
                info.append(("\n" if info else "") + f"{key}: ", style="dim")
                info.append(plain(value))
        self.query_one("#info", Static).update(info)
        body = Text()
        body.append(t("field.content") + "\n", style="bold")
        body.append(plain(tip.content, multiline=True))
        if tip.handling:
            body.append("\n" + t("field.handling") + "\n", style="bold")
            body.append(plain(tip.handling, multiline=True))
        self.query_one("#text", Static).update(body)
        self._show_source()

    def _show_source(self) -> None:
        box = self.query_one("#source", Static)
        box.set_class(self.source is not None, "revealed")
        if self.source is None:
            has = self.detail is not None and self.detail.has_source
            box.update(
                Text(
                    t("tips.source_hidden") if has else t("tips.source_none"),
                    style="italic" if has else "dim",
                )
            )
            return
        text = Text(t("tips.source_shown") + "\n", style="bold")
        for key, value in (
            (t("field.source_name"), self.source.source_name),
            (t("field.source_phone"), self.source.source_phone),
            (t("field.source_address"), self.source.source_address),
            (t("tips.source_notes"), self.source.notes),
        ):
            if value:
                text.append(f"{key}: ", style="dim")
                text.append(plain(value, multiline=True))
                text.append("\n")
        text.rstrip()
        box.update(text)

    def _hide_source(self) -> None:
        if self.source is not None:
            self.source = None
            if self.is_mounted:
                self._show_source()

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        self._hide_source()
        self.dismiss()

    def action_source(self) -> None:
        """Reveal after a warning (``s`` again hides it)."""
        if self.detail is None:
            return
        if self.source is not None:
            self._hide_source()
            return
        if not self.detail.has_source:
            self.app.notify(t("tips.source_none"), severity="information")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                db_run(self, reveal_tip_source, self.tip_id, done=self._revealed, group="reveal")

        self.app.push_screen(
            # "Keep it hidden" has the focus: Enter alone never reveals a source.
            ConfirmDialog(
                t("tips.reveal_question"), yes=t("tips.reveal_yes"), danger=True, default_no=True
            ),
            answered,
        )

    def _revealed(self, source) -> None:
        # The page may have been left or covered while the reveal ran: show nothing then.
        if source is None or self.app.screen is not self:
            return
        self.source = source
        self._show_source()

    def action_edit(self) -> None:
        if self.detail is None:
            return
        detail, revealed = self.detail, self.source

        def closed(result) -> None:
            if result is not None and revealed is not None and result.source is not None:
                self.source = result.source  # as edited, still revealed on this page

        def opened(form) -> None:
            self._editing = True  # the form, not something else, is about to cover the page
            self.app.push_screen(form, closed)

        db_run(self, place_forms.tip_form, detail, revealed, done=opened, group="open-form")

    def action_open_person(self) -> None:
        if self.detail is not None and self.detail.person_name:
            from nghean_tui.screens.person import show_person

            show_person(self.app, self.detail.tip.person_id)

    def action_delete(self) -> None:
        if self.detail is not None:
            place_forms.delete_tip(self, self.detail.tip, self.dismiss)
