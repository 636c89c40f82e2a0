"""Time `cjm render` on a large generated map: cjm's own work and Graphviz's, apart.

    python benchmarks/render_large.py [STEPS] [BRANCHES] [--repeat N] [--views grid,flow]
    python benchmarks/render_large.py 5000 --memory   # peak memory of a grid render

Defaults: 1,000 steps with 100 `next` links across stages, every view, as SVG, the
median of 3 runs. Times are also given per step, the figure that must not grow with
the size of the map; `--memory` reports the peak resident memory of cjm's process and of
Graphviz's (they are alive at once), in a process of its own.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "render"))

from render_maps import generated_map, load_map

from cjm.render import graphviz as graphviz_runner

try:
    from cjm.render.drawing import VIEWS, describe, to_dot
    VIEW_NAMES = list(VIEWS)
except ImportError:  # the renderer before the view registry, to measure "before"
    from cjm.render import View, describe, to_dot  # type: ignore[attr-defined,no-redef]
    VIEW_NAMES = [str(view) for view in View]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="?", type=int, default=1000)
    parser.add_argument("branches", nargs="?", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--views", default=",".join(VIEW_NAMES))
    parser.add_argument("--memory", action="store_true",
                        help="draw the grid once and report peak memory")
    args = parser.parse_args()
    branches = args.branches if args.branches is not None else args.steps // 10
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.cjm.yaml"
        path.write_text(generated_map(args.steps, branches), encoding="utf-8")
        started = time.perf_counter()
        journey, info = load_map(path)
        loaded = time.perf_counter() - started
    if args.memory:
        dot_text = to_dot(journey, "grid", info)
        graphviz_runner.draw(dot_text, "svg", title=journey.title,
                             description=describe(journey, info, "grid"))
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{args.steps} steps, grid: peak memory cjm {own:.0f} MiB, Graphviz {child:.0f} "
              f"MiB ({(own + child) / args.steps * 1024:.0f} KiB a step together)")
        return 0
    print(f"{args.steps} steps, {branches} branches; load and validate: {loaded:.2f} s; "
          f"median of {args.repeat}")
    for view in args.views.split(","):
        ours: list[float] = []
        ours_cpu: list[float] = []
        theirs: list[float] = []
        size = 0
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            dot_text = to_dot(journey, view, info)
            ours.append(time.perf_counter() - started)
            ours_cpu.append(time.process_time() - started_cpu)
            started = time.perf_counter()
            drawing = graphviz_runner.draw(dot_text, "svg", title=journey.title,
                                           description=describe(journey, info, view))
            theirs.append(time.perf_counter() - started)
            size = len(drawing.data)
        cjm_time, graphviz_time = statistics.median(ours), statistics.median(theirs)
        cpu = statistics.median(ours_cpu)
        print(f"{view:>9}: cjm {cjm_time:.2f} s ({cjm_time / args.steps * 1000:.2f} ms a step; "
              f"CPU {cpu / args.steps * 1000:.2f} ms a step), "
              f"Graphviz (and SVG check) {graphviz_time:.2f} s "
              f"({graphviz_time / args.steps * 1000:.2f} ms a step), {size / 1e6:.1f} MB SVG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
