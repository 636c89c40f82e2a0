"""Two states of one journey in one picture: steps matched as `cjm diff` matches them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjm.diff.changes import Change
from cjm.diff.engine import compare_matched
from cjm.entities import entities, walk_kind
from cjm.model import JourneyMap, Stage, Step
from cjm.render.info import DrawOptions, StepMark

# The badge of a step the later map no longer has (the grey of the changes picture's
# removed steps, with dark text: 9:1).
DROPPED = StepMark("− DROPPED", "#BBBBBB")


@dataclass(frozen=True)
class Matched:
    scores: dict[str, int]  # the earlier map's emotion scores by the later map's step keys
    unmatched: list[str]    # names of the earlier map's steps the later one has not


# A removed step of the earlier map and its ghost, put back into the later one.
Ghost = tuple[Step, Step]


def match_steps(earlier: JourneyMap, later: JourneyMap,
                ghosts: Sequence[Ghost] = ()) -> Matched:
    """The earlier map's scores on the later map's steps, by the later map's step keys
    (`cjm.entities`: a step's id unless its name repeats).

    Steps are matched as the diff matches them (by key, renamed or reworded), and the
    GHOSTS put back into LATER by their earlier step; steps without a score are left
    out of `scores`.
    """
    old_of = {new: old for old, new in compare_matched(earlier, later)[1].get("step", {}).items()}
    earlier_steps = {placed.key: placed.item for placed in walk_kind(earlier, "step")}
    later_key = {id(placed.item): placed.key for placed in walk_kind(later, "step")}
    scores: dict[str, int] = {}
    matched: set[str] = set()
    for later_step_key in later_key.values():
        old_key = old_of.get(later_step_key)
        old = earlier_steps.get(old_key) if old_key is not None else None
        if old is None or old_key is None:
            continue
        matched.add(old_key)
        if old.emotion is not None:
            scores[later_step_key] = old.emotion
    earlier_key = {id(step): key for key, step in earlier_steps.items()}
    for old, ghost in ghosts:
        matched.add(earlier_key[id(old)])
        if old.emotion is not None:
            scores[later_key[id(ghost)]] = old.emotion
    unmatched = [step.name for key, step in earlier_steps.items() if key not in matched]
    return Matched(scores, unmatched)


@dataclass(frozen=True)
class Compared:
    """The later map with the earlier map's dropped steps put back where they were."""

    journey: JourneyMap
    scores: dict[str, int]     # the earlier map's scores by step key (ghosts' included)
    ghosts: frozenset[str]     # keys of the dropped steps, drawn muted
    dropped: list[str]         # their names, in the earlier map's order
    label: str                 # what the earlier map's curve is, for the legend
    size: tuple[int, int] = (0, 0)  # the later map's own stages and steps, ghosts left out

    def options(self, width: float | None = None, height: float | None = None) -> DrawOptions:
        """What the grid needs to draw the earlier state behind the later one."""
        return DrawOptions(width=width, height=height, compare_scores=self.scores,
                           compare_label=self.label, ghosts=self.ghosts,
                           marks={step_key: DROPPED for step_key in self.ghosts},
                           size=self.size)


def compare_states(earlier: JourneyMap, later: JourneyMap) -> Compared:
    """The later map with the earlier one's dropped steps as ghosts, and the earlier
    map's scores on every step, matched as the diff matches them."""
    changes, matches = compare_matched(earlier, later)
    journey = later.model_copy(deep=True)
    stage_renames = matches.get("stage", {})
    ghosts = put_back_removed_steps(earlier, journey, changes, stage_renames, "dropped")
    key_of = entities(journey).key_of
    return Compared(journey, match_steps(earlier, journey, ghosts).scores,
                    frozenset(key_of(ghost) for _, ghost in ghosts),
                    [old.name for old, _ in ghosts],
                    f"{earlier.state} state: {earlier.title}",
                    (len(later.stages), len(later.all_steps())))


def put_back_removed_steps(old: JourneyMap, journey: JourneyMap, changes: list[Change],
                           stage_renames: dict[str, str], word: str = "removed"
                           ) -> list[Ghost]:
    """Removed steps inserted as ghosts at their old place (in a ghost stage, its name
    followed by `(word)`, when their stage went too); returns each with its ghost, in
    the old map's order. A ghost's id is written as the step's was, or derived again."""
    removed = {c.id for c in changes if c.entity == "step" and c.change == "removed"}
    if not removed:
        return []
    old_key = entities(old).key_of
    stages = {stage.id: stage for stage in journey.stages}
    ghosts: list[Ghost] = []
    for stage_index, stage in enumerate(old.stages):
        gone = [(index, step) for index, step in enumerate(stage.steps)
                if old_key(step) in removed]
        if not gone:
            continue
        target = stages.get(stage_renames.get(stage.id, stage.id))
        if target is None:
            target = Stage(id=stage.id, name=f"{stage.name} ({word})")
            journey.stages.insert(min(stage_index, len(journey.stages)), target)
            stages[target.id] = target
        for index, step in gone:
            ghost = (Step(name=step.name) if step.id_derived
                     else Step(id=step.id, name=step.name))
            target.steps.insert(min(index, len(target.steps)), ghost)
            ghosts.append((step, ghost))
    return ghosts
