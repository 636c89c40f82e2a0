"""Two states of one journey in one picture: steps matched as `cjm diff` matches them."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.diff.changes import Change
from cjm.diff.engine import compare
from cjm.model import JourneyMap, Stage, Step
from cjm.render.info import DrawOptions, StepMark

# The badge of a step the later map no longer has (the grey of the changes picture's
# removed steps, with dark text: 9:1).
DROPPED = StepMark("− DROPPED", "#BBBBBB")


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


@dataclass(frozen=True)
class Compared:
    """The later map with the earlier map's dropped steps put back where they were."""

    journey: JourneyMap
    scores: dict[str, int]     # the earlier map's scores by step id (ghosts' included)
    ghosts: frozenset[str]     # ids of the dropped steps, drawn muted
    dropped: list[str]         # their names, in the earlier map's order
    label: str                 # what the earlier map's curve is, for the legend

    def options(self, width: float | None = None, height: float | None = None) -> DrawOptions:
        """What the grid needs to draw the earlier state behind the later one."""
        return DrawOptions(width=width, height=height, compare_scores=self.scores,
                           compare_label=self.label, ghosts=self.ghosts,
                           marks={step_id: DROPPED for step_id in self.ghosts})


def compare_states(earlier: JourneyMap, later: JourneyMap) -> Compared:
    """The later map with the earlier one's dropped steps as ghosts, and the earlier
    map's scores on every step, matched as the diff matches them."""
    changes = compare(earlier, later)
    journey = later.model_copy(deep=True)
    stage_renames = {c.old_id: c.id for c in changes
                     if c.entity == "stage" and c.change == "renamed" and c.old_id}
    ghosts = put_back_removed_steps(earlier, journey, changes, stage_renames, "dropped")
    names = {step.id: step.name for _, step in earlier.all_steps()}
    return Compared(journey, match_steps(earlier, journey).scores, frozenset(ghosts),
                    [names[step_id] for step_id in ghosts],
                    f"{earlier.state} state: {earlier.title}")


def put_back_removed_steps(old: JourneyMap, journey: JourneyMap, changes: list[Change],
                           stage_renames: dict[str, str], word: str = "removed") -> list[str]:
    """Removed steps inserted as ghosts at their old place (in a ghost stage, its name
    followed by `(word)`, when their stage went too); returns their ids."""
    removed = {c.id for c in changes if c.entity == "step" and c.change == "removed"}
    if not removed:
        return []
    stages = {stage.id: stage for stage in journey.stages}
    ghosts: list[str] = []
    for stage_index, stage in enumerate(old.stages):
        gone = [(index, step) for index, step in enumerate(stage.steps) if step.id in removed]
        if not gone:
            continue
        target = stages.get(stage_renames.get(stage.id, stage.id))
        if target is None:
            target = Stage(id=stage.id, name=f"{stage.name} ({word})")
            journey.stages.insert(min(stage_index, len(journey.stages)), target)
            stages[target.id] = target
        for index, step in gone:
            target.steps.insert(min(index, len(target.steps)), Step(id=step.id, name=step.name))
            ghosts.append(step.id)
    return ghosts
