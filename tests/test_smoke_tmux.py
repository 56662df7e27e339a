"""The tmux smoke script: the demo renders in a real terminal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")
def test_demo_renders_in_tmux():
    command = f"{sys.executable} -m nghean_tui"
    out = subprocess.run(
        [str(ROOT / "scripts" / "smoke_tmux.sh"), command],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout + out.stderr
