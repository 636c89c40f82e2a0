"""Time `cjm render` on a large generated map: cjm's own work and Graphviz's, apart.

    python benchmarks/render_large.py [STEPS] [BRANCHES]

Defaults: 1,000 steps with 100 `next` links across stages, every view, as SVG.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "render"))

from render_maps import generated_map, load_map

from cjm.render import graphviz as graphviz_runner
from cjm.render.drawing import VIEWS, describe, to_dot


def main() -> int:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    branches = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.cjm.yaml"
        path.write_text(generated_map(steps, branches), encoding="utf-8")
        started = time.perf_counter()
        journey, info = load_map(path)
        loaded = time.perf_counter() - started
    print(f"{steps} steps, {branches} branches; load and validate: {loaded:.2f} s")
    for view in VIEWS:
        started = time.perf_counter()
        dot_text = to_dot(journey, view, info)
        cjm_time = time.perf_counter() - started
        started = time.perf_counter()
        drawing = graphviz_runner.draw(dot_text, "svg", title=journey.title,
                                       description=describe(journey, info, view))
        graphviz_time = time.perf_counter() - started
        print(f"{view:>9}: cjm {cjm_time:.2f} s, Graphviz (and SVG check) {graphviz_time:.2f} s,"
              f" {len(drawing.data) / 1e6:.1f} MB SVG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
