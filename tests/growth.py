"""Runaway cost caught by GROWTH inside one test, never by an absolute time.

A test with a fixed time limit fails on a slow or busy machine and passes a quadratic
algorithm on a fast one. Instead, time the same work on a small input and on one about 10x
larger, in the same process, a moment apart, and bound the ratio: linear work grows ~10x, so
the default limit of 20x leaves 2x for noise, while catastrophic regex backtracking (quadratic
or worse: >= 100x), walking YAML aliases (thousands of x) or a hang fail clearly.

Timing uses the process's CPU time (other processes keeping the CPUs busy barely change it),
repeated until at least ``MIN_SAMPLE`` seconds have been measured so that a coarse clock (Windows
ticks every ~16 ms) still gives a usable figure, and the best of ``repeats`` samples is kept.
No signals, no threads: nothing interrupts third-party code.

Absolute figures belong in ``make bench`` (bench/run.py, docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MIN_SAMPLE = 0.02  # seconds of CPU measured per sample, at least
MAX_RATIO = 20.0  # 10x the input may take at most 20x the time


@dataclass(frozen=True)
class Growth:
    small: float  # seconds of CPU per call on the small input (best sample)
    large: float  # seconds of CPU per call on the large input (best sample)

    @property
    def ratio(self) -> float:
        return self.large / max(self.small, 1e-9)


def cpu_per_call(fn: Callable[[Any], Any], arg: Any) -> float:
    """CPU seconds per call of ``fn(arg)``, repeating the call until MIN_SAMPLE is reached."""
    calls = 0
    t0 = time.process_time()
    while True:
        fn(arg)
        calls += 1
        spent = time.process_time() - t0
        if spent >= MIN_SAMPLE:
            return spent / calls


def measure(fn: Callable[[Any], Any], small: Any, large: Any, *, repeats: int = 3) -> Growth:
    """Best-of-``repeats`` CPU time per call on each input, measured alternately."""
    fn(small)  # warm caches (compiled patterns, loaded glossary) before timing anything
    best_small = best_large = float("inf")
    for _ in range(repeats):
        best_small = min(best_small, cpu_per_call(fn, small))
        best_large = min(best_large, cpu_per_call(fn, large))
    return Growth(best_small, best_large)


def assert_growth(
    fn: Callable[[Any], Any],
    small: Any,
    large: Any,
    *,
    what: str,
    max_ratio: float = MAX_RATIO,
    repeats: int = 3,
) -> Growth:
    """Fail if ``fn(large)`` costs more than ``max_ratio`` times ``fn(small)``.

    ``what`` names the work and the two input sizes for the failure message, e.g.
    ``"coach.analyse on 10,000 vs 100,000 letters"``.
    """
    g = measure(fn, small, large, repeats=repeats)
    if g.ratio > max_ratio:  # one retry: a burst of load can hit only the large sample
        g = measure(fn, small, large, repeats=repeats)
    assert g.ratio <= max_ratio, (
        f"{what}: the larger input needed {g.ratio:.1f}x the time of the smaller one "
        f"(limit {max_ratio:g}x; {g.small * 1000:.2f} ms vs {g.large * 1000:.2f} ms of "
        "processor time per call) - the cost grows faster than the input: backtracking, a "
        "quadratic loop or expanded aliases?"
    )
    return g
