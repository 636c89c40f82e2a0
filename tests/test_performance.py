"""What keeps cjm fast, checked by behaviour rather than by the clock.

- `cjm --version` answers without importing the heavy libraries;
- `cjm validate` read without Typer behaves exactly as the Typer command;
- a batch checked in worker processes reports exactly what a serial run reports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.cli.quick import FORMATS, parse_validate
from cjm.parallel import map_in_order, worker_count
from cjm.report import VALIDATE_REPORTERS
from cjm.validate import check_paths
from cjm.workspace import expand_paths

ROOT = Path(__file__).parent.parent
TODAY = "2026-11-24"
# Valid and invalid files from two workspaces: every kind of problem, in many files.
BATCH = [str(ROOT / "tests" / "cases"), str(ROOT / "examples")]


def _imported_by(args: list[str]) -> tuple[set[str], str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cjm", *args],
                          capture_output=True, text=True, check=True)
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:")}
    return modules, done.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_does_not_import_heavy_libraries(flag: str) -> None:
    modules, output = _imported_by([flag])
    assert output.startswith("cjm ")
    top_level = {name.split(".")[0] for name in modules}
    assert not top_level & {"pydantic", "pydantic_core", "yaml", "graphviz", "typer", "rich"}


def test_validate_runs_without_typer() -> None:
    modules, _ = _imported_by(["validate", "--today", TODAY, str(ROOT / "examples")])
    assert not {name.split(".")[0] for name in modules} & {"typer", "rich", "click"}


GOOD_MAP = ROOT / "examples" / "maps" / "first-online-purchase.cjm.yaml"
BAD_MAP = ROOT / "tests" / "cases" / "invalid" / "duplicate-key.cjm.yaml"
# Each is run by the quick path and by Typer: same output, messages and exit code.
INVOCATIONS = [
    [str(GOOD_MAP)],
    [str(BAD_MAP), str(GOOD_MAP)],
    ["--format", "json", str(BAD_MAP)],
    ["-f", "github", "--color", str(BAD_MAP)],
    ["--format=sarif", "--no-color", str(GOOD_MAP)],
    ["--strict", str(ROOT / "examples" / "maps")],
    ["--today=2030-01-01", str(GOOD_MAP), "--no-color"],
    [str(ROOT / "no-such-folder")],
    [str(ROOT / "tests" / "cases" / "*.nothing")],
    [*BATCH[:1], "--format", "junit"],
]


def _run(code: str, args: list[str]) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=False, cwd=ROOT / "examples",
                          env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", INVOCATIONS, ids=" ".join)
def test_quick_validate_matches_typer(args: list[str]) -> None:
    args = ["--today", TODAY, *args] if not any(a.startswith("--today") for a in args) else args
    assert parse_validate(args) is not None
    quick = _run("import sys; from cjm.cli import main; main(['validate', *sys.argv[1:]])", args)
    typer_app = _run("import sys; from cjm.cli.app import run; "
                     "sys.exit(run(['validate', *sys.argv[1:]]))", args)
    assert quick == typer_app


def test_quick_validate_runs_the_default_paths() -> None:
    args = ["--today", TODAY]
    quick = _run("import sys; from cjm.cli import main; main(['validate', *sys.argv[1:]])", args)
    typer_app = _run("import sys; from cjm.cli.app import run; "
                     "sys.exit(run(['validate', *sys.argv[1:]]))", args)
    assert quick == typer_app
    assert "files checked" in quick[1]


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--format", "xml", "a"], ["--format"], ["--today", "tomorrow"],
    ["--", "-odd-name"], ["-"], ["-f=json"], ["--unknown"], ["--strict=yes"],
    ["--format", "--strict"],
])
def test_anything_unusual_is_left_to_typer(args: list[str]) -> None:
    assert parse_validate(args) is None


def test_formats_are_the_reporters() -> None:
    assert list(VALIDATE_REPORTERS) == FORMATS


def test_a_large_batch_uses_workers() -> None:
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("workers need Linux and two cores")
    assert worker_count(expand_paths(BATCH)) >= 2
    assert worker_count(expand_paths([str(ROOT / "examples" / "maps")])) == 1


def test_parallel_run_reports_what_a_serial_run_reports() -> None:
    today = dt.date.fromisoformat(TODAY)
    serial = check_paths(BATCH, today=today)
    parallel = check_paths(BATCH, today=today, map_file=map_in_order)
    assert parallel == serial
    assert serial.errors > 0 and serial.warnings > 0  # the batch exercises every path


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_cli_output_and_exit_code_match_a_serial_run(output_format: str) -> None:
    serial = check_paths(BATCH, today=dt.date.fromisoformat(TODAY))
    result = CliRunner().invoke(
        app, ["validate", "--today", TODAY, "--format", output_format, "--no-color", *BATCH]
    )
    assert result.exit_code == 1 == int(serial.failed())
    expected = VALIDATE_REPORTERS[output_format](serial, False)
    assert result.stdout.rstrip("\n") == expected.rstrip("\n")
    if output_format == "json":
        assert json.loads(result.stdout)["files"] == len(serial.files)


def test_map_in_order_keeps_order_across_workers() -> None:
    items = [str(n) for n in range(200)]
    assert worker_count(items) in (1, min(len(os.sched_getaffinity(0)), 200))
    assert list(map_in_order(_square, items)) == [str(int(i) ** 2) for i in items]


def _square(item: str) -> str:
    return str(int(item) ** 2)
