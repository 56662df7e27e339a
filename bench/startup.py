"""Start-up: from the command to the unlock screen's first paint, beside a bare Textual app.

    python bench/startup.py [--runs 10] [--cold-runs 3] [--lang vi|en]

Each run starts a process under a pseudo-terminal of 80×24, as a person's terminal would, and
times it from just before the process is started to the moment the unlock screen's title
arrives on the terminal (the first frame: Textual writes the whole screen at once); then it
quits (Ctrl+Q). Measured in the same run, the same way:

- ``bare textual``: the baseline, a script that imports only Textual and shows the unlock
  screen's widgets (a title, labels, an Input, a Checkbox, a Footer), the same title text;
- ``nghean-tui``: the real entry point (the ``nghean-tui`` script of this interpreter) on an
  initialised data folder (made here once, in a temporary folder), so it opens on unlocking.

Three conditions, each the median and the max of its runs:

- ``warm``: files in the page cache, bytecode cached (after one run that is not counted);
- ``cold, page cache``: before each run the kernel's page cache is dropped
  (``sync; echo 3 > /proc/sys/vm/drop_caches``, when this user may); where that is not
  allowed, every file of the interpreter, its libraries and this project is evicted instead
  (``posix_fadvise(DONTNEED)``): the first start after a reboot of a weak laptop;
- ``cold, no bytecode``: no ``.pyc`` to read (an empty ``PYTHONPYCACHEPREFIX``, none
  written): every module compiled from source, the very first start after an install.

Nothing here is part of the test suite (tests/test_bench.py only runs it at one run): timings
on a shared machine are noisy, run it on a quiet one.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_S = 0.5
TIMEOUT_S = 30.0
SIZE = (80, 24)
DROP_CACHES = Path("/proc/sys/vm/drop_caches")

# The baseline: Textual alone, the unlock screen's widgets, the same title.
BARE_TEXTUAL = """
import sys
from textual.app import App
from textual.containers import Center, Vertical
from textual.widgets import Checkbox, Footer, Input, Label, Static

class Bare(App):
    def compose(self):
        with Center():
            with Vertical():
                yield Static(sys.argv[1])
                yield Static("")
                yield Label(sys.argv[2])
                yield Input(password=True)
                yield Checkbox(sys.argv[3], compact=True)
                yield Static("")
        yield Footer()

