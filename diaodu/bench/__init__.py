"""Benchmarks (`make bench`), printed as contracts/bench.md says.

Every figure is one line `bench: NAME VALUE UNIT [k=v ...]` on standard output and
an entry of var/bench.json. Timings are medians of at least 5 repetitions."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_JSON = Path(os.environ.get("DIAODU_HOME", "var")) / "bench.json"


def record(name: str, value: float, unit: str, **extra: Any) -> None:
    """Print one figure and merge it into var/bench.json."""
    shown = f"{value:.3g}" if isinstance(value, float) and value < 100 else f"{value:.0f}"
    details = " ".join(f"{key}={_short(val)}" for key, val in extra.items())
    print(f"bench: {name} {shown} {unit}{' ' + details if details else ''}", flush=True)
    BENCH_JSON.parent.mkdir(parents=True, exist_ok=True)
    figures = json.loads(BENCH_JSON.read_text()) if BENCH_JSON.exists() else {}
    figures[name] = {"value": value, "unit": unit, **extra}
    BENCH_JSON.write_text(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True))


def median_seconds(run: Callable[[], object], *, repeat: int = 5) -> float:
    """The median wall time of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
