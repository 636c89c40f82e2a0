"""Repeated names are normal: a `Conversion` metric in every stage, the same pain point
at two steps, the same step in two stages. A derived id is unique within its parent,
references resolve to the nearest match, and every output tells the entities apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.model import JourneyMap
from cjm.render.changes import picture
from cjm.render.compare import match_steps
from external import require_program

HEADER = """\
cjm: 1
kind: journey
title: Clinic visit
persona: {name: Patient}
owner: cx-team
reviewed: 2026-10-01
"""
CLINIC = HEADER + """\
stages:
  - name: Arrive
    metrics:
      - {name: Conversion, value: 0.4, target: 0.5}
    steps:
      - name: Calls the clinic
        emotion: -1
        pain_points:
          - {text: The wait is long, severity: low}
        opportunities:
          - id: callback
            text: Offer a call back
            owner: front-desk
            addresses: [the-wait-is-long]
  - name: Visit
    metrics:
      - {name: Conversion, value: 0.7, target: 0.6}
    steps:
      - name: Calls the clinic
        emotion: 0
        pain_points:
          - {text: The wait is long, severity: high, evidence: [survey]}
        opportunities:
          - id: sms
            text: Text when the doctor is ready
            owner: front-desk
            addresses: [the-wait-is-long]
evidence:
  - {id: survey, kind: survey, title: Patient survey}
