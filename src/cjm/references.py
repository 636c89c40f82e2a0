"""Checks across a whole map: unique ids and references that must resolve."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from cjm.load import Loc, Source
from cjm.model import JourneyMap, Persona
from cjm.model_errors import location_string
from cjm.problems import Problem, Severity
from cjm.workspace import WorkspaceContext, shown_path

MAX_LISTED = 8


@dataclass(frozen=True)
class Entity:
    """An entity of a map with its place in the file."""

    kind: str  # stage, step, pain point, opportunity, metric, evidence entry
    id: str
    derived: bool
    loc: Loc
    source_field: str  # the field the id is derived from: name or text


def entities(journey: JourneyMap) -> Iterator[Entity]:
    for si, stage in enumerate(journey.stages):
        stage_loc: Loc = ("stages", si)
        yield Entity("stage", stage.id, stage.id_derived, stage_loc, "name")
        for mi, metric in enumerate(stage.metrics):
            yield Entity("metric", metric.id, metric.id_derived, (*stage_loc, "metrics", mi),
                         "name")
        for ti, step in enumerate(stage.steps):
            step_loc: Loc = (*stage_loc, "steps", ti)
            yield Entity("step", step.id, step.id_derived, step_loc, "name")
            for pi, pain in enumerate(step.pain_points):
                yield Entity("pain point", pain.id, pain.id_derived,
                             (*step_loc, "pain_points", pi), "text")
            for oi, opportunity in enumerate(step.opportunities):
                yield Entity("opportunity", opportunity.id, opportunity.id_derived,
                             (*step_loc, "opportunities", oi), "text")
    for ei, evidence in enumerate(journey.evidence):
        yield Entity("evidence entry", evidence.id, False, ("evidence", ei), "id")


def check_references(
    model: JourneyMap | Persona, source: Source, context: WorkspaceContext
) -> list[Problem]:
    if not isinstance(model, JourneyMap):
        return _persona_id_taken(model, source, context)
    problems: list[Problem] = []

    def report(loc: Loc, rule: str, message: str) -> None:
        line, column = source.position(loc)
        problems.append(Problem(source.path, line, column, Severity.error, rule, message,
                                location_string(loc, source.data)))

    ids: dict[str, dict[str, Entity]] = {}
    for entity in entities(model):
        id_loc = (*entity.loc, "id") if not entity.derived else (*entity.loc, entity.source_field)
        if entity.derived and not entity.id:
            report(id_loc, "invalid-value",
                   f"cjm cannot make an id from this {entity.kind}'s {entity.source_field} "
                   "(it has no letters or digits it can use); give it an `id`")
            continue
        seen = ids.setdefault(entity.kind, {})
        first = seen.get(entity.id)
        if first is None:
            seen[entity.id] = entity
            continue
        first_line = source.position(
            (*first.loc, "id") if not first.derived else (*first.loc, first.source_field))[0]
        if entity.derived:
            report(id_loc, "duplicate-id",
                   f'this {entity.kind} gets the id "{entity.id}" from its {entity.source_field}, '
                   f"but another {entity.kind} already has it (line {first_line}); "
                   "give this one its own `id`")
        else:
            report(id_loc, "duplicate-id",
                   f'the {entity.kind} id "{entity.id}" is already used on line {first_line}; '
                   f"ids must be unique across the map")

    steps = ids.get("step", {})
    pains = ids.get("pain point", {})
    evidence = ids.get("evidence entry", {})
    channels = context.channels

    if isinstance(model.persona, str):
        personas = context.personas()
        if model.persona not in personas:
            known = _listed(personas)
            report(("persona",), "unknown-reference",
                   f'persona "{model.persona}" is not a persona of this workspace'
                   + (f" (known: {known})" if known else " (it has no persona files)")
                   + "; add a persona file or write the persona inline")

    for si, stage in enumerate(model.stages):
        for ti, step in enumerate(stage.steps):
            step_loc: Loc = ("stages", si, "steps", ti)
            if step.channel is not None and step.channel not in channels:
                report((*step_loc, "channel"), "unknown-reference",
                       f'step "{step.id}" uses the channel "{step.channel}", which is not in the '
                       f"channel catalog ({_listed(channels)}); add it under channels.add in "
                       "cjm.yaml")
            for ni, target in enumerate(step.next):
                if target not in steps:
                    report((*step_loc, "next", ni), "unknown-reference",
                           f'step "{step.id}" goes next to "{target}", which is not a step in '
                           "this map")
            for pi, pain in enumerate(step.pain_points):
                for ei, cited in enumerate(pain.evidence):
                    if cited not in evidence:
                        report((*step_loc, "pain_points", pi, "evidence", ei),
                               "unknown-reference",
                               f'pain point "{pain.id}" cites the evidence "{cited}", which is not '
                               "in the map's evidence list")
            for oi, opportunity in enumerate(step.opportunities):
                for ai, addressed in enumerate(opportunity.addresses):
                    if addressed not in pains:
                        report((*step_loc, "opportunities", oi, "addresses", ai),
                               "unknown-reference",
                               f'opportunity "{opportunity.id}" addresses "{addressed}", which is '
                               "not a pain point in this map")
    return problems


def _listed(names: Mapping[str, object]) -> str:
    shown = sorted(names)[:MAX_LISTED]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _persona_id_taken(persona: Persona, source: Source, context: WorkspaceContext) -> list[Problem]:
    """A persona file whose id another persona file of the workspace has already."""
    here = Path(source.path).resolve()
    first = context.persona_owner(here)
    if first is None or first == here:
        return []
    line, column = source.position(("id",))
    shown = shown_path(first)
    return [Problem(source.path, line, column, Severity.error, "duplicate-id",
                    f'the persona id "{persona.id}" is already the id of {shown}; maps could '
                    "not tell the two apart, so give this persona another id", "id")]
