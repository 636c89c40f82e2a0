"""`cjm validate --format github`: annotations within GitHub's limits, a notice for the
rest, and a Markdown summary in `$GITHUB_STEP_SUMMARY`; unique JUnit test names."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.problems import FileResult, Problem, Report, Severity
from cjm.report.github import render
from cjm.report.junit import render as junit

MAP = """\
    cjm: 1
    kind: journey
    title: First order
    persona: {name: Office manager}
    owner: cx-team
    reviewed: 2026-11-01
    stages:
      - name: Order
        steps:
    """


def many_problems(errors: int, warnings: int) -> Report:
    problems = [Problem("maps/a.cjm.yaml", n, 1, Severity.error, "unknown-key", f"error {n}")
                for n in range(1, errors + 1)]
    problems += [Problem("maps/a.cjm.yaml", 100 + n, 1, Severity.warning, "missing-emotion",
                         f"warning {n}") for n in range(1, warnings + 1)]
    return Report([FileResult("maps/a.cjm.yaml", problems)])


def commands(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"::{name} ")]


def test_annotations_stop_at_githubs_limits_and_a_notice_says_so() -> None:
    output = render(many_problems(25, 13))
    assert len(commands(output, "error")) == 10
    assert len(commands(output, "warning")) == 10
    [notice] = commands(output, "notice")
    assert "18 more problems of 38 are not shown as annotations" in notice
    assert "at most 10 errors and 10 warnings of a step (50 of a job)" in notice
    # Every problem is still in the log.
    for n in (25, 1):
        assert f"maps/a.cjm.yaml:{n}:1: error [unknown-key] error {n}" in output
    assert "maps/a.cjm.yaml:113:1: warning [missing-emotion] warning 13" in output


def test_within_the_limits_every_problem_is_an_annotation_and_there_is_no_notice() -> None:
    output = render(many_problems(10, 10))
    assert (len(commands(output, "error")), len(commands(output, "warning"))) == (10, 10)
    assert not commands(output, "notice")


def validate_github(folder: Path, text: str, env: dict[str, str]) -> tuple[int, str]:
    (folder / "a.cjm.yaml").write_text(textwrap.dedent(text), "utf-8")
    result = CliRunner().invoke(app, ["validate", "--format", "github", "--today",
                                      "2026-11-24", "a.cjm.yaml"], env=env)
    return result.exit_code, result.stdout


def test_the_step_summary_lists_every_problem_in_markdown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step\n", "utf-8")
    hostile = MAP + "      - {name: Pays, '<script>|x': web}\n"
    code, stdout = validate_github(tmp_path, hostile, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1
    assert "::error file=a.cjm.yaml,line=10" in stdout
    text = summary.read_text("utf-8")
    assert text.startswith("## Earlier step\n## cjm validate\n")  # appended, not replaced
    assert "**1 file checked, 1 with problems: 1 error, 0 warnings**" in text
    assert "| where | severity | rule | problem |" in text
    assert ("| `a.cjm.yaml:10:22` | error | `unknown-key` | \"\\<script\\>\\|x\" is not a "
            "key of a step" in text)
    assert "<script>" not in text


def test_without_the_variable_no_summary_is_written(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout = validate_github(tmp_path, MAP + "      - {name: Pays, emotion: 0}\n",
                                   {"GITHUB_STEP_SUMMARY": ""})
    assert (code, stdout) == (0, "1 file checked, no problems\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.cjm.yaml"]


def test_an_unwritable_summary_is_said_and_the_check_still_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "github", "nothing-here"],
                                env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert result.exit_code == 2  # the path does not exist: that is what is reported
    (tmp_path / "a.cjm.yaml").write_text(textwrap.dedent(MAP) + "      - {name: A}\n")
    result = CliRunner().invoke(app, ["validate", "--format", "github", "--today",
                                      "2026-11-24", "a.cjm.yaml"],
                                env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert result.exit_code == 0
    assert "cannot add to the step summary" in result.stderr


def test_junit_test_names_are_unique_in_a_report() -> None:
    same_place = Problem("a.cjm.yaml", 3, 1, Severity.error, "duplicate-key", "x repeats")
    other_rule = Problem("a.cjm.yaml", 3, 1, Severity.warning, "missing-emotion", "no emotion")
    report = Report([FileResult("a.cjm.yaml", [same_place, same_place, other_rule]),
                     FileResult("b.cjm.yaml", [])])
    names = [case.get("name") for case in ET.fromstring(junit(report)).iter("testcase")]
    assert names == ["a.cjm.yaml:3:1 duplicate-key", "a.cjm.yaml:3:1 duplicate-key (2)",
                     "a.cjm.yaml:3:1 missing-emotion", "b.cjm.yaml"]
