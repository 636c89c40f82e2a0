"""Time `cjm site` on generated workspaces: with and without drawings, per map.

    python benchmarks/site_build.py                  # 200 maps, with and without drawings
    python benchmarks/site_build.py --sizes 10 100 1000 10000 --drawings-up-to 1000

Each workspace is the four example maps copied N/4 times (new ids and titles), with the
examples' cjm.yaml and personas. Every run is the whole `cjm site` process, as a user
starts it; the table gives the seconds and the milliseconds per map, next to
`cjm validate` of the same maps in the same run (the machine's load varies; compare
within a run).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def make_workspace(folder: Path, count: int) -> Path:
    shutil.copy(EXAMPLES / "cjm.yaml", folder / "cjm.yaml")
    shutil.copytree(EXAMPLES / "personas", folder / "personas")
    (folder / "maps").mkdir()
    sources = sorted((EXAMPLES / "maps").glob("*.cjm.yaml"))
    texts = [source.read_text(encoding="utf-8") for source in sources]
    for index in range(count):
        text = texts[index % len(texts)]
        text = re.sub(r"^id: (.+)$", rf"id: copy-{index}-\1", text, count=1, flags=re.M)
        text = re.sub(r"^title: (.+)$", rf"title: \1 ({index})", text, count=1, flags=re.M)
        (folder / "maps" / f"map-{index:05d}.cjm.yaml").write_text(text, encoding="utf-8")
    return folder


def time_site(workspace: Path, drawings: bool) -> float:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "cjm", "site", str(workspace), "-o", out,
                   "--today", "2026-12-01"]
        if not drawings:
            command.append("--no-drawings")
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - started


def time_validate(workspace: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cjm", "validate", str(workspace), "--today",
                    "2026-12-01"], check=False, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--drawings-up-to", type=int, default=1000,
                        help="draw workspaces up to this many maps (drawing 10,000 maps "
                        "runs Graphviz 30,000 times)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per row; the median")
    arguments = parser.parse_args()
    print("| maps | drawings | seconds | ms per map |")
    print("|---:|---|---:|---:|")
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory() as folder:
            workspace = make_workspace(Path(folder), size)
            seconds = sorted(time_validate(workspace) for _ in range(arguments.repeat))[
                arguments.repeat // 2]
            print(f"| {size:,} | (`cjm validate` of the same maps) | {seconds:.2f} | "
                  f"{seconds / size * 1000:.1f} |", flush=True)
            for drawings in (False, True):
                if drawings and size > arguments.drawings_up_to:
                    continue
                runs = sorted(time_site(workspace, drawings) for _ in range(arguments.repeat))
                seconds = runs[len(runs) // 2]
                print(f"| {size:,} | {'3 views each' if drawings else 'none'} | "
                      f"{seconds:.2f} | {seconds / size * 1000:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
