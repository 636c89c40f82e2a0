"""Checks across a whole map: unique ids and references that must resolve."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cjm.entities import Placed, walk
from cjm.load import Loc, Source
from cjm.model import JourneyMap, Persona
from cjm.paths import shown_path
from cjm.problems import FileRule, Problem
from cjm.workspace import WorkspaceContext

MAX_LISTED = 8


def check_references(
    model: JourneyMap | Persona, source: Source, context: WorkspaceContext
) -> list[Problem]:
    if not isinstance(model, JourneyMap):
        return _persona_id_taken(model, source, context)
    problems: list[Problem] = []

    def report(loc: Loc, rule: str, message: str) -> None:
        problems.append(source.problem(loc, rule, message))

    ids: dict[str, dict[str, Placed]] = {}
    for entity in walk(model):
        word, named_by = entity.kind.singular, entity.kind.name_field
        if entity.derived and not entity.id:
            report(entity.id_loc, FileRule.invalid_value,
                   f"cjm cannot make an id from this {word}'s {named_by} "
                   "(it has no letters or digits it can use); give it an `id`")
            continue
        seen = ids.setdefault(entity.kind.kind, {})
        first = seen.get(entity.id)
        if first is None:
            seen[entity.id] = entity
            continue
        first_line = source.position(first.id_loc)[0]
        if entity.derived:
            report(entity.id_loc, FileRule.duplicate_id,
                   f'this {word} gets the id "{entity.id}" from its {named_by}, '
                   f"but another {word} already has it (line {first_line}); "
                   "give this one its own `id`")
        else:
            report(entity.id_loc, FileRule.duplicate_id,
                   f'the {word} id "{entity.id}" is already used on line {first_line}; '
                   f"ids must be unique across the map")

    steps = ids.get("step", {})
    pains = ids.get("pain_point", {})
    evidence = ids.get("evidence", {})
    channels = context.channels

    if isinstance(model.persona, str):
        personas = context.personas()
        if model.persona not in personas:
            known = _listed(personas)
            report(("persona",), FileRule.unknown_reference,
                   f'persona "{model.persona}" is not a persona of this workspace'
                   + (f" (known: {known})" if known else " (it has no persona files)")
                   + "; add a persona file or write the persona inline")

    for entity in walk(model):
        item, loc = entity.item, entity.loc
        if entity.kind.kind == "step":
            if item.channel is not None and item.channel not in channels:
                report((*loc, "channel"), FileRule.unknown_reference,
                       f'step "{item.id}" uses the channel "{item.channel}", which is not in the '
                       f"channel catalog ({_listed(channels)}); add it under channels.add in "
                       "cjm.yaml")
            for index, target in enumerate(item.next):
                if target not in steps:
                    report((*loc, "next", index), FileRule.unknown_reference,
                           f'step "{item.id}" goes next to "{target}", which is not a step in '
                           "this map")
        elif entity.kind.kind == "pain_point":
            for index, cited in enumerate(item.evidence):
                if cited not in evidence:
                    report((*loc, "evidence", index), FileRule.unknown_reference,
                           f'pain point "{item.id}" cites the evidence "{cited}", which is not '
                           "in the map's evidence list")
        elif entity.kind.kind == "opportunity":
            for index, addressed in enumerate(item.addresses):
                if addressed not in pains:
                    report((*loc, "addresses", index), FileRule.unknown_reference,
                           f'opportunity "{item.id}" addresses "{addressed}", which is '
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
    return [source.problem(("id",), FileRule.duplicate_id,
                           f'the persona id "{persona.id}" is already the id of '
                           f"{shown_path(first)}; maps could not tell the two apart, so give "
                           "this persona another id")]
