"""One version, bumped with each migration, and a CHANGELOG entry for it."""

import re
from importlib import metadata
from pathlib import Path

import nghean_tui
from nghean_tui.storage import migrate

ROOT = Path(__file__).resolve().parents[1]


def test_the_minor_version_is_the_schema_revision():
    major, minor, patch = (int(part) for part in nghean_tui.__version__.split("."))
    assert (major, minor) == (0, int(migrate.HEAD)), (
        f"migration {migrate.HEAD} needs version 0.{int(migrate.HEAD)}.0 "
        f"(nghean_tui/__init__.py says {nghean_tui.__version__})"
    )
    assert patch >= 0


def test_the_changelog_starts_with_this_version_and_its_schema():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## (\S+) \(schema (\d{4})\)", text, re.MULTILINE)
    assert first, "CHANGELOG.md has no '## VERSION (schema NNNN)' entry"
    assert first.groups() == (nghean_tui.__version__, migrate.HEAD)


def test_the_installed_metadata_reads_the_same_version():
    assert metadata.version("nghean-tui") == nghean_tui.__version__
