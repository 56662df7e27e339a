"""Helpers shared by storage tests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def folder_digest(folder: Path, *, skip: tuple[str, ...] = ("nghean.lock",)) -> dict[str, str]:
    """Digest of every file in a data folder (the instance lock file aside)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).iterdir())
        if p.is_file() and p.name not in skip
    }


def markers_in(folder: Path, marker: str) -> list[str]:
    """Files under ``folder`` containing ``marker`` in UTF-8 or UTF-16 (either byte order)."""
    needles = [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    found = []
    for path in Path(folder).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(path.name)
    return found


def open_files_under(folder: Path) -> dict[str, bytes]:
    """Contents of files this process holds open under ``folder``, including deleted ones.

    SQLite unlinks its temporary files as soon as it opens them, so listing the folder shows
    nothing; reading them through /proc/self/fd is the only way to see what they hold.
    """
    found = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith(str(folder)):
                with open(f"/proc/self/fd/{fd}", "rb") as handle:
                    found[target] = handle.read()
        except OSError:
            continue
    return found
