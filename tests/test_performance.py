"""What keeps cjm fast, checked by behaviour rather than by the clock.

- `cjm --version` answers without importing the heavy libraries;
- `cjm validate` is read by Typer, and imports neither rich nor importlib.metadata;
- a batch checked in worker processes reports exactly what a serial run reports;
- workers are started for work that pays for them, measured, not counted in files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.parallel import WORKER_COST, Plan, _Counter, _in_workers, map_in_order, plan_work
from cjm.paths import expand_paths
from cjm.report import VALIDATE_REPORTERS
from cjm.validate import CheckedFile, check_paths

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


# What `cjm validate` of one map needs none of: the other commands and their library,
# git, the workers' machinery (pickle for their results, ctypes for their end), and the
# explanations of YAML that cannot be read.
NOT_FOR_ONE_MAP = {"cjm.cli.diff", "cjm.cli.render", "cjm.cli.site", "cjm.cli.backlog",
                   "cjm.cli.convert", "cjm.cli.review", "cjm.cli.show", "cjm.cli.init",
                   "cjm.cli.schema", "cjm.diff", "cjm.render", "cjm.site", "cjm.convert",
                   "cjm.formats", "cjm.backlog", "cjm.schema", "cjm.git", "cjm.programs",
                   "pickle", "ctypes", "json", "graphviz", "cjm.yaml_mistakes"}


@pytest.mark.parametrize("example", ["first-online-purchase", "support-complaint"])
def test_validate_of_one_map_imports_only_what_it_needs(example: str) -> None:
    """The command line that names a command builds the app with that command alone."""
    path = ROOT / "examples" / "maps" / f"{example}.cjm.yaml"
    modules, output = _imported_by(["validate", "--today", TODAY, str(path)])
    assert "1 file checked" in output
    assert {"cjm.cli.validate", "cjm.validate", "cjm.model"} <= modules
    packages = {".".join(name.split(".")[:2]) for name in modules} | modules
    assert not packages & NOT_FOR_ONE_MAP


def test_the_app_of_one_command_is_the_full_apps_command() -> None:
    """Help, options and exit codes of a command are the same whichever app runs it."""
    from cjm.cli.app import COMMANDS, app_with

    full = CliRunner().invoke(app, ["--help"])
    assert full.exit_code == 0
    for name in COMMANDS:
        assert name in full.output
        alone = CliRunner().invoke(app_with((name,)), [name, "--help"])
        assert alone.exit_code == 0
        assert alone.output == CliRunner().invoke(app, [name, "--help"]).output
    unknown = CliRunner().invoke(app_with(("validate",)), ["validate", "--no-such-option"])
    assert unknown.exit_code == 2 and "No such option" in unknown.output


def test_colour_loads_rich_style_alone_and_a_table_its_console() -> None:
    """A coloured run of validate loads the part of rich that colours a line; only a
    report with a table (a coloured diff of emotions) loads rich's console."""
    modules, output = _imported_by(["validate", "--color", "--today", "2030-01-01",
                                    str(ROOT / "examples")])  # reviews overdue: warnings
    assert "\x1b[" in output
    assert "rich.style" in modules and "rich.console" not in modules
    examples = ROOT / "examples" / "maps"
    modules, output = _imported_by(["diff", "--color",
                                    str(examples / "support-complaint.cjm.yaml"),
                                    str(examples / "support-complaint-future.cjm.yaml")])
    assert "Before" in output and "rich.console" in modules


def test_there_is_one_parser_of_the_command_line() -> None:
    cli = ROOT / "src" / "cjm" / "cli"
    assert not (cli / "quick.py").exists()
    for module in cli.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "argparse" not in text and "sys.argv[2" not in text, module


def test_formats_are_the_reporters() -> None:
    from cjm.cli.validate import FORMATS

    assert list(VALIDATE_REPORTERS) == FORMATS


def test_workers_are_started_for_work_worth_several_times_their_start() -> None:
    """The worker count follows the measured cost of the batch, not its file count."""
    # Four 20 KB maps at 4 ms each: 16 ms of work, less than a worker's start pays for.
    assert plan_work([20_000] * 4, 0.004 / 20_000, cores=2).workers == 0
    # The same four maps when checking one takes a tenth of a second: worth a worker.
    assert plan_work([20_000] * 4, 0.1 / 20_000, cores=2).workers == 1
    # A thousand maps: every core, never more workers than cores besides this process.
    many = plan_work([20_000] * 1000, 0.004 / 20_000, cores=8)
    assert many.workers == 7
    # Runs of files are short enough to balance and long enough to be worth taking.
    assert [index for chunk in many.chunks for index in chunk] == list(range(1000))
    assert len(many.chunks) >= 8 * 4
    assert all(len(chunk) * 0.004 >= WORKER_COST for chunk in many.chunks[:-1])
    # A few files of the examples: this process alone.
    examples = [os.stat(path).st_size for path in expand_paths([str(ROOT / "examples")])]
    assert plan_work(examples, 0.004 / 20_000, cores=2).workers == 0


