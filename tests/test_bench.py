"""Every benchmark in bench/ runs at its smallest accepted size, and refuses a smaller one.

Only that it runs to the end and prints its table: its figures are read by people (timings on a
shared machine are noisy). Not here: ``bench/ui.py`` even at one person types its ~50 keystrokes
at a person's pace into two running applications, about 30 s; run it by hand
(``python bench/ui.py --persons 1``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

# (script, smallest sizes, a line of the table it prints)
SMALLEST = [
    ("generator.py", ["--persons", "1", "--runs", "1"], "× baseline"),
    ("run.py", ["--persons", "1", "--queries", "1"], "search_p95_ms"),
    ("close.py", ["--persons", "1", "--runs", "1", "--queries", "1"], "lock in the app"),
    ("reports.py", ["--communes", "1", "--persons", "1"], "build report, one unit"),
    ("dashboard.py", ["--communes", "1", "--persons", "1", "--runs", "1"], "dashboard complete"),
    ("sync.py", ["--records", "1", "--communes", "1", "--per-commune", "1"], "province: import"),
    ("hostile.py", ["--legit-records", "1"], "legit-max"),
    ("startup.py", ["--runs", "1", "--cold-runs", "1"], "cold, page cache"),
]


def _bench(script: str, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    if script in ("reports.py", "dashboard.py"):
        args = [*args, "--dir", str(tmp_path / "station")]
    if script == "close.py":
        args = [*args, "--dir", str(tmp_path)]
    if script == "run.py":
        args = [*args, "--results", str(tmp_path / "results")]
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


@pytest.mark.parametrize("script, args, printed", SMALLEST, ids=[s for s, *_ in SMALLEST])
def test_each_bench_runs_at_its_smallest_size(script, args, printed, tmp_path):
    out = _bench(script, args, tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert printed in out.stdout, out.stdout[-3000:]


def test_every_bench_is_run_here_or_said_why_not():
    scripts = {path.name for path in BENCH.glob("*.py")}
    assert scripts == {script for script, *_ in SMALLEST} | {"ui.py"}


@pytest.mark.parametrize(
    "script, argv",
    [
        ("run.py", ["--persons", "0"]),
        ("close.py", ["--persons", "0"]),
        ("generator.py", ["--persons", "0"]),
        ("reports.py", ["--communes", "0"]),
        ("dashboard.py", ["--persons", "0"]),
        ("sync.py", ["--per-commune", "0"]),
        ("hostile.py", ["--legit-records", "0"]),
        ("startup.py", ["--runs", "0"]),
        ("ui.py", ["--persons", "0"]),
    ],
)
def test_a_size_below_the_smallest_is_refused_at_once(script, argv, tmp_path):
    out = _bench(script, argv, tmp_path)
    assert out.returncode == 2
    assert "must be at least 1, not 0" in out.stderr
