"""Bundles on USB sticks: writing them safely, finding them, and finding the stick.

A bundle is written as ``name.tmp``, flushed, fsynced, renamed, the folder fsynced, then read
back and compared; only then is it "written — safe to remove". A full or pulled stick raises
:class:`WriteFailed` and leaves the outbox (in the database) as it was. Import ignores
``*.tmp`` files: they are what a pulled stick leaves behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from nghean_tui.storage.atomic import write_atomic
from nghean_tui.sync.bundle import EXTENSION, MAX_FILE

CHUNK = 256 * 1024


class WriteFailed(Exception):
    """The file could not be written and checked; ``reason`` is a stable code."""

    def __init__(self, reason: str, path: Path) -> None:
        self.reason, self.path = reason, path
        super().__init__(f"{reason}: {path}")


def _reason(exc: OSError) -> str:
    return {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EROFS: "read_only",
            errno.EACCES: "no_permission", errno.EPERM: "no_permission",
            errno.ENOENT: "folder_missing", errno.ENOTDIR: "folder_missing"}.get(
        exc.errno, "io_error")


def write_checked(folder: Path, name: str, data: bytes,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Write ``data`` to ``folder/name`` safely and read it back; returns the final path."""
    folder = Path(folder)
    path = folder / name
    if not folder.is_dir():
        raise WriteFailed("folder_missing", folder)
    try:
        if progress is None:
            write_atomic(path, data, mode=0o600)
        else:
            _write_with_progress(path, data, progress)
        with open(path, "rb") as handle:
            back = handle.read()
    except OSError as exc:
        Path(f"{path}.tmp").unlink(missing_ok=True)
        raise WriteFailed(_reason(exc), path) from None
    if hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        raise WriteFailed("read_back_differs", path)
    return path


def _write_with_progress(path: Path, data: bytes, progress: Callable[[int, int], None]) -> None:
    from nghean_tui.storage.atomic import fsync_dir

    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        done = 0
        while done < len(data):
            written = os.write(fd, view[done:done + CHUNK])
            done += written
            progress(done, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


@dataclass(frozen=True)
class Found:
    path: Path
    size: int


def bundle_files(paths: Iterable[Path]) -> list[Found]:
    """The bundle files named by ``paths`` (files, or folders searched one level deep),
    without leftovers of interrupted writes; sorted by name, which sorts by sequence."""
    found: dict[Path, Found] = {}
    for path in map(Path, paths):
        candidates = sorted(path.iterdir()) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.name.endswith(".tmp") or not candidate.is_file():
                continue
            if path.is_dir() and not candidate.name.endswith(EXTENSION):
                continue
            found[candidate] = Found(candidate, candidate.stat().st_size)
    return sorted(found.values(), key=lambda f: f.path.name)


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing (``OverflowError``) anything larger than a bundle may be."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise OverflowError(str(path))
    return data


def removable_drives() -> list[Path]:
    """Mounted removable drives (USB sticks), most recently mounted last.

    Linux desktops mount them under /media/<user>/ or /run/media/<user>/; those folders are
    listed. Where none exist the officer types a folder instead.
    """
    roots = []
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    for base in (Path("/media") / user, Path("/run/media") / user, Path("/media")):
        try:
            roots += [p for p in base.iterdir() if p.is_dir() and os.path.ismount(p)]
        except OSError:
            continue
    unique = list(dict.fromkeys(roots))
    return sorted(unique, key=lambda p: p.stat().st_mtime)
