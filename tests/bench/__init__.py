"""Benchmarks behind `make bench`: `python -m tests.bench` runs every module of this package.

Each module has `run() -> list[dict]`; every dict is one figure, printed as one JSON line, e.g.
``{"figure": "subtree_list_600_orgs_ms", "value": 3.1, "unit": "ms", "target": 10, "ok": true}``.
The harness gives each module a freshly emptied PostgreSQL database (see __main__).
"""

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], *, runs: int = 50, warmup: int = 5) -> float:
    """The median wall time of ``action`` in milliseconds, after a few unmeasured runs."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def figure(name: str, value: float, unit: str, target: float | None = None, *, higher_is_better: bool = False, **extra):
    """One figure; ``ok`` says whether it meets its target (at most, or at least when higher is better)."""
    result = {"figure": name, "value": value, "unit": unit}
    if target is not None:
        result["target"] = target
        result["ok"] = value >= target if higher_is_better else value <= target
    return result | extra
