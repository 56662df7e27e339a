"""The removable-drive listing on each operating system, fed fake mount tables, a fake
Windows API and a ``/Volumes`` folder in a temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nghean_tui.domain.sizes import fmt_size
from nghean_tui.storage.drives import (
    DRIVE_REMOVABLE,
    Drive,
    DriveSystem,
    removable_drives,
    unescape_mount_field,
)

GB = 1024**3

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
tmpfs /run/media tmpfs rw 0 0
/dev/sdb1 /media/canbo/USB\\040XA vfat rw,nosuid 0 0
/dev/sdc1 /run/media/canbo/DATA exfat rw 0 0
/dev/nvme0n1p3 /mnt/backup ext4 rw 0 0
/dev/sdd1 /home/canbo/stick vfat rw 0 0
/dev/mmcblk0p1 /media/canbo/THE_NHO vfat rw 0 0
"""


def fake_sys(root: Path, removable: dict[str, str]) -> Path:
    """A /sys with ``block/<disk>/removable`` files."""
    for disk, flag in removable.items():
        (root / "block" / disk).mkdir(parents=True)
        (root / "block" / disk / "removable").write_text(flag + "\n")
    return root


def linux(tmp_path: Path, table: str, removable: dict[str, str], **kwargs) -> DriveSystem:
    options = dict(
        platform="linux",
        mount_table=lambda: table,
        sys_root=fake_sys(tmp_path / "sys", removable),
        dev_root=tmp_path / "dev",
        free_bytes=lambda path: 3 * GB,
    )
    options.update(kwargs)
    return DriveSystem(**options)


def test_linux_lists_removable_mounts_under_media_in_mount_order(tmp_path):
    system = linux(
        tmp_path, MOUNTS, {"sdb": "1", "sdc": "1", "nvme0n1": "0", "sdd": "1", "mmcblk0": "1"}
    )
    drives = removable_drives(system)
    assert [d.path for d in drives] == [
        Path("/media/canbo/USB XA"),  # the kernel's \040 is a space
        Path("/run/media/canbo/DATA"),
        Path("/media/canbo/THE_NHO"),  # a memory card: mmcblk0p1 is a partition of mmcblk0
    ]
    assert all(d.free == 3 * GB for d in drives)
    assert all(d.label == "" for d in drives)  # no by-label links: the label is unknown


def test_linux_a_fixed_disk_under_mnt_is_not_a_drive_but_a_usb_disk_is(tmp_path):
    table = "/dev/sde1 /mnt/ssd ext4 rw 0 0\n/dev/sdf1 /mnt/inside ext4 rw 0 0\n"
    system = linux(tmp_path, table, {"sde": "0", "sdf": "0"})
    usb = tmp_path / "sys" / "devices" / "pci0000:00" / "usb2" / "2-1" / "block" / "sde" / "sde1"
    usb.mkdir(parents=True)
    (tmp_path / "sys" / "class" / "block").mkdir(parents=True)
    (tmp_path / "sys" / "class" / "block" / "sde1").symlink_to(usb)
    assert [d.path for d in removable_drives(system)] == [Path("/mnt/ssd")]


def test_linux_labels_come_from_by_label_links(tmp_path):
    by_label = tmp_path / "dev" / "disk" / "by-label"
    by_label.mkdir(parents=True)
    (tmp_path / "dev" / "sdb1").write_text("")
    (by_label / "C\\x20AN\\x20[red]X").symlink_to(tmp_path / "dev" / "sdb1")
    system = linux(tmp_path, MOUNTS, {"sdb": "1"})
    (drive,) = removable_drives(system)
    assert drive.label == "C AN [red]X"  # kept as it is; the interface shows it literally


def test_linux_a_drive_that_vanishes_while_listed_is_left_out(tmp_path):
    def free(path: Path) -> int:
        if path.name == "DATA":
            raise FileNotFoundError(path)
        return 0

    system = linux(tmp_path, MOUNTS, {"sdb": "1", "sdc": "1"}, free_bytes=free)
    assert removable_drives(system) == [Drive(Path("/media/canbo/USB XA"), "", 0)]


