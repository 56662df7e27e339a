"""What both Sync screens share: file work with a progress bar and a message line,
choosing a drive or folder, enrolling the other side by its identity card, and the table
of what became of each imported bundle (:class:`SyncBase`, below :mod:`.commune` and
:mod:`.station`, which never import each other)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, ProgressBar, Static

from nghean_tui.i18n import label, t
from nghean_tui.screens.base import Section, db_run, workspace
from nghean_tui.sync.outcome import REFUSED_STATUSES, ImportStatus
from nghean_tui.widgets.dialogs import MessageDialog, PickerDialog
from nghean_tui.widgets.plain import fmt_int, plain, visible
from nghean_tui.widgets.sync_dialogs import FingerprintDialog, FolderDialog

# Workers of this group hold the database for a while (a stick being written): the idle
# lock waits for them, as it does for a form being saved.
IO_GROUP = "sync-io"
STATUS_STYLE = {
    ImportStatus.ACCEPTED: "bold",
    ImportStatus.DUPLICATE: "dim",
    ImportStatus.PENDING: "bold yellow",
    ImportStatus.REJECTED: "bold reverse red",
    ImportStatus.CONFLICTING: "bold reverse red",
}


def fmt_seqs(numbers: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (", …" if len(numbers) > limit else "")


def outcome_status(outcome) -> Text:
    return Text(t(f"sync.status.{outcome.status}"), style=STATUS_STYLE.get(outcome.status, ""))


def outcome_detail(outcome) -> str:
    """Why (for a refusal), or what it brought and what is still missing."""
    parts = []
    if outcome.status in REFUSED_STATUSES:
        parts.append(t(f"sync.reason.{outcome.reason}"))
    elif outcome.status == ImportStatus.ACCEPTED:
        parts.append(t("sync_ui.records", count=fmt_int(outcome.records)))
        if outcome.also_applied:
            parts.append(t("sync_ui.also_applied", seqs=fmt_seqs(outcome.also_applied)))
    if outcome.missing:
        parts.append(t("sync_ui.missing", seqs=fmt_seqs(outcome.missing)))
    if outcome.conflicts:
        parts.append(t("sync_ui.conflicts_n", count=fmt_int(outcome.conflicts)))
    if getattr(outcome, "clamped", 0):
        parts.append(t("sync_ui.clamped_n", count=fmt_int(outcome.clamped)))
    return " · ".join(parts)


class SyncBase(Section):
    """Shared by the commune's and the station's Sync screens."""

    SECTION = "sync"
    DEFAULT_CSS = """
    SyncBase .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    SyncBase #body { height: 1fr; }
    SyncBase .line { padding: 0 1; height: auto; }
    SyncBase .warn { text-style: bold reverse; width: auto; }
    SyncBase .heading { padding: 0 1; text-style: bold; height: auto; margin-top: 1; }
    SyncBase DataTable { height: auto; max-height: 10; }
    SyncBase #result-detail { padding: 0 1; height: auto; max-height: 4; background: $boost; }
    SyncBase #sync-message { padding: 0 1; height: auto; max-height: 3; }
    SyncBase #sync-message.error { color: $error; text-style: bold; }
    SyncBase #sync-message.done { text-style: bold; }
    SyncBase #progress { padding: 0 1; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.folder: Path | None = None  # the last drive or folder used, offered again
        self.busy = False
        self.outcomes: list = []

    # ------------------------------------------------------------ shared widgets

    def compose_results(self) -> ComposeResult:
        yield Static("", id="results-title", classes="heading")
        yield DataTable(id="results", cursor_type="row", zebra_stripes=True)

    def compose_progress(self) -> ComposeResult:
        # The highlighted file's whole reason, wrapped, always in sight (outside the scrolling
        # body): the table's column cuts it at 80×24.
        yield Static("", id="result-detail")
        yield Static("", id="sync-message")
        yield ProgressBar(id="progress", show_eta=False)

    def on_mount(self) -> None:
        results = self.query_one("#results", DataTable)
        results.add_column(t("sync_ui.col_file"), width=19)
        results.add_column(t("sync_ui.col_unit"), width=14)
        results.add_column(t("sync_ui.col_seq"), width=3)
        results.add_column(t("sync_ui.col_status"), width=12)
        results.add_column(t("sync_ui.col_detail"), width=18)
        for wid in ("#results-title", "#results", "#result-detail", "#progress"):
            self.query_one(wid).display = False
        self.mount_tables()
        # The data loads when the screen is shown (Section.on_screen_resume).

    def mount_tables(self) -> None:
        """Subclasses add their tables' columns and set the focus."""

    # ------------------------------------------------------------ the message line

    def say(self, message: str | Text, kind: str = "") -> None:
        line = self.query_one("#sync-message", Static)
        line.update(message if isinstance(message, Text) else plain(message))
        line.set_class(kind == "error", "error")
        line.set_class(kind == "done", "done")

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=done)

    # ------------------------------------------------------------ running file work

    def run_io(
        self,
        fn: Callable[..., Any],
        *args,
        working: str,
        done: Callable[[Any], None],
        failed: Callable[[Exception], str | None] | None = None,
    ) -> None:
        """Run ``fn(db, *args, progress)`` in a worker with the progress bar showing.

        One at a time: a second key press while a stick is being written does nothing.
        ``failed(exc)`` gives the message for a failure (default: the general one).
        """
        if self.busy:
            self.app.notify(t("sync_ui.busy"), severity="warning")
            return
        self.busy = True
        self.say(working)
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        app = self.app

        def progress(count: int, total: int) -> None:
            app.call_from_thread(self._progress, count, total)

        def finished(result) -> None:
            self.busy = False
            bar.display = False
            done(result)

        def broken(exc: Exception) -> bool:
            from nghean_tui.errors import describe

            self.busy = False
            bar.display = False
            message = (failed(exc) if failed else None) or describe(exc)
            self.say(message, "error")
            self.app.notify(message, severity="error", timeout=10, markup=False)
            self.refresh_data()  # e.g. the outbox: the bundle is still there
            return True

        db_run(self, fn, *args, progress, done=finished, failed=broken, group=IO_GROUP)

    def choose_folder(self, title: str, then: Callable[[Path], None]) -> None:
        if self.busy:
            self.app.notify(t("sync_ui.busy"), severity="warning")
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.folder = path
                then(path)

        self.app.push_screen(FolderDialog(title, self.folder), chosen)

    # ------------------------------------------------------------ identity cards

    def action_write_card(self) -> None:
        from nghean_tui.sync import review

        def write(folder: Path) -> None:
            self.run_io(
                lambda db, folder, progress: (
                    review.write_own_card(db, folder),
                    review.own_fingerprint(db),
                ),
                folder,
                working=t("sync_ui.card_writing"),
                done=self._card_written,
                failed=write_failure("sync_ui.card_not_written"),
            )

        self.choose_folder(t("sync_ui.card_write_title"), write)

    def _card_written(self, result) -> None:
        path, fingerprint = result
        self.say(t("sync_ui.card_written", path=visible(path), fingerprint=fingerprint), "done")

    def action_import_card(self) -> None:
        from nghean_tui.sync import review

        def found(paths: list[Path]) -> None:
            if not paths:
                self.say(t("sync_ui.no_card"), "error")
            elif len(paths) == 1:
                self._read_card(paths[0])
            else:

                def search(query: str) -> list[tuple[Path, str]]:
                    return [(p, p.name) for p in paths if query.lower() in p.name.lower()]

                def picked(path: Path | None) -> None:
                    if path:
                        self._read_card(path)

                self.app.push_screen(PickerDialog(t("sync_ui.pick_card"), search), picked)

        def look(path: Path) -> None:
            self.run_io(
                lambda db, path, progress: review.find_cards(path),
                path,
                working=t("sync_ui.card_reading"),
                done=found,
            )

        self.choose_folder(t("sync_ui.card_import_title"), look)

    def _read_card(self, path: Path) -> None:
        from nghean_tui.sync import review

        def read(db, path, progress):
            card = review.card_to_compare(db, path)
            return card, review.own_fingerprint(db)

        self.run_io(read, path, working=t("sync_ui.card_reading"), done=self._compare)

    def _compare(self, result) -> None:
        from nghean_tui.sync import review

        card, own = result
        self.say("")

        def answered(match: bool | None) -> None:
            if not match:
                self.say(t("sync_ui.not_enrolled"), "error")
                return
            self.run_io(
                lambda db, card, progress: review.enroll(db, card, workspace(self).vault),
                card,
                working=t("sync_ui.enrolling"),
                done=self._enrolled,
            )

        self.app.push_screen(
            FingerprintDialog(
                unit_name=review.unit_name(card.unit_code),
                role_label=label(card.role),
                device_id=card.device_id,
                fingerprint=card.fingerprint,
                own_fingerprint=own,
            ),
            answered,
        )

    def _enrolled(self, peer) -> None:
        message = Text(t("sync_ui.enrolled") + " ")
        message.append(plain(peer.unit_name))
        self.say(message, "done")
        self.refresh_data()

    # ------------------------------------------------------------ import results

    def show_outcomes(self, outcomes: list) -> None:
        from nghean_tui.sync.review import unit_name

        self.outcomes = outcomes
        title = self.query_one("#results-title", Static)
        table = self.query_one("#results", DataTable)
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        summary = ", ".join(f"{t(f'sync.status.{s}')}: {fmt_int(n)}" for s, n in counts.items())
        title.update(
            Text(
                t("sync_ui.results_title", count=fmt_int(len(outcomes)))
                + (f" — {summary}" if summary else "")
            )
        )
        table.clear()
        for index, outcome in enumerate(outcomes):
            table.add_row(
                plain(outcome.name),
                plain(unit_name(outcome.sender_unit)),
                str(outcome.seq) if outcome.seq else "",
                outcome_status(outcome),
                plain(outcome_detail(outcome)),
                key=str(index),
            )
        title.display = table.display = True
        self._show_result_detail(0)
        if outcomes:
            table.focus()
            table.move_cursor(row=0)
            table.scroll_visible()

    @on(DataTable.RowHighlighted, "#results")
    def _result_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_result_detail(event.cursor_row)

    def _show_result_detail(self, row: int) -> None:
        detail = self.query_one("#result-detail", Static)
        if not 0 <= row < len(self.outcomes):
            detail.display = False
            return
        outcome = self.outcomes[row]
        line = Text(f"{row + 1}. ", style="dim")
        line.append_text(plain(outcome.name))
        line.append(": ")
        line.append_text(outcome_status(outcome))
        why = outcome_detail(outcome)
        if why:
            line.append(" · ")
            line.append_text(plain(why))
        detail.update(line)
        detail.display = True

    @on(DataTable.RowSelected, "#results")
    def _result_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Enter: the whole of what the highlighted row says (tables cut long lines)."""
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id == "results":
            row = focused.cursor_row
            if 0 <= row < len(self.outcomes):
                self.app.push_screen(
                    MessageDialog(t("sync_ui.result_title"), outcome_text(self.outcomes[row]))
                )
            return
        self.open_row(focused)

    def open_row(self, focused) -> None:
        """Subclasses open the rows of their own tables."""


def outcome_text(outcome) -> Text:
    """One imported file in full, for the detail dialog; everything from the file literal."""
    from nghean_tui.sync.review import unit_name

    text = Text()
    rows = [
        (t("sync_ui.col_file"), plain(outcome.name)),
        (t("sync_ui.col_status"), outcome_status(outcome)),
        (t("sync_ui.col_unit"), plain(unit_name(outcome.sender_unit))),
        (t("sync_ui.col_seq"), Text(str(outcome.seq) if outcome.seq else "")),
        (t("sync_ui.col_detail"), plain(outcome_detail(outcome))),
    ]
    if outcome.detail:
        rows.append((t("sync_ui.technical_detail"), plain(outcome.detail)))
    for key, value in rows:
        if value.plain:
            text.append(("\n" if text else "") + f"{key}: ", style="dim")
            text.append_text(value)
    return text


def write_failure(key: str) -> Callable[[Exception], str | None]:
    """The message for a failed write of something other than a bundle (a card, replies):
    the drive's problem in plain words."""
    from nghean_tui.sync.files import WriteFailed

    def message(exc: Exception) -> str | None:
        if isinstance(exc, WriteFailed):
            return t(key, why=t(f"sync_ui.write_reason.{exc.reason}"))
        return None

    return message
