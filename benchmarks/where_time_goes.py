"""Where the time of `cjm validate FILE` goes, phase by phase, as a whole process runs it.

    python benchmarks/where_time_goes.py [FILE] [--repeat N]

Each run is a fresh process (`--once`) that does what `cjm validate FILE` does, in its
order, timing every phase: the imports (split by package as `python -X importtime` of
the same run splits them: Typer, pydantic, PyYAML, cjm's own modules with the models
declared but not built, the standard library), finding the workspace, reading the
file, parsing it, building the models (the first validation less a second one of the
same data), validating, checking references and rules, and the report. The table gives
each phase's median over N runs (wall and CPU) and its share of `python -c pass`,
measured in between; the default FILE is the 20-step benchmark map.

`--once FILE N` ends the run after its first N phases: an instruction counter run on
it for each N (`valgrind --tool=callgrind python benchmarks/where_time_goes.py --once
FILE N`) gives each phase's count as a difference, which a busy machine does not move.
"""

from __future__ import annotations

# Only these before the timed run: whatever else this script imported would be missing
# from the imports it times.
import sys
import time

HERE = __file__.rpartition("/")[0] or "."

IMPORTS = "imports"
PHASES = [IMPORTS, "find the workspace (cjm.yaml, personas)", "read the file",
          "parse (YAML → data and positions)", "build the models (first use)",
          "validate against the models", "references and quality rules", "report (text)"]
# Top-level packages → the group of imports they count in.
GROUPS = {"typer": "Typer, Click, rich", "click": "Typer, Click, rich",
          "rich": "Typer, Click, rich", "shellingham": "Typer, Click, rich",
          "pydantic": "pydantic", "pydantic_core": "pydantic", "annotated_types": "pydantic",
          "typing_extensions": "pydantic", "typing_inspection": "pydantic",
          "yaml": "PyYAML", "_yaml": "PyYAML", "cjm": "cjm's modules (models declared)"}
STDLIB = "the standard library"


def once(path: str, phases: int | None = None) -> dict[str, tuple[float, float]]:
    """Time the phases in this process (the first PHASES of them); (wall, CPU) seconds
    each."""
    times: dict[str, tuple[float, float]] = {}
    clock = [time.perf_counter(), time.process_time()]

    def lap(name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        times[name] = (wall - clock[0], cpu - clock[1])
        if phases is not None and len(times) >= phases:
            import gc

            gc.freeze()  # Python's exit then skips its last collection, as cjm's does
            raise SystemExit(0)
        clock[:] = [time.perf_counter(), time.process_time()]

    import datetime as dt
    import gc

    import cjm.cli
    from cjm.cli import without_pydantic_plugins
    from cjm.cli.streams import configure_streams

    # The collector's threshold as `cjm.cli.main` sets it (a cjm before that: Python's).
    gc.set_threshold(getattr(cjm.cli, "COLLECT_AFTER_NEW_OBJECTS", gc.get_threshold()[0]))
    configure_streams()
    without_pydantic_plugins()
    try:  # the app with the command a command line names, as `cjm validate` builds it
        from cjm.cli.app import app_with

        app_with(("validate",))
    except ImportError:  # a cjm before that: the app with every command
        import cjm.cli.app
        import cjm.cli.validate
    import cjm.parallel  # what the validate command imports to check files
    from cjm.files import read_input
    from cjm.load import load_bytes
    from cjm.problems import FileResult, Report
    from cjm.references import check_references
    from cjm.report import VALIDATE_REPORTERS
    from cjm.rules import check_rules
    from cjm.shape import check_loaded
    from cjm.workspace import context_for
    lap(IMPORTS)
    context = context_for(path)
    lap(PHASES[1])
    raw = read_input(path, context.settings.max_file_size)
    lap(PHASES[2])
    loaded = load_bytes(raw, path)
    lap(PHASES[3])
    again = load_bytes(raw, path)  # for the second validation, not timed
    clock[:] = [time.perf_counter(), time.process_time()]
    first = check_loaded(loaded, path)
    lap(PHASES[4])
    checked = check_loaded(again, path)
    lap(PHASES[5])
    build = tuple(a - b for a, b in zip(times[PHASES[4]], times[PHASES[5]], strict=True))
    times[PHASES[4]] = (max(build[0], 0.0), max(build[1], 0.0))
    assert first.model is not None and checked.model is not None and checked.source
    problems = [*checked.problems, *check_references(checked.model, checked.source, context)]
    problems += check_rules(checked.model, checked.source, context,  # type: ignore[arg-type]
                            dt.date(2026, 12, 1))
    lap(PHASES[6])
    VALIDATE_REPORTERS["text"](Report([FileResult(path, problems)]))
    lap(PHASES[7])
    return times


def import_shares(path: str) -> dict[str, float]:
    """Each group's share of the imports' own time in one `-X importtime` run."""
    import subprocess

    done = subprocess.run([sys.executable, "-X", "importtime", __file__, "--once", path],
                          capture_output=True, text=True, check=True)
    spent: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        group = GROUPS.get(name.strip().split(".")[0], STDLIB)
        spent[group] = spent.get(group, 0.0) + int(own)
    total = sum(spent.values())
    return {group: own / total for group, own in sorted(spent.items(), key=lambda x: -x[1])}


def main() -> int:
    if sys.argv[1:2] == ["--once"]:
        times = once(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
        import json

        print(json.dumps(times))
        return 0
    import argparse
    import json
    import statistics
    import subprocess
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?",
                        default=f"{HERE}/data/workspace/maps/steps-20.cjm.yaml")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if not Path(args.file).exists():
        sys.path.insert(0, HERE)
        from generate import DEFAULT_DATA, generate

        generate(DEFAULT_DATA)
    runs: list[dict[str, list[float]]] = []
    bare: list[float] = []
    for _ in range(args.repeat):  # interleaved: python -c pass, then one measured run
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - started)
        done = subprocess.run([sys.executable, __file__, "--once", args.file],
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout))
    floor = statistics.median(bare)
    print(f"`cjm validate {Path(args.file).name}`, phase by phase, medians of {args.repeat} "
          f"runs; `python -c pass` {floor * 1000:.0f} ms\n")
    print("| phase | wall | CPU | × python -c pass |")
    print("|---|---:|---:|---:|")
    total = 0.0
    for phase in PHASES:
        wall = statistics.median(run[phase][0] for run in runs)
        cpu = statistics.median(run[phase][1] for run in runs)
        total += wall
        print(f"| {phase} | {wall * 1000:.1f} ms | {cpu * 1000:.1f} ms | {wall / floor:.2f} |")
        if phase == IMPORTS:
            for group, share in import_shares(args.file).items():
                print(f"| — {group} | {wall * share * 1000:.1f} ms | {cpu * share * 1000:.1f} "
                      f"ms | {wall * share / floor:.2f} |")
    print(f"| **all phases** (and `python -c pass` before them) | {total * 1000:.0f} ms | | "
          f"{total / floor:.2f} (+ 1) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