"""


def _run(args: list[str]) -> tuple[int, str]:
    done = CliRunner().invoke(app, args)
    return done.exit_code, done.stdout


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the clinic map, the current folder of the test."""
    (tmp_path / "clinic.cjm.yaml").write_text(CLINIC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lines(text: str) -> list[str]:
    return [re.sub(r"^[^:]+:", "", line) for line in text.splitlines()]


def test_the_same_names_under_other_parents_validate(clinic: Path) -> None:
    code, out = _run(["validate", "--no-color", "--today", "2026-11-24", "clinic.cjm.yaml"])
    assert code == 0, out
    # Each opportunity addresses the pain point of its own step: none is unaddressed,
    # and the writer is told to give the cited pain points ids of their own.
    assert _lines(out)[:-1] == [
        '10:35: warning [metric-target-missed] the metric "Conversion" in the stage "Arrive" '
        "is 0.4, and its target is at least 0.5: not met"] + [
        f"{line}: warning [derived-id-reference] \"the-wait-is-long\" is the id cjm derives "
        'from the text of the pain point "The wait is long", so rewording that text would '
        "break this reference; give the pain point an id of its own: id: the-wait-is-long"
        for line in ("20:25", "33:25")]


def test_a_reference_resolves_to_its_own_step_first(clinic: Path) -> None:
    # Only the second step's opportunity addresses "the-wait-is-long": the first step's
    # pain point is unaddressed, the second one's is not.
    text = CLINIC.replace("            addresses: [the-wait-is-long]\n", "", 1)
    (clinic / "clinic.cjm.yaml").write_text(text, encoding="utf-8")
    code, out = _run(["validate", "--no-color", "--today", "2026-11-24", "clinic.cjm.yaml"])
    assert code == 0
    unaddressed = [line for line in out.splitlines() if "[unaddressed-pain-point]" in line]
    assert [line.split(": warning")[0] for line in unaddressed] == ["clinic.cjm.yaml:15:20"]
    assert unaddressed[0].endswith(
        'no opportunity addresses the pain point "The wait is long"; give it an `id` (such as '
        "the-wait-is-long) and add an opportunity with addresses: [that id]")


def test_an_ambiguous_reference_lists_the_candidates_and_asks_for_an_id(clinic: Path) -> None:
    text = CLINIC.replace("evidence:\n", """\
  - name: Leave
    steps:
      - {name: Pays, emotion: 1, next: [calls-the-clinic]}
evidence:
""")
    (clinic / "clinic.cjm.yaml").write_text(text, encoding="utf-8")
    code, out = _run(["validate", "--no-color", "clinic.cjm.yaml"])
    assert code == 1
    errors = [line for line in out.splitlines() if ": error " in line]
    assert errors == [
        'clinic.cjm.yaml:36:41: error [unknown-reference] step "pays" refers to '
        '"calls-the-clinic" in its next, and 2 steps get that id from their name: line 12 '
        '(in stage "Arrive"), line 25 (in stage "Visit"); give the one meant its own `id` '
        "and write that id here"]


def test_repeated_names_under_one_parent_and_a_written_id_still_clash(clinic: Path) -> None:
    text = CLINIC.replace("      - {name: Conversion, value: 0.7, target: 0.6}\n",
                          "      - {name: Conversion, value: 0.7, target: 0.6}\n"
                          "      - {name: Conversion, value: 0.1}\n"
                          "      - {id: callback, name: Call-back rate}\n")
    text = text.replace("id: sms", "id: conversion")
    (clinic / "clinic.cjm.yaml").write_text(text, encoding="utf-8")
    code, out = _run(["validate", "--no-color", "clinic.cjm.yaml"])
    assert code == 1
    assert [line for line in out.splitlines() if ": error " in line] == [
        "clinic.cjm.yaml:24:16: error [duplicate-id] this metric gets the id \"conversion\" "
        "from its name, but another metric of this stage already has it (line 23); give this "
        "one its own `id`"]


def test_diff_json_and_text_tell_repeated_names_apart(clinic: Path) -> None:
    changed = CLINIC.replace("value: 0.7", "value: 0.8").replace(
        "{text: The wait is long, severity: high", "{text: The wait is long, severity: medium")
    (clinic / "new.cjm.yaml").write_text(changed, encoding="utf-8")
    code, out = _run(["diff", "--format", "json", "clinic.cjm.yaml", "new.cjm.yaml"])
    assert code == 0
    changes = [(c["entity"], c["id"], c["change"], c.get("field"))
               for c in json.loads(out)["maps"][0]["changes"] if c["entity"] != "map"]
    assert changes == [("metric", "visit/conversion", "modified", "value"),
                       ("pain_point", "visit/calls-the-clinic/the-wait-is-long", "modified",
                        "severity")]
    code, out = _run(["diff", "--no-color", "clinic.cjm.yaml", "new.cjm.yaml"])
    assert '~ Metric "Conversion" in stage "Visit": value 0.7 → 0.8 (target 0.6: met)' in out


def test_a_name_that_starts_to_repeat_is_the_same_entity_in_the_diff(clinic: Path) -> None:
    """The first `Conversion` keeps being itself when a second stage gets one too."""
    once = CLINIC.replace("    metrics:\n      - {name: Conversion, value: 0.7, target: 0.6}\n",
                          "")
    (clinic / "old.cjm.yaml").write_text(once, encoding="utf-8")
    code, out = _run(["diff", "--format", "json", "old.cjm.yaml", "clinic.cjm.yaml"])
    assert code == 0
    changes = [(c["entity"], c["id"], c["change"])
               for c in json.loads(out)["maps"][0]["changes"] if c["entity"] != "map"]
    assert changes == [("metric", "visit/conversion", "added")]


@pytest.mark.parametrize("view", ["grid", "flow", "blueprint"])
def test_every_view_draws_repeated_names(clinic: Path, view: str) -> None:
    require_program("dot")
    code, out = _run(["render", "clinic.cjm.yaml", "--view", view, "-o", f"{view}.svg"])
    assert code == 0, out
    svg = (clinic / f"{view}.svg").read_text(encoding="utf-8")
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    assert svg.count("Calls the clinic") >= 2


def test_the_site_gives_every_entity_its_own_anchor(clinic: Path) -> None:
    require_program("dot")
    code, _ = _run(["site", "clinic.cjm.yaml", "-o", "site"])
    assert code == 0
    page = next((clinic / "site" / "maps").glob("*.html")).read_text(encoding="utf-8")
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert {"pain-arrive/calls-the-clinic/the-wait-is-long",
            "pain-visit/calls-the-clinic/the-wait-is-long"} <= set(ids)


def test_json_export_reads_back_as_the_same_map(clinic: Path) -> None:
    code, _ = _run(["convert", "clinic.cjm.yaml", "-o", "clinic.json"])
    assert code == 0
    code, _ = _run(["convert", "clinic.json", "-o", "back.cjm.yaml"])
    assert code == 0
    code, out = _run(["diff", "--format", "json", "clinic.cjm.yaml", "back.cjm.yaml"])
    assert [c["change"] for c in json.loads(out)["maps"][0]["changes"]] == ["renamed"]


def test_backlog_links_each_opportunity_to_its_own_pain_point(clinic: Path) -> None:
    code, out = _run(["backlog", "clinic.cjm.yaml", "--format", "json"])
    assert code == 0
    backlog = json.loads(out)
    addressed = {item["id"]: [pain["id"] for pain in item["addresses"]]
                 for item in backlog["opportunities"]}
    assert addressed == {"callback": ["arrive/calls-the-clinic/the-wait-is-long"],
                         "sms": ["visit/calls-the-clinic/the-wait-is-long"]}


def test_the_picture_of_changes_marks_the_step_whose_name_repeats() -> None:
    """Each `Calls the clinic` gets its own earlier score and its own closed pain point."""
    old = JourneyMap.model_validate(yaml.safe_load(CLINIC))
    later = CLINIC.replace("emotion: -1", "emotion: 1").replace(
        "          - {text: The wait is long, severity: high, evidence: [survey]}\n", "")
    later = later.replace("        pain_points:\n        opportunities:",
                          "        opportunities:")
    new = JourneyMap.model_validate(yaml.safe_load(later))
    shown = picture(old, new)
    (arrive, visit) = [step for _, step in shown.journey.all_steps()]
    assert [pain.text for pain in visit.pain_points] == ["The wait is long"]
    assert shown.closed == {shown.key_of(visit.pain_points[0])}
    assert shown.key_of(arrive.pain_points[0]) not in shown.closed
    assert shown.marks[shown.key_of(arrive)].text.startswith("~ CHANGED")
    assert shown.key_of(visit) not in shown.marks
    scores = match_steps(old, shown.journey, shown.ghost_steps).scores
    assert scores == {shown.key_of(arrive): -1, shown.key_of(visit): 0}


LEVELS = HEADER + """\
pain_points:
  - {text: The wait is long, severity: low}
stages:
  - name: Arrive
    pain_points:
      - {text: The wait is long, severity: medium}
    opportunities:
      - {id: at-stage, text: Fix it, owner: desk, addresses: [the-wait-is-long]}
    steps:
      - name: Calls the clinic
        emotion: -1
        pain_points:
          - {text: The wait is long, severity: low}
      - name: Calls again
        emotion: -1
        pain_points:
          - {text: The wait is long, severity: low}
        opportunities:
          - {id: at-step, text: Fix it here, owner: desk, addresses: [the-wait-is-long]}
  - name: Visit
    opportunities:
      - {id: elsewhere, text: Fix it there, owner: desk, addresses: [the-wait-is-long]}
    steps:
      - {name: Sees the doctor, emotion: 1}
"""


def test_a_reference_means_its_own_place_first_then_its_parent_then_the_map(
        clinic: Path) -> None:
    """The step's opportunity: the step's pain point; the stage's: the stage's own; the
    other stage's: the map's own. Only the first step's pain point is left unaddressed."""
    (clinic / "clinic.cjm.yaml").write_text(LEVELS, encoding="utf-8")
    code, out = _run(["validate", "--no-color", "--today", "2026-11-24", "clinic.cjm.yaml"])
    assert code == 0, out
    unaddressed = [line.split(": warning")[0] for line in out.splitlines()
                   if "[unaddressed-pain-point]" in line]
    # Three opportunities, three pain points addressed: the map's (line 8), the
    # stage's (12) and the second step's (23); the first step's is left.
    assert unaddressed == ["clinic.cjm.yaml:19:20"]


def test_a_stage_reference_to_two_of_its_steps_is_ambiguous(clinic: Path) -> None:
    text = LEVELS.replace("    pain_points:\n      - {text: The wait is long, severity: medium}\n",
                          "")
    (clinic / "clinic.cjm.yaml").write_text(text, encoding="utf-8")
    code, out = _run(["validate", "--no-color", "clinic.cjm.yaml"])
    assert code == 1
    assert [line for line in out.splitlines() if ": error " in line] == [
        'clinic.cjm.yaml:12:63: error [unknown-reference] opportunity "at-stage" refers to '
        '"the-wait-is-long" in its addresses, and 2 pain points get that id from their text: '
        'line 17 (in step "Calls the clinic"), line 21 (in step "Calls again"); give the one '
        "meant its own `id` and write that id here"]


def test_a_stage_and_its_step_of_one_name_keep_their_pain_points_apart(clinic: Path) -> None:
    text = """\
cjm: 1
kind: journey
title: Checkout
stages:
  - name: Pay
    pain_points:
      - {text: The fee shows late, severity: low}
    steps:
      - name: Pay
        pain_points:
          - {text: The fee shows late, severity: low}
"""
    (clinic / "old.cjm.yaml").write_text(text, encoding="utf-8")
    (clinic / "new.cjm.yaml").write_text(text.replace("low", "high"), encoding="utf-8")
    code, out = _run(["diff", "--format", "json", "old.cjm.yaml", "new.cjm.yaml"])
    assert code == 0
    assert [(c["id"], c["field"]) for c in json.loads(out)["maps"][0]["changes"]
            if c["entity"] == "pain_point"] == [("pay/pay/the-fee-shows-late", "severity"),
                                                ("pay/the-fee-shows-late", "severity")]
