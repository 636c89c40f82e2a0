"""The laws of diff: nothing changed → nothing reported; both directions mirror each
other; a shuffled map shows only moves."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.diff import Change, compare
from cjm.model import JourneyMap

WORDS = ["Sees", "an", "ad", "Reads", "reviews", "Pays", "the", "order", "Calls", "support"]
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@st.composite
def journeys(draw: st.DrawFn) -> JourneyMap:
    """Maps drawn from small id pools, so that two of them share many ids."""
    stage_ids = draw(st.lists(st.sampled_from(["s1", "s2", "s3", "s4"]), min_size=1,
                              max_size=4, unique=True))
    step_ids = draw(st.lists(st.sampled_from([f"t{i}" for i in range(8)]), max_size=8,
                             unique=True))
    pain_ids = iter(draw(st.lists(st.sampled_from([f"p{i}" for i in range(5)]), max_size=5,
                                  unique=True)))
    stages: list[dict[str, Any]] = [
        {"id": stage_id, "name": draw(names), "steps": []} for stage_id in stage_ids]
    for step_id in step_ids:
        step: dict[str, Any] = {"id": step_id, "name": draw(names),
                                "emotion": draw(st.none() | st.integers(-2, 2))}
        if draw(st.booleans()):
            step["channel"] = draw(st.sampled_from(["web", "email"]))
        pain_id = next(pain_ids, None)
        if pain_id is not None and draw(st.booleans()):
            step["pain_points"] = [{"id": pain_id, "text": draw(names),
                                    "severity": draw(st.sampled_from(["low", "high"]))}]
        draw(st.sampled_from(stages))["steps"].append(step)
    return JourneyMap.model_validate({
        "cjm": 1, "kind": "journey", "id": "m", "title": draw(names),
        "owner": draw(st.sampled_from(["cx", "growth"])), "stages": stages})


def mirrored(changes: list[Change]) -> Counter[tuple[Any, ...]]:
    """The changes as diff(new, old) should report them."""
    renamed = {(c.entity, c.id): c.old_id for c in changes if c.change == "renamed"}
    seen = []
    for change in changes:
        old_side_id = renamed.get((change.entity, change.id), change.id)
        if change.change == "renamed":
            seen.append((change.entity, change.old_id, "renamed", change.id))
            continue
        kind = {"added": "removed", "removed": "added"}.get(change.change, change.change)
        seen.append(_key(change.entity, old_side_id, kind, change.field, change.new,
                         change.old, change.moved_to, change.moved_from,
                         -change.delta if change.delta is not None else None))
    return Counter(seen)


def as_reported(changes: list[Change]) -> Counter[tuple[Any, ...]]:
    seen = []
    for change in changes:
        if change.change == "renamed":
            seen.append((change.entity, change.id, "renamed", change.old_id))
            continue
        seen.append(_key(change.entity, change.id, change.change, change.field, change.old,
                         change.new, change.moved_from, change.moved_to, change.delta))
    return Counter(seen)


def _key(*parts: Any) -> tuple[Any, ...]:
    # Places compare by parent and index; the parent's display name is the side's own.
    return tuple((p.parent, p.index) if hasattr(p, "parent_name") else
                 repr(p) for p in parts)


PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(journeys())
def test_a_map_compared_with_itself_has_no_changes(journey: JourneyMap) -> None:
    assert compare(journey, journey) == []
    assert compare(journey, journey.model_copy(deep=True)) == []


@PROPERTY
@given(journeys(), journeys())
def test_diff_in_both_directions_mirrors(old: JourneyMap, new: JourneyMap) -> None:
    assert as_reported(compare(new, old)) == mirrored(compare(old, new))


@PROPERTY
@given(journeys(), st.randoms(use_true_random=False))
def test_a_shuffled_map_shows_only_moves(journey: JourneyMap, random: Any) -> None:
    shuffled = journey.model_copy(deep=True)
    random.shuffle(shuffled.stages)
    steps = [step for stage in shuffled.stages for step in stage.steps]
    for stage in shuffled.stages:
        stage.steps = []
    for step in steps:
        random.choice(shuffled.stages).steps.append(step)
        random.shuffle(step.pain_points)
    for stage in shuffled.stages:
        random.shuffle(stage.steps)
    changes = compare(journey, shuffled)
    assert {change.change for change in changes} <= {"moved"}
    assert len({change.id for change in changes}) == len(changes)
