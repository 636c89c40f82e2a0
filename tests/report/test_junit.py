"""`cjm validate --format junit`: a JUnit XML report that CI systems can read."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.problems import FileResult, Problem, Report, Severity
from cjm.report.junit import render
from map_builders import clean_map

GOOD = clean_map(title="Renew a subscription", persona="Small-shop owner", stage="Renew",
                 steps=["{name: Gets the renewal email, emotion: 0}"])
BAD = GOOD.replace("2026-10-01", "2026-03-31").replace("owner: cx-team\n", "ownr: cx\n")
OVERDUE = GOOD.replace("2026-10-01", "2026-03-31")


def run_junit(tmp_path: Path, files: dict[str, str]) -> tuple[int, ET.Element]:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--format", "junit", "--today", "2026-11-24",
                                      *(str(tmp_path / name) for name in files)])
    return result.exit_code, ET.fromstring(result.stdout)


def test_one_suite_per_file_and_one_failure_per_problem(tmp_path: Path) -> None:
    code, root = run_junit(tmp_path, {"a.cjm.yaml": GOOD, "b.cjm.yaml": BAD,
                                      "c.cjm.yaml": OVERDUE})
    assert code == 1
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    suites = root.findall("testsuite")
    assert [Path(s.get("name", "")).name for s in suites] == ["a.cjm.yaml", "b.cjm.yaml",
                                                              "c.cjm.yaml"]
    [passing] = suites[0].findall("testcase")
    assert passing.find("failure") is None
    assert passing.get("name") == str(tmp_path / "a.cjm.yaml")

    [unknown] = suites[1].findall("testcase")
    assert unknown.get("classname") == "cjm.unknown-key"
    assert unknown.get("name") == f"{tmp_path / 'b.cjm.yaml'}:5:1 unknown-key"
    assert (unknown.get("file"), unknown.get("line")) == (str(tmp_path / "b.cjm.yaml"), "5")
    failure = unknown.find("failure")
    assert failure is not None
    assert failure.get("type") == "error"
    assert failure.get("message", "").startswith('"ownr" is not a key of a')
    assert failure.text == (f"{tmp_path / 'b.cjm.yaml'}:5:1: error [unknown-key] "
                            f"{failure.get('message')}")

    [overdue] = suites[2].findall("testcase")
    assert overdue.get("classname") == "cjm.review-overdue"
    warning = overdue.find("failure")
    assert warning is not None
    assert warning.get("type") == "warning"
    assert "147 days overdue" in warning.get("message", "")


def test_a_clean_run_is_all_passing_test_cases(tmp_path: Path) -> None:
    code, root = run_junit(tmp_path, {"a.cjm.yaml": GOOD})
    assert code == 0
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert root.findall(".//failure") == []


def test_text_that_xml_cannot_hold_is_replaced_not_fatal() -> None:
    problem = Problem("m.cjm.yaml", 1, 1, Severity.error, "invalid-value",
                      "bad \x1b text <&> \"quoted\"")
    root = ET.fromstring(render(Report([FileResult("m.cjm.yaml", [problem])])))
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message") == "bad \ufffd text <&> \"quoted\""
