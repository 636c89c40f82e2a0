"""The command line behaves as its neighbours in a terminal do: colour settings from the
environment, quiet output, help that reads at 80 columns, shell completion."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from external import require_program
from terminal import run_on_a_terminal

runner = CliRunner()
VALIDATE = ["validate", "--today", "2026-11-24"]
ROOT = Path(__file__).parent.parent

MAP = """\
cjm: 1
kind: journey
title: A map
persona: {{name: Visitor}}
reviewed: 2026-11-01
stages:
  - name: Visit
    steps:
      - name: Opens the site
        channel: web
        emotion: {emotion}
"""
# emotion 7 is an error; an unaddressed pain point and no owner are warnings.
WITH_ERROR = MAP.format(emotion=7)
WITH_WARNINGS_ONLY = MAP.format(emotion=1) + """\
        pain_points:
          - text: Slow page
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.cjm.yaml").write_text(WITH_ERROR)
    (tmp_path / "warned.cjm.yaml").write_text(WITH_WARNINGS_ONLY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("environment", "coloured"), [
    ({}, False),                                   # CliRunner's output is no terminal
    ({"FORCE_COLOR": "1"}, True),
    ({"CLICOLOR_FORCE": "1"}, True),
    ({"FORCE_COLOR": "0"}, False),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
    ({"CLICOLOR_FORCE": "1", "TERM": "dumb"}, True),  # forcing beats a dumb terminal
])
def test_colour_follows_the_environment(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                        environment: dict[str, str], coloured: bool) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    output = runner.invoke(app, [*VALIDATE, "bad.cjm.yaml"]).output
    assert ("\x1b[" in output) is coloured
    assert "\x1b[" not in runner.invoke(app, [*VALIDATE, "--no-color", "bad.cjm.yaml"]).output
    machine = runner.invoke(app, [*VALIDATE, "-f", "json", "bad.cjm.yaml"]).output
    assert "\x1b[" not in machine and json.loads(machine)["errors"] == 1


def test_a_dumb_terminal_gets_no_colour() -> None:
    """TERM=dumb turns colour off even on a real terminal (a pseudo-terminal here)."""
    import pty

    bad = ROOT / "tests" / "cases" / "invalid" / "duplicate-key.cjm.yaml"

    def run(term: str) -> bytes:
        leader, follower = pty.openpty()
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")}
        subprocess.run([sys.executable, "-m", "cjm", *VALIDATE, str(bad)], stdout=follower,
                       stderr=subprocess.DEVNULL, env={**environment, "TERM": term},
                       check=False)
        os.close(follower)
        output = b""
        try:
            while chunk := os.read(leader, 65536):
                output += chunk
        except OSError:  # the terminal closed
            pass
        os.close(leader)
        return output

    assert b"\x1b[" in run("xterm-256color")
    assert b"\x1b[" not in run("dumb")


def test_quiet_prints_errors_only(folder: Path) -> None:
    full = runner.invoke(app, [*VALIDATE, "."])
    assert "warning" in full.output and "files checked" in full.output
    quiet = runner.invoke(app, [*VALIDATE, "-q", "."])
    assert quiet.exit_code == 1
    lines = quiet.output.splitlines()
    assert lines and all(": error [" in line for line in lines)
    assert runner.invoke(app, [*VALIDATE, "--quiet", "warned.cjm.yaml"]).output == ""


def test_no_warnings_leaves_warnings_out_but_strict_still_fails(folder: Path) -> None:
    plain = runner.invoke(app, [*VALIDATE, "--no-warnings", "warned.cjm.yaml"])
    assert plain.exit_code == 0
    assert plain.output == "1 file checked, no problems\n"
    strict = runner.invoke(app, [*VALIDATE, "--no-warnings", "--strict", "warned.cjm.yaml"])
    assert strict.exit_code == 1
    document = json.loads(runner.invoke(
        app, [*VALIDATE, "--no-warnings", "-f", "json", "."]).output)
    assert document["warnings"] == 0 and document["errors"] == 1
    assert {p["severity"] for p in document["problems"]} == {"error"}


def _help_of(command: list[str]) -> str:
    environment = {**os.environ, "COLUMNS": "80", "TERM": "xterm"}
    done = subprocess.run([sys.executable, "-m", "cjm", *command, "--help"],
                          capture_output=True, text=True, env=environment, check=True)
    return done.stdout


