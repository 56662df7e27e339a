"""Removable drives (USB sticks, memory cards) an officer can write to or read from.

Each operating system is asked in its own way, through a :class:`DriveSystem` whose reads are
injectable, so tests give it fake mount tables, a fake Windows API or a ``/Volumes`` folder:

* **Linux**: the mount table (``/proc/self/mounts``), mount points under ``/media``,
  ``/run/media`` or ``/mnt`` whose block device is removable (``/sys/block/<disk>/removable``)
  or hangs off a USB bus; the label from ``/dev/disk/by-label``.
* **Windows**: drive letters ``GetDriveTypeW`` calls ``DRIVE_REMOVABLE``, labelled by
  ``GetVolumeInformationW``.
* **macOS**: the entries of ``/Volumes`` except the boot volume.

Free space comes from :func:`shutil.disk_usage`. A drive that cannot be measured has vanished
(pulled out while being listed) and is left out; a label that cannot be read stays unknown
(``""``). Everything read here is outside text: the interface shows it literally.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

LINUX_MOUNT_ROOTS = ("/media", "/run/media", "/mnt")
MAX_MOUNT_TABLE = 1024 * 1024  # bytes read from the mount table at most
DRIVE_REMOVABLE = 2  # GetDriveTypeW
_OCTAL = re.compile(r"\\([0-7]{3})")
_HEX = re.compile(r"\\x([0-9a-fA-F]{2})")
_PARTITION = re.compile(r"^(.*?\d)p\d+$|^(\D+)\d+$")


@dataclass(frozen=True)
class Drive:
    """A mounted removable drive: where it is, its label (``""`` when unknown) and its free
    space in bytes (``None`` when unknown)."""

    path: Path
    label: str
    free: int | None


class WindowsApi(Protocol):
    """The three kernel32 calls the Windows listing needs (a fake one in tests)."""

    def logical_drives(self) -> int: ...  # GetLogicalDrives: bit 0 is A:, bit 25 is Z:
    def drive_type(self, root: str) -> int: ...  # GetDriveTypeW
    def volume_label(self, root: str) -> str | None: ...  # GetVolumeInformationW


def _read_mount_table() -> str:
    with open("/proc/self/mounts", "rb") as f:
        return f.read(MAX_MOUNT_TABLE).decode("utf-8", "replace")


@dataclass
class DriveSystem:
    """Where the listing looks; every field has the real machine's value by default."""

    platform: str = sys.platform
    mount_table: Callable[[], str] = _read_mount_table
    sys_root: Path = Path("/sys")
    dev_root: Path = Path("/dev")
    volumes_root: Path = Path("/Volumes")
    boot_volume: Path = Path("/")
    windows: WindowsApi | None = None
    free_bytes: Callable[[Path], int] = field(default=lambda path: shutil.disk_usage(path).free)


def removable_drives(system: DriveSystem | None = None) -> list[Drive]:
    """The removable drives mounted now, the most recently mounted last (Linux, macOS) or in
    letter order (Windows). Drives that vanish while being listed are left out."""
    system = system or DriveSystem()
    if system.platform.startswith("win"):
        found = _windows_drives(system)
    elif system.platform == "darwin":
        found = _mac_drives(system)
    else:
        found = _linux_drives(system)
    drives = []
    for path, label in found:
        try:
            free = system.free_bytes(path)
        except (OSError, ValueError):  # pulled out meanwhile
            continue
        drives.append(Drive(path, label, free))
    return drives


# ------------------------------------------------------------------ Linux


def unescape_mount_field(value: str) -> str:
    """A mount table field as it is (the kernel writes a space as ``\\040``)."""
    return _OCTAL.sub(lambda m: chr(int(m[1], 8)), value)


