"""Do the runtime dependencies install as binary wheels on every Python and platform we support?

A field laptop has no compiler: a dependency that has no wheel for its Python and system would need
one, and the install fails there. For each supported Python (3.10 to 3.13) on Linux x86_64 (glibc
2.31, Ubuntu 20.04, and newer) and Windows x64, this asks pip to resolve the project's runtime
requirements with ``--only-binary=:all:`` for that interpreter and platform, as
``pip download --only-binary=:all: --python-version … --platform …`` would, but with
``pip install --dry-run --report`` so that only the wheels' metadata is fetched, not the wheels.

Run it with the project installed (it reads the requirements from the installed metadata, so they
are the ones in pyproject.toml): ``.venv/bin/python scripts/check_wheels.py``. It prints one line
per combination and the wheel it found for each compiled dependency, and exits 1 when any
combination cannot be resolved from wheels alone. It needs the package index (PyPI).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

PYTHONS = ("3.10", "3.11", "3.12", "3.13")
GLIBC = range(17, 32)  # manylinux_2_17 … manylinux_2_31: what glibc 2.31 can load
PLATFORMS = {
    "linux x86_64": [
        *(f"manylinux_2_{minor}_x86_64" for minor in GLIBC),
        "manylinux2014_x86_64",
        "manylinux2010_x86_64",
        "manylinux1_x86_64",
        "linux_x86_64",
    ],
    "windows x64": ["win_amd64"],
}


def runtime_requirements(project: str = "nghean-tui") -> list[str]:
    """The project's requirements without the extras (tests are not installed on a laptop)."""
    return [
        requirement
        for requirement in metadata.requires(project) or []
        if "extra ==" not in requirement
    ]


def resolve(python: str, platforms: list[str], requirements: list[str], work: Path) -> dict:
    """pip's report of what it would install, or ``{"error": …}``."""
    report = work / f"report-{python}-{platforms[0]}.json"
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
        "--only-binary=:all:", "--python-version", python,
        *(argument for platform in platforms for argument in ("--platform", platform)),
        "--target", str(work / "target"), "--report", str(report), *requirements,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
        return {"error": lines[-1] if lines else done.stderr.strip()[-500:]}
    return json.loads(report.read_text(encoding="utf-8"))


def main() -> int:
    requirements = runtime_requirements()
    print("runtime requirements:", ", ".join(requirements))
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        for system, platforms in PLATFORMS.items():
            for python in PYTHONS:
                result = resolve(python, platforms, requirements, Path(folder))
                if "error" in result:
                    failed.append((python, system))
                    print(f"FAIL  Python {python}, {system}: {result['error']}")
                    continue
                wheels = [
                    item["download_info"]["url"].rsplit("/", 1)[-1] for item in result["install"]
                ]
                compiled = [wheel for wheel in wheels if not wheel.endswith("-none-any.whl")]
                print(f"ok    Python {python}, {system}: {len(wheels)} wheels; compiled: "
                      + ", ".join(sorted(compiled)))  # fmt: skip
    if failed:
        print(
            f"{len(failed)} of {len(PYTHONS) * len(PLATFORMS)} combinations cannot install from binary wheels"
        )
        return 1
    print(f"all {len(PYTHONS) * len(PLATFORMS)} combinations install from binary wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
