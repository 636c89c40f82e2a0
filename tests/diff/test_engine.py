"""Each kind of change, from a small edit of a map to the record the diff reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from maps import data, journey, step

from cjm.diff import Change, Place, compare, diff_maps

Edit = Callable[[dict[str, Any]], None]


def changes_after(edit: Edit) -> list[Change]:
    before = data()
    after = data()
    edit(after)
    return compare(journey(before), journey(after))


def brief(change: Change) -> tuple[Any, ...]:
    """What a table row states about a change: kind, id, and its one detail."""
    if change.change == "modified":
        return (change.entity, change.id, "modified", change.field, change.old, change.new)
    if change.change == "renamed":
        return (change.entity, change.id, "renamed", change.old_id)
    if change.change == "moved":
        assert change.moved_from is not None and change.moved_to is not None
        return (change.entity, change.id, "moved",
                (change.moved_from.parent, change.moved_from.index),
                (change.moved_to.parent, change.moved_to.index))
    return (change.entity, change.id, change.change)


def move_webinar_to_consideration(document: dict[str, Any]) -> None:
    webinar = document["stages"][0]["steps"].pop(1)
    document["stages"][1]["steps"].insert(0, webinar)


def reorder_awareness(document: dict[str, Any]) -> None:
    steps = document["stages"][0]["steps"]
    steps.append(steps.pop(0))  # ad goes last: only ad moved


def rename_drops_out(document: dict[str, Any]) -> None:
    step(document, "drops-out")["id"] = "goes-quiet"


def rename_stage(document: dict[str, Any]) -> None:
    document["stages"][1]["id"] = "evaluation"


def add_step(document: dict[str, Any]) -> None:
    document["stages"][1]["steps"].append({"id": "buys", "name": "Buys a plan", "emotion": 2})


def remove_pain_point(document: dict[str, Any]) -> None:
    demo = step(document, "demo-call")
    demo["pain_points"] = []
    demo["opportunities"][0]["addresses"] = []


def raise_emotion(document: dict[str, Any]) -> None:
    step(document, "demo-call")["emotion"] = 1


def plan_nurture(document: dict[str, Any]) -> None:
    step(document, "demo-call")["opportunities"][0]["status"] = "planned"


def metric_meets_target(document: dict[str, Any]) -> None:
    document["stages"][0]["metrics"][0]["value"] = 160


def add_evidence(document: dict[str, Any]) -> None:
    document["evidence"].append({"id": "survey-q4", "kind": "survey", "title": "Q4 survey"})


def review_again(document: dict[str, Any]) -> None:
    document["reviewed"] = "2026-09-30"


def edit_pain_point_text(document: dict[str, Any]) -> None:
    # The id stays: the text changed, nothing else.
    step(document, "demo-call")["pain_points"][0]["text"] = "CSV dates are read as US dates!"


def move_pain_point(document: dict[str, Any]) -> None:
    pain = step(document, "demo-call")["pain_points"].pop()
    step(document, "drops-out")["pain_points"] = [pain]


TABLE: list[tuple[str, Edit, list[tuple[Any, ...]]]] = [
    ("a step moved to another stage", move_webinar_to_consideration,
     [("step", "webinar", "moved", ("awareness", 1), ("consideration", 0))]),
    ("a step reordered within its stage", reorder_awareness,
     [("step", "ad", "moved", ("awareness", 0), ("awareness", 2))]),
    ("a step whose id changed", rename_drops_out,
     [("step", "goes-quiet", "renamed", "drops-out")]),
    ("a stage whose id changed: its steps did not move", rename_stage,
     [("stage", "evaluation", "renamed", "consideration")]),
    ("a step added", add_step, [("step", "buys", "added")]),
    ("a pain point closed", remove_pain_point,
     [("pain_point", "csv-dates", "removed"),
      ("opportunity", "nurture", "modified", "addresses", ["csv-dates"], [])]),
    ("emotion up", raise_emotion, [("step", "demo-call", "modified", "emotion", -1, 1)]),
    ("opportunity status", plan_nurture,
     [("opportunity", "nurture", "modified", "status", "idea", "planned")]),
    ("metric value", metric_meets_target,
     [("metric", "signups", "modified", "value", 120, 160)]),
    ("evidence added", add_evidence, [("evidence", "survey-q4", "added")]),
    ("map metadata", review_again,
     [("map", "saas-trial", "modified", "reviewed", "2026-06-30", "2026-09-30")]),
    ("pain point text", edit_pain_point_text,
     [("pain_point", "csv-dates", "modified", "text", "CSV dates are read as US dates",
       "CSV dates are read as US dates!")]),
    ("a pain point moved to another step", move_pain_point,
     [("pain_point", "csv-dates", "moved", ("demo-call", 0), ("drops-out", 0))]),
]


@pytest.mark.parametrize(("edit", "expected"), [row[1:] for row in TABLE],
                         ids=[row[0] for row in TABLE])
def test_each_kind_of_change(edit: Edit, expected: list[tuple[Any, ...]]) -> None:
    assert [brief(change) for change in changes_after(edit)] == expected


def test_emotion_change_carries_its_direction_and_size() -> None:
    [change] = changes_after(raise_emotion)
    assert change.delta == 2


def test_metric_value_change_carries_the_target() -> None:
    [change] = changes_after(metric_meets_target)
    assert change.target == 150


def test_a_renamed_step_with_edits_is_one_rename_plus_its_field_changes() -> None:
    def rename_and_edit(document: dict[str, Any]) -> None:
        rename_drops_out(document)
        step(document, "goes-quiet")["name"] = "Goes quiet in the trial"

    assert [brief(change) for change in changes_after(rename_and_edit)] == [
        ("step", "goes-quiet", "renamed", "drops-out"),
        ("step", "goes-quiet", "modified", "name", "Drops out of the trial",
         "Goes quiet in the trial"),
    ]


def test_a_different_step_under_a_new_id_is_removed_and_added_not_renamed() -> None:
    def replace_step(document: dict[str, Any]) -> None:
        document["stages"][1]["steps"][1] = {"id": "buys", "name": "Buys the yearly plan",
                                             "channel": "web", "emotion": 2}

    assert [brief(change) for change in changes_after(replace_step)] == [
        ("step", "buys", "added"), ("step", "drops-out", "removed")]


def test_a_pain_point_with_derived_id_and_new_wording_is_a_change_of_its_text() -> None:
    before, after = data(), data()
    del step(before, "demo-call")["pain_points"][0]["id"]
    pain = step(after, "demo-call")["pain_points"][0]
    del pain["id"]
    pain["text"] = "CSV dates are read as US-style dates"
    after_map = journey(after)
    changes = compare(journey(before), after_map)
    kinds = [(c.entity, c.change) for c in changes if c.entity == "pain_point"]
    assert kinds == [("pain_point", "modified")]  # the derived id is not the writer's


def test_swapping_two_neighbours_moves_both() -> None:
    # Either could be the one that moved; saying both keeps the diff symmetric.
    def swap(document: dict[str, Any]) -> None:
        steps = document["stages"][0]["steps"]
        steps[0], steps[1] = steps[1], steps[0]

    moved = [c.id for c in changes_after(swap) if c.change == "moved"]
    assert moved == ["webinar", "ad"]  # in the new order


def test_moves_report_places_in_the_json_shape() -> None:
    [change] = changes_after(move_webinar_to_consideration)
    assert change.moved_from == Place("stage", "awareness", 1, "Awareness")
    assert change.moved_from.as_json() == {"stage": "awareness", "index": 1}


def test_map_diff_summarises_emotion_per_stage_before_and_after() -> None:
    before, after = data(), data()
    raise_emotion(after)
    result = diff_maps(journey(before), journey(after), path="trial.cjm.yaml")
    assert result.status == "modified"
    rows = {row.stage: (row.before, row.after) for row in result.emotion_by_stage}
    assert rows == {"awareness": (0.67, 0.67), "consideration": (-1.5, -0.5)}


def test_added_and_removed_files_have_no_change_records() -> None:
    added = diff_maps(None, journey(data()), path="trial.cjm.yaml")
    removed = diff_maps(journey(data()), None, path="trial.cjm.yaml")
    assert (added.status, removed.status) == ("added", "removed")
    assert added.changes == removed.changes == []
    assert (added.stages, added.steps) == (2, 5)


def test_inline_persona_changes_are_persona_changes() -> None:
    before, after = data(), data()
    before["persona"] = {"id": "ops", "name": "Ops manager", "goals": ["Fewer tickets"]}
    after["persona"] = {"id": "ops", "name": "Ops manager", "goals": ["Fewer tickets",
                                                                     "A calm week"]}
    assert [brief(change) for change in compare(journey(before), journey(after))] == [
        ("persona", "ops", "modified", "goals", ["Fewer tickets"],
         ["Fewer tickets", "A calm week"])]


def test_persona_files_compare_their_fields() -> None:
    from cjm.model import Persona

    old = Persona.model_validate({"cjm": 1, "kind": "persona", "id": "p", "name": "Parent"})
    new = Persona.model_validate({"cjm": 1, "kind": "persona", "id": "p", "name": "Parent",
                                  "quote": "No time"})
    result = diff_maps(old, new, path="p.cjm.yaml")
    assert (result.kind, result.status) == ("persona", "modified")
    assert [brief(change) for change in result.changes] == [
        ("persona", "p", "modified", "quote", None, "No time")]