def _linux_drives(system: DriveSystem) -> list[tuple[Path, str]]:
    try:
        table = system.mount_table()
    except OSError:
        return []
    labels = _labels_by_device(system.dev_root)
    found: dict[Path, str] = {}
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 3 or not fields[0].startswith("/dev/"):
            continue
        mount_point = unescape_mount_field(fields[1])
        if (
            not any(
                mount_point == root or mount_point.startswith(root + "/")
                for root in LINUX_MOUNT_ROOTS
            )
            or mount_point in LINUX_MOUNT_ROOTS
        ):
            continue
        device = os.path.basename(_real_device(unescape_mount_field(fields[0]), system.dev_root))
        if not device or not _is_removable(system.sys_root, device):
            continue
        found.pop(Path(mount_point), None)  # mounted again: now the newest
        found[Path(mount_point)] = labels.get(device, "")
    return list(found.items())


def _real_device(device: str, dev_root: Path) -> str:
    """``/dev/disk/by-uuid/…`` and other links to the device node they name."""
    local = dev_root / os.path.relpath(device, "/dev")
    try:
        if local.is_symlink():
            return os.path.realpath(local)
    except OSError:
        pass
    return device


def _labels_by_device(dev_root: Path) -> dict[str, str]:
    """Device name → volume label, from the ``/dev/disk/by-label`` links (udev writes a
    space in a label as ``\\x20``)."""
    labels: dict[str, str] = {}
    try:
        entries = list(os.scandir(dev_root / "disk" / "by-label"))
    except OSError:
        return labels
    for entry in entries:
        try:
            target = os.path.basename(os.path.realpath(entry.path))
        except OSError:
            continue
        labels[target] = _HEX.sub(lambda m: chr(int(m[1], 16)), entry.name)
    return labels


def _read_flag(path: Path) -> bool:
    try:
        return path.read_text("ascii", "replace").strip() == "1"
    except OSError:
        return False


def _is_removable(sys_root: Path, device: str) -> bool:
    """Whether the block device (a partition or a whole disk) is removable or on a USB bus."""
    disks = [device]
    m = _PARTITION.match(device)
    if m:
        disks.append(m[1] or m[2])
    for disk in disks:
        if _read_flag(sys_root / "block" / disk / "removable"):
            return True
    try:
        where = os.path.realpath(sys_root / "class" / "block" / device)
    except OSError:
        return False
    return "/usb" in where


# ------------------------------------------------------------------ Windows


class _Kernel32:
    """The real calls, through ctypes (imported only on Windows)."""

    def __init__(self) -> None:
        import ctypes

        self._ctypes = ctypes
        self._k = ctypes.windll.kernel32  # type: ignore[attr-defined]
        self._k.SetErrorMode(0x0001)  # no "insert a disk" box for an empty card reader

    def logical_drives(self) -> int:
        return int(self._k.GetLogicalDrives())

    def drive_type(self, root: str) -> int:
        return int(self._k.GetDriveTypeW(root))

    def volume_label(self, root: str) -> str | None:
        buffer = self._ctypes.create_unicode_buffer(261)
        ok = self._k.GetVolumeInformationW(root, buffer, 261, None, None, None, None, 0)
        return buffer.value if ok else None


def _windows_drives(system: DriveSystem) -> list[tuple[Path, str]]:
    api = system.windows or _Kernel32()
    try:
        mask = api.logical_drives()
    except OSError:
        return []
    found = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        try:
            if api.drive_type(root) != DRIVE_REMOVABLE:
                continue
            label = api.volume_label(root)
        except OSError:
            label = None
        # No label read: unknown. An empty card reader then fails to be measured and is left out.
        found.append((Path(root), label or ""))
    return found


# ------------------------------------------------------------------ macOS


def _mac_drives(system: DriveSystem) -> list[tuple[Path, str]]:
    try:
        boot = os.stat(system.boot_volume)
        entries = list(os.scandir(system.volumes_root))
    except OSError:
        return []
    found = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            info = os.stat(entry.path)  # follows the boot volume's link to "/"
            if (info.st_dev, info.st_ino) == (boot.st_dev, boot.st_ino):
                continue
            if not entry.is_dir():
                continue
        except OSError:
            continue
        found.append((info.st_mtime, Path(entry.path), entry.name))
    return [(path, name) for _, path, name in sorted(found, key=lambda f: f[0])]
