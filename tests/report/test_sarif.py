"""`cjm validate --format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.

The official SARIF 2.1.0 JSON Schema (OASIS, as published through SchemaStore) is kept
next to this test as sarif-schema-2.1.0.json.
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
from cjm.report.sarif import sarif_log
from cjm.rules import FILE_RULES, RULES
from map_builders import clean_map

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))

MAP = clean_map(reviewed="2026-03-31", steps=["{name: Searches for toner, emotion: 0}",
                                              "{name: Pays by invoice, chanel: web}"])


def validate_sarif(document: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(document)


@pytest.fixture
def sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "first order.cjm.yaml").write_text(textwrap.dedent(MAP), "utf-8")
    (tmp_path / "maps" / "ok.cjm.yaml").write_text(
        textwrap.dedent(MAP).replace(", chanel: web", ""), "utf-8")
    result = CliRunner().invoke(app, ["validate", "--format", "sarif", "--today", "2026-11-24",
                                      "maps"])
    assert result.exit_code == 1
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_output_is_valid_sarif_2_1_0(sarif: dict[str, Any]) -> None:
    validate_sarif(sarif)
    assert sarif["version"] == "2.1.0"


def test_every_file_checked_is_an_artifact_a_clean_one_too(sarif: dict[str, Any]) -> None:
    artifacts = [a["location"] for a in sarif["runs"][0]["artifacts"]]
    assert artifacts == [{"uri": "maps/first%20order.cjm.yaml", "uriBaseId": "%SRCROOT%"},
                         {"uri": "maps/ok.cjm.yaml", "uriBaseId": "%SRCROOT%"}]


def test_results_have_real_regions_and_relative_uris(sarif: dict[str, Any]) -> None:
    results = sarif["runs"][0]["results"]
    found = [
        (r["ruleId"], r["level"],
         r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["startColumn"])
        for r in results
    ]
    # Every problem in one pass: the map with an unknown key gets its warnings too.
    assert found == [
        ("review-overdue", "warning", "maps/first%20order.cjm.yaml", 6, 11),
        ("unknown-key", "error", "maps/first%20order.cjm.yaml", 11, 33),
        ("review-overdue", "warning", "maps/ok.cjm.yaml", 6, 11),
        ("missing-emotion", "warning", "maps/ok.cjm.yaml", 11, 16),
    ]
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"]
               == "%SRCROOT%" for r in results)
    assert "147 days overdue" in results[2]["message"]["text"]


def test_rules_carry_descriptions_and_help_from_the_rule_docs(sarif: dict[str, Any]) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "cjm"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(RULES) | set(FILE_RULES)
    overdue = rules["review-overdue"]
    assert overdue["shortDescription"]["text"] == (
        "A map is reviewed again before its review cadence runs out.")
    assert "```yaml" in overdue["help"]["markdown"]
    assert overdue["defaultConfiguration"]["level"] == "warning"
    assert rules["unknown-key"]["defaultConfiguration"]["level"] == "error"
    for result in sarif["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_an_empty_report_and_unusual_paths_are_valid_sarif(tmp_path: Path) -> None:
    problems = [
        Problem(str(tmp_path / "a b.cjm.yaml"), 3, 2, Severity.error, "yaml-syntax", "broken"),
        Problem("x.cjm.yaml", 1, 1, Severity.error, "some-new-rule", "új ✓"),
    ]
    for report in (Report(), Report([FileResult("x", problems)])):
        validate_sarif(sarif_log(report))
    results = sarif_log(Report([FileResult("x", problems)]))["runs"][0]["results"]
    location = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "a b.cjm.yaml").as_uri()}


def test_fingerprints_survive_moved_lines() -> None:
    def fingerprint(line: int) -> str:
        problem = Problem("m.cjm.yaml", line, 3, Severity.warning, "missing-emotion", "m",
                          "stages[id=order].steps[id=pays]")
        result = sarif_log(Report([FileResult("m.cjm.yaml", [problem])]))["runs"][0]["results"]
        return str(result[0]["partialFingerprints"]["cjmLocation/v1"])

    assert fingerprint(10) == fingerprint(14)
