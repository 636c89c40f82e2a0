"""What a review team found: names shown as written, moves behind averages, targets
that are better lower, and sign-offs in the diff."""

from __future__ import annotations

import json
from typing import Any

import yaml
from maps import TRIAL, data, journey
from repos import GitRepo

from cjm.diff.changes import Change, DiffOutcome, DiffReport
from cjm.diff.engine import compare, diff_maps
from cjm.git import open_repository
from cjm.model import Metric
from cjm.report import DIFF_REPORTERS
from cjm.report.diff_json import change_dict
from cjm.report.diff_words import field_change
from cjm.reviewed import content_hash


def _outcome(old: dict[str, Any], new: dict[str, Any]) -> DiffOutcome:
    return DiffOutcome(DiffReport([diff_maps(journey(old), journey(new), path="m.cjm.yaml")]))


def _reports(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    outcome = _outcome(old, new)
    return (DIFF_REPORTERS["text"](outcome), DIFF_REPORTERS["markdown"](outcome),
            json.loads(DIFF_REPORTERS["json"](outcome)))


def test_removed_names_are_never_rewritten() -> None:
    old = data()
    old["stages"][0]["name"] = "Arrival at the clinic"
    old["stages"][0]["steps"].append({"id": "waits", "name": "Waits in a crowded room"})
    new = data()
    new["stages"][0]["name"] = "Arrival at the clinic"
    text, markdown, _ = _reports(old, new)
    assert 'Step "Waits in a crowded room" removed from stage "Arrival at the clinic"' in text
    assert "Waits from" not in text + markdown and "Arrival from" not in text + markdown
    assert 'Step "Waits in a crowded room" removed from stage "Arrival at the clinic"' \
        in markdown
    # The stage itself removed, with its step and a pain point closed at the step.
    old["stages"][0]["steps"][-1]["pain_points"] = [{"id": "no-seat",
                                                     "text": "No seat in the room"}]
    gone = data()
    del gone["stages"][0]
    text, markdown, _ = _reports(old, gone)
    for words in ('Stage "Arrival at the clinic" removed',
                  'Step "Waits in a crowded room" removed from stage "Arrival at the clinic"',
                  'Pain point "No seat in the room" closed at step "Waits in a crowded room"'):
        assert words in text and words in markdown
    assert " from a crowded" not in text + markdown and "Arrival from" not in text + markdown


def test_an_average_changed_by_a_move_says_so() -> None:
    new = data()
    awareness, consideration = new["stages"]
    consideration["steps"].insert(0, awareness["steps"].pop(1))  # webinar, +1
    text, _, document = _reports(data(), new)
    rows = {row["stage"]: row["because"] for row in document["maps"][0]["emotion_by_stage"]}
    assert rows == {"awareness": ["steps moved"], "consideration": ["steps moved"]}
    assert "(steps moved)" in text and "scores changed" not in text


def test_a_lower_is_better_target_is_met_below_it() -> None:
    change = Change("metric", "wait", "modified", "Wait in minutes", field="value", old=3.0,
                    new=1.5, target=2.0, lower_is_better=True)
    assert field_change(change, str, str) == "value 3 → 1.5 (target 2 or less: now met)"
    assert change_dict(change)["better"] == "lower"
    higher = Change("metric", "rate", "modified", "Rate", field="value", old=3.0, new=1.5,
                    target=2.0)
    assert field_change(higher, str, str) == "value 3 → 1.5 (target 2: no longer met)"
    if "better" in Metric.model_fields:  # the format's direction reaches the change
        old, new = data(), data()
        for document, value in ((old, 3.0), (new, 1.5)):
            document["stages"][0]["metrics"][0].update(value=value, target=2.0,
                                                       better="lower")
        _, _, printed = _reports(old, new)
        value_change = next(c for c in printed["maps"][0]["changes"]
                            if c.get("field") == "value")
        assert value_change["better"] == "lower"


def test_a_sign_off_shows_who_and_whether_it_holds() -> None:
    old, new = data(), data()
    new["review"] = {"date": "2026-07-01", "by": "Ana Lima", "note": "Q2",
                     "hash": content_hash(journey(data()))}
    text, markdown, document = _reports(old, new)
    assert "✓ Signed off by Ana Lima on 2026-07-01: \"Q2\" (still holds)" in text
    assert "**Review:** Signed off by Ana Lima" in markdown
    assert document["maps"][0]["review"] == {"change": "added", "by": "Ana Lima",
                                             "date": "2026-07-01", "note": "Q2",
                                             "holds": True}
    assert document["maps"][0]["status"] == "modified"
    later = dict(new, title="SaaS trial, EU")
    _, _, document = _reports(new, dict(later, review=dict(new["review"], by="Sam")))
    assert document["maps"][0]["review"]["holds"] is False


def test_a_thousand_renamed_ids_are_a_thousand_renames() -> None:
    def one_stage(suffix: str) -> dict[str, Any]:
        steps = [{"id": f"step-{number}{suffix}", "name": f"Does thing {number}",
                  "emotion": number % 5 - 2} for number in range(1000)]
        return {"cjm": 1, "kind": "journey", "title": "T",
                "stages": [{"id": "s", "name": "S", "steps": steps}]}

    changes = compare(journey(one_stage("")), journey(one_stage("-v2")))
    renamed = {(c.old_id, c.id) for c in changes if c.change == "renamed"}
    assert renamed == {(f"step-{n}", f"step-{n}-v2") for n in range(1000)}
    assert [c for c in changes if c.change != "renamed"] == []


def test_files_unchanged_between_commits_are_known_without_reading(
        git_repo: GitRepo) -> None:
    git_repo.write("maps/a.cjm.yaml", TRIAL)
    git_repo.write("maps/b.cjm.yaml", TRIAL)
    git_repo.write("people/p.cjm.yaml", "cjm: 1\nkind: persona  # shared\nid: p\nname: P\n")
    git_repo.commit("first", tag="v1")
    git_repo.write("maps/b.cjm.yaml", TRIAL.replace("SaaS trial", "SaaS trial, EU"))
    git_repo.commit("second", tag="v2")
    repo = open_repository(git_repo.root)
    paths = ["maps/a.cjm.yaml", "maps/b.cjm.yaml", "people/p.cjm.yaml"]
    assert repo.same_blobs("v1", "v2", paths) == {"maps/a.cjm.yaml", "people/p.cjm.yaml"}
    assert repo.files_saying("v1", "^kind:[[:space:]]*persona", paths) == {
        "people/p.cjm.yaml"}


README_MAP = """\
cjm: 1
kind: journey
title: First online purchase
owner: cx-team
stages:
  - name: Discover
    steps:
      - name: Sees an Instagram ad
        channel: social
        emotion: 1
        pain_points:
          - text: Landing page takes 6 s on mobile
            severity: high
        opportunities:
          - text: Serve a lighter landing page to mobile ad traffic
            owner: web-team
            status: planned
"""


def test_rewording_items_without_ids_is_a_change_not_churn() -> None:
    old = yaml.safe_load(README_MAP)
    new = yaml.safe_load(README_MAP.replace("Sees an Instagram ad", "Sees an ad on Instagram")
                         .replace("takes 6 s on mobile", "takes 6 seconds on phones")
                         .replace("lighter landing page", "lighter landing page (AMP)"))
    diff = diff_maps(journey(old), journey(new), path="m.cjm.yaml")
    assert [(c.entity, c.change, c.field) for c in diff.changes] == [
        ("step", "modified", "name"), ("pain_point", "modified", "text"),
        ("opportunity", "modified", "text")]
    summary = DiffReport([diff]).summary()
    assert (summary.pain_points_closed, summary.pain_points_opened) == (0, 0)


def test_a_different_pain_point_at_the_same_step_is_still_closed_and_opened() -> None:
    old = yaml.safe_load(README_MAP)
    new = yaml.safe_load(README_MAP.replace("Landing page takes 6 s on mobile",
                                            "Cannot find the size chart"))
    summary = DiffReport([diff_maps(journey(old), journey(new), path="m.cjm.yaml")]).summary()
    assert (summary.pain_points_closed, summary.pain_points_opened) == (1, 1)
