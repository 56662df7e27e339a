"""Teams: every hamlet with its security and self-management teams, and one team's page
(details, members, activity log). Hamlets without an active team stand out."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import ActivityKind, TeamKind, TeamRole
from nghean_tui.i18n import t
from nghean_tui.screens import team_forms
from nghean_tui.screens.base import Section, compose_banner, db_run
from nghean_tui.screens.record_page import RecordPage
from nghean_tui.widgets.dialogs import ConfirmDialog
from nghean_tui.widgets.plain import fmt_code, fmt_date, fmt_int, plain, visible

# Widths of the list's columns other than the name, which takes the rest of the line.
# The list never scrolls sideways: when it is long, its scrollbar covers the last two
# characters of the status column (one of them padding): status texts stay within
# width - 1.
LIST_WIDTHS = {"kind": 10, "members": 7, "last": 11, "status": 12}
CELL_PADDING = 2  # DataTable puts one space each side of a cell
SCROLLBAR = 2


def _short(enum, code: str) -> str:
    """A short label for a table column (a code from a newer version shows as itself)."""
    if code not in {member.value for member in enum}:
        return visible(code)
    prefix = "teams.short_kind." if enum is TeamKind else "teams.short_activity."
    return t(prefix + code)


def _cell(value: str, style: str = "") -> Text:
    """A cell of typed text: literal, on one line, an ellipsis where it is cut."""
    text = plain(value, style=style)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def _open_form(screen, builder, *args, done=None) -> None:
    """Build a form in a worker (it reads choices), push it; ``done(result)`` after saving."""

    def opened(form) -> None:
        if form is None:
            screen.app.notify(t("error.not_found"), severity="warning")
            return

        def saved(result) -> None:
            if done is not None and result is not None:
                done(result)

        screen.app.push_screen(form, saved)

    db_run(screen, builder, *args, done=opened, group="open-form")


class TeamsScreen(Section):
    SECTION = "teams"
    WRITE_ACTIONS = frozenset({"new_team", "new_hamlet", "rename_hamlet", "delete_team"})
    BINDINGS = [
        Binding("n", "new_team", "key.teams_new_team"),
        Binding("h", "new_hamlet", "key.teams_new_hamlet"),
        Binding("r", "rename_hamlet", "key.teams_rename_hamlet"),
        Binding("enter", "open", "key.open", show=False),
        Binding("delete", "delete_team", "key.teams_delete_team", show=False),
    ]
    DEFAULT_CSS = """
    TeamsScreen .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    TeamsScreen #teams { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hamlets: list = []
        self.rows: list[tuple] = []  # (hamlet, team or None), one per table row
        self._select: str | None = None  # the row to highlight after the next load

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(t("teams.loading"), id="title", classes="screen-title")
        yield DataTable(id="teams", cursor_type="row", zebra_stripes=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#teams", DataTable)
        fixed = sum(LIST_WIDTHS.values()) + CELL_PADDING * (len(LIST_WIDTHS) + 1)
        table.add_column(
            t("teams.col_name"), key="name", width=max(20, self.app.size.width - fixed)
        )
        for key, width in LIST_WIDTHS.items():
            table.add_column(t(f"teams.col_{key}"), key=key, width=width)
        table.focus()
        # The data loads when the screen is shown (Section.on_screen_resume).

    def refresh_data(self) -> None:
        from nghean_tui.storage.teams import hamlets_with_teams

        db_run(self, lambda db: hamlets_with_teams(db, clock.today()), done=self._show)

    # ------------------------------------------------------------ showing

    def _show(self, hamlets) -> None:
        self.hamlets = hamlets
        covered = sum(1 for h in hamlets if h.has_active_team)
        self.query_one("#title", Static).update(
            Text(
                t("teams.title", covered=covered, total=len(hamlets))
                if hamlets
                else t("teams.no_hamlets")
            )
        )
        table = self.query_one("#teams", DataTable)
        keep, self._select = self._select or self._current_key(), None
        table.clear()
        self.rows = []
        for hamlet in hamlets:
            self._add(
                table,
                hamlet,
                None,
                [
                    _cell(hamlet.name, "bold" if hamlet.has_active_team else "bold reverse yellow"),
                    "",
                    fmt_int(hamlet.members) if hamlet.has_active_team else "",
                    fmt_date(hamlet.last_activity),
                    self._hamlet_status(hamlet),
                ],
            )
            for team in hamlet.teams:
                style = "" if team.active else "dim"
                self._add(
                    table,
                    hamlet,
                    team,
                    [
                        _cell(" " + team.name, style),
                        Text(_short(TeamKind, team.kind), style=style),
                        Text(fmt_int(team.members), style=style),
                        Text(fmt_date(team.last_activity), style=style),
                        Text(
                            t("teams.active") if team.active else t("teams.dissolved"), style=style
                        ),
                    ],
                )
        keys = [self._key(h, tm) for h, tm in self.rows]
        if keys:
            table.move_cursor(row=keys.index(keep) if keep in keys else 0)

    def _add(self, table: DataTable, hamlet, team, cells: list) -> None:
        self.rows.append((hamlet, team))
        table.add_row(*cells, key=self._key(hamlet, team))

    @staticmethod
    def _key(hamlet, team) -> str:
        return f"t:{team.id}" if team is not None else f"h:{hamlet.id}"

    @staticmethod
    def _hamlet_status(hamlet) -> Text:
        if not hamlet.has_active_team:
            return Text(t("teams.no_team"), style="bold reverse yellow")
        if not hamlet.has_security_team:
            return Text(t("teams.no_security_team"), style="yellow")
        return Text("")

    def _current(self) -> tuple:
        row = self.query_one("#teams", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else (None, None)

    def _current_key(self) -> str | None:
        hamlet, team = self._current()
        return self._key(hamlet, team) if hamlet is not None else None

    # ------------------------------------------------------------ acting

    @on(DataTable.RowSelected, "#teams")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """A team opens its page; a hamlet opens its own small form."""
        hamlet, team = self._current()
        if team is not None:
            self.app.push_screen(TeamPage(team.id))
        elif hamlet is not None and not self.read_only:
            self.action_rename_hamlet()

    def action_new_team(self) -> None:
        hamlet, _ = self._current()
        _open_form(
            self,
            team_forms.team_form,
            None,
            hamlet.id if hamlet else None,
            done=lambda team: self.app.push_screen(TeamPage(team.id)),
        )

    def action_new_hamlet(self) -> None:
        _open_form(self, team_forms.hamlet_form, done=self._hamlet_saved)

    def action_rename_hamlet(self) -> None:
        hamlet, _ = self._current()
        if hamlet is not None:
            _open_form(self, team_forms.hamlet_form, hamlet.id, done=self._hamlet_saved)

    def _hamlet_saved(self, hamlet) -> None:
        self._select = f"h:{hamlet.id}"  # shown by the reload on resume
        self.app.notify(t("teams.saved_hamlet", name=visible(hamlet.name)), markup=False)

    def action_delete_team(self) -> None:
        _, team = self._current()
        if team is None:
            self.app.notify(t("teams.choose_team"), severity="warning")
            return
        from nghean_tui.storage.teams import delete_team

        def answered(yes: bool | None) -> None:
            if yes:
                db_run(
                    self,
                    delete_team,
                    team.id,
                    team.version,
                    done=lambda _: self.refresh_data(),
                    group="delete",
                )

        question = t("teams.delete_team_question", name=plain(team.name).plain)
        self.app.push_screen(
            ConfirmDialog(Text(question), yes=t("dialog.delete"), danger=True), answered
        )


class TeamPage(RecordPage):
    """One team: details, members (current first; those who left dimmed), activity log."""

    WRITE_ACTIONS = frozenset({"edit", "add_member", "add_activity", "edit_row", "delete_row"})

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.teams_edit_team"),
        Binding("m", "add_member", "key.teams_add_member"),
        Binding("a", "add_activity", "key.teams_add_activity"),
        Binding("enter", "edit_row", "key.teams_edit_row", show=False),
        Binding("delete", "delete_row", "key.teams_delete_row", show=False),
    ]
    DEFAULT_CSS = """
    TeamPage .screen-title { text-style: bold; padding: 0 1; background: $boost; }
    TeamPage #details { padding: 0 1; height: auto; }
    TeamPage .heading { padding: 0 1; height: 1; text-style: bold; color: $text-muted; }
    TeamPage #members { height: auto; max-height: 40%; }
    TeamPage #activities { height: 1fr; min-height: 4; }
    """

    @property
    def team_id(self) -> str:
        return self.record_id

    def compose(self) -> ComposeResult:
        yield from compose_banner(self.app)
        yield Static(t("teams.loading"), id="name", classes="screen-title")
        yield Static("", id="details")
        yield Static("", id="members-heading", classes="heading")
        yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield Static("", id="activities-heading", classes="heading")
        yield DataTable(id="activities", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def prepare(self) -> None:
        members = self.query_one("#members", DataTable)
        for key, width in (
            ("member_name", 22),
            ("role", 9),
            ("phone", 10),
            ("born", 4),
            ("joined", 10),
            ("left", 10),
        ):
            members.add_column(t(f"teams.col_{key}"), key=key, width=width)
        activities = self.query_one("#activities", DataTable)
        notes = max(20, self.app.size.width - (10 + 14 + 8) - CELL_PADDING * 4 - SCROLLBAR)
        for key, width in (("date", 10), ("activity", 14), ("participants", 8), ("notes", notes)):
            activities.add_column(t(f"teams.col_{key}"), key=key, width=width)
        members.focus()

    def load(self, db):
        from nghean_tui.storage.teams import team_detail

        return team_detail(db, self.team_id, clock.today())

    # ------------------------------------------------------------ showing

    def show(self, detail) -> None:
        team = detail.team
        self.query_one("#name", Static).update(plain(team.name))
        self.query_one("#details", Static).update(self._details(detail))

        left = len(detail.members) - detail.current_members
        heading = t("teams.members_heading", current=fmt_int(detail.current_members))
        if left:
            heading += t("teams.members_left", left=fmt_int(left))
        self.query_one("#members-heading", Static).update(Text(heading))
        members = self.query_one("#members", DataTable)
        cursor = members.cursor_row
        members.clear()
        for m in detail.members:
            style = "" if detail.current(m) else "dim"
            members.add_row(
                _cell(m.full_name, style),
                *[
                    plain(value, style=style)
                    for value in (
                        fmt_code(TeamRole, m.role),
                        m.phone or "",
                        m.birth_year or "",
                        fmt_date(m.joined_on),
                        fmt_date(m.left_on),
                    )
                ],
                key=m.id,
            )
        if detail.members:
            members.move_cursor(row=min(max(cursor, 0), len(detail.members) - 1))

        self.query_one("#activities-heading", Static).update(
            Text(t("teams.activities_heading", count=fmt_int(len(detail.activities))))
        )
        activities = self.query_one("#activities", DataTable)
        cursor = activities.cursor_row
        activities.clear()
        for a in detail.activities:
            activities.add_row(
                fmt_date(a.activity_date),
                plain(_short(ActivityKind, a.kind)),
                fmt_int(a.participants),
                _cell(" ".join(a.notes.split())),
                key=a.id,
            )
        if detail.activities:
            activities.move_cursor(row=min(max(cursor, 0), len(detail.activities) - 1))

    @staticmethod
    def _details(detail) -> Text:
        team = detail.team
        text = Text()

        def part(label: str, value, sep: str = " · ") -> None:
            if text:
                text.append(sep)
            text.append(f"{label}: ", style="dim")
            text.append(plain(value) if isinstance(value, str) else value)

        part(t("teams.kind"), fmt_code(TeamKind, team.kind))
        part(t("teams.hamlet"), detail.hamlet_name)
        lines = []
        if team.decision_number or team.decision_date:
            decision = t("teams.decision", number=team.decision_number).strip()
            if team.decision_date:
                decision += " " + t("teams.decision_date", date=fmt_date(team.decision_date))
            lines.append(plain(decision))
        if team.established_on:
            lines.append(Text(f"{t('teams.established')} {fmt_date(team.established_on)}"))
        if team.dissolved_on:
            lines.append(
                Text(
                    f"{t('teams.dissolved_on')} {fmt_date(team.dissolved_on)}", style="bold yellow"
                )
            )
        if lines:
            text.append("\n")
            text.append(Text(" · ").join(lines))
        if team.notes:
            text.append("\n")
            text.append(plain(" ".join(team.notes.split()), style="italic"))
        return text

    # ------------------------------------------------------------ acting

    def _focused_table(self) -> str:
        focused = self.focused
        return focused.id if isinstance(focused, DataTable) and focused.id else "members"

    def _selected(self, table_id: str):
        if self.detail is None:
            return None
        rows = self.detail.members if table_id == "members" else self.detail.activities
        row = self.query_one(f"#{table_id}", DataTable).cursor_row
        return rows[row] if 0 <= row < len(rows) else None

    def action_edit(self) -> None:
        if self.detail is not None:
            _open_form(self, team_forms.team_form, self.detail.team)

    def action_add_member(self) -> None:
        if self.detail is not None:
            _open_form(self, team_forms.member_form, self.detail.team)

    def action_add_activity(self) -> None:
        if self.detail is not None:
            _open_form(self, team_forms.activity_form, self.detail.team)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id is not None:
            self._edit(event.data_table.id)

    def action_edit_row(self) -> None:
        self._edit(self._focused_table())

    def _edit(self, table_id: str) -> None:
        record = self._selected(table_id)
        if record is not None and not self.read_only:
            builder = team_forms.member_form if table_id == "members" else team_forms.activity_form
            _open_form(self, builder, self.detail.team, record)

    def action_delete_row(self) -> None:
        table_id = self._focused_table()
        record = self._selected(table_id)
        if record is None:
            return
        from nghean_tui.storage.records import Records

        model: type[models.TeamMember] | type[models.TeamActivity]
        if table_id == "members":
            model, question = (
                models.TeamMember,
                t("teams.delete_member_question", name=plain(record.full_name).plain),
            )
        else:
            model, question = (
                models.TeamActivity,
                t("teams.delete_activity_question", date=fmt_date(record.activity_date)),
            )

        def answered(yes: bool | None) -> None:
            if yes:
                db_run(
                    self,
                    lambda db: Records(db).delete(
                        model, record.id, expected_version=record.version
                    ),
                    done=lambda _: self.refresh_data(),
                    group="delete",
                )

        self.app.push_screen(
            ConfirmDialog(Text(question), yes=t("dialog.delete"), danger=True), answered
        )
