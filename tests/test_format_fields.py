"""The format says what real maps say: a metric's direction, the scenario, persona facts
and expectations, pain points and opportunities of a stage or of the whole map, and
claims marked as assumed — through validate, diff (text, Markdown, JSON), render and the
content hash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.model import Better, JourneyMap, Metric
from cjm.reviewed import content_hash
from external import require_program

CALL_TIME = {"name": "Average call time", "value": 2.5, "target": 2, "unit": "min",
             "better": "lower", "owner": "customer-care"}


def _clinic(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "cjm": 1, "kind": "journey", "title": "Clinic check-in",
        "persona": {"name": "Parent", "expectations": ["Seen within the hour"],
                    "facts": {"age": 36, "location": "Ghent", "tools": ["Phone"]}},
        "owner": "front-desk", "reviewed": "2026-11-01",
        "scenario": "A parent brings a feverish child on a Saturday morning",
        "stages": [{
            "id": "arrive", "name": "Arrive", "metrics": [dict(CALL_TIME)],
            "steps": [{"id": "desk", "name": "Checks in at the desk", "emotion": -1,
                       "pain_points": [{"id": "queue", "text": "The queue is long"}],
                       "opportunities": [{"text": "Check in online", "owner": "it",
                                          "addresses": ["queue"]}]}],
            "pain_points": [{"id": "no-signs", "text": "Nobody says how long it takes",
                             "assumed": True}],
            "opportunities": [{"id": "screen", "text": "A screen with the wait time",
                               "owner": "front-desk", "addresses": ["no-signs"]}],
        }],
        "pain_points": [{"id": "same-data", "text": "Every desk asks for the same data"}],
        "opportunities": [{"id": "one-record", "text": "One record every desk reads",
                           "owner": "it", "status": "idea", "addresses": ["same-data"]}],
    }
    document.update(changes)
    return document


def _write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def _cjm(*args: str) -> Any:
    return CliRunner().invoke(app, [*args])


@pytest.mark.parametrize(("value", "target", "better", "met"), [
    (2.5, 2, "lower", False), (2.0, 2, "lower", True), (1.5, 2, "lower", True),
    (2.5, 2, "higher", True), (1.5, 2, "higher", False), (None, 2, "lower", None),
    (1.5, None, "lower", None),
])
def test_meets_target_respects_better(value: float | None, target: float | None,
                                      better: str, met: bool | None) -> None:
    metric = Metric(name="Average call time", value=value, target=target, better=better)
    assert metric.meets_target is met


def test_better_defaults_to_higher_and_refuses_other_words(tmp_path: Path) -> None:
    assert Metric(name="Conversion").better is Better.more
    metric = {**CALL_TIME, "better": "smaller"}
    path = _write(tmp_path, "m.cjm.yaml", _clinic(stages=[
        {"name": "Arrive", "metrics": [metric], "steps": [{"name": "Waits", "emotion": 0}]}],
        pain_points=[], opportunities=[]))
    result = _cjm("validate", "--no-color", str(path))
    assert result.exit_code == 1
    assert "invalid-value" in result.stdout and "higher" in result.stdout \
        and "lower" in result.stdout


def test_the_example_call_time_is_not_met_in_the_diff(tmp_path: Path) -> None:
    """Average call time 2.5 min against a target of 2 min, better lower: not met."""
    before = _clinic()
    before["stages"][0]["metrics"][0]["value"] = 1.8
    old, new = _write(tmp_path, "old.cjm.yaml", before), _write(tmp_path, "new.cjm.yaml", _clinic())
    text = _cjm("diff", "--no-color", str(old), str(new)).stdout
    assert 'Metric "Average call time": value 1.8 → 2.5 (target 2 or less: no longer met)' \
        in text
    markdown = _cjm("diff", "--format", "markdown", str(old), str(new)).stdout
    assert "target 2 or less: no longer met" in markdown
    document = json.loads(_cjm("diff", "--format", "json", str(old), str(new)).stdout)
    [change] = [c for c in document["maps"][0]["changes"] if c["entity"] == "metric"]
    assert (change["old"], change["new"], change["target"], change["better"]) == \
        (1.8, 2.5, 2.0, "lower")


def test_the_example_call_time_is_not_met_in_the_drawing(tmp_path: Path) -> None:
    require_program("neato")
    path = _write(tmp_path, "clinic.cjm.yaml", _clinic())
    result = _cjm("render", str(path), "-o", str(tmp_path / "clinic.svg"))
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "clinic.svg").read_text(encoding="utf-8")
    assert "NOT MET" in svg and "✓ MET" not in svg
    assert "(target 2 min" in svg and "or less)" in svg


def test_a_map_with_every_new_field_validates_and_lists_its_claims_and_missed_target(
        tmp_path: Path) -> None:
    document = _clinic()
    document["stages"][0]["steps"][0]["emotion_assumed"] = True
    path = _write(tmp_path, "clinic.cjm.yaml", document)
    result = _cjm("validate", "--no-color", "--format", "json", str(path))
    report = json.loads(result.stdout)
    assert [(p["rule"], p["location"]) for p in report["problems"]] == [
        ("metric-target-missed", "stages[id=arrive].metrics[0].value"),
        ("assumed-claim", "stages[id=arrive].steps[id=desk].emotion_assumed"),
        ("assumed-claim", "stages[id=arrive].pain_points[id=no-signs].assumed"),
    ]
    assert result.exit_code == 0  # warnings


def test_references_reach_pain_points_of_a_stage_and_of_the_map(tmp_path: Path) -> None:
    document = _clinic()
    document["opportunities"][0]["addresses"] = ["same-data", "no-signs", "queue", "nope"]
    path = _write(tmp_path, "clinic.cjm.yaml", document)
    result = _cjm("validate", "--no-color", str(path))
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if "unknown-reference" in line]
    assert 'opportunity "one-record" addresses "nope", which is not a pain point' in line


def test_an_unaddressed_pain_point_of_a_stage_is_still_reported(tmp_path: Path) -> None:
    document = _clinic()
    del document["stages"][0]["opportunities"]
    path = _write(tmp_path, "clinic.cjm.yaml", document)
    result = _cjm("validate", "--no-color", str(path))
    assert "[unaddressed-pain-point]" in result.stdout
    assert "Nobody says how long it takes" in result.stdout


def test_facts_are_free_but_unknown_keys_elsewhere_are_still_refused(tmp_path: Path) -> None:
    document = _clinic()
    document["persona"]["facts"] = {"age": 36, "favourite café": "Bar Leon",
                                    "devices": ["Phone", "Laptop"], "kids": 2.5}
    assert _cjm("validate", str(_write(tmp_path, "ok.cjm.yaml", document))).exit_code == 0
    document["persona"]["age"] = 36  # a fact written outside `facts`
    result = _cjm("validate", "--no-color", str(_write(tmp_path, "bad.cjm.yaml", document)))
    assert result.exit_code == 1 and '"age" is not a key of a persona' in result.stdout
    document = _clinic()
    document["persona"]["facts"] = {"parent": True, "pets": {"cats": 1}}
    result = _cjm("validate", "--no-color", str(_write(tmp_path, "odd.cjm.yaml", document)))
    assert result.exit_code == 1
    assert result.stdout.count("invalid-value") == 2
    assert '"parent": a fact is a text, a number or a list of texts, not yes/no' in result.stdout
    assert '"pets": a fact is a text, a number or a list of texts, not a mapping' \
        in result.stdout


def test_pain_points_moving_between_a_step_its_stage_and_the_map(tmp_path: Path) -> None:
    old = _clinic()
    new = _clinic()
    queue = new["stages"][0]["steps"][0]["pain_points"].pop()
    new["stages"][0]["pain_points"].append(queue)  # step → its stage
    signs = new["stages"][0]["pain_points"].pop(0)
    new["pain_points"].insert(0, signs)  # stage → the whole map
    new["opportunities"].append({"id": "app", "text": "An app for the visit", "owner": "it"})
    first, second = _write(tmp_path, "a.cjm.yaml", old), _write(tmp_path, "b.cjm.yaml", new)
    text = _cjm("diff", "--no-color", str(first), str(second)).stdout
    assert 'Pain point "The queue is long" moved from step "Checks in at the desk" to stage ' \
        '"Arrive" (position 1)' in text
    assert 'Pain point "Nobody says how long it takes" moved from stage "Arrive" to the ' \
        "whole journey (position 1)" in text
    assert 'Opportunity "An app for the visit" added for the whole journey' in text
    assert "removed" not in text and "closed" not in text
    back = _cjm("diff", "--no-color", "--format", "markdown", str(second), str(first)).stdout
    assert 'Opportunity "An app for the visit" removed from the whole journey' in back
    document = json.loads(_cjm("diff", "--format", "json", str(first), str(second)).stdout)
    moves = {c["id"]: (c["from"], c["to"]) for c in document["maps"][0]["changes"]
             if c["change"] == "moved"}
    assert moves == {"queue": ({"step": "desk", "index": 0}, {"stage": "arrive", "index": 0}),
                     "no-signs": ({"stage": "arrive", "index": 0}, {"index": 0})}
    assert document["summary"]["pain_points_closed"] == 0


def test_new_fields_are_diffed_in_every_report(tmp_path: Path) -> None:
    old = _clinic(scenario=None)
    new = _clinic()
    new["stages"][0]["steps"][0]["emotion_assumed"] = True
    new["persona"]["facts"]["age"] = 37
    first, second = _write(tmp_path, "a.cjm.yaml", old), _write(tmp_path, "b.cjm.yaml", new)
    text = _cjm("diff", "--no-color", str(first), str(second)).stdout
    assert 'scenario (none) → "A parent brings a feverish child on a Saturday morning"' in text
    assert "emotion assumed no → yes" in text
    document = json.loads(_cjm("diff", "--format", "json", str(first), str(second)).stdout)
    fields = {(c["entity"], c["field"]) for c in document["maps"][0]["changes"]
              if c["change"] == "modified"}
    assert fields == {("map", "scenario"), ("step", "emotion_assumed"), ("persona", "facts")}


def test_the_content_hash_ignores_the_new_fields_at_their_defaults() -> None:
    """A map signed off before these fields existed keeps its sign-off."""
    plain = {"cjm": 1, "kind": "journey", "title": "T", "stages": [
        {"name": "A", "metrics": [{"name": "M", "value": 1, "target": 2}],
         "steps": [{"name": "S", "emotion": 1, "pain_points": [{"text": "P"}]}]}]}
    written_out = json.loads(json.dumps(plain))
    stage = written_out["stages"][0]
    stage["metrics"][0]["better"] = "higher"
    stage["steps"][0]["emotion_assumed"] = False
    stage["steps"][0]["pain_points"][0]["assumed"] = False
    stage.update(pain_points=[], opportunities=[])
    written_out.update(pain_points=[], opportunities=[])
    hashes = {content_hash(JourneyMap.model_validate(d)) for d in (plain, written_out)}
    assert len(hashes) == 1
    dumped = json.dumps(JourneyMap.model_validate(written_out).model_dump(
        mode="json", exclude_defaults=True))
    for name in ("better", "assumed", "pain_points\": []", "opportunities", "scenario"):
        assert name not in dumped


def test_cjm_show_leaves_out_what_goes_without_saying_and_lists_facts(tmp_path: Path) -> None:
    document = _clinic()
    document["stages"][0]["steps"][0]["emotion_assumed"] = True
    shown = _cjm("show", str(_write(tmp_path, "clinic.cjm.yaml", document))).stdout
    lines = shown.splitlines()
    assert "    facts age: 36" in lines and "    facts tools: Phone" in lines
    assert "      emotion_assumed: yes" in lines
    assert "      better: lower" in lines  # the call time's direction is not the default
    assert "False" not in shown and "better: higher" not in shown
