"""A commune's Sync screen: changes waiting to be sent, the station it sends to, the outbox
of bundles not yet receipted; export to a USB stick, re-send, import the station's replies,
enroll the station."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from nghean_tui.domain.formats import fmt_moment
from nghean_tui.i18n import t
from nghean_tui.screens.base import db_run
from nghean_tui.screens.sync.base import SyncBase, fmt_seqs
from nghean_tui.sync.outcome import ImportStatus
from nghean_tui.widgets.plain import fmt_int, plain, visible
from nghean_tui.widgets.sync_dialogs import fingerprint_text


def _bundle_failure(exc: Exception) -> str | None:
    """A failed write of a bundle: the drive's problem, and that the outbox keeps it."""
    from nghean_tui.sync.files import WriteFailed

    return t(f"sync.write.{exc.reason}") if isinstance(exc, WriteFailed) else None


class CommuneSyncScreen(SyncBase):
    BINDINGS = [
        Binding("x", "export", "key.sync_export"),
        Binding("r", "resend", "key.sync_resend"),
        Binding("i", "import_replies", "key.sync_import_replies"),
        Binding("c", "import_card", "key.sync_enroll_station"),
        Binding("o", "write_card", "key.sync_write_card"),
        Binding("enter", "open", "key.open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(t("sync_ui.title"), id="title", classes="screen-title")
        with VerticalScroll(id="body"):
            yield Static(t("sync_ui.loading"), id="summary", classes="line")
            yield Static(t("sync_ui.stations"), classes="heading")
            yield Static(t("sync_ui.no_station"), id="no-station", classes="line warn")
            yield DataTable(id="stations", cursor_type="none", zebra_stripes=True)
            yield Static("", id="outbox-title", classes="heading")
            yield DataTable(id="outbox", cursor_type="row", zebra_stripes=True)
            yield from self.compose_results()
        yield from self.compose_progress()
        yield Footer()

    def mount_tables(self) -> None:
        stations = self.query_one("#stations", DataTable)
        stations.add_column(t("sync_ui.col_station"), width=24)
        stations.add_column(t("sync_ui.col_fingerprint"), width=24)
        stations.add_column(t("sync_ui.col_enrolled"), width=10)
        outbox = self.query_one("#outbox", DataTable)
        outbox.add_column(t("sync_ui.col_seq"), width=4)
        outbox.add_column(t("sync_ui.col_file"), width=24)
        outbox.add_column(t("sync_ui.col_records"), width=10)
        outbox.add_column(t("sync_ui.col_created"), width=16)
        outbox.focus()
        self.query_one("#no-station", Static).display = False  # until the data says so

    def refresh_data(self) -> None:
        from nghean_tui.sync.review import commune_view

        db_run(self, commune_view, done=self._show)

    # ------------------------------------------------------------ showing

    def _show(self, view) -> None:
        self.view = view
        s = view.status
        title = Text(t("sync_ui.title") + " · ")
        title.append(plain(view.unit_name))
        self.query_one("#title", Static).update(title)

        summary = Text()
        waiting = t("sync_ui.changes_waiting", count=fmt_int(s.changes_waiting))
        summary.append(waiting, style="bold" if s.changes_waiting else "")
        summary.append(
            " · "
            + (
                t("sync_ui.last_export", when=fmt_moment(s.last_export))
                if s.last_export
                else t("sync_ui.never_exported")
            )
        )
        if s.receipt_highest is None:
            summary.append("\n" + t("sync_ui.no_receipt"))
        else:
            summary.append(
                "\n" + t("sync_ui.receipt", seq=s.receipt_highest, when=fmt_moment(s.receipt_at))
            )
            if s.receipt_missing:
                summary.append(" · ")
                summary.append(
                    t("sync_ui.receipt_missing", seqs=fmt_seqs(s.receipt_missing)),
                    style="bold reverse yellow",
                )
        summary.append("\n" + t("sync_ui.own_fingerprint") + " ")
        summary.append_text(fingerprint_text(view.own_fingerprint))
        self.query_one("#summary", Static).update(summary)

        stations = self.query_one("#stations", DataTable)
        stations.clear()
        for peer in view.stations:
            stations.add_row(
                plain(peer.unit_name), plain(peer.fingerprint), fmt_moment(peer.added_at)[:10]
            )
        stations.display = bool(view.stations)
        self.query_one("#no-station", Static).display = not view.stations

        self.query_one("#outbox-title", Static).update(
            t("sync_ui.outbox", count=fmt_int(len(view.outbox)))
        )
        outbox = self.query_one("#outbox", DataTable)
        cursor = outbox.cursor_row
        outbox.clear()
        for row in view.outbox:
            outbox.add_row(
                str(row.seq),
                plain(row.file_name),
                fmt_int(row.records),
                fmt_moment(row.created_at),
                key=str(row.id),
            )
        if view.outbox:
            outbox.move_cursor(row=min(max(cursor, 0), len(view.outbox) - 1))

    # ------------------------------------------------------------ sending

    def action_export(self) -> None:
        if self.view is not None and not self.view.stations:
            self.say(t("error.no_station"), "error")
            return
        from nghean_tui.sync.review import export_to

        self.choose_folder(
            t("sync_ui.export_title"),
            lambda folder: self.run_io(
                export_to,
                folder,
                working=t("sync_ui.writing"),
                done=self._exported,
                failed=_bundle_failure,
            ),
        )

    def _exported(self, written) -> None:
        if written is None:
            self.say(
                t("sync_ui.nothing_new")
                if not (self.view and self.view.outbox)
                else t("sync_ui.nothing_new_outbox")
            )
        else:
            self._written(written)
        self.refresh_data()

    def _written(self, written) -> None:
        """Only reached after the file was read back: now the stick may be pulled out."""
        message = t("sync.written", name=visible(written.path.name))
        self.say(message, "done")
        self.app.notify(message, markup=False)
        self.refresh_data()

    def action_resend(self) -> None:
        from nghean_tui.sync.review import resend

        outbox = self.query_one("#outbox", DataTable)
        if self.view is None or not self.view.outbox:
            self.say(t("sync_ui.outbox_empty"))
            return
        row = self.view.outbox[min(max(outbox.cursor_row, 0), len(self.view.outbox) - 1)]
        self.choose_folder(
            t("sync_ui.resend_title", seq=row.seq),
            lambda folder: self.run_io(
                resend,
                row.id,
                folder,
                working=t("sync_ui.writing"),
                done=self._written,
                failed=_bundle_failure,
            ),
        )

    # ------------------------------------------------------------ receiving

    def action_import_replies(self) -> None:
        from nghean_tui.sync.review import import_path

        self.choose_folder(
            t("sync_ui.import_replies_title"),
            lambda path: self.run_io(
                import_path, path, working=t("sync_ui.importing"), done=self._imported
            ),
        )

    def _imported(self, outcomes) -> None:
        self.show_outcomes(outcomes)
        if not outcomes:
            self.say(t("sync_ui.no_bundles", path=visible(self.folder or Path())))
        elif any(o.status == ImportStatus.REJECTED for o in outcomes):
            self.say(t("sync_ui.some_rejected"), "error")
        else:
            self.say(t("sync_ui.replies_imported"), "done")
        self.refresh_data()
