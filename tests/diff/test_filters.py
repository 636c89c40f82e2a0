"""--only, --stage and --brief: the parts of a diff a review asks about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from maps import TRIAL, data
from typer.testing import CliRunner

from cjm.cli.app import app


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[str, str]:
    """TRIAL, and TRIAL with a change in each stage and to the map."""
    old, new = tmp_path / "old.cjm.yaml", tmp_path / "new.cjm.yaml"
    old.write_text(TRIAL, encoding="utf-8")
    document = data()
    document["owner"] = "sales"
    awareness, consideration = document["stages"]
    awareness["steps"][0]["emotion"] = 1
    awareness["metrics"][0]["value"] = 160
    consideration["steps"][0]["pain_points"] = []
    consideration["steps"][0]["opportunities"][0]["status"] = "done"
    new.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return str(old), str(new)


def _changes(*arguments: str) -> list[tuple[str, str]]:
    result = CliRunner().invoke(app, ["diff", *arguments, "-f", "json"])
    assert result.exit_code == 0, result.output
    (found,) = json.loads(result.stdout)["maps"] or [{"changes": []}]
    return [(c["entity"], c["id"]) for c in found["changes"]]


def test_everything_without_filters(two_files: tuple[str, str]) -> None:
    assert {entity for entity, _ in _changes(*two_files)} == {
        "map", "step", "metric", "pain_point", "opportunity"}


def test_only_some_kinds(two_files: tuple[str, str]) -> None:
    assert _changes(*two_files, "--only", "steps,pain-points") == [
        ("step", "ad"), ("pain_point", "csv-dates")]
    assert _changes(*two_files, "--only", "metrics") == [("metric", "signups")]


def test_one_stage(two_files: tuple[str, str]) -> None:
    assert _changes(*two_files, "--stage", "awareness") == [("step", "ad"),
                                                            ("metric", "signups")]
    assert _changes(*two_files, "--stage", "consideration", "--only", "opportunities") == [
        ("opportunity", "nurture")]


def test_nothing_left_is_no_change(two_files: tuple[str, str]) -> None:
    result = CliRunner().invoke(app, ["diff", *two_files, "--only", "evidence",
                                      "--exit-code"])
    assert result.exit_code == 0 and "no changes" in result.stdout


def test_an_unknown_kind_is_a_usage_error(two_files: tuple[str, str]) -> None:
    result = CliRunner().invoke(app, ["diff", *two_files, "--only", "steps,painpoints"])
    assert result.exit_code == 2 and "pain-points" in result.stderr


def test_brief_is_one_line_per_map(two_files: tuple[str, str]) -> None:
    result = CliRunner().invoke(app, ["diff", *two_files, "--brief"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "1 map compared, 1 changed: 1 modified",
        f"{two_files[1]}: owner changed, 1 step changed, 1 metric changed, "
        "1 pain point closed, 1 opportunity changed"]
    assert CliRunner().invoke(app, ["diff", *two_files, "--brief", "-f", "json"]
                              ).exit_code == 2


def test_a_stage_no_changed_map_has_is_noted(two_files: tuple[str, str]) -> None:
    # A stage's name, or a typo, is no stage id: "no changes" alone would read as news.
    result = CliRunner().invoke(app, ["diff", *two_files, "--stage", "Awareness"])
    assert result.exit_code == 0 and "no changes" in result.stdout
    assert ('no map that changed has a stage with the id "Awareness"; their stage ids: '
            "awareness, consideration") in result.stderr
    known = CliRunner().invoke(app, ["diff", *two_files, "--stage", "awareness"])
    assert "note" not in known.stderr


def test_brief_lists_a_file_that_could_not_be_compared(two_files: tuple[str, str],
                                                       tmp_path: Path) -> None:
    broken = tmp_path / "broken.cjm.yaml"
    broken.write_text("cjm: 1\nkind: journey\ntitle: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", two_files[0], str(broken), "--brief"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "0 maps compared, 1 not compared (errors), no changes",
        f"{broken}: not compared (errors)"]
    assert f"{broken}:3:8: error [yaml-syntax]" in result.stderr


def test_a_persona_is_not_compared_with_a_journey_map(two_files: tuple[str, str],
                                                      tmp_path: Path) -> None:
    persona = tmp_path / "ops.cjm.yaml"
    persona.write_text("cjm: 1\nkind: persona\nid: ops\nname: Ops manager\n",
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(persona), two_files[1]])
    assert result.exit_code == 2, result.output
    assert (f"{persona} is a persona and {two_files[1]} a journey map: compare two "
            "journey maps, or two personas") in result.stderr


def test_a_stage_id_with_hidden_characters_is_noted_escaped(
        two_files: tuple[str, str]) -> None:
    # The note repeats what was typed: a terminal escape in it is shown, not obeyed.
    result = CliRunner().invoke(app, ["diff", *two_files, "--stage", "x\x1b[2Jy\nz"])
    assert "\x1b" not in result.stderr
    assert 'the id "x\\x1b[2Jy\\x0az"' in result.stderr
