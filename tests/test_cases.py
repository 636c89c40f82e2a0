"""Folders of valid and invalid files with the exact `line:column rule message` they must
produce: a change to a message shows in the expected file, in review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cjm.paths import find_config
from cjm.validate import check_paths

CASES = Path(__file__).parent / "cases"
INVALID = sorted((CASES / "invalid").glob("*.cjm.yaml"))
VALID = sorted((CASES / "valid").glob("*.cjm.yaml"))


def _expected(case: Path) -> list[str]:
    expected = case.with_name(case.name.removesuffix(".cjm.yaml") + ".expected")
    return [line for line in expected.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name.removesuffix(".cjm.yaml"))
def test_invalid_file_reports_each_problem_at_its_position(case: Path) -> None:
    report = check_paths([str(case)])
    # Every problem in one pass: the quality rules' warnings come too; these are errors.
    errors = [p for p in report.problems if p.severity == "error"]
    found = [f"{p.line}:{p.column} {p.rule} {p.message}" for p in errors]
    assert found == _expected(case)
    assert all(p.path == str(case) for p in report.problems)


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_file_has_no_errors(case: Path) -> None:
    report = check_paths([str(case)])
    assert report.errors == 0, [str(p) for p in report.problems]


def test_every_invalid_case_has_its_expectation() -> None:
    for case in INVALID:
        assert _expected(case), case.name


def test_one_bad_file_never_hides_another() -> None:
    report = check_paths([str(CASES / "invalid")])
    assert [Path(f.path).name for f in report.files] == [case.name for case in INVALID]
    assert all(f.problems for f in report.files)


def test_every_check_layer_reports_in_one_pass() -> None:
    # A shape error (unknown key, wrong value) no longer hides references, duplicate ids
    # or the quality rules' warnings about the rest of the file.
    report = check_paths([str(CASES / "invalid" / "every-layer.cjm.yaml")])
    rules = {p.rule for p in report.problems}
    assert {"unknown-key", "invalid-value", "duplicate-id", "unknown-reference",
            "no-persona", "missing-emotion"} <= rules


def test_the_cases_are_a_workspace_of_their_own() -> None:
    # Whatever else is under the folder the tests run from (generated benchmark maps,
    # a user's own personas), a case sees only the cases' personas and settings.
    for case in [*INVALID, *VALID]:
        assert find_config(case) == CASES / "cjm.yaml"


def test_one_map_with_a_mistake_of_every_layer_reports_them_all_in_one_run() -> None:
    """Shape, duplicate keys and ids, references and the quality rules: none waits for
    another to pass (only a YAML syntax error stops the rest of a file)."""
    case = CASES / "invalid" / "every-layer.cjm.yaml"
    problems = check_paths([str(case)], today=dt.date(2026, 11, 24)).problems
    assert {p.rule for p in problems if p.severity == "error"} == {
        "unknown-key", "invalid-value", "unknown-reference", "duplicate-key", "duplicate-id",
        "missing-field"}
    assert {p.rule for p in problems if p.severity == "warning"} == {"no-persona",
                                                                     "missing-emotion"}
    assert [p.line for p in problems] == sorted(p.line for p in problems)
