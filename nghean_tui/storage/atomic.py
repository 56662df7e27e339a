"""Crash-safe file replacement: a reader sees the old bytes or the new, never a mix.

For the files of the data folder (keyslots, settings, the unlock state). The temporary file
has a random name and is created exclusively without following links, so even a folder
someone could write into cannot redirect the write; files outside the data folder go through
:mod:`nghean_tui.storage.safefile`, which also reads them back.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def fsync_dir(directory: Path) -> None:
    """Make a rename durable; a no-op where the OS cannot open directories (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to a new temporary file beside ``path``, flush and fsync it, rename it
    over ``path``, fsync the folder."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, _FLAGS, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)
