"""Time `cjm convert`'s library: a generated map to Mermaid, CSV, XLSX and JSON and back.

    python benchmarks/convert_formats.py [STEPS...]

Defaults: 10, 100, 1,000 and 10,000 steps. For each size and format it prints the time
to write the map and to read it back (validated), in total and per step, in one process
(the median of three runs). The map comes from benchmarks/generate.py, so every field of
a step is filled in.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cjm.convert import FORMATS, WriteOptions, read_map
from cjm.model import JourneyMap
from generate import journey

TARGETS = ["mermaid", "csv", "xlsx", "json", "yaml"]


def _median(action: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10, 100, 1000, 10000]
    print(f"{'steps':>6} {'format':<8} {'write':>9} {'read':>9} {'per step (both)':>16}")
    for steps in sizes:
        data = journey(steps, seed=7, map_id=f"steps-{steps}")
        if isinstance(data.get("persona"), str):
            data["persona"] = {"name": "Customer"}  # no workspace: an inline persona
        model = JourneyMap.model_validate(data)
        for name in TARGETS:
            fmt = FORMATS[name]
            exported = fmt.write(model, WriteOptions())
            write_time = _median(lambda fmt=fmt, model=model: fmt.write(model, WriteOptions()))
            read_time = _median(lambda fmt=fmt, raw=exported.data: read_map(
                raw, f"map{fmt.suffixes[0]}", fmt, None))
            per_step = (write_time + read_time) / steps * 1e6
            print(f"{steps:>6} {name:<8} {write_time * 1000:>7.1f}ms {read_time * 1000:>7.1f}ms "
                  f"{per_step:>13.0f} µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
