"""Time cjm as whole processes against reference tools, in one run, and print medians.

    python benchmarks/run.py version|validate|render|diff|site|convert|review|memory|all
                             [--repeat N] [--large]

The benchmark data is generated first when missing (see generate.py). Every command is
run once to warm the disk cache, then N times, the cases of a table interleaved so that
a busy moment on the machine hits all of them alike. Ratios only compare figures of the
same run; each goal is printed under its table with its wall and CPU ratio, met or not.
Scaling tables give the time per item from 10 items up (10,000 with --large) and say
where the cost of an item grows faster than linearly.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
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

from generate import DEFAULT_DATA, TODAY, dump, generate, journey, revise  # noqa: E402

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
    # Run before every run, untimed (a fresh copy of files the command changes).
    prepare: Callable[[], None] | None = None
    # How many items (maps, steps) the command handles, and the command's name apart
    # from its size: a scaling table's series.
    items: int = 0
    series: str = ""

    def run_once(self) -> None:
        if self.prepare is not None:
            self.prepare()
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
    # Sentences printed under the table (what the reference is, what is left out).
    notes: list[str] = field(default_factory=list)
    # A scaling table: its cases with `items` are sizes of their series, smallest first.
    per: str = ""
    # Series (whole command, its external program): cjm's own part is told apart.
    apart: list[tuple[str, str]] = field(default_factory=list)


# The cost of an item may grow this much from one size to the next before it is called
# faster than linear (the machine's noise stays below it).
SUPERLINEAR = 1.5
# CPU seconds an added size must cost to be told from the noise of starting a process.
NOISE = 0.2


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
    per = f" {table.per} |" if table.per else ""
    lines = [f"### {table.title}", "",
             f"| {'command'.ljust(width)} |   median | CPU      | runs | × {table.reference} "
             f"| CPU × |{' CPU per ' + table.per + ' |' if table.per else ''}",
             f"|{'-' * (width + 2)}|---------:|---------:|-----:|"
             f"{'-' * (len(table.reference) + 3)}:|------:|"
             f"{'-' * (len(per) + 7) + ':|' if table.per else ''}"]
    for case in table.cases:
        ratio = case.median / reference.median
        cpu_ratio = case.cpu_median / reference.cpu_median
        note = f"  (failed: {case.error})" if case.error else ""
        item = ""
        if table.per:
            item = (f" {_per_item(case.cpu_median / case.items):>{len(per) + 6}} |"
                    if case.items else f" {'':>{len(per) + 6}} |")
        lines.append(f"| {case.name.ljust(width)} | {_seconds(case.median)} | "
                     f"{_seconds(case.cpu_median)} | {len(case.times):>4} | "
                     f"{ratio:>{len(table.reference) + 2}.2f} | {cpu_ratio:>5.2f} |{item}{note}")
    notes = [*table.notes, *(scaling_notes(table) if table.per else []), *own_parts(table)]
    if table.goals or notes:
        lines.append("")
    lines += [goal_line(goal, by_name) for goal in table.goals]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines)


def scaling_notes(table: Table) -> list[str]:
    """How an item's cost grows in each series of a scaling table: the CPU an item adds
    from one size to the next, and a note where it grows faster than linearly (more
    than SUPERLINEAR times). Sizes whose difference is lost in the noise of starting a
    process are not judged."""
    notes = []
    for series in dict.fromkeys(case.series for case in table.cases if case.items):
        sized = [case for case in table.cases if case.items and case.series == series]
        steps = [(larger.items, larger.cpu_median - smaller.cpu_median,
                  larger.items - smaller.items)
                 for smaller, larger in itertools.pairwise(sized)
                 if larger.items > smaller.items]
        judged = [(count, added / more) for count, added, more in steps if added >= NOISE]
        growth = ", ".join(f"{_per_item(cost)} up to {count:,}" for count, cost in judged)
        faster = [f"**faster than linear** up to {count:,} {table.per}s: an added "
                  f"{table.per} costs {later / earlier:.1f}× what it cost at the size before"
                  for (_, earlier), (count, later) in itertools.pairwise(judged)
                  if later > SUPERLINEAR * earlier]
        if len(judged) < 2:
            verdict = "too few sizes above the noise to judge its growth"
        else:
            verdict = "; ".join(faster) or "linear within the noise"
        notes.append(f"{series}: CPU per added {table.per} {growth or '(below the noise)'}"
                     f" — {verdict}")
    return notes


def goal_line(goal: Goal, by_name: dict[str, Case]) -> str:
    """The goal with its wall-time ratio (what decides) and CPU ratio, met or not met."""
    numerator, denominator = by_name[goal.numerator], by_name[goal.denominator]
    ratio = numerator.median / denominator.median
    cpu_ratio = numerator.cpu_median / denominator.cpu_median
    met = ratio <= goal.limit if goal.at_most else ratio >= goal.limit
    sign = "≤" if goal.at_most else "≥"
    return (f"- goal: {goal.text} {sign} {goal.limit:g}: {ratio:.2f} (CPU {cpu_ratio:.2f}) "
            f"— {'met' if met else '**NOT MET**'}")


def _per_item(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds >= 0.001 else f"{seconds * 1e6:.0f} µs"


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
    floor = "python + PyYAML + pydantic, 1 model"
    single = [
        Case("python -c pass", [PYTHON, "-c", "pass"], workspace),
        Case("parse floor, 1 file", [PYTHON, str(HERE / "parse_floor.py"), one], workspace),
        Case(floor, [PYTHON, str(HERE / "model_floor.py"), one], workspace),
        Case("cjm validate, 1 file", [CJM, "validate", *TODAY_OPTION, one], workspace),
    ]
    if yamllint:
        single.append(Case("yamllint, 1 file", [yamllint, one], workspace, ok_codes=(0, 1)))
    if check_jsonschema:
        single.append(Case("check-jsonschema, 1 file",
                           [check_jsonschema, "--schemafile", journey_schema, one], workspace))
    single_goals = [
        Goal("cjm validate 1 file / python -c pass", "cjm validate, 1 file", "python -c pass",
             14),
        Goal(f"cjm validate 1 file / {floor}", "cjm validate, 1 file", floor, 1.1)]
    tables = [Table("Validate one map (20 steps, 19 KB)", single, "python -c pass",
                    single_goals, notes=[
                        f"{floor}: `model_floor.py`, which imports both, C-parses the file "
                        "and validates it against one small model as pydantic builds it "
                        "by default — what any pydantic YAML checker pays at least"])]

    big = "maps/steps-1000.cjm.yaml"
    tables.append(Table("Validate one large map (1,000 steps, 1 MB)", [
        Case("parse floor, 1 large file", [PYTHON, str(HERE / "parse_floor.py"), big],
             workspace),
        Case("cjm validate, 1 large file", [CJM, "validate", *TODAY_OPTION, big], workspace),
    ], "parse floor, 1 large file"))

    for count, steps in ((100, 20), (200, 30), (1000, 20)):
        folder = data / f"corpus-{count}"
        files = sorted(str(p.relative_to(folder)) for p in (folder / "maps").glob("*.cjm.yaml"))
        floor = f"parse floor, {count} files"
        cjm = f"cjm validate, {count} files"
        cases = [
            Case(floor, [PYTHON, str(HERE / "parse_floor.py"), "maps"], folder),
            Case(cjm, [CJM, "validate", *TODAY_OPTION, "maps"], folder),
        ]
        goals = [Goal(f"{cjm} / parse floor", cjm, floor, 1)] if count >= 200 else []
        if check_jsonschema:
            name = f"check-jsonschema, {count} files"
            cases.append(Case(name, [check_jsonschema, "--schemafile", journey_schema, *files],
                              folder, max_runs=1 if count >= 1000 else 3))
            goals.append(Goal(f"check-jsonschema / {cjm}", name, cjm, 10, at_most=False))
        if yamllint and count < 1000:  # a minute per run on 1,000 files, and not a goal
            cases.append(Case(f"yamllint, {count} files", [yamllint, "maps"], folder,
                              ok_codes=(0, 1), max_runs=3))
        size = sum(os.stat(folder / name).st_size for name in files) / len(files) / 1000
        tables.append(Table(f"Validate a corpus of {count:,} maps ({steps} steps, "
                            f"{size:.0f} KB each)", cases, floor, goals))
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


def _written(folder: Path, files: Callable[[], dict[str, str]]) -> Path:
    """FOLDER with the files `files()` names (path → text), written once."""
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in files().items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        done.write_text("written\n")
    return folder


def _alone(data: dict[str, object]) -> dict[str, object]:
    """A generated map that needs no workspace: its persona inline."""
    return {**data, "persona": {"name": "Customer"}}


def convert_tables(data: Path, sizes: tuple[int, ...]) -> list[Table]:
    """`cjm convert` of an N-step map to Mermaid and CSV and back, N = 10 … 10,000."""
    cases: list[Case] = []
    for steps in sizes:
        folder = _written(data / "scale" / f"convert-{steps}", lambda steps=steps: {
            "map.cjm.yaml": dump(_alone(journey(steps, 7, f"steps-{steps}")))})
        if steps == sizes[0]:
            cases.append(Case(f"cjm validate, {steps:,} steps",
                              [CJM, "validate", "map.cjm.yaml"], folder))
        for target, suffix in (("mermaid", ".mmd"), ("csv", ".csv")):
            exported = folder / f"map{suffix}"
            if not exported.exists():
                subprocess.run([CJM, "convert", "map.cjm.yaml", "-o", exported.name],
                               cwd=folder, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            cases.append(Case(f"to {target}, {steps:,} steps",
                              [CJM, "convert", "map.cjm.yaml", "-o", os.devnull, "--to", target],
                              folder, items=steps, series=f"to {target}"))
            cases.append(Case(f"from {target}, {steps:,} steps",
                              [CJM, "convert", exported.name, "-o", os.devnull, "--to", "yaml"],
                              folder, items=steps, series=f"from {target}"))
    cases = [cases[0], *by_series(cases[1:])]
    return [Table("`cjm convert` to Mermaid and CSV and back", cases, cases[0].name,
                  per="step", notes=["no external program: cjm does all of it; reading a "
                                     "file back validates the map it holds"])]


def visual_diff_tables(data: Path, scratch: Path, sizes: tuple[int, ...]) -> list[Table]:
    """The picture of what changed (`cjm diff -f svg`): cjm's part and Graphviz's."""
    # Imported here: the library computes the DOT text that neato is timed on.
    from cjm.model import JourneyMap
    from cjm.render.changes import changes_dot
    from cjm.render.info import map_info
    from cjm.validate import check_file

    neato = _tool("neato")
    cases: list[Case] = []
    for steps in sizes:
        def files(steps: int = steps) -> dict[str, str]:
            before = _alone(journey(steps, steps, f"steps-{steps}"))
            return {"old.cjm.yaml": dump(before), "new.cjm.yaml": dump(revise(before, 1))}

        folder = _written(data / "scale" / f"visual-diff-{steps}", files)
        old, new = (check_file(folder / name, None).model for name in ("old.cjm.yaml",
                                                                        "new.cjm.yaml"))
        assert isinstance(old, JourneyMap) and isinstance(new, JourneyMap)
        dot_file = scratch / f"changes-{steps}.dot"
        dot_file.write_text(changes_dot(old, new, map_info(new, None), old_label="old",
                                        new_label="new"), encoding="utf-8")
        if steps == sizes[0]:
            cases.append(Case(f"cjm diff (text), {steps:,} steps",
                              [CJM, "diff", "old.cjm.yaml", "new.cjm.yaml"], folder,
                              ok_codes=(0, 1)))
        cases.append(Case(f"cjm diff -f svg, {steps:,} steps",
                          [CJM, "diff", "-f", "svg", "-o", os.devnull, "old.cjm.yaml",
                           "new.cjm.yaml"], folder, items=steps, series="cjm diff -f svg"))
        if neato:
            cases.append(Case(f"neato -n2 -Tsvg (Graphviz's part), {steps:,} steps",
                              [neato, "-n2", "-Tsvg", "-o", os.devnull, str(dot_file)],
                              folder, items=steps, series="Graphviz's part"))
    table = Table("The picture of a map's changes (`cjm diff -f svg`)", cases, cases[0].name,
                  per="step", notes=["a tenth of the steps changed, some renamed, moved, "
                                     "added and removed (generate.py's revision)"])
    table.apart.append(("cjm diff -f svg", "Graphviz's part"))
    return [table]


def by_series(cases: list[Case]) -> list[Case]:
    """The cases of each series together, the series in the order they first come."""
    order = list(dict.fromkeys(case.series for case in cases))
    return sorted(cases, key=lambda case: (order.index(case.series), case.items))


def own_parts(table: Table) -> list[str]:
    """cjm's own CPU (the whole command less the external program) at each size."""
    notes = []
    for whole, external in table.apart:
        wholes = {case.items: case for case in table.cases if case.series == whole}
        parts = {case.items: case for case in table.cases if case.series == external}
        shares = [f"{items:,}: {_seconds(wholes[items].cpu_median - part.cpu_median).strip()}"
                  f" vs {_seconds(part.cpu_median).strip()}"
                  for items, part in parts.items() if items in wholes]
        notes.append(f"cjm's own CPU in {whole} vs {external}, by size — " + "; ".join(shares))
    return notes


