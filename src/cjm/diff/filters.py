"""Narrowing a diff to what a review asks about: some kinds of entity, or one stage."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cjm.diff.changes import DiffOutcome
from cjm.entities import Placed, walk
from cjm.model import JourneyMap

# What `--only` takes: the plural a reader writes → the entity of a change.
KINDS = {"map": "map", "persona": "persona", "stages": "stage", "steps": "step",
         "metrics": "metric", "pain-points": "pain_point", "opportunities": "opportunity",
         "evidence": "evidence"}


def parse_kinds(text: str) -> set[str]:
    """`steps,pain-points` → {"step", "pain_point"}; ValueError naming the choices."""
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(KINDS))
    if unknown or not chosen:
        raise ValueError(f"{', '.join(unknown) or repr(text)} is not a kind of change "
                         f"to show; choose from {', '.join(KINDS)}")
    return {KINDS[name] for name in chosen}


def narrowed(outcome: DiffOutcome, kinds: set[str] | None = None,
             stage: str | None = None) -> DiffOutcome:
    """The outcome with only the changes to entities of KINDS, and only those in STAGE
    (the stage itself and what is in it, on either side). A map left without changes
    shows as unchanged; the emotion table keeps the stage's row (none without steps)."""
    if kinds is None and stage is None:
        return outcome
    maps = []
    for diff in outcome.report.maps:
        old, new = outcome.sides.get(diff.path, (None, None))
        stages = _merged(_stages_of(old), _stages_of(new)) if stage is not None else {}
        changes = [change for change in diff.changes
                   if (kinds is None or change.entity in kinds)
                   and (stage is None or stage in stages.get((change.entity, change.id), set())
                        or stage in stages.get((change.entity, change.old_id or ""), set()))]
        rows = diff.emotion_by_stage
        if kinds is not None and "step" not in kinds:
            rows = []
        if stage is not None:
            rows = [row for row in rows if row.stage == stage]
        status = diff.status
        if status == "modified" and not changes:
            status = "unchanged"
        maps.append(replace(diff, changes=changes, emotion_by_stage=rows, status=status))
    report = replace(outcome.report, maps=maps)
    return replace(outcome, report=report)


def stage_ids(outcome: DiffOutcome) -> list[str]:
    """The ids of the stages of every compared journey map, on either side, in order."""
    found: dict[str, None] = {}
    for sides in outcome.sides.values():
        for model in sides:
            if isinstance(model, JourneyMap):
                found.update(dict.fromkeys(stage.id for stage in model.stages))
    return list(found)


def _stages_of(model: Any) -> dict[tuple[str, str], set[str]]:
    """(entity, id) → the ids of the stages it is in (a stage is in itself)."""
    found: dict[tuple[str, str], set[str]] = {}
    if not isinstance(model, JourneyMap):
        return found
    for placed in walk(model):
        holder: Placed | None = placed
        while holder is not None and holder.kind.kind != "stage":
            holder = holder.parent
        if holder is not None:  # in a stage (the map's own entities are in none)
            found.setdefault((placed.kind.kind, placed.id), set()).add(holder.id)
    return found


def _merged(first: dict[tuple[str, str], set[str]],
           second: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], set[str]]:
    return {key: first.get(key, set()) | second.get(key, set()) for key in {*first, *second}}
