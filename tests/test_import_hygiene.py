"""domain/, storage/, sync/ and reports/ never import Textual; screens never run SQL.

The static side of both rules is import-linter's (the contracts in pyproject.toml, run by
.ci/run); these tests hold what it cannot see: modules pulled in at run time, and SQL written
as text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nghean_tui"
NO_UI = ("domain", "storage", "sync", "reports", "synthetic")


def test_no_ui_layer_pulls_textual_in_at_runtime():
    layers = [f"nghean_tui.{layer}" for layer in NO_UI if (PACKAGE / layer).is_dir()]
    modules = []
    for layer in layers:
        folder = PACKAGE / layer.split(".")[1]
        modules += [f"{layer}.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_screens_and_widgets_run_no_sql():
    offenders = []
    for folder in ("screens", "widgets"):
        for path in (PACKAGE / folder).rglob("*.py"):
            source = path.read_text("utf-8")
            for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", ".execute("):
                if keyword in source:
                    offenders.append(f"{path.name}: {keyword.strip()}")
    assert offenders == []


def test_help_does_not_import_the_heavy_modules():
    code = (
        "import sys\nfrom nghean_tui.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in ('textual', 'sqlalchemy', 'sqlmodel', 'sqlcipher3', "
        "'cryptography') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_first_paint_imports_no_storage_stack():
    """What the command, the application and the unlock and setup screens import before the
    first paint: none of the storage stack (it is imported afterwards, bench/startup.py)."""
    code = (
        "import sys\nfrom nghean_tui.cli import build_parser\nbuild_parser()\n"
        "import nghean_tui.app, nghean_tui.screens.unlock, nghean_tui.screens.setup\n"
        "from nghean_tui.cli.common import data_vault\n"
        "from nghean_tui.storage.vault import Vault\n"
        "heavy = ('sqlcipher3', 'sqlalchemy', 'sqlmodel', 'cryptography', 'pyrage', "
        "'openpyxl', 'alembic')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
