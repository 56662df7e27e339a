"""Files outside the data folder: written without following links, read only when regular.

A USB stick, or any folder an officer types, may have been prepared by someone else. So:

* **Writing** (bundles, replies, identity cards, reports): the bytes go to a temporary file
  with a random name, created exclusively (``O_CREAT|O_EXCL|O_NOFOLLOW``; on Windows
  ``O_EXCL`` alone, which also refuses an existing link), relative to the folder opened
  once (``dir_fd``), so no planted ``name.tmp`` link can redirect the write. It is flushed,
  fsynced, renamed over the final name (a rename replaces a name; it never truncates or
  writes through an existing file), the folder is fsynced, and the file is read back and
  compared. A folder inside a data folder this process has opened (:func:`protect`) is
  refused, also when reached through a link.
* **Reading** (bundles, cards, criteria, populations): the path must name a regular file,
  itself and not through a link; it is opened with ``O_NOFOLLOW|O_NONBLOCK`` and checked with
  ``fstat`` before a byte is read, so a FIFO or a device never blocks or streams forever.

Failures raise :class:`FileRefused` with a stable ``reason`` (messages in the catalogue under
``sync.write.*`` and ``file.*``); nothing here prints.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

CHUNK = 256 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_DIR_FD = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd

_protected: set[Path] = set()


class FileRefused(Exception):
    """A file that was not written or not read; ``reason`` is a stable code."""

    def __init__(self, reason: str, path: Path | str) -> None:
        self.reason, self.path = reason, Path(path)
        super().__init__(f"{reason}: {path}")


def protect(data_dir: Path) -> None:
    """Never write an outside file into ``data_dir`` (or a folder inside it) from now on."""
    _protected.add(Path(os.path.realpath(data_dir)))


def _os_reason(exc: OSError) -> str:
    reasons: dict[int | None, str] = {  # errno is None for an OSError raised without one
        errno.ENOSPC: "disk_full",
        errno.EDQUOT: "disk_full",
        errno.EROFS: "read_only",
        errno.EACCES: "no_permission",
        errno.EPERM: "no_permission",
        errno.ENOENT: "folder_missing",
        errno.ENOTDIR: "folder_missing",
        errno.ELOOP: "is_link",
        errno.EEXIST: "exists",
        errno.EISDIR: "is_folder",
        errno.EIO: "io_error",
    }
    return reasons.get(exc.errno, "io_error")


def _inside_protected(real: Path) -> bool:
    return any(real == guarded or guarded in real.parents for guarded in _protected)


def check_folder(folder: Path) -> Path:
    """The folder's real path, if outside files may be written there."""
    folder = Path(folder)
    try:
        info = os.stat(folder)
    except OSError as exc:
        raise FileRefused(
            "folder_missing" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else _os_reason(exc),
            folder,
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise FileRefused("folder_missing", folder)
    real = Path(os.path.realpath(folder))
    if _inside_protected(real):
        raise FileRefused("folder_is_data", folder)
    return real


def _write_all(fd: int, data: bytes, progress: Callable[[int, int], None] | None) -> None:
    view = memoryview(data)
    done, total = 0, len(data)
    while done < total:
        done += os.write(fd, view[done : done + CHUNK])
        if progress is not None:
            progress(done, total)
    if progress is not None and not total:
        progress(0, 0)
    os.fsync(fd)


def _quiet(action: Callable[[], object]) -> None:
    """Clean-up that must never hide the failure being reported (a read-only stick refuses
    the unlink too)."""
    try:
        action()
    except OSError:
        pass


def write_new(
    folder: Path, name: str, data: bytes, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Write ``data`` to ``folder/name`` as the module docstring says; the final path.

    ``name`` is a plain file name (no folder part). Raises :class:`FileRefused`.
    """
    if not name or name in (".", "..") or os.sep in name or (os.altsep and os.altsep in name):
        raise FileRefused("bad_name", name)
    real = check_folder(folder)
    path = Path(folder) / name
    temp = f".{name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    if _DIR_FD:
        _write_posix(real, path, name, temp, flags, data, progress)
    else:
        _write_portable(real, path, name, temp, flags, data, progress)
    return path


def _write_posix(
    real: Path, path: Path, name: str, temp: str, flags: int, data: bytes, progress
) -> None:
    try:
        dir_fd = os.open(real, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError as exc:
        raise FileRefused(_os_reason(exc), path.parent) from None
    try:
        # The folder we opened is the one we checked (not swapped for a link meanwhile).
        if not _same_folder(dir_fd, real) or _inside_protected(Path(os.path.realpath(real))):
            raise FileRefused("folder_is_data", path.parent)
        try:
            fd = os.open(temp, flags, 0o600, dir_fd=dir_fd)
        except OSError as exc:
            raise FileRefused(_os_reason(exc), path) from None
        try:
            try:
                _write_all(fd, data, progress)
            finally:
                os.close(fd)
            os.rename(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except OSError as exc:
            _quiet(lambda: os.unlink(temp, dir_fd=dir_fd))
            raise FileRefused(_os_reason(exc), path) from None
        fsync_folder(dir_fd)
        if not _same_folder(dir_fd, real):  # the stick was pulled, or the folder moved
            _quiet(lambda: os.unlink(name, dir_fd=dir_fd))
            raise FileRefused("folder_missing", path.parent)
        back = _read_back(
            lambda: os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=dir_fd),
            path,
            len(data),
        )
    finally:
        os.close(dir_fd)
    if back != hashlib.sha256(data).digest():
        raise FileRefused("read_back_differs", path)


def _same_folder(dir_fd: int, real: Path) -> bool:
    try:
        opened, named = os.fstat(dir_fd), os.stat(real)
    except OSError:
        return False
    return (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)


def fsync_folder(dir_fd: int) -> None:
    """Make the rename durable (some file systems refuse to fsync a folder: no matter)."""
    _quiet(lambda: os.fsync(dir_fd))


def _write_portable(
    real: Path, path: Path, name: str, temp: str, flags: int, data: bytes, progress
) -> None:
    """Where the OS has no ``dir_fd`` (Windows): the same steps by path."""
    temp_path = real / temp
    try:
        fd = os.open(temp_path, flags, 0o600)
    except OSError as exc:
        raise FileRefused(_os_reason(exc), path) from None
    try:
        try:
            _write_all(fd, data, progress)
        finally:
            os.close(fd)
        os.replace(temp_path, real / name)
    except OSError as exc:
        _quiet(lambda: os.unlink(temp_path))
        raise FileRefused(_os_reason(exc), path) from None
    back = _read_back(lambda: _open_regular_fd(real / name), path, len(data))
    if back != hashlib.sha256(data).digest():
        raise FileRefused("read_back_differs", path)


def _read_back(opener: Callable[[], int], path: Path, size: int) -> bytes:
    try:
        fd = opener()
    except OSError as exc:
        raise FileRefused(_os_reason(exc), path) from None
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileRefused("read_back_differs", path)
        while chunk := os.read(fd, CHUNK):
            digest.update(chunk)
            size -= len(chunk)
            if size < 0:
                break
    except OSError as exc:
        raise FileRefused(_os_reason(exc), path) from None
    finally:
        os.close(fd)
    return digest.digest()


# ---------------------------------------------------------------- reading


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is_folder"
    if stat.S_ISLNK(mode):
        return "is_link"
    return "not_regular"  # FIFO, device, socket


def _open_regular_fd(path: Path) -> int:
    """An fd on ``path`` if it is a regular file (not a link to one); OSError or
    :class:`FileRefused` otherwise."""
    if not _NOFOLLOW:  # Windows: no O_NOFOLLOW, so look at the name first
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or getattr(info, "st_file_attributes", 0) & 0x400:
            raise FileRefused("is_link", path)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and _NOFOLLOW):
            raise FileRefused("is_link", path) from None
        if exc.errno == errno.EISDIR:
            raise FileRefused("is_folder", path) from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileRefused(_kind(mode), path)
    return fd


def refusal(path: Path) -> str | None:
    """Why ``path`` could not be read as a regular file (without opening it), or None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "missing"
        return "unreadable"
    return None if stat.S_ISREG(mode) else _kind(mode)


def read_regular(path: Path, limit: int, *, prefix: bytes = b"") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    With ``prefix``, a file that does not start with it is refused (``wrong_kind``) after
    reading only that many bytes: a folder of large junk costs almost nothing to sort out.
    """
    path = Path(path)
    try:
        fd = _open_regular_fd(path)
    except FileNotFoundError:
        raise FileRefused("missing", path) from None
    except OSError:
        raise FileRefused("unreadable", path) from None
    try:
        if os.fstat(fd).st_size > limit:
            raise FileRefused("too_large", path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            head = handle.read(len(prefix))
            if head != prefix:
                raise FileRefused("wrong_kind", path)
            data = head + handle.read(limit + 1 - len(head))
    except OSError:
        raise FileRefused("unreadable", path) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew since fstat
        raise FileRefused("too_large", path)
    return data
