"""Synthetic data generator speed: figures beside a baseline measured in the same run.

    python bench/generator.py [--persons 5000 100000] [--runs 3]

For each size, the rows of a border commune (as ``seed`` and the demo make them) are generated
and counted (no patrols), without writing them anywhere. The baseline is the smallest run, 1,000 persons (or
the smallest size asked for, if smaller), measured first: each size is shown as microseconds per
row and as that figure over the baseline's, so work that grows faster than the rows (say,
quadratic) shows as a ratio well above 1 however fast or loaded the machine is. For 5,000
persons the test suite used to hold the time under 3 s (100,000 take about 6.5 s).
Nothing here is part of the test suite: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE_PERSONS = 1000
TARGETS = {5000: "< 3 s"}


def timed(persons: int, runs: int) -> tuple[float, int]:
    """Median seconds to generate ``persons`` people (as the test did: no patrols), and the rows."""
    from nghean_tui.synthetic import Ctx, generate

    ctx = Ctx(unit_code="16858", today=date(2025, 11, 19), border=True)
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = sum(len(batch) for _, batch in generate(ctx, persons=persons, seed=1))
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def main() -> None:
    from run import at_least_one  # bench/run.py

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=at_least_one, nargs="+", default=[5000, 100_000])
    parser.add_argument("--runs", type=at_least_one, default=3)
    args = parser.parse_args()
    base_persons = min(BASELINE_PERSONS, *args.persons)
    base_s, base_rows = timed(base_persons, args.runs)
    base_us = base_s / base_rows * 1e6
    print(f"\nsynthetic generator, border commune, median of {args.runs} runs")
    print(f"{'persons':>9} {'rows':>9} {'seconds':>9} {'µs/row':>8} {'× baseline':>11}  target")
    print(f"{base_persons:>9,} {base_rows:>9,} {base_s:>9.3f} {base_us:>8.2f} {'baseline':>11}")
    for persons in args.persons:
        if persons == base_persons:
            continue
        seconds, rows = timed(persons, args.runs)
        per_row = seconds / rows * 1e6
        print(
            f"{persons:>9,} {rows:>9,} {seconds:>9.3f} {per_row:>8.2f} "
            f"{per_row / base_us:>11.2f}  {TARGETS.get(persons, '')}"
        )


if __name__ == "__main__":
    main()