def test_linux_an_unreadable_mount_table_lists_nothing(tmp_path):
    def broken() -> str:
        raise PermissionError("/proc/self/mounts")

    assert removable_drives(linux(tmp_path, "", {}, mount_table=broken)) == []


def test_linux_a_drive_mounted_twice_is_listed_once_as_the_newest(tmp_path):
    table = "/dev/sdb1 /media/a vfat rw 0 0\n/dev/sdc1 /media/b vfat rw 0 0\n" * 2
    system = linux(tmp_path, table, {"sdb": "1", "sdc": "1"})
    assert [d.path.name for d in removable_drives(system)] == ["a", "b"]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\\"), max_size=20))
def test_mount_fields_unescape_what_the_kernel_escapes(name):
    escaped = "".join(f"\\{ord(c):03o}" if c in " \t\n" else c for c in name)
    assert unescape_mount_field(escaped) == name


class FakeWindows:
    def __init__(self, drives: dict[str, tuple[int, str | None]]) -> None:
        self.drives = drives

    def logical_drives(self) -> int:
        return sum(1 << (ord(letter) - ord("A")) for letter in self.drives)

    def drive_type(self, root: str) -> int:
        return self.drives[root[0]][0]

    def volume_label(self, root: str) -> str | None:
        label = self.drives[root[0]][1]
        if label == "RAISE":
            raise OSError("unreadable")
        return label


def test_windows_lists_removable_letters_with_their_labels():
    api = FakeWindows(
        {
            "C": (3, "Windows"),
            "E": (DRIVE_REMOVABLE, "CONG AN"),
            "F": (DRIVE_REMOVABLE, None),
            "G": (DRIVE_REMOVABLE, "RAISE"),
            "H": (5, "DVD"),
        }
    )
    sizes = {"E:\\": 5 * GB, "F:\\": 0, "G:\\": GB}
    system = DriveSystem(platform="win32", windows=api, free_bytes=lambda p: sizes[str(p)])
    drives = removable_drives(system)
    assert [(str(d.path), d.label, d.free) for d in drives] == [
        ("E:\\", "CONG AN", 5 * GB),
        ("F:\\", "", 0),  # no label read: unknown, and full
        ("G:\\", "", GB),
    ]


def test_windows_an_empty_card_reader_is_left_out():
    api = FakeWindows({"E": (DRIVE_REMOVABLE, None)})

    def free(path: Path) -> int:
        raise OSError("The device is not ready")

    assert removable_drives(DriveSystem(platform="win32", windows=api, free_bytes=free)) == []


def test_macos_lists_volumes_but_the_boot_volume(tmp_path):
    boot = tmp_path / "root"
    boot.mkdir()
    volumes = tmp_path / "Volumes"
    volumes.mkdir()
    (volumes / "Macintosh HD").symlink_to(boot)
    (volumes / "USB CONG AN").mkdir()
    (volumes / "[bold]THẺ").mkdir()
    (volumes / ".hidden").mkdir()
    (volumes / "a file").write_text("")
    os.utime(volumes / "USB CONG AN", (1, 1))
    system = DriveSystem(
        platform="darwin", volumes_root=volumes, boot_volume=boot, free_bytes=lambda p: 7
    )
    assert [(d.path.name, d.label) for d in removable_drives(system)] == [
        ("USB CONG AN", "USB CONG AN"),  # mounted first
        ("[bold]THẺ", "[bold]THẺ"),
    ]


def test_macos_without_volumes_lists_nothing(tmp_path):
    system = DriveSystem(platform="darwin", volumes_root=tmp_path / "none", boot_volume=tmp_path)
    assert removable_drives(system) == []


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [
        (0, "0 B", "0 B"),
        (1023, "1023 B", "1023 B"),
        (1024, "1 KB", "1 KB"),
        (1536, "1,5 KB", "1.5 KB"),
        (15 * 1024 * 1024 + 1, "15 MB", "15 MB"),
        (int(3.47 * GB), "3,4 GB", "3.4 GB"),
    ],
)
def test_sizes_read_as_people_write_them(size, vi, en):
    assert (fmt_size(size, "vi"), fmt_size(size, "en")) == (vi, en)


@given(st.integers(min_value=1, max_value=2**50))
def test_a_size_never_reads_as_nothing(size):
    assert not fmt_size(size, "en").startswith("0 ")
