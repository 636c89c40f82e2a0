"""`cjm validate` as a user runs it: exit codes, formats, colour."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app

CASES = Path(__file__).parent / "cases"
runner = CliRunner()
# A fixed day, so review dates are judged the same whenever the tests run.
VALIDATE = ["validate", "--today", "2026-11-24"]

GOOD = """\
cjm: 1
kind: journey
title: Good map
persona: {name: Visitor}
owner: web-team
reviewed: 2026-11-01
stages:
  - name: Visit
    steps:
      - name: Opens the site
        channel: web
        emotion: 1
"""
BAD = GOOD.replace("emotion: 1", "emotion: 7")


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "good.cjm.yaml").write_text(GOOD)
    (tmp_path / "bad.cjm.yaml").write_text(BAD)
    (tmp_path / "notes.yaml").write_text("not: a map\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_valid_file_exits_0(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "good.cjm.yaml"])
    assert result.exit_code == 0, result.output
    assert "1 file checked, no problems" in result.output


def test_folder_walk_finds_only_cjm_files_and_reports_every_file(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "."])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("bad.cjm.yaml:12:18: error [invalid-value]")
    assert "2 files checked, 1 with problems: 1 error, 0 warnings" in result.output
    assert "notes.yaml" not in result.output


def test_quoted_glob(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "*.cjm.yaml"])
    assert result.exit_code == 1
    assert "2 files checked" in result.output


def test_an_explicit_path_is_checked_whatever_its_name(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "notes.yaml"])
    assert result.exit_code == 1
    assert "notes.yaml:1:1: error [missing-field]" in result.output


def test_no_match_exits_2(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "nothing-here"])
    assert result.exit_code == 2
    empty = maps / "empty"
    empty.mkdir()
    result = runner.invoke(app, [*VALIDATE, "empty"])
    assert result.exit_code == 2
    assert "no cjm files found" in result.output


def test_unknown_format_is_a_usage_error(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "--format", "xml", "good.cjm.yaml"])
    assert result.exit_code == 2


def test_json_output_is_the_documented_contract(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "--format", "json", "."])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document == {
        "version": 1, "files": 2, "errors": 1, "warnings": 0,
        "problems": [{
            "path": "bad.cjm.yaml", "line": 12, "column": 18, "severity": "error",
            "rule": "invalid-value",
            "message": document["problems"][0]["message"],
            "location": "stages[0].steps[0].emotion",
        }],
    }


def test_github_annotations(maps: Path) -> None:
    result = runner.invoke(app, [*VALIDATE, "--format", "github", "bad.cjm.yaml"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("::error file=bad.cjm.yaml,line=12,col=18,title=cjm invalid-value::")
    assert "bad.cjm.yaml:12:18: error [invalid-value]" in result.output


def test_colour_only_when_asked_or_on_a_terminal(maps: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    plain = runner.invoke(app, [*VALIDATE, "bad.cjm.yaml"])
    assert "\x1b[" not in plain.output
    coloured = runner.invoke(app, [*VALIDATE, "--color", "bad.cjm.yaml"])
    assert "\x1b[1;31merror\x1b[0m" in coloured.output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in runner.invoke(app, [*VALIDATE, "bad.cjm.yaml"]).output


def test_input_files_are_never_modified(maps: Path) -> None:
    before = {p.name: p.read_bytes() for p in maps.iterdir()}
    runner.invoke(app, [*VALIDATE, "."])
    assert {p.name: p.read_bytes() for p in maps.iterdir()} == before


def test_workspace_personas_and_channels_resolve(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cjm.yaml").write_text(
        "cjm: 1\nkind: workspace\npersonas: [people]\n"
        "channels:\n  add:\n    - {id: kiosk, label: Kiosk, color: '#123456'}\n"
    )
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "visitor.cjm.yaml").write_text(
        "cjm: 1\nkind: persona\nid: visitor\nname: Visitor\n")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "m.cjm.yaml").write_text(
        GOOD.replace("persona: {name: Visitor}", "persona: visitor")
        .replace("channel: web", "channel: kiosk"))
    monkeypatch.chdir(tmp_path / "maps")
    result = runner.invoke(app, [*VALIDATE, "m.cjm.yaml"])
    assert result.exit_code == 0, result.output


def test_a_bad_cjm_yaml_is_reported_with_positions(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\nreview_every: sometimes\n")
    (tmp_path / "m.cjm.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "m.cjm.yaml"])
    assert result.exit_code == 1
    assert "cjm.yaml:2:15: error [invalid-value]" in result.output


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    (tmp_path / "bad.cjm.yaml").write_text(BAD)
    cjm = shutil.which("cjm", path=os.path.dirname(sys.executable)) or shutil.which("cjm")
    assert cjm, "the cjm console script is installed with the package"
    done = subprocess.run([cjm, *VALIDATE, "bad.cjm.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith("bad.cjm.yaml:12:18: error [invalid-value]")
    assert "Traceback" not in done.stderr
    version = subprocess.run([cjm, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("cjm ")
    module = subprocess.run([sys.executable, "-m", "cjm", "validate", "bad.cjm.yaml"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert module.returncode == 1


def test_unreadable_file_is_reported_not_raised(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "locked.cjm.yaml"
    target.write_text(GOOD)
    target.chmod(0)
    monkeypatch.chdir(tmp_path)
    try:
        result = runner.invoke(app, [*VALIDATE, "locked.cjm.yaml"])
    finally:
        target.chmod(0o644)
    if os.geteuid() == 0:  # root reads anything
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2  # unreadable input: the check is incomplete
        assert "cannot read the file" in result.output


def test_without_paths_the_workspace_folders_are_checked(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\nmaps: [maps]\npersonas: [people]\n")
    for folder in ("maps", "people", "drafts"):
        (tmp_path / folder).mkdir()
    (tmp_path / "maps" / "m.cjm.yaml").write_text(GOOD)
    (tmp_path / "drafts" / "d.cjm.yaml").write_text(BAD)
    monkeypatch.chdir(tmp_path / "people")
    result = runner.invoke(app, VALIDATE)
    assert result.exit_code == 0, result.output
    assert "1 file checked" in result.output


def test_missing_format_version_is_reported_once(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "m.cjm.yaml").write_text(GOOD.replace("cjm: 1\n", ""))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "m.cjm.yaml"])
    assert result.output.count("m.cjm.yaml:1:1: error [missing-field]") == 1


def test_persona_files_are_found_however_kind_is_spaced(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\n")
    persona = "cjm: 1\nkind:   'persona'  # shared\nid: pat\nname: Pat\n"
    (tmp_path / "p.cjm.yaml").write_text(persona)
    (tmp_path / "m.cjm.yaml").write_text(GOOD.replace("persona: {name: Visitor}", "persona: pat"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "m.cjm.yaml"])
    assert result.exit_code == 0, result.output


def test_only_channels_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\nchannels: {only: [web, fax]}\n")
    (tmp_path / "m.cjm.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "m.cjm.yaml"])
    assert result.exit_code == 1
    assert result.output.startswith("cjm.yaml:2:24: error [unknown-reference]")
    assert "fax" in result.output


def test_two_persona_files_with_one_id_are_a_duplicate(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\npersonas: [personas]\nmaps: [personas]\n")
    folder = tmp_path / "personas"
    folder.mkdir()
    (folder / "a-parent.cjm.yaml").write_text("cjm: 1\nkind: persona\nid: parent\nname: A\n")
    (folder / "b-parent.cjm.yaml").write_text("cjm: 1\nkind: persona\nid: parent\nname: B\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "personas"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("personas/b-parent.cjm.yaml:3:5: error [duplicate-id] "
                               'the persona id "parent" is already the id of '
                               "personas/a-parent.cjm.yaml")
    assert "a-parent.cjm.yaml:" not in result.output


def test_metric_values_with_an_exponent_are_numbers(maps: Path) -> None:
    """`1e-5` as people and YAML 1.2 tools write it; text that reads so says to quote it."""
    metrics = ("    metrics:\n"
               "      - {name: Errors, value: 1e-5, target: 5e-324, better: lower}\n"
               "      - {name: Views, value: 1E5, target: -2.5e+3}\n"
               "      - {name: Peak, value: 1.7976931348623157e308, target: -.5}\n"
               "    steps:\n")
    (maps / "exp.cjm.yaml").write_text(GOOD.replace("    steps:\n", metrics, 1))
    result = runner.invoke(app, [*VALIDATE, "--format", "json", "exp.cjm.yaml"])
    problems = json.loads(result.stdout)["problems"]
    assert [p["rule"] for p in problems if p["severity"] == "error"] == [], problems
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["convert", "exp.cjm.yaml", "-o", "-", "--to", "json"])
    metrics = json.loads(result.stdout)["stages"][0]["metrics"]
    assert [(m["value"], m["target"]) for m in metrics] == [
        (1e-5, 5e-324), (1e5, -2500.0), (1.7976931348623157e308, -0.5)]

    (maps / "text.cjm.yaml").write_text(GOOD.replace("Opens the site", "1e5"))
    result = runner.invoke(app, [*VALIDATE, "text.cjm.yaml"])
    assert result.exit_code == 1
    assert ('text.cjm.yaml:10:15: error [invalid-value] YAML reads the unquoted 1e5 in '
            '"name" as the number 100000.0, not text; put it in quotes: "1e5"') in result.output
