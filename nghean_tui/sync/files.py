"""Bundles on USB sticks: writing them safely and finding them (the sticks themselves:
:mod:`nghean_tui.storage.drives`).

Writing goes through :func:`nghean_tui.storage.safefile.write_new`: an exclusive temporary
file with a random name (never through a link someone planted), fsync, rename, fsync of the
folder, then read back and compared; only then is it "written — safe to remove". A full or
pulled stick raises :class:`WriteFailed` and leaves the outbox (in the database) as it was.

Reading: only regular files are bundles. A link, FIFO, device or folder named like a bundle
is reported with its reason and never opened; import ignores ``*.tmp`` files (what a pulled
stick leaves behind).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from nghean_tui.storage import safefile
from nghean_tui.storage.safefile import FileRefused
from nghean_tui.sync.bundle import AGE_HEADER, EXTENSION, MAX_FILE

WriteFailed = FileRefused  # ``reason`` is a stable code (``sync.write.<reason>``)


def write_checked(
    folder: Path, name: str, data: bytes, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Write ``data`` to ``folder/name`` safely and read it back; returns the final path."""
    return safefile.write_new(Path(folder), name, data, progress)


@dataclass(frozen=True)
class Found:
    path: Path
    size: int
    refused: str = ""  # why it is not read: is_link, not_regular, is_folder (see safefile)


def bundle_files(paths: Iterable[Path]) -> list[Found]:
    """The bundle files named by ``paths`` (files, or folders searched one level deep),
    without leftovers of interrupted writes; sorted by name, which sorts by sequence.

    Anything that is not a regular file is listed with its ``refused`` reason: named
    explicitly, or found in a folder under a bundle's name (a link planted on a stick).
    """
    found: dict[Path, Found] = {}
    for path in map(Path, paths):
        refused = safefile.refusal(path)
        if refused == "is_folder":
            for candidate in _entries(path):
                name = candidate.name
                if name.endswith(".tmp") or not name.endswith(EXTENSION):
                    continue
                found[candidate] = _found(candidate)
        else:
            found[path] = _found(path, refused)
    return sorted(found.values(), key=lambda f: os.fsencode(f.path.name))


def _entries(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as listing:
            return [Path(entry.path) for entry in listing]
    except OSError:
        return []


def _found(path: Path, refused: str | None = None) -> Found:
    refused = safefile.refusal(path) if refused is None else refused
    if refused:
        return Found(path, 0, refused)
    try:
        return Found(path, os.lstat(path).st_size)
    except OSError:
        return Found(path, 0, "unreadable")


def read_bundle(path: Path) -> bytes:
    """A bundle file's bytes, if it is a regular file no larger than a bundle may be;
    :class:`FileRefused` otherwise (``wrong_kind`` for a file that is no age file, after
    reading only its first line)."""
    return safefile.read_regular(path, MAX_FILE, prefix=AGE_HEADER)
