"""Files and folders named on the command line, checked before the database is unlocked (so
bad input changes nothing) and read without following a link or blocking on a FIFO
(``storage.safefile``; docs/security-notes.md, "Files outside the data folder")."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nghean_tui.cli.common import fail
from nghean_tui.cli.show import shown, write_failed
from nghean_tui.storage import safefile

if TYPE_CHECKING:
    from nghean_tui.sync.outbox import Outbound

# A path refused before it is opened (storage.safefile reasons) → the message saying so.
REFUSED_INPUT = {
    "missing": "cli.sync_no_file",
    "is_folder": "cli.sync_is_folder",
    "is_link": "cli.sync_is_link",
    "not_regular": "cli.sync_not_regular",
    "too_large": "cli.sync_too_large",
    "unreadable": "cli.sync_unreadable",
    "wrong_kind": "sync.reason.not_a_bundle",
}


def input_file(value: str) -> Path:
    """A file named on the command line: a regular file, itself (not a link to one), not a
    folder, FIFO or device; checked without opening it."""
    path = Path(value)
    refused = safefile.refusal(path)
    if refused is not None:
        raise fail(REFUSED_INPUT[refused], path=shown(value))
    return path


def folder(value: str) -> Path:
    """A folder to write into: it exists, is a folder, and is not (inside) the data folder."""
    path = Path(value)
    try:
        safefile.check_folder(path)
    except safefile.FileRefused as exc:
        if exc.reason == "folder_is_data":
            raise fail("cli.sync_folder_is_data", path=shown(value)) from None
        if path.exists() or path.is_symlink():
            raise fail("cli.sync_not_folder", path=shown(value)) from None
        raise fail("cli.sync_no_folder", path=shown(value)) from None
    return path


def read(path: Path, limit: int, *, prefix: bytes = b"") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see storage.safefile)."""
    try:
        return safefile.read_regular(path, limit, prefix=prefix)
    except safefile.FileRefused as exc:
        raise fail(REFUSED_INPUT.get(exc.reason, "cli.sync_unreadable"), path=shown(path)) from None


def write_bundle(out: Outbound, target: Path) -> Path | None:
    """Write bundle ``out`` into folder ``target`` (read back and compared); when that fails,
    say why on stderr and return None (the command goes on with the next, and exits 1)."""
    from nghean_tui.sync import files, outbox

    try:
        return outbox.write_out(out, target)
    except files.WriteFailed as exc:
        print(f"nghean-tui: {write_failed(exc)}", file=sys.stderr)
        return None
