"""Time cjm as whole processes against reference tools, in one run, and print medians.

    python benchmarks/run.py validate|version|render|diff|all [--repeat N]

The benchmark data is generated first when missing (see generate.py). Every command is
run once to warm the disk cache, then N times, the cases of a table interleaved so that
a busy moment on the machine hits all of them alike. Ratios only compare figures of the
same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_DATA, TODAY, generate  # noqa: E402

BIN = Path(sys.executable).parent
PYTHON = sys.executable
CJM = str(BIN / "cjm")
TODAY_OPTION = ["--today", TODAY.isoformat()]


@dataclass
class Case:
    name: str
    argv: list[str]
    cwd: Path
    # Exit codes that mean the command did its job (a linter finding something is fine).
    ok_codes: tuple[int, ...] = (0,)
    # Slow references run fewer times; their median is then of fewer runs.
    max_runs: int | None = None
    times: list[float] = field(default_factory=list)
    # CPU seconds (user + system) of each run: steadier than wall time on a busy machine.
    cpu_times: list[float] = field(default_factory=list)
    exit_code: int | None = None
    error: str = ""

    def run_once(self) -> None:
        before = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(self.argv, cwd=self.cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - started
        self.cpu_times.append(_children_cpu() - before)
        self.exit_code = done.returncode
        if done.returncode not in self.ok_codes:
            self.error = done.stderr.decode(errors="replace").strip().splitlines()[-1:][0] \
                if done.stderr.strip() else f"exit code {done.returncode}"
        self.times.append(elapsed)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_times)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Goal:
    text: str
    numerator: str
    denominator: str
    limit: float
    # True: numerator/denominator must be at most `limit`; False: at least.
    at_most: bool = True


@dataclass
class Table:
    title: str
    cases: list[Case]
    reference: str
    goals: list[Goal] = field(default_factory=list)


def measure(table: Table, repeat: int) -> None:
    for case in table.cases:
        case.run_once()  # warm-up: disk cache, .pyc files
        case.times.clear()
        case.cpu_times.clear()
    for round_number in range(repeat):
        for case in table.cases:
            if case.max_runs is None or round_number < case.max_runs:
                case.run_once()


def show(table: Table) -> str:
    by_name = {case.name: case for case in table.cases}
    reference = by_name[table.reference]
    width = max(len(case.name) for case in table.cases)
    lines = [f"### {table.title}", "",
             f"| {'command'.ljust(width)} |   median | CPU      | runs | × {table.reference} "
             "| CPU × |",
             f"|{'-' * (width + 2)}|---------:|---------:|-----:|"
             f"{'-' * (len(table.reference) + 3)}:|------:|"]
    for case in table.cases:
        ratio = case.median / reference.median
        cpu_ratio = case.cpu_median / reference.cpu_median
        note = f"  (failed: {case.error})" if case.error else ""
        lines.append(f"| {case.name.ljust(width)} | {_seconds(case.median)} | "
                     f"{_seconds(case.cpu_median)} | {len(case.times):>4} | "
                     f"{ratio:>{len(table.reference) + 2}.2f} | {cpu_ratio:>5.2f} |{note}")
    if table.goals:
        lines.append("")
    lines += [goal_line(goal, by_name) for goal in table.goals]
    return "\n".join(lines)


def goal_line(goal: Goal, by_name: dict[str, Case]) -> str:
    """The goal with its wall-time ratio (what decides) and CPU ratio, met or not met."""
    numerator, denominator = by_name[goal.numerator], by_name[goal.denominator]
    ratio = numerator.median / denominator.median
    cpu_ratio = numerator.cpu_median / denominator.cpu_median
    met = ratio <= goal.limit if goal.at_most else ratio >= goal.limit
    sign = "≤" if goal.at_most else "≥"
    return (f"- {goal.text}: {ratio:.2f} (CPU {cpu_ratio:.2f}; goal {sign} {goal.limit:g}) "
            f"{'met' if met else 'NOT MET'}")


def _seconds(value: float) -> str:
    return f"{value * 1000:>5.0f} ms" if value < 10 else f"{value:>6.1f} s"


def _tool(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


def version_tables(data: Path) -> list[Table]:
    cases = [Case("python -c pass", [PYTHON, "-c", "pass"], data),
             Case("cjm --version", [CJM, "--version"], data)]
    return [Table("Start-up", cases, "python -c pass",
                  [Goal("cjm --version / python -c pass", "cjm --version", "python -c pass", 3)])]


def validate_tables(data: Path, schemas: Path) -> list[Table]:
    journey_schema = str(schemas / "journey.schema.json")
    check_jsonschema = _tool("check-jsonschema")
    yamllint = _tool("yamllint")
    workspace = data / "workspace"
    one = "maps/steps-20.cjm.yaml"
    single = [
        Case("python -c pass", [PYTHON, "-c", "pass"], workspace),
        Case("parse floor, 1 file", [PYTHON, str(HERE / "parse_floor.py"), one], workspace),
        Case("cjm validate, 1 file", [CJM, "validate", *TODAY_OPTION, one], workspace),
    ]
    if yamllint:
        single.append(Case("yamllint, 1 file", [yamllint, one], workspace, ok_codes=(0, 1)))
    if check_jsonschema:
        single.append(Case("check-jsonschema, 1 file",
                           [check_jsonschema, "--schemafile", journey_schema, one], workspace))
    single_goals = [Goal("cjm validate 1 file / python -c pass", "cjm validate, 1 file",
                         "python -c pass", 12)]
    if yamllint:
        single_goals.append(Goal("cjm validate 1 file / yamllint 1 file",
                                 "cjm validate, 1 file", "yamllint, 1 file", 1))
    tables = [Table("Validate one map (20 steps, 19 KB)", single, "python -c pass",
                    single_goals)]

    big = "maps/steps-1000.cjm.yaml"
    tables.append(Table("Validate one large map (1,000 steps, 1 MB)", [
        Case("parse floor, 1 large file", [PYTHON, str(HERE / "parse_floor.py"), big],
             workspace),
        Case("cjm validate, 1 large file", [CJM, "validate", *TODAY_OPTION, big], workspace),
    ], "parse floor, 1 large file"))

    for count in (100, 1000):
        folder = data / f"corpus-{count}"
        files = sorted(str(p.relative_to(folder)) for p in (folder / "maps").glob("*.cjm.yaml"))
        floor = f"parse floor, {count} files"
        cjm = f"cjm validate, {count} files"
        cases = [
            Case(floor, [PYTHON, str(HERE / "parse_floor.py"), "maps"], folder),
            Case(cjm, [CJM, "validate", *TODAY_OPTION, "maps"], folder),
        ]
        goals = [Goal(f"{cjm} / parse floor", cjm, floor, 1)]
        if check_jsonschema:
            name = f"check-jsonschema, {count} files"
            cases.append(Case(name, [check_jsonschema, "--schemafile", journey_schema, *files],
                              folder, max_runs=1 if count >= 1000 else 3))
            goals.append(Goal(f"check-jsonschema / {cjm}", name, cjm, 10, at_most=False))
        if yamllint and count < 1000:  # a minute per run on 1,000 files, and not a goal
            cases.append(Case(f"yamllint, {count} files", [yamllint, "maps"], folder,
                              ok_codes=(0, 1), max_runs=3))
        tables.append(Table(f"Validate a corpus of {count:,} maps (19 KB each)", cases, floor,
                            goals))
    return tables


def render_tables(data: Path, scratch: Path) -> list[Table]:
    workspace = data / "workspace"
    # cjm computes every position; Graphviz's neato only draws them (`neato -n2`).
    neato = _tool("neato")
    tables = []
    for steps in (200, 1000):
        source = f"maps/steps-{steps}.cjm.yaml"
        dot_file = scratch / f"steps-{steps}.dot"
        subprocess.run([CJM, "render", "-f", "dot", "-o", str(dot_file), source],
                       cwd=workspace, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        cases = [
            Case("parse floor", [PYTHON, str(HERE / "parse_floor.py"), source], workspace),
            Case("cjm validate", [CJM, "validate", *TODAY_OPTION, source], workspace),
            Case("cjm render -f dot (cjm's part)",
                 [CJM, "render", "-f", "dot", "-o", "-", source], workspace),
        ]
        if neato:
            cases.append(Case("neato -n2 -Tsvg (Graphviz's part)",
                              [neato, "-n2", "-Tsvg", "-o", os.devnull, str(dot_file)],
                              workspace))
            cases.append(Case("cjm render (SVG, whole)",
                              [CJM, "render", "-o", str(scratch / f"steps-{steps}.svg"), source],
                              workspace))
        tables.append(Table(f"Render a map of {steps:,} steps (grid view)", cases,
                            "parse floor"))
    return tables


def diff_tables(data: Path) -> list[Table]:
    single = data / "diff-map"
    many = data / "diff-workspace"
    map_file = "maps/steps-1000.cjm.yaml"
    return [
        Table("Diff two revisions of a 1,000-step map", [
            Case("git diff", ["git", "diff", "--quiet", "before", "after"], single,
                 ok_codes=(0, 1)),
            Case("parse floor, both revisions",
                 [PYTHON, str(HERE / "parse_floor.py"),
                  str(data / "workspace" / map_file), map_file], single),
            Case("cjm diff --rev before..after",
                 [CJM, "diff", "--rev", "before..after", map_file], single, ok_codes=(0, 1)),
        ], "parse floor, both revisions"),
        Table("Diff two revisions of a 1,000-map workspace", [
            Case("git diff", ["git", "diff", "--quiet", "before", "after"], many,
                 ok_codes=(0, 1)),
            Case("parse floor, both revisions",
                 [PYTHON, str(HERE / "parse_floor.py"), str(data / "corpus-1000" / "maps"),
                  "maps"], many),
            Case("cjm diff --rev before..after",
                 [CJM, "diff", "--rev", "before..after", "maps"], many, ok_codes=(0, 1)),
        ], "parse floor, both revisions"),
        renamed_ids_table(data),
    ]


RENAMED_COUNTS = (10, 100, 1_000)


def renamed_ids_table(data: Path) -> Table:
    """A map whose N step ids all changed (nothing else did), N = 10 … 1,000: pairing
    renames must stay linear (identical content is paired by a content key)."""
    cases = []
    for count in RENAMED_COUNTS:
        folder = data / f"renamed-{count}"
        folder.mkdir(parents=True, exist_ok=True)
        for side, suffix in (("old", ""), ("new", "-v2")):
            steps = "".join(
                f"      - id: step-{number}{suffix}\n"
                f"        name: Customer does thing number {number} at the counter\n"
                f"        emotion: {number % 5 - 2}\n"
                for number in range(count))
            (folder / f"{side}.cjm.yaml").write_text(
                "cjm: 1\nkind: journey\ntitle: Renamed\nstages:\n  - id: s\n    name: S\n"
                f"    steps:\n{steps}", encoding="utf-8")
        if count == RENAMED_COUNTS[0]:
            cases.append(Case("parse floor, both files (10)",
                              [PYTHON, str(HERE / "parse_floor.py"), "old.cjm.yaml",
                               "new.cjm.yaml"], folder))
        cases.append(Case(f"cjm diff OLD NEW, {count:,} renamed ids",
                          [CJM, "diff", "old.cjm.yaml", "new.cjm.yaml"], folder))
    return Table("Diff a map whose step ids were all renamed", cases,
                 "parse floor, both files (10)")


def has_command(name: str) -> bool:
    done = subprocess.run([CJM, name, "--help"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False)
    return done.returncode == 0


def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kilobytes = int(meminfo.readline().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    cjm_version = subprocess.run([CJM, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
    return (f"{cjm_version}; Python {platform.python_version()}; {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPUs{memory}; "
            f"{platform.processor() or _cpu_model()}")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["validate", "version", "render", "diff", "all"])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="benchmark data folder (default: benchmarks/data)")
    args = parser.parse_args()
    if not Path(CJM).exists():
        parser.error(f"no cjm next to this Python ({CJM}); run it with the virtualenv's python")
    generate(args.data)
    print(f"_{machine()}; medians of {args.repeat} runs_", flush=True)

    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as folder:
        scratch = Path(folder)
        subprocess.run([CJM, "schema", "-o", str(scratch / "schemas")], check=True,
                       stdout=subprocess.DEVNULL)
        builders: dict[str, Callable[[], list[Table]]] = {
            "version": lambda: version_tables(args.data),
            "validate": lambda: validate_tables(args.data, scratch / "schemas"),
            "render": lambda: render_tables(args.data, scratch),
            "diff": lambda: diff_tables(args.data),
        }
        chosen = list(builders) if args.what == "all" else [args.what]
        for name in chosen:
            if name in ("render", "diff") and not has_command(name):
                print(f"\n(skipped {name}: this cjm has no `cjm {name}` command)")
                continue
            for table in builders[name]():
                measure(table, args.repeat)
                print("\n" + show(table), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