Bare().run()
"""


def first_paint(argv: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from starting ``argv`` under an 80×24 pseudo-terminal to ``marker`` on it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    wanted = marker.encode("utf-8")
    seen = b""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        while wanted not in seen:
            left = start + TIMEOUT_S - time.perf_counter()
            ready, _, _ = select.select([master], [], [], max(0.0, left))
            if not ready:
                raise SystemExit(
                    f"no first paint within {TIMEOUT_S:.0f} s: {argv}\n{seen[-2000:]!r}"
                )
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child is gone
                raise SystemExit(
                    f"{argv} ended before its first paint:\n{seen[-2000:]!r}"
                ) from None
            seen += chunk
        elapsed = time.perf_counter() - start
        os.write(master, b"\x11")  # Ctrl+Q
        _drain_until_exit(master, child)
        return elapsed
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)


def _drain_until_exit(master: int, child: subprocess.Popen) -> None:
    deadline = time.perf_counter() + 10
    while child.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    child.wait(timeout=10)


# ---------------------------------------------------------------- making the caches cold


def _evict_page_cache() -> None:
    if os.access(DROP_CACHES, os.W_OK):
        os.sync()
        DROP_CACHES.write_text("3\n")
        return
    for top in _code_folders():
        for folder, _, files in os.walk(top):
            for name in files:
                try:
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)


def _code_folders() -> set[str]:
    import sysconfig

    paths = sysconfig.get_paths()
    folders = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"]}
    folders.add(str(Path(sys.executable).resolve().parent.parent / "lib"))
    folders.add(str(ROOT / "nghean_tui"))
    return {f for f in folders if f and Path(f).is_dir()}


def cold_kind() -> str:
    if os.access(DROP_CACHES, os.W_OK):
        return "page cache dropped before each run (drop_caches)"
    return "the interpreter's, libraries' and project's files evicted (fadvise DONTNEED)"


# ---------------------------------------------------------------- measuring


def runs(
    argv: list[str], marker: str, env: dict[str, str], n: int, before: Callable[[], None]
) -> list[float]:
    times = []
    for _ in range(n):
        before()
        times.append(first_paint(argv, marker, env))
    return times


def prepare(folder: Path) -> None:
    """An initialised commune database in ``folder`` (cheap key derivation: never unlocked)."""
    out = subprocess.run(
        [
            str(entry_point()),
            "--data-dir",
            str(folder),
            "init",
            "--role",
            "commune",
            "--unit",
            "16816",
            "--officer",
            "Lương Văn Thắng",
            "--passphrase-stdin",
        ],
        input="bench start-up passphrase 2026\n",
        capture_output=True,
        text=True,
        env={**os.environ, "NGHEAN_KDF": "fast"},
        timeout=120,
    )
    if out.returncode != 0:
        raise SystemExit(f"could not make the bench database: {out.stderr}")


def entry_point() -> Path:
    script = Path(sys.executable).parent / "nghean-tui"
    if not script.exists():
        raise SystemExit(f"no {script}: install the project (pip install -e .) first")
    return script


def main() -> None:
    from run import at_least_one

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=at_least_one, default=10, help="warm runs of each")
    parser.add_argument("--cold-runs", type=at_least_one, default=3, help="cold runs of each")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args()

    from nghean_tui.i18n import set_language, t

    set_language(args.lang)
    title = t("unlock.title")
    bare_args = [title, t("unlock.prompt"), t("unlock.use_recovery")]
    with tempfile.TemporaryDirectory(prefix="nghean-bench-startup-") as tmp:
        data = Path(tmp) / "data"
        prepare(data)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NGHEAN_", "TEXTUAL"))}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", HOME=tmp)
        commands = {
            "bare textual": [sys.executable, "-c", BARE_TEXTUAL, *bare_args],
            "nghean-tui": [str(entry_point()), "--data-dir", str(data), "--lang", args.lang],
        }
        for argv in commands.values():  # fills the bytecode cache and the page cache
            first_paint(argv, title, env)

        cold_env = {**env, "PYTHONDONTWRITEBYTECODE": "1"}

        def fresh_bytecode_folder() -> None:  # empty for each run, nothing written to it
            cold_env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="pyc-", dir=tmp)

        results: dict[str, dict[str, list[float]]] = {}
        for name, argv in commands.items():
            results[name] = {
                "warm": runs(argv, title, env, args.runs, lambda: None),
                "cold, page cache": runs(argv, title, env, args.cold_runs, _evict_page_cache),
                "cold, no bytecode": runs(
                    argv, title, cold_env, args.cold_runs, fresh_bytecode_folder
                ),
            }

    print(f"\nstart-up: process start → first paint of the unlock screen, {SIZE[0]}×{SIZE[1]}")
    print(f"warm: {args.runs} runs; cold: {args.cold_runs} runs each")
    print(f"cold, page cache: {cold_kind()}")
    print("cold, no bytecode: an empty PYTHONPYCACHEPREFIX, nothing written (all compiled)")
    print(f"target: nghean-tui ≤ {TARGET_S:.2f} s\n")
    print(f"{'condition':20s} {'':14s} {'median':>8s} {'max':>8s}  {'× baseline':>10s}")
    for condition in ("warm", "cold, page cache", "cold, no bytecode"):
        base = statistics.median(results["bare textual"][condition])
        for name in commands:
            times = results[name][condition]
            median = statistics.median(times)
            ratio = "baseline" if name == "bare textual" else f"{median / base:.2f}"
            verdict = ""
            if name == "nghean-tui" and condition != "cold, no bytecode":
                verdict = "  ok" if median <= TARGET_S else "  OVER TARGET"
            print(
                f"{condition:20s} {name:14s} {median:7.3f}s {max(times):7.3f}s  {ratio:>10s}"
                f"{verdict}"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
