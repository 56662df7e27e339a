"""A supervisor station's Sync screen: each enrolled commune's state (last bundle, days
since, bundles held for missing ones, alerts), the result of the last import, the conflicts
kept from merging; import a folder, write the replies, enroll or revoke a commune."""

from __future__ import annotations

import json
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from nghean_tui.domain import clock
from nghean_tui.domain.formats import fmt_day, fmt_moment
from nghean_tui.i18n import t
from nghean_tui.screens.base import db_run
from nghean_tui.screens.sync.base import SyncBase, fmt_seqs, write_failure
from nghean_tui.sync.outcome import ImportStatus
from nghean_tui.widgets.dialogs import ConfirmDialog, MessageDialog
from nghean_tui.widgets.plain import fmt_int, plain, visible
from nghean_tui.widgets.sync_dialogs import fingerprint_text

LATE_DAYS = 14  # a commune silent this long is shown in bold


def table_label(name: str) -> str:
    """What kind of record a table holds (its name, for a table this version does not know)."""
    key = f"sync_ui.table.{name}"
    text = t(key)
    return name if text == key else text


def field_label(name: str) -> str:
    key = f"field.{name}"
    text = t(key)
    return name if text == key else text


class StationSyncScreen(SyncBase):
    BINDINGS = [
        Binding("i", "import_folder", "key.sync_import"),
        Binding("w", "write_replies", "key.sync_write_replies"),
        Binding("c", "import_card", "key.sync_enroll_commune"),
        Binding("x", "revoke", "key.sync_revoke", show=False),
        Binding("o", "write_card", "key.sync_write_card"),
        Binding("enter", "open", "key.open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = None
        self.reply_due: list[str] = []  # devices whose bundles were read and not yet answered
        self.match_rows: list = []  # the group each row of #matches belongs to

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(t("sync_ui.title"), id="title", classes="screen-title")
        with VerticalScroll(id="body"):
            yield Static(t("sync_ui.loading"), id="summary", classes="line")
            yield Static(t("sync_ui.communes"), classes="heading")
            yield DataTable(id="devices", cursor_type="row", zebra_stripes=True)
            yield from self.compose_results()
            yield Static("", id="conflicts-title", classes="heading")
            yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
            yield Static("", id="matches-title", classes="heading")
            yield DataTable(id="matches", cursor_type="row", zebra_stripes=True)
        yield from self.compose_progress()
        yield Footer()

    def mount_tables(self) -> None:
        devices = self.query_one("#devices", DataTable)
        devices.add_column(t("sync_ui.col_commune"), width=18)
        devices.add_column(t("sync_ui.col_last_seq"), width=4)
        devices.add_column(t("sync_ui.col_last_import"), width=10)
        devices.add_column(t("sync_ui.col_days"), width=4)
        devices.add_column(t("sync_ui.col_held"), width=6)
        devices.add_column(t("sync_ui.col_missing"), width=7)
        devices.add_column(t("sync_ui.col_alerts"), width=4)
        devices.add_column(t("sync_ui.col_state"), width=8)
        conflicts = self.query_one("#conflicts", DataTable)
        conflicts.add_column(t("sync_ui.col_detected"), width=10)
        conflicts.add_column(t("sync_ui.col_commune"), width=16)
        conflicts.add_column(t("sync_ui.col_record"), width=14)
        conflicts.add_column(t("sync_ui.col_fields"), width=28)
        conflicts.display = False
        matches = self.query_one("#matches", DataTable)
        matches.add_column(t("records.col_citizen_id"), width=12)
        matches.add_column(t("sync_ui.col_commune"), width=16)
        matches.add_column(t("records.col_name"), width=20)
        matches.add_column(t("records.col_born"), width=10)
        matches.add_column(t("records.col_hamlet"), width=12)
        matches.display = False
        devices.focus()

    def refresh_data(self) -> None:
        from nghean_tui.sync.review import station_view

        db_run(self, station_view, done=self._show)

    # ------------------------------------------------------------ showing

    def _show(self, view) -> None:
        self.view = view
        title = Text(t("sync_ui.title") + " · ")
        title.append(plain(view.unit_name))
        self.query_one("#title", Static).update(title)
        today = clock.today()
        summary = Text(t("sync_ui.own_fingerprint") + " ")
        summary.append_text(fingerprint_text(view.own_fingerprint))
        gaps = sum(1 for d in view.devices if d.status.missing)
        summary.append(
            "\n"
            + t("sync_ui.communes_summary", count=fmt_int(len(view.devices)), gaps=fmt_int(gaps))
        )
        self.query_one("#summary", Static).update(summary)

        devices = self.query_one("#devices", DataTable)
        cursor = devices.cursor_row
        devices.clear()
        for row in view.devices:
            d = row.status
            days = row.days_since(today)
            if days is not None:
                days = max(days, 0)  # a computer clock set back must not show "-3 days"
            late = days is None or days >= LATE_DAYS
            devices.add_row(
                plain(row.unit_name, style="dim" if d.revoked else ""),
                str(d.last_seq) if d.last_seq else "·",
                fmt_day(d.last_import) or t("sync_ui.never"),
                Text("" if days is None else str(days), style="bold" if late else ""),
                fmt_seqs(d.pending, 3),
                Text(fmt_seqs(d.missing, 3), style="bold reverse yellow" if d.missing else ""),
                Text(str(d.alerts), style="bold reverse red") if d.alerts else "",
                t("sync_ui.revoked") if d.revoked else "",
                key=d.device_id,
            )
        if not view.devices:
            devices.add_row(t("sync_ui.no_commune"), *[""] * 7)
        elif cursor >= 0:
            devices.move_cursor(row=min(cursor, len(view.devices) - 1))

        conflicts_title = self.query_one("#conflicts-title", Static)
        conflicts = self.query_one("#conflicts", DataTable)
        conflicts.clear()
        if view.conflicts_total:
            conflicts_title.update(t("sync_ui.conflicts", count=fmt_int(view.conflicts_total)))
        else:
            conflicts_title.update(t("sync_ui.no_conflicts"))
        for c in view.conflicts:
            conflicts.add_row(
                fmt_day(c.detected_at),
                plain(c.unit_name),
                plain(table_label(c.table_name)),
                plain(", ".join(field_label(f) for f in c.fields)),
                key=str(c.id),
            )
        conflicts.display = bool(view.conflicts)
        self._show_matches(view)

    def _show_matches(self, view) -> None:
        """Profiles of several communes with one citizen ID, one row each, grouped."""
        from nghean_tui.sync.review import unit_name

        title = self.query_one("#matches-title", Static)
        table = self.query_one("#matches", DataTable)
        table.clear()
        self.match_rows = []
        title.update(
            t("records.matches", count=fmt_int(view.matches_total))
            if view.matches_total
            else t("records.no_matches")
        )
        for group in view.matches:
            for n, p in enumerate(group.profiles):
                table.add_row(
                    plain(group.key if n == 0 else ""),
                    plain(unit_name(p.unit_code)),
                    plain(p.full_name),
                    p.born,
                    plain(p.hamlet),
                )
                self.match_rows.append(group)
        table.display = bool(view.matches)

    # ------------------------------------------------------------ rows

    def _device(self):
        if self.view is None or not self.view.devices:
            return None
        row = self.query_one("#devices", DataTable).cursor_row
        return self.view.devices[row] if 0 <= row < len(self.view.devices) else None

    @on(DataTable.RowSelected, "#devices")
    @on(DataTable.RowSelected, "#conflicts")
    @on(DataTable.RowSelected, "#matches")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.data_table)

    def open_row(self, focused) -> None:
        if not isinstance(focused, DataTable) or self.view is None:
            return
        if focused.id == "devices" and (row := self._device()) is not None:
            self.app.push_screen(MessageDialog(t("sync_ui.device_title"), device_text(row)))
        elif focused.id == "conflicts" and 0 <= focused.cursor_row < len(self.view.conflicts):
            conflict = self.view.conflicts[focused.cursor_row]
            self.app.push_screen(
                MessageDialog(t("sync_ui.conflict_title"), conflict_text(conflict))
            )
        elif focused.id == "matches" and 0 <= focused.cursor_row < len(self.match_rows):
            self.app.push_screen(
                MessageDialog(
                    t("records.match_title"), match_text(self.match_rows[focused.cursor_row])
                )
            )

    # ------------------------------------------------------------ import and replies

    def action_import_folder(self) -> None:
        from nghean_tui.sync.review import import_path

        def job(db, path: Path, progress):
            # The replies go back where the bundles came from (a file's own folder).
            return import_path(db, path, progress), path if path.is_dir() else path.parent

        self.choose_folder(
            t("sync_ui.import_title"),
            lambda path: self.run_io(
                job, path, working=t("sync_ui.importing"), done=self._imported
            ),
        )

    def _imported(self, result) -> None:
        from nghean_tui.sync.review import reply_devices

        outcomes, folder = result

        self.show_outcomes(outcomes)
        self.refresh_data()
        if not outcomes:
            self.say(t("sync_ui.no_bundles", path=visible(folder)))
            return
        rejected = sum(1 for o in outcomes if o.status == ImportStatus.REJECTED)
        self.say(
            t("sync_ui.imported", count=fmt_int(len(outcomes)), rejected=fmt_int(rejected)),
            "error" if rejected else "done",
        )
        devices = self.reply_due = reply_devices(outcomes)
        if not devices:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_replies(devices, folder)

        question = Text(t("sync_ui.reply_question", count=fmt_int(len(devices))) + "\n\n")
        question.append(plain(folder))
        self.app.push_screen(
            ConfirmDialog(question, yes=t("sync_ui.reply_yes"), no=t("sync_ui.reply_no")), answered
        )

    def action_write_replies(self) -> None:
        """Replies for the communes of the last import, or for the highlighted commune."""
        devices = self.reply_due
        if not devices:
            row = self._device()
            if row is None or row.status.revoked:
                self.say(t("sync_ui.no_reply_due"))
                return
            devices = [row.status.device_id]
        self.choose_folder(
            t("sync_ui.replies_title", count=fmt_int(len(devices))),
            lambda folder: self._write_replies(devices, folder),
        )

    def _write_replies(self, devices: list[str], folder: Path) -> None:
        from nghean_tui.sync.review import write_replies

        self.folder = folder
        self.run_io(
            write_replies,
            devices,
            folder,
            working=t("sync_ui.writing_replies"),
            done=self._replies_written,
            failed=write_failure("sync_ui.replies_not_written"),
        )

    def _replies_written(self, replies) -> None:
        message = t("sync_ui.replies_written", count=fmt_int(len(replies.written)))
        if replies.skipped:
            message += " " + t("sync_ui.replies_skipped", count=fmt_int(len(replies.skipped)))
        self.say(message, "done")
        self.app.notify(message, markup=False)
        self.reply_due = []  # answered: `w` now means the highlighted commune
        self.refresh_data()

    # ------------------------------------------------------------ revoking

    def action_revoke(self) -> None:
        from nghean_tui.sync.review import revoke

        row = self._device()
        if row is None:
            return
        if row.status.revoked:
            self.say(t("sync_ui.already_revoked"))
            return
        question = Text(t("sync_ui.revoke_question") + "\n\n")
        question.append(plain(row.unit_name, style="bold"))
        question.append("\n" + t("sync_ui.fp_device") + " ")
        question.append(plain(row.status.device_id))
        question.append("\n" + t("sync_ui.revoke_after", seq=row.status.last_seq))

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_io(
                    lambda db, device, progress: revoke(db, device),
                    row.status.device_id,
                    working=t("sync_ui.revoking"),
                    done=lambda _: self._revoked(row),
                )

        self.app.push_screen(
            ConfirmDialog(question, yes=t("sync_ui.revoke_yes"), danger=True), answered
        )

    def _revoked(self, row) -> None:
        message = Text(t("sync_ui.revoked_done") + " ")
        message.append(plain(row.unit_name))
        self.say(message, "done")
        self.refresh_data()


def device_text(row) -> Text:
    d = row.status
    text = Text()
    parts = [
        (t("sync_ui.col_commune"), plain(row.unit_name)),
        (t("sync_ui.fp_device"), plain(d.device_id)),
        (t("sync_ui.col_fingerprint"), plain(d.fingerprint)),
        (t("sync_ui.col_last_seq"), Text(str(d.last_seq))),
        (t("sync_ui.col_last_import"), Text(fmt_moment(d.last_import) or t("sync_ui.never"))),
        (t("sync_ui.col_held"), Text(fmt_seqs(d.pending, 50))),
        (t("sync_ui.col_missing"), Text(fmt_seqs(d.missing, 50))),
        (t("sync_ui.col_alerts"), Text(str(d.alerts))),
        (t("sync_ui.col_state"), Text(t("sync_ui.revoked") if d.revoked else "")),
    ]
    for key, value in parts:
        if value.plain:
            text.append(("\n" if text else "") + f"{key}: ", style="dim")
            text.append_text(value)
    return text


def conflict_text(c) -> Text:
    """A losing version in full: what the commune had, kept so nothing is lost silently."""
    text = Text()
    for key, value in (
        (t("sync_ui.col_detected"), fmt_moment(c.detected_at)),
        (t("sync_ui.col_commune"), c.unit_name),
        (t("sync_ui.col_record"), f"{table_label(c.table_name)} {c.record_id}"),
    ):
        text.append(("\n" if text else "") + f"{key}: ", style="dim")
        text.append_text(plain(value))
    text.append("\n" + t("sync_ui.conflict_lost") + "\n", style="dim")
    try:
        fields = json.loads(c.loser_fields)
    except ValueError:
        fields = None
    if isinstance(fields, dict):
        for name in sorted(fields)[:30]:
            text.append("  ")
            text.append_text(plain(field_label(name), style="dim"))
            text.append(": ", style="dim")
            text.append_text(plain(json.dumps(fields[name], ensure_ascii=False)[:200]))
            text.append("\n")
    else:
        text.append_text(plain(c.loser_fields[:2000]))
    return text


def match_text(group) -> Text:
    """Both (or all) profiles of one citizen ID in full, for the supervisor to compare."""
    from nghean_tui.sync.review import unit_name

    text = Text(t("records.match_explain", citizen_id=group.key) + "\n")
    for p in group.profiles:
        text.append("\n" + unit_name(p.unit_code) + ": ", style="bold")
        text.append_text(plain(p.full_name))
        text.append(" · " + t("records.col_born") + " " + (p.born or "?") + " · ")
        text.append_text(plain(p.hamlet or "?"))
        text.append(" · " + t("records.col_id") + " " + p.id[:8], style="dim")
    return text
