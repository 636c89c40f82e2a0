"""`cjm.yaml` keeps what is right: one wrong entry is reported at its line and left out,
and every valid setting still applies to the maps."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.validate import check_paths
from cjm.workspace import forget_contexts

CONFIG = """\
cjm: 1
rules:
  missing-emotion: error
  no-persona: loud
channels:
  add:
    - {id: kiosk, label: In-store kiosk, color: "#44AA99"}
    - id: desk
      label: Front desk
      color: #AA3377
"""


def _clinic_map(*steps: str) -> str:
    """A map of one stage whose steps (flow mappings) use the channels under test."""
    return ("cjm: 1\nkind: journey\ntitle: Clinic check-in\nstages:\n  - name: Arrive\n"
            "    steps:\n" + "".join(f"      - {step}\n" for step in steps))


MAP = _clinic_map("{name: Uses the kiosk, channel: kiosk}",
                  "{name: Talks to the desk, channel: desk, emotion: 0}")


def test_one_wrong_entry_keeps_the_valid_settings(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "m.cjm.yaml").write_text(MAP, encoding="utf-8")
    forget_contexts()

    report = check_paths([str(tmp_path / "m.cjm.yaml")])

    config = [f"{p.line}:{p.column} {p.rule} {p.message}" for p in report.problems
              if p.path.endswith("/cjm.yaml")]
    assert config == [
        '4:15 invalid-value "no-persona" is "loud"; it must be one of error, warning or off',
        '10:14 invalid-value "color" is empty: YAML reads #AA3377 as a comment, because it '
        'starts with #; put the value in quotes: color: "#AA3377"',
    ]
    in_map = [(p.line, p.rule, p.severity) for p in report.problems
              if p.path.endswith("m.cjm.yaml")]
    # Both added channels resolve, and missing-emotion is still an error.
    assert (7, "missing-emotion", "error") in in_map
    assert not any(rule == "unknown-reference" for _, rule, _ in in_map)
    forget_contexts()


def test_channels_added_without_a_colour_get_distinct_colour_blind_safe_ones() -> None:
    from cjm.model import OpportunityStatus, Severity
    from cjm.render.style import SEVERITY_COLORS, STATUS_COLORS
    from cjm.settings import ADDED_CHANNEL_COLORS, Workspace, channel_catalog

    settings = Workspace.model_validate({"cjm": 1, "channels": {"add": [
        {"id": "kiosk", "label": "Kiosk"}, {"id": "web", "label": "Website"},
        {"id": "desk", "label": "Front desk"}, {"id": "fax", "label": "Fax", "color": "#123456"},
    ]}})
    catalog = channel_catalog(settings)

    assert [catalog[c].color for c in ("kiosk", "desk")] == list(ADDED_CHANNEL_COLORS[:2])
    assert catalog["web"].color == "#88CCEE"  # a relabelled built-in keeps its colour
    assert catalog["fax"].color == "#123456"
    greys = {SEVERITY_COLORS[Severity.low], STATUS_COLORS[OpportunityStatus.dropped], "#BBBBBB"}
    assert len(set(ADDED_CHANNEL_COLORS)) == len(ADDED_CHANNEL_COLORS)
    assert not greys & set(ADDED_CHANNEL_COLORS)


def test_validate_checks_a_named_cjm_yaml_as_the_workspace_file(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "m.cjm.yaml").write_text(MAP, encoding="utf-8")
    forget_contexts()
    alone = check_paths([str(tmp_path / "cjm.yaml")])
    batch = check_paths([str(tmp_path / "cjm.yaml"), str(tmp_path / "m.cjm.yaml")])
    forget_contexts()

    rules = [(p.line, p.rule) for p in alone.problems]
    assert rules == [(4, "invalid-value"), (10, "invalid-value")]  # no "has no kind"
    # In a batch, cjm.yaml is reported once, and the map still uses its valid settings.
    assert [(p.line, p.rule) for p in batch.problems if p.path.endswith("/cjm.yaml")] == rules
    assert any(p.rule == "missing-emotion" and p.severity == "error" for p in batch.problems)


ONLY = """\
cjm: 1
channels:
  add:
    - {id: kiosk, label: In-store kiosk}
    - {id: desk, label: Front desk}
  only: [web, kiosk, desk, fax]
"""

ONLY_MAP = _clinic_map("{name: Uses the kiosk, channel: kiosk, emotion: 0}",
                       "{name: Talks to the desk, channel: desk, emotion: 0}",
                       "{name: Calls, channel: phone, emotion: 0}")


def test_an_unknown_channel_in_only_keeps_the_added_ones_and_the_rest_of_only(
        tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text(ONLY, encoding="utf-8")
    (tmp_path / "m.cjm.yaml").write_text(ONLY_MAP, encoding="utf-8")
    forget_contexts()
    report = check_paths([str(tmp_path / "m.cjm.yaml")])
    forget_contexts()

    errors = [f"{Path(p.path).name}:{p.line}:{p.column} {p.rule} {p.message}"
              for p in report.problems if p.severity == "error"]
    assert errors == [
        'cjm.yaml:6:28 unknown-reference channels.only names "fax", which is neither a '
        "built-in channel nor one added under channels.add; add it there, or remove it "
        "from only",
        # kiosk and desk are still added and allowed; phone is still left out by only.
        'm.cjm.yaml:9:32 unknown-reference step "calls" uses the channel "phone", which '
        "channels.only in cjm.yaml leaves out (the channels: desk, kiosk, web); add it to "
        "channels.only, or use one of these",
    ]



def test_cjm_yaml_problems_come_in_line_order_and_an_unknown_rule_drops_only_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = CONFIG.replace("rules:\n", "rules:\n  missing-emotions: off\n")
    (tmp_path / "cjm.yaml").write_text(config + "review_every: weekly\n", encoding="utf-8")
    (tmp_path / "m.cjm.yaml").write_text(MAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    forget_contexts()
    alone = CliRunner().invoke(app, ["validate", "--no-color", "cjm.yaml"])
    both = CliRunner().invoke(app, ["validate", "--no-color", "m.cjm.yaml"])
    forget_contexts()

    assert alone.exit_code == 1
    places = [line.split(": ", 1)[0] for line in alone.stdout.splitlines()[:-1]]
    assert places == ["cjm.yaml:3:3", "cjm.yaml:5:15", "cjm.yaml:11:14", "cjm.yaml:12:15"]
    assert 'did you mean "missing-emotion"?' in alone.stdout
    # The misspelt rule is left out; missing-emotion: error still applies to the map.
    assert "m.cjm.yaml:7:16: error [missing-emotion]" in both.stdout
