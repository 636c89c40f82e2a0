"""Rule levels from cjm.yaml, the workspace review cadence, and `--strict`, through the CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.validate import check_workspace_file
from map_builders import clean_map

# Two warnings by default: the review is overdue (reviewed 2026-03-31, quarterly) and
# the second step has no emotion.
MAP = clean_map(reviewed="2026-03-31",
                steps=["{name: Searches for toner, emotion: 0}", "{name: Pays by invoice}"])


def workspace(tmp_path: Path, config: str | None, journey: str = MAP) -> Path:
    if config is not None:
        (tmp_path / "cjm.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    path = tmp_path / "maps" / "order.cjm.yaml"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(journey), encoding="utf-8")
    return path


def validate(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["validate", "--format", "json", "--today", "2026-11-24",
                                      *args])
    return result.exit_code, json.loads(result.stdout)


def found(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["rule"], p["severity"]) for p in document["problems"]]


def test_without_cjm_yaml_rules_are_warnings_and_pass(tmp_path: Path) -> None:
    code, document = validate(str(workspace(tmp_path, None)))
    assert found(document) == [("review-overdue", "warning"), ("missing-emotion", "warning")]
    assert code == 0


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    code, document = validate("--strict", str(workspace(tmp_path, None)))
    assert (code, document["errors"], document["warnings"]) == (1, 0, 2)


def test_strict_passes_a_map_without_warnings(tmp_path: Path) -> None:
    clean = MAP.replace("2026-03-31", "2026-10-01").replace("invoice}", "invoice, emotion: 1}")
    code, document = validate("--strict", str(workspace(tmp_path, None, clean)))
    assert (code, document["problems"]) == (0, [])


@pytest.mark.parametrize("off", ["off", "'off'", '"off"', "OFF"])
def test_levels_error_warning_and_off_even_unquoted(tmp_path: Path, off: str) -> None:
    """YAML 1.1 reads an unquoted `off` as false; as a rule level it still means off."""
    config = f"""\
        cjm: 1
        rules:
          review-overdue: error
          missing-emotion: {off}
          no-persona: warning
        """
    code, document = validate(str(workspace(tmp_path, config)))
    assert found(document) == [("review-overdue", "error")]
    assert code == 1


def test_workspace_review_cadence_applies_to_maps_without_one(tmp_path: Path) -> None:
    config = """\
        cjm: 1
        review_every: yearly
        """
    code, document = validate(str(workspace(tmp_path, config)))
    assert [p["rule"] for p in document["problems"]] == ["missing-emotion"]
    assert code == 0


def test_a_map_cadence_beats_the_workspace_cadence(tmp_path: Path) -> None:
    config = """\
        cjm: 1
        review_every: yearly
        """
    journey = MAP.replace("reviewed: 2026-03-31", "reviewed: 2026-03-31\nreview_every: 90d")
    _, document = validate(str(workspace(tmp_path, config, journey)))
    [overdue, _] = document["problems"]
    assert overdue["rule"] == "review-overdue"
    assert "the 90-day review was due on 2026-06-29" in overdue["message"]


def test_an_unknown_rule_id_in_cjm_yaml_is_an_error_at_its_key(tmp_path: Path) -> None:
    config = """\
        cjm: 1
        rules:
          review-overdue: error
          missing-emotions: off
          duplicate-key: off
        """
    code, document = validate(str(workspace(tmp_path, config)))
    config_problems = [p for p in document["problems"] if Path(p["path"]).name == "cjm.yaml"]
    assert [(p["line"], p["column"], p["rule"], p["message"]) for p in config_problems] == [
        (4, 3, "unknown-key", '"missing-emotions" is not a cjm rule; did you mean '
                              '"missing-emotion"?'),
        (5, 3, "unknown-key", '"duplicate-key" is not a quality rule: it reports a broken '
                              "file, which is always an error; remove it from rules:"),
    ]
    assert code == 1
    # The rest of cjm.yaml still applies to the maps.
    assert ("review-overdue", "error") in found(document)


def test_a_bad_level_in_cjm_yaml_is_reported_with_its_position(tmp_path: Path) -> None:
    config = """\
        cjm: 1
        rules:
          review-overdue: loud
        """
    code, document = validate(str(workspace(tmp_path, config)))
    [problem] = [p for p in document["problems"] if Path(p["path"]).name == "cjm.yaml"]
    assert (problem["line"], problem["column"], problem["rule"]) == (3, 19, "invalid-value")
    assert code == 1


def test_today_must_be_a_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--today", "24.11.2026",
                                      str(workspace(tmp_path, None))])
    assert result.exit_code == 2
    assert "is not a date like" in result.output


def test_the_documented_cjm_yaml_is_valid(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "cjm.yaml").write_text(example, encoding="utf-8")
    settings, problems = check_workspace_file(tmp_path / "cjm.yaml")
    assert problems == []
    assert settings is not None
    assert settings.rules == {"review-overdue": "error", "missing-emotion": "off"}
