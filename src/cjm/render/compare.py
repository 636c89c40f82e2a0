"""Two states of one journey in one picture: steps matched as `cjm diff` matches them."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.diff.engine import compare
from cjm.model import JourneyMap


@dataclass(frozen=True)
class Matched:
    scores: dict[str, int]  # the earlier map's emotion scores by the later map's step ids
    unmatched: list[str]    # names of the earlier map's steps the later one has not


def match_steps(earlier: JourneyMap, later: JourneyMap) -> Matched:
    """The earlier map's scores on the later map's steps.

    Steps are matched by id, and a step the diff finds renamed by its old id; steps
    without a score are left out of `scores`.
    """
    old_of = {change.id: change.old_id for change in compare(earlier, later)
              if change.entity == "step" and change.change == "renamed" and change.old_id}
    earlier_steps = {step.id: step for _, step in earlier.all_steps()}
    scores: dict[str, int] = {}
    matched: set[str] = set()
    for _, step in later.all_steps():
        old = earlier_steps.get(old_of.get(step.id, step.id))
        if old is None:
            continue
        matched.add(old.id)
        if old.emotion is not None:
            scores[step.id] = old.emotion
    unmatched = [step.name for step_id, step in earlier_steps.items() if step_id not in matched]
    return Matched(scores, unmatched)