def _commands() -> list[str]:
    import typer

    from cjm.cli.app import app

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", [[], *([name] for name in _commands())], ids=str)
def test_help_fits_80_columns_and_names_values_in_words(command: list[str]) -> None:
    text = _help_of(command)
    assert text.startswith("Usage: cjm")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert not re.search(r"<(str|bool|int|path|list\[[^>]*\])>", text), text
    assert "\x1b[" not in text


def test_validate_help_shows_its_values() -> None:
    text = _help_of(["validate"])
    assert "-f, --format FORMAT" in text and "--today YYYY-MM-DD" in text
    assert text.splitlines()[0] == "Usage: cjm validate [OPTIONS] [PATH]..."
    for name in ("text", "json", "github", "junit", "sarif"):
        assert name in text


def test_shell_completion_is_offered() -> None:
    text = _help_of([])
    assert "--install-completion" in text and "--show-completion" in text
    environment = {**os.environ, "_CJM_COMPLETE": "complete_bash", "COMP_WORDS": "cjm val",
                   "COMP_CWORD": "1"}
    done = subprocess.run([str(Path(sys.executable).parent / "cjm")], capture_output=True,
                          text=True, env=environment, check=False)
    assert "validate" in done.stdout.split()


def test_shell_completion_offers_format_names() -> None:
    environment = {**os.environ, "_CJM_COMPLETE": "complete_bash",
                   "COMP_WORDS": "cjm validate --format j", "COMP_CWORD": "3"}
    done = subprocess.run([str(Path(sys.executable).parent / "cjm")], capture_output=True,
                          text=True, env=environment, check=False)
    assert done.stdout.split() == ["json", "junit"]


def test_schema_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["schema", "-o", "-"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {path.name for path in (ROOT / "schemas").glob("*.json")}
    for name, schema in document.items():
        assert schema == json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    assert list(tmp_path.iterdir()) == []  # no folder named "-"


def test_a_long_batch_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """A bar on stderr while many files are checked; none in a pipe, with a machine's
    format or with --quiet, and the report on stdout is the same."""
    cjm = require_program("cjm")
    example = (ROOT / "examples" / "maps" / "saas-trial-to-renewal.cjm.yaml").read_text(
        "utf-8").replace("\npersona: ops-manager\n", "\npersona: {name: Ops manager}\n")
    for number in range(400):
        (tmp_path / f"map-{number:03}.cjm.yaml").write_text(example, "utf-8")
    command = [cjm, *VALIDATE, "--no-warnings", "."]
    at_once = {"CJM_PROGRESS_DELAY": "0"}  # a fast machine checks 400 files in < 0.5 s
    code, shown, report = run_on_a_terminal(command, tmp_path, at_once)
    assert code == 0, shown
    assert "Checking files" in shown and "\x1b[" in shown, shown  # rich's bar, redrawn
    assert "/400" in shown
    assert report == "400 files checked, no problems\n"
    for quiet in (["-f", "json"], ["-q"]):
        code, shown, report = run_on_a_terminal([*command, *quiet], tmp_path, at_once)
        assert code == 0 and shown == "", shown
    # Before its delay no bar is drawn: a quick run shows nothing.
    code, shown, report = run_on_a_terminal(command, tmp_path, {"CJM_PROGRESS_DELAY": "600"})
    assert code == 0 and shown == "", shown
    assert report == "400 files checked, no problems\n"
    piped = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                           timeout=300, env={**os.environ, "TERM": "xterm-256color"})
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout == "400 files checked, no problems\n"


@pytest.mark.parametrize(("value", "seconds"), [("0", 0.0), ("2.5", 2.5), ("", 0.5),
                                                ("soon", 0.5), ("-1", 0.5), ("inf", 0.5),
                                                ("nan", 0.5)])
def test_the_progress_delay_is_set_by_the_environment(value: str, seconds: float,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from cjm.cli.progress import PROGRESS_DELAY_VARIABLE, VALIDATE_DELAY, validate_delay

    assert VALIDATE_DELAY == 0.5
    monkeypatch.setenv(PROGRESS_DELAY_VARIABLE, value)
    assert validate_delay() == seconds
