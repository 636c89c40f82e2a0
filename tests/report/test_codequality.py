"""`cjm validate --format codequality`: the Code Climate JSON GitLab's merge-request widget
reads, with the fields GitLab documents for a Code Quality report.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.problems import FileResult, Problem, Report, Severity
from cjm.report.codequality import render

# GitLab's documented Code Quality report: a JSON array of objects, each with a
# description, a check_name, a fingerprint, a severity (info, minor, major, critical or
# blocker), location.path and the line in location.lines.begin or
# location.positions.begin.line.
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^/"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                    "positions": {"type": "object", "required": ["begin"], "properties": {
                        "begin": {"type": "object", "required": ["line"], "properties": {
                            "line": {"type": "integer", "minimum": 1},
                            "column": {"type": "integer", "minimum": 1}}}}},
                },
                "oneOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}

MAP = """\
    cjm: 1
    kind: journey
    title: First order
    persona: {name: Office manager}
    owner: cx-team
    reviewed: 2026-03-31
    stages:
      - name: Order
        steps:
          - {name: Searches for toner, emotion: 0}
          - {name: Pays by invoice, chanel: web}
    """


def codequality(folder: Path, text: str, stale: bool = True) -> tuple[int, list[dict[str, Any]]]:
    """Validate maps/order.cjm.yaml (text) and, with stale, a valid map with warnings."""
    (folder / "maps").mkdir(exist_ok=True)
    (folder / "maps" / "order.cjm.yaml").write_text(textwrap.dedent(text), "utf-8")
    if stale:  # valid, so the quality rules run on it: warnings
        (folder / "maps" / "stale.cjm.yaml").write_text(
            textwrap.dedent(MAP.replace(", chanel: web", "")), "utf-8")
    result = CliRunner().invoke(app, ["validate", "--format", "codequality", "--today",
                                      "2026-11-24", "maps"])
    document: list[dict[str, Any]] = json.loads(result.stdout)
    jsonschema.Draft7Validator(GITLAB_CODE_QUALITY).validate(document)
    return result.exit_code, document


def test_each_problem_is_an_issue_with_gitlabs_fields(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, issues = codequality(tmp_path, MAP)
    assert code == 1
    by_rule = {issue["check_name"]: issue for issue in issues}
    assert set(by_rule) == {"unknown-key", "review-overdue", "missing-emotion"}
    unknown = by_rule["unknown-key"]
    assert unknown["severity"] == "major"
    assert unknown["location"] == {"path": "maps/order.cjm.yaml",
                                   "positions": {"begin": {"line": 11, "column": 33}}}
    assert unknown["description"].startswith('"chanel" is not a key')
    assert by_rule["missing-emotion"]["severity"] == "minor"
    assert by_rule["missing-emotion"]["location"]["path"] == "maps/stale.cjm.yaml"
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_fingerprints_stay_when_lines_move(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, before = codequality(tmp_path, MAP)
    _, after = codequality(tmp_path, MAP.replace("    owner: cx-team\n",
                                                 "    owner: cx-team\n    # who keeps it\n"))
    assert [i["location"]["positions"]["begin"]["line"] for i in after] != [
        i["location"]["positions"]["begin"]["line"] for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def test_a_clean_run_is_an_empty_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    clean = MAP.replace(", chanel: web", ", emotion: 1").replace("2026-03-31", "2026-11-01")
    code, issues = codequality(tmp_path, clean)
    assert code == 0  # warnings only (of stale.cjm.yaml)
    assert {issue["location"]["path"] for issue in issues} == {"maps/stale.cjm.yaml"}
    (tmp_path / "maps" / "stale.cjm.yaml").unlink()
    assert codequality(tmp_path, clean, stale=False) == (0, [])


def test_the_same_problem_twice_is_two_issues() -> None:
    twice = [Problem("a.cjm.yaml", 3, 1, Severity.error, "duplicate-key", "the key x repeats")]
    document = json.loads(render(Report([FileResult("a.cjm.yaml", twice * 2)])))
    jsonschema.Draft7Validator(GITLAB_CODE_QUALITY).validate(document)
    assert len({issue["fingerprint"] for issue in document}) == 2