def test_parallel_run_reports_what_a_serial_run_reports() -> None:
    today = dt.date.fromisoformat(TODAY)
    serial = check_paths(BATCH, today=today)
    parallel = check_paths(BATCH, today=today, map_file=map_in_order)
    assert parallel == serial
    assert serial.errors > 0 and serial.warnings > 0  # the batch exercises every path
    if sys.platform.startswith("linux"):  # one file at a time, in a worker and here
        def in_workers(function: Callable[[str], CheckedFile],
                       items: list[str]) -> list[CheckedFile]:
            return _in_workers(function, items, Plan(1, [range(i, i + 1) for i in
                                                         range(len(items))]))

        assert check_paths(BATCH, today=today, map_file=in_workers) == serial


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
    assert list(map_in_order(_square, items)) == [str(int(i) ** 2) for i in items]


def _square(item: str) -> str:
    return str(int(item) ** 2)


def test_progress_counts_every_item_once_here_and_in_the_workers() -> None:
    told: list[tuple[int, int]] = []
    items = list(range(60))
    plan = Plan(1, [range(start, start + 3) for start in range(0, 60, 3)])
    results = _in_workers(_slow_square, items, plan, _Counter(
        lambda done, total: told.append((done, total)), 60))
    assert results == [item * item for item in items]
    assert told[-1] == (60, 60)
    assert [done for done, _ in told] == sorted({done for done, _ in told})  # only onwards
    told.clear()
    assert map_in_order(_square, [str(n) for n in range(5)],
                        lambda done, total: told.append((done, total))) \
        == ["0", "1", "4", "9", "16"]
    assert told == [(n, 5) for n in range(1, 6)]


def _slow_square(item: int) -> int:
    time.sleep(0.002)
    return item * item


def test_the_plugin_loader_cjm_stands_in_for_is_the_one_pydantic_imports() -> None:
    """If pydantic moves its plugin loader, this fails (plugins would still be off,
    through PYDANTIC_DISABLE_PLUGINS, but importlib.metadata would be imported again)."""
    import inspect

    from pydantic.plugin import _schema_validator

    from cjm.cli import PYDANTIC_PLUGIN_LOADER

    package, _, module = PYDANTIC_PLUGIN_LOADER.rpartition(".")
    assert _schema_validator.__name__.rpartition(".")[0] == package
    assert f"from .{module} import get_plugins" in inspect.getsource(_schema_validator)


def test_pydantic_plugins_are_off_in_cjm_and_on_in_other_programs(tmp_path: Path) -> None:
    """A pydantic plugin installed in the environment runs in a program that uses
    pydantic, and not inside `cjm validate`."""
    site = tmp_path / "site"
    (site / "noisy_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "noisy_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: noisy-plugin\nVersion: 1.0\n")
    (site / "noisy_plugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[pydantic]\nnoisy = noisy_plugin:plugin\n")
    (site / "noisy_plugin.py").write_text(
        "import sys\nclass Plugin:\n    def new_schema_validator(self, *args, **kwargs):\n"
        "        sys.stderr.write('noisy plugin ran\\n')\n        return None, None, None\n"
        "plugin = Plugin()\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    other = subprocess.run([sys.executable, "-c", "import pydantic\nclass M(pydantic.BaseModel):"
                            "\n    x: int\nM(x=1)"], env=env, capture_output=True, text=True,
                           check=True)
    assert "noisy plugin ran" in other.stderr
    done = subprocess.run([sys.executable, "-m", "cjm", "validate", "--today", TODAY,
                           str(ROOT / "examples")], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode in (0, 1) and "files checked" in done.stdout
    assert "noisy plugin ran" not in done.stderr


def test_no_default_factory_has_a_signature_in_text() -> None:
    """Building a model, pydantic reads every default factory's signature; a builtin's
    (`list`, `dict`) is parsed from its `__text_signature__` with tokenize, whose first
    use compiles its patterns: 3 % of one map's `cjm validate`."""
    from pydantic import BaseModel

    import cjm.model
    import cjm.settings

    for module in (cjm.model, cjm.settings):
        for model in vars(module).values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                for name, field in model.model_fields.items():
                    factory = field.default_factory
                    assert getattr(factory, "__text_signature__", None) is None, \
                        f"{model.__name__}.{name}"


def test_the_collector_runs_seldom_and_not_at_exit() -> None:
    """cjm raises the collector's threshold and freezes its objects before Python's exit
    collects through all of them (both measured in benchmarks/README.md)."""
    path = ROOT / "examples" / "maps" / "first-online-purchase.cjm.yaml"
    script = ("import atexit, gc, sys\n"
              "atexit.register(lambda: sys.stderr.write("
              "f'collector {gc.get_threshold()[0]} {gc.get_freeze_count() > 0}'))\n"
              "from cjm.cli import main\n"
              f"main(['validate', '--today', {TODAY!r}, {str(path)!r}])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "1 file checked" in done.stdout
    assert done.stderr.endswith("collector 100000 True")