def site_tables(data: Path, scratch: Path, sizes: tuple[int, ...]) -> list[Table]:
    """`cjm site` of N maps (copies of the examples), with and without drawing."""
    # Imported here: the same workspaces as site_build.py.
    from site_build import make_workspace

    neato = _tool("neato")
    cases: list[Case] = []
    for size in sizes:
        folder = data / "scale" / f"site-{size}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make_workspace(folder, size)
            (folder / ".complete").write_text("written\n")
        out = scratch / f"site-{size}"
        cases.append(Case(f"cjm validate, {size:,} maps",
                          [CJM, "validate", *TODAY_OPTION, "."], folder, ok_codes=(0, 1),
                          items=size, series="cjm validate"))
        cases.append(Case(f"cjm site --no-drawings, {size:,} maps",
                          [CJM, "site", ".", "-o", str(out), "--no-drawings", *TODAY_OPTION],
                          folder, items=size, series="cjm site --no-drawings"))
        if size > MAX_DRAWN:
            continue
        cases.append(Case(f"cjm site, {size:,} maps (3 views each)",
                          [CJM, "site", ".", "-o", str(out), *TODAY_OPTION], folder,
                          items=size, max_runs=3, series="cjm site"))
        if neato:
            dots = scratch / f"site-dot-{size}"
            for view in ("grid", "flow", "blueprint"):
                (dots / view).mkdir(parents=True, exist_ok=True)
                subprocess.run([CJM, "render", "-f", "dot", "-v", view, "-o", str(dots / view),
                                "maps"], cwd=folder, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            cases.append(Case(
                f"neato on the same drawings, {size:,} maps",
                ["sh", "-c", f"find . -name '*.dot' | xargs -P {os.cpu_count() or 1} "
                 f"-I @ {neato} -n2 -Tsvg -o {os.devnull} @"], dots, items=size, max_runs=3,
                series="Graphviz's part"))
    cases = by_series(cases)
    table = Table("`cjm site` of N maps", cases, cases[0].name, per="map", notes=[
        "the maps are the four examples copied N/4 times (site_build.py); drawing runs "
        "Graphviz three times a map, on every core; the browser is no part of it",
        f"drawn up to {MAX_DRAWN:,} maps (Graphviz's part grows as the maps do)"])
    table.apart.append(("cjm site", "Graphviz's part"))
    return [table]


# Sites larger than this are built without drawings only (1,000 maps: 3,000 drawings).
MAX_DRAWN = 200


def review_tables(data: Path, scratch: Path, sizes: tuple[int, ...]) -> list[Table]:
    """`cjm review` signing N maps (each one's content hashed and written back), and
    `cjm validate` of the signed maps (each one's hash checked)."""
    source = data / "corpus-1000" / "maps"
    names = sorted(path.name for path in source.glob("*.cjm.yaml"))
    cases: list[Case] = []
    for size in sizes:
        folder = data / "scale" / f"review-{size}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(data / "corpus-1000", folder, ignore=shutil.ignore_patterns("maps"))
            (folder / "maps").mkdir()
            for number in range(size):
                name = names[number % len(names)]
                text = (source / name).read_text(encoding="utf-8")
                if number >= len(names):  # more maps than the corpus has: copies, new ids
                    text = text.replace("\nid: journey-", f"\nid: copy-{number}-journey-", 1)
                (folder / "maps" / f"{number:05d}-{name}").write_text(text, encoding="utf-8")
            subprocess.run([CJM, "review", "--by", "bench", "--date", TODAY.isoformat(),
                            *sorted(str(p) for p in (folder / "maps").iterdir())],
                           check=True, cwd=folder, stdout=subprocess.DEVNULL)
            (folder / ".complete").write_text("written\n")
        work = scratch / f"review-{size}"
        maps = sorted(f"maps/{p.name}" for p in (folder / "maps").iterdir())

        def fresh(folder: Path = folder, work: Path = work) -> None:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(folder, work)

        fresh()
        cases.append(Case(f"cjm validate of signed maps, {size:,} maps",
                          [CJM, "validate", *TODAY_OPTION, "maps"], folder, ok_codes=(0, 1),
                          items=size, series="cjm validate (each hash checked)"))
        cases.append(Case(f"cjm review, {size:,} maps",
                          [CJM, "review", "--by", "bench", "--date", "2026-12-02", *maps],
                          work, prepare=fresh, items=size, series="cjm review (hash, sign)"))
    cases = by_series(cases)
    return [Table("`cjm review` of N maps, and `cjm validate` of the signed maps", cases,
                  cases[0].name, per="map", notes=[
                      "the maps are corpus-1000's (20 steps), copied as often as needed; "
                      "signing rewrites every map (a fresh copy before each run, not timed); "
                      "no external program"])]


def memory_lines(data: Path, scratch: Path) -> list[str]:
    """Peak memory of validating 1,000 maps and of rendering a 5,000-step map."""
    big = _written(data / "scale" / "render-5000", lambda: {
        "map.cjm.yaml": dump(_alone(journey(5000, 5000, "steps-5000")))})
    rows = [
        ("cjm validate, 1,000 maps", [CJM, "validate", *TODAY_OPTION, "maps"],
         data / "corpus-1000", 1000, "map"),
        ("cjm render, 1,000 steps (grid, SVG)",
         [CJM, "render", "-o", str(scratch / "memory-1000.svg"), "maps/steps-1000.cjm.yaml"],
         data / "workspace", 1000, "step"),
        ("cjm render, 5,000 steps (grid, SVG)",
         [CJM, "render", "-o", str(scratch / "memory-5000.svg"), "map.cjm.yaml"], big, 5000,
         "step"),
    ]
    lines = ["### Memory (peak, one run each)", "",
             "| command | processes | largest process (RSS) | all at once (PSS) | per item |",
             "|---|---:|---:|---:|---:|"]
    for name, argv, cwd, items, per in rows:
        processes, largest, together = peak_memory(argv, cwd)
        lines.append(f"| {name} | {processes} | {largest / 2**20:.0f} MiB | "
                     f"{together / 2**20:.0f} MiB | {together / items / 1024:.0f} KiB a {per} |")
    lines += ["", "- RSS counts pages forked workers share with cjm once in each; PSS shares "
              "them out, so the processes' PSS add up to what the machine holds for them"]
    return lines


def peak_memory(argv: list[str], cwd: Path) -> tuple[int, int, int]:
    """Run ARGV, sampling its process tree: (processes seen, peak RSS of the largest
    one, peak of the tree's summed PSS), in bytes (Linux's /proc)."""
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    largest = together = 0
    while process.poll() is None:
        tree = _tree(process.pid)
        seen.update(tree)
        sizes = [_memory(pid) for pid in tree]
        largest = max([largest, *(rss for rss, _ in sizes)])
        together = max(together, sum(pss for _, pss in sizes))
        time.sleep(0.005)
    return len(seen), largest, together


def _tree(root: int) -> list[int]:
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as children:
                todo.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return found


def _memory(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def missing_bytecode() -> list[str]:
    """The modules of the cjm this Python imports whose bytecode is missing or stale:
    each process would compile them again (+6 % on a small map)."""
    spec = importlib.util.find_spec("cjm")
    if spec is None or not spec.submodule_search_locations:
        return ["cjm"]
    package = Path(next(iter(spec.submodule_search_locations)))
    missing = []
    for source in sorted(package.rglob("*.py")):
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = cached.read_bytes()[:16]
            stat = source.stat()
        except OSError:
            missing.append(str(source.relative_to(package)))
            continue
        flags = int.from_bytes(header[4:8], "little")
        fresh = (header[:4] == importlib.util.MAGIC_NUMBER and (flags & 1 or (
            int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF)))
        if not fresh:
            missing.append(str(source.relative_to(package)))
    return missing


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


SMALL_SIZES = (10, 100, 1_000)
LARGE_SIZES = (10, 100, 1_000, 10_000)


README = Path(__file__).parent / "README.md"
RUN_STARTS = "<!-- benchmarks/run.py --write-readme: from here -->"
RUN_ENDS = "<!-- benchmarks/run.py --write-readme: to here -->"


def write_readme(readme: Path, output: str) -> None:
    """Put OUTPUT between the README's two markers (the section is added when missing)."""
    text = readme.read_text(encoding="utf-8")
    if RUN_STARTS not in text or RUN_ENDS not in text:
        text = (text.rstrip("\n") + "\n\n## The last run\n\n"
                "`python benchmarks/run.py all --write-readme` writes its output here.\n\n"
                f"{RUN_STARTS}\n{RUN_ENDS}\n")
    before, _, rest = text.partition(RUN_STARTS)
    _, _, after = rest.partition(RUN_ENDS)
    readme.write_text(f"{before}{RUN_STARTS}\n{output}{RUN_ENDS}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["version", "validate", "render", "diff", "site",
                                         "convert", "review", "memory", "all"])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command")
    parser.add_argument("--large", action="store_true",
                        help="scaling tables up to 10,000 items (maps or steps), not 1,000")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help="the scaling tables' sizes (default: 10 100 1000)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="benchmark data folder (default: benchmarks/data)")
    parser.add_argument("--write-readme", action="store_true",
                        help="also write this run's output into benchmarks/README.md, "
                        "between its two markers (the section 'The last run')")
    parser.add_argument("--allow-missing-bytecode", action="store_true",
                        help="run even when cjm's bytecode is missing (the figures are then "
                        "higher than a user's, and the output says so)")
    args = parser.parse_args()
    if not Path(CJM).exists():
        parser.error(f"no cjm next to this Python ({CJM}); run it with the virtualenv's python")
    missing = missing_bytecode()
    if missing:
        # What a wheel install does: compile, so no timed process pays for it.
        subprocess.run([PYTHON, "-m", "compileall", "-q", *(
            str(Path(spec.origin).parent) for spec in [importlib.util.find_spec("cjm")]
            if spec is not None and spec.origin)], check=False, stdout=subprocess.DEVNULL)
        missing = missing_bytecode()
    if missing and not args.allow_missing_bytecode:
        parser.error(f"cjm's bytecode is missing or stale and cannot be written "
                     f"({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}): every "
                     "run would compile cjm again. Run `python -m compileall` over cjm as a "
                     "user who can write there (and unset PYTHONDONTWRITEBYTECODE), or pass "
                     "--allow-missing-bytecode")
    generate(args.data)
    sizes = tuple(args.sizes or (LARGE_SIZES if args.large else SMALL_SIZES))
    printed: list[str] = []

    def say(text: str) -> None:
        printed.append(text)
        print(text, flush=True)

    say(f"_{machine()}; medians of {args.repeat} runs_")
    if missing:
        say(f"\n**cjm's bytecode is missing ({len(missing)} modules): every cjm process "
            "compiles them, the figures are higher than a user's**")

    goals: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as folder:
        scratch = Path(folder)
        subprocess.run([CJM, "schema", "-o", str(scratch / "schemas")], check=True,
                       stdout=subprocess.DEVNULL)
        builders: dict[str, Callable[[], list[Table]]] = {
            "version": lambda: version_tables(args.data),
            "validate": lambda: validate_tables(args.data, scratch / "schemas"),
            "render": lambda: render_tables(args.data, scratch),
            "diff": lambda: [*diff_tables(args.data),
                             *visual_diff_tables(args.data, scratch, sizes)],
            "site": lambda: site_tables(args.data, scratch, sizes),
            "convert": lambda: convert_tables(args.data, sizes),
            "review": lambda: review_tables(args.data, scratch, sizes),
        }
        chosen = [*builders, "memory"] if args.what == "all" else [args.what]
        for name in chosen:
            if name == "memory":
                say("\n" + "\n".join(memory_lines(args.data, scratch)))
                continue
            if name in ("render", "diff", "site", "convert", "review") and not has_command(name):
                say(f"\n(skipped {name}: this cjm has no `cjm {name}` command)")
                continue
            for table in builders[name]():
                measure(table, args.repeat)
                say("\n" + show(table))
                by_name = {case.name: case for case in table.cases}
                goals += [goal_line(goal, by_name) for goal in table.goals]
    if goals:
        say("\n### Every goal of this run\n\n" + "\n".join(goals))
    if args.write_readme:
        write_readme(README, "\n".join(printed).strip() + "\n")
        print(f"\n(written into {README})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
