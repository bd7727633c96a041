"""Median wall times over repeats after a warm-up, alone or in alternation."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def _check(repeats: int, warmup: int) -> None:
    if repeats < 1 or warmup < 0:
        raise ValueError(f"repeats must be >= 1 and warmup >= 0, got {repeats}, {warmup}")


def median_seconds(fn: Callable[[], object], repeats: int = 7, warmup: int = 2) -> float:
    """Run `fn` `warmup` times untimed, then `repeats` times; return the median in seconds."""
    return paired_medians({"fn": fn}, repeats, warmup)["fn"]


def paired_medians(
    fns: dict[str, Callable[[], object]], repeats: int = 7, warmup: int = 2
) -> dict[str, float]:
    """Median seconds of each function, timed in alternation (a, b, a, b, ...).

    On a shared machine the load changes over seconds; alternating the contenders exposes them
    to the same load, so their ratio is steadier than when each is timed in its own block.
    """
    _check(repeats, warmup)
    if not fns:
        raise ValueError("fns must name at least one function to time")
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}
