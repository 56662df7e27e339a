"""Dialogs of the Sync section: choosing a drive or folder, and comparing fingerprints."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from nghean_tui.domain.formats import fmt_fingerprint
from nghean_tui.i18n import t
from nghean_tui.widgets.plain import plain
from nghean_tui.widgets.translated import Translated
from nghean_tui.widgets.work import run_guarded


class FolderDialog(Translated, ModalScreen[Path | None]):
    """Where to write to or read from: a detected removable drive, or a typed folder.

    Drives (label, place, free space: :mod:`nghean_tui.storage.drives`) are looked for in a
    worker (a dying USB stick can take seconds to answer). The field starts with ``initial``,
    else the last folder chosen (remembered in the settings), else the newest drive; the
    remembered drive, if plugged in, is the highlighted one. Enter in the field takes what it
    says, Enter on a listed drive (Tab reaches the list) takes that drive; Esc gives None.
    """

    DEFAULT_CSS = """
    FolderDialog { align: center middle; }
    FolderDialog > Vertical { width: 76; max-width: 98%; height: auto; max-height: 90%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    FolderDialog OptionList { height: auto; max-height: 6; }
    FolderDialog .hint { color: $text-muted; }
    FolderDialog .label { margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, title: str, initial: Path | None = None) -> None:
        super().__init__()
        self._translate_bindings()
        self.title_text, self.initial = title, initial
        self.drives: list[Path] = []

    def _remembered(self) -> str:
        settings = getattr(self.app, "settings", None)
        return getattr(settings, "last_folder", "") or ""

    def compose(self) -> ComposeResult:
        start = str(self.initial) if self.initial else self._remembered()
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(t("sync_ui.drives_looking"), id="drives-label", classes="label")
            yield OptionList(id="drives")
            yield Static(t("sync_ui.folder_label"), classes="label")
            yield Input(value=start, placeholder=t("sync_ui.folder_placeholder"), id="folder")
            yield Static(t("sync_ui.folder_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#drives", OptionList).display = False
        self.query_one("#folder", Input).focus()
        self._look()

    def _look(self) -> None:
        from nghean_tui.storage import drives

        def failed(exc: Exception) -> bool:
            from nghean_tui.errors import describe

            self.query_one("#drives-label", Static).update(plain(describe(exc)))
            return True

        # Looked up when called, so a test can stand in for the machine's drives.
        run_guarded(
            self, lambda: drives.removable_drives(), done=self._show, failed=failed, group="drives"
        )

    def _show(self, found: list) -> None:
        self.drives = [drive.path for drive in found]
        label = self.query_one("#drives-label", Static)
        options = self.query_one("#drives", OptionList)
        if not found:
            label.update(t("sync_ui.drives_none"))
            return
        label.update(t("sync_ui.drives_found"))
        options.add_options([Option(drive_text(drive)) for drive in found])
        options.highlighted = _remembered_index(self.drives, self._remembered())
        options.display = True
        folder = self.query_one("#folder", Input)
        if not folder.value:  # never change what is being typed, nor steal the focus
            folder.value = str(self.drives[options.highlighted or 0])

    @on(OptionList.OptionSelected, "#drives")
    def _drive_chosen(self, event: OptionList.OptionSelected) -> None:
        self._choose(self.drives[event.option_index])

    @on(Input.Submitted, "#folder")
    def _typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self._choose(Path(value).expanduser())

    def _choose(self, path: Path) -> None:
        _remember(self.app, path)
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _remembered_index(paths: list[Path], remembered: str) -> int:
    """The drive holding the remembered folder, else the most recently plugged in."""
    if remembered:
        where = Path(remembered)
        for index, path in enumerate(paths):
            if where == path or path in where.parents:
                return index
    return len(paths) - 1


def _remember(app, path: Path) -> None:
    """Keep the choice for next time, saved with the other settings (in a worker: a file)."""
    settings, vault = getattr(app, "settings", None), getattr(app, "vault", None)
    text = str(path)
    if settings is None or vault is None or not hasattr(settings, "last_folder"):
        return
    if settings.last_folder == text:
        return
    settings.last_folder = text
    data_dir = vault.data_dir
    run_guarded(app, lambda: settings.save(data_dir), group="settings-save")


def drive_text(drive) -> Text:
    """One drive as listed: its label (literal; "no label" when none was read), where it
    is, and its free space ("full" at 0 bytes)."""
    from nghean_tui.domain.sizes import fmt_size
    from nghean_tui.i18n import language

    text = plain(drive.label, style="bold") if drive.label else Text(t("drives.no_label"))
    text.append("  ")
    text.append_text(plain(drive.path))
    if drive.free is not None:
        text.append("  · ")
        if drive.free == 0:
            text.append(t("drives.full"), style="bold reverse")
        else:
            text.append(t("drives.free", size=fmt_size(drive.free, language())))
    return text


def fingerprint_text(fingerprint: str) -> Text:
    """A fingerprint to read aloud, written as everywhere else (``fmt_fingerprint``: what
    the command line prints), bold and reversed (which stays visible without colour)."""
    return Text(f" {fmt_fingerprint(fingerprint)} ", style="bold reverse")


class FingerprintDialog(Translated, ModalScreen[bool]):
    """Before a card is trusted: its fingerprint, big, to compare with what the other side
    reads from their screen, and ours to read to them. Only "they match" trusts it; the
    safe answer has the focus, so Enter alone never enrolls anyone."""

    DEFAULT_CSS = """
    FingerprintDialog { align: center middle; }
    FingerprintDialog > Vertical { width: 76; max-width: 98%; height: auto; max-height: 100%;
                                   border: thick $warning; background: $surface; padding: 0 1; }
    FingerprintDialog .fingerprint { width: 100%; content-align: center middle;
                                     margin: 0 0 1 0; }
    FingerprintDialog .label { margin-top: 1; }
    FingerprintDialog .hint { color: $text-muted; }
    FingerprintDialog Horizontal { height: auto; align-horizontal: right; }
    FingerprintDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "key.fingerprints_match", show=False),
        Binding("n,escape", "answer(False)", "key.fingerprints_differ", show=False),
    ]

    def __init__(
        self,
        *,
        unit_name: str,
        role_label: str,
        device_id: str,
        fingerprint: str,
        own_fingerprint: str,
    ) -> None:
        super().__init__()
        self._translate_bindings()
        self.unit_name, self.role_label, self.device_id = unit_name, role_label, device_id
        self.fingerprint, self.own_fingerprint = fingerprint, own_fingerprint

    def compose(self) -> ComposeResult:
        about = Text(t("sync_ui.fp_card_of") + " ", style="")
        about.append(plain(self.unit_name, style="bold"))
        about.append(f" ({self.role_label}) · {t('sync_ui.fp_device')} ")
        about.append(plain(self.device_id))
        with Vertical():
            yield Static(Text(t("sync_ui.fp_title"), style="bold"))
            yield Static(about)
            yield Static(t("sync_ui.fp_theirs"), classes="label")
            yield Static(fingerprint_text(self.fingerprint), classes="fingerprint", id="theirs")
            yield Static(t("sync_ui.fp_ours"))
            yield Static(fingerprint_text(self.own_fingerprint), classes="fingerprint", id="ours")
            yield Static(t("sync_ui.fp_hint"), classes="hint")
            with Horizontal():
                yield Button(t("sync_ui.fp_differ"), id="no")
                yield Button(t("sync_ui.fp_match"), id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
