"""What keeps cjm fast, checked by behaviour rather than by the clock.

- `cjm --version` answers without importing the heavy libraries;
- `cjm validate` is read by Typer, and imports neither rich nor importlib.metadata;
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
from cjm.parallel import map_in_order, worker_count
from cjm.paths import expand_paths
from cjm.report import VALIDATE_REPORTERS
from cjm.validate import check_paths

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


def test_validate_reads_its_arguments_before_the_library() -> None:
    """Typer reads every command line; rich is not imported for a plain run, and
    pydantic's plugin discovery (importlib.metadata) does not run."""
    modules, output = _imported_by(["validate", "--today", TODAY, str(ROOT / "examples")])
    assert "files checked" in output
    assert "typer" in modules
    assert not {name.split(".")[0] for name in modules} & {"rich", "click"}
    assert "importlib.metadata" not in modules


def test_there_is_one_parser_of_the_command_line() -> None:
    cli = ROOT / "src" / "cjm" / "cli"
    assert not (cli / "quick.py").exists()
    for module in cli.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "argparse" not in text and "sys.argv[2" not in text, module


def test_formats_are_the_reporters() -> None:
    from cjm.cli.validate import FORMATS

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
    expected = VALIDATE_REPORTERS[output_format](serial)
    assert result.stdout.rstrip("\n") == expected.rstrip("\n")
    if output_format == "json":
        assert json.loads(result.stdout)["files"] == len(serial.files)


def test_map_in_order_keeps_order_across_workers() -> None:
    items = [str(n) for n in range(200)]
    assert worker_count(items) in (1, min(len(os.sched_getaffinity(0)), 200))
    assert list(map_in_order(_square, items)) == [str(int(i) ** 2) for i in items]


def _square(item: str) -> str:
    return str(int(item) ** 2)
