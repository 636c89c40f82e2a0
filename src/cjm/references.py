"""Checks across a whole map: unique ids and references that must resolve."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from cjm.entities import ENTITY_KINDS, REFERENCE_FIELDS, Entities, Reference, entities
from cjm.load import Loc, Source
from cjm.model import ID_PATTERN, JourneyMap, Persona, slugify
from cjm.paths import shown_path
from cjm.problems import FileRule, Problem
from cjm.settings import every_channel
from cjm.shape import id_clashes, repeated_ids
from cjm.workspace import WorkspaceContext

MAX_LISTED = 8
NAMED_NOT_ID = " References are written as the id of what they point to."


def check_references(
    model: JourneyMap | Persona, source: Source, context: WorkspaceContext,
    found: Entities | None = None,
) -> list[Problem]:
    """Ids that clash and references that do not resolve; FOUND: the map's entities when
    they are worked out already."""
    if not isinstance(model, JourneyMap):
        return _persona_id_taken(model, source, context)
    found = entities(model) if found is None else found
    clashes = id_clashes(model, found.placed)
    problems: list[Problem] = repeated_ids(model, source, clashes)

    def report(loc: Loc, rule: str, message: str) -> None:
        problems.append(source.problem(loc, rule, message))

    names: dict[str, dict[str, str]] = {}
    # By kind, each derived id with what to say when it is suggested.
    derived: dict[str, dict[str, str]] = {}
    for entity in found.placed:
        names.setdefault(entity.kind.kind, {}).setdefault(entity.id, entity.name)
        if entity.derived:
            word = entity.kind.singular
            derived.setdefault(entity.kind.kind, {}).setdefault(
                entity.id, f" (derived from the {word}'s {entity.kind.name_field}: write it on "
                f"the {word} as its id too)")
    channels = {cid: channel.label for cid, channel in context.channels.items()}
    left_out = every_channel(context.settings).keys() - channels.keys()

    if isinstance(model.persona, str):
        personas = {pid: persona.name for pid, persona in context.personas().items()}
        if model.persona not in personas:
            report(("persona",), FileRule.unknown_reference,
                   f'persona "{model.persona}" is not a persona of this workspace'
                   + (suggestion(model.persona, personas, "personas") if personas
                      else " (it has no persona files)")
                   + "; add a persona file or write the persona inline")

    for entity in found.of_kind("step"):
        item, loc = entity.item, entity.loc
        if item.channel is not None and item.channel in left_out:
            report((*loc, "channel"), FileRule.unknown_reference,
                   f'step "{item.id}" uses the channel "{item.channel}", which '
                   f"channels.only in cjm.yaml leaves out (the channels: "
                   f"{', '.join(sorted(channels))}); add it to channels.only, or use one "
                   "of these")
        elif item.channel is not None and item.channel not in channels:
            report((*loc, "channel"), FileRule.unknown_reference,
                   f'step "{item.id}" uses the channel "{item.channel}", which is not in the '
                   f"channel catalog{suggestion(item.channel, channels, 'channels')}; "
                   "add it under channels.add in cjm.yaml")
    clashing = {clash.entity.loc for clash in clashes}
    for reference in found.references:
        targets = names.get(reference.field.target, {})
        if not reference.targets:
            report(reference.loc, FileRule.unknown_reference,
                   _unknown(reference, suggestion(reference.written, targets,
                                                  ENTITY_KINDS[reference.field.target].plural,
                                                  derived.get(reference.field.target))))
        elif len(reference.targets) > 1 and not any(
                target.loc in clashing for target in reference.targets):
            report(reference.loc, FileRule.unknown_reference, _ambiguous(reference, source))
    written_persona = source.data.get("persona") if isinstance(source.data, dict) else None
    problems.extend(named_instead_of_id(source, {
        **{field.field: names.get(field.target, {}) for field in REFERENCE_FIELDS},
        "channel": channels,
        # The persona files are read only for a persona written as a name.
        "persona": ({pid: persona.name for pid, persona in context.personas().items()}
                    if isinstance(written_persona, str) and not _is_id(written_persona)
                    else {})},
        {field.field: derived.get(field.target, {}) for field in REFERENCE_FIELDS}))
    return problems


# What a reference that resolves to nothing says, by its field: "{source}" is the id of
# the entity that refers, "{written}" the id written.
_UNKNOWN = {
    "next": 'step "{source}" goes next to "{written}", which is not a step in this map',
    "evidence": 'pain point "{source}" cites the evidence "{written}", which is not in the '
                "map's evidence list",
    "addresses": 'opportunity "{source}" addresses "{written}", which is not a pain point in '
                 "this map",
}


def _unknown(reference: Reference, hint: str) -> str:
    return _UNKNOWN[reference.field.field].format(
        source=reference.source.id, written=reference.written) + hint


def _ambiguous(reference: Reference, source: Source) -> str:
    """Many entities nearest to the reference have the id written: which one is meant?"""
    target = ENTITY_KINDS[reference.field.target]
    places = []
    for candidate in sorted(reference.targets,
                            key=lambda target: source.position(target.id_loc)):
        line = source.position(candidate.id_loc)[0]
        holder = candidate.parent
        places.append(f'line {line} (in {holder.kind.singular} "{holder.name}")'
                      if holder is not None else f"line {line} (of the whole map)")
    referrer = reference.source.kind.singular
    return (f'{referrer} "{reference.source.id}" refers to "{reference.written}" in its '
            f'{reference.field.field}, and {len(reference.targets)} {target.plural} get that '
            f"id from their {target.name_field}: {', '.join(places)}; give the one meant its "
            "own `id` and write that id here")


def suggestion(written: str, targets: Mapping[str, str], plural: str,
               derived: Mapping[str, str] | None = None) -> str:
    """What to write instead: `; did you mean "phone"?` when one target is close (by id,
    whatever the case, or by its name), then the ids there are — all of them when they
    are few, else the closest, so the one the writer needed is never cut off. DERIVED
    says, of an id cjm derives, that the writer should write it on its entity too."""
    if not targets:
        return " (there are none)"
    best = closest(written, targets)
    ids = sorted(targets)
    if len(ids) > MAX_LISTED:
        import difflib  # here: only a broken reference needs it (start-up time)

        near = difflib.get_close_matches(written.lower(), [i.lower() for i in ids],
                                         n=MAX_LISTED, cutoff=0.0)
        by_lower = {i.lower(): i for i in ids}
        ids = [by_lower[n] for n in near]
        if best is not None and best not in ids:
            ids = [best, *ids[:-1]]
        shown = f"the closest {plural}: {', '.join(ids)}"
    else:
        shown = f"the {plural}: {', '.join(ids)}"
    lead = (f'; did you mean "{best}"{(derived or {}).get(best, "")}?'
            if best is not None else "")
    return f"{lead} ({shown})"


def closest(written: str, targets: Mapping[str, str]) -> str | None:
    """The target id the writer most likely meant, or None."""
    folded = " ".join(written.split()).casefold()
    for target_id, name in targets.items():
        if target_id.casefold() == folded or " ".join(name.split()).casefold() == folded:
            return target_id
    slug = slugify(written)
    if slug in targets:
        return slug
    import difflib

    close = difflib.get_close_matches(folded, [t.casefold() for t in targets], n=1, cutoff=0.7)
    if close:
        return next(t for t in targets if t.casefold() == close[0])
    return None


# Reference fields whose value may be a name written where an id belongs (with spaces,
# which no id has): the shape check says it is not an id; this says which id it meant.
def named_instead_of_id(source: Source, targets: dict[str, dict[str, str]],
                        derived: Mapping[str, Mapping[str, str]] | None = None
                        ) -> list[Problem]:
    """A reference written as a name (`next: Waits in the room`): said with the id meant;
    it takes the place of the shape check's "not a valid id" at the same place."""
    found: list[Problem] = []
    for loc, value in _reference_values(source.data, ()):
        field = next(str(part) for part in reversed(loc) if isinstance(part, str))
        if not isinstance(value, str) or field not in targets or _is_id(value):
            continue
        best = closest(value, targets[field])
        if best is not None:
            found.append(source.problem(loc, FileRule.unknown_reference,
                f'"{value}" is a name, not an id; did you mean '
                f'"{best}"{(derived or {}).get(field, {}).get(best, "")}?{NAMED_NOT_ID}'))
        elif field != "channel":  # the shape check already points a channel to the catalog
            found.append(source.problem(loc, FileRule.unknown_reference,
                f'"{value}" is a name, not an id, and no {_NAMED_TARGET[field][0]} is called '
                f"that{_valid_ids(field, value, targets[field])}.{NAMED_NOT_ID}"))
    return found


# What a name-valued reference field points to: (one, many), for "no step is called that".
_NAMED_TARGET = {
    "next": ("step", "steps"),
    "addresses": ("pain point", "pain points"),
    "evidence": ("evidence item", "evidence"),
    "persona": ("persona", "personas"),
}


def _valid_ids(field: str, written: str, targets: Mapping[str, str]) -> str:
    if field == "persona" and not targets:
        return " (there are no persona files: add one, or write the persona inline)"
    return suggestion(written, targets, _NAMED_TARGET[field][1])


def _reference_values(node: object, loc: Loc) -> Iterator[tuple[Loc, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("next", "addresses", "evidence", "channel", "persona") and not isinstance(
                    value, dict):
                values = value if isinstance(value, list) else [value]
                at = [(*loc, key, i) for i in range(len(values))] if isinstance(
                    value, list) else [(*loc, key)]
                yield from zip(at, values, strict=True)
            elif isinstance(value, dict | list):
                yield from _reference_values(value, (*loc, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _reference_values(item, (*loc, index))


def _is_id(value: str) -> bool:
    return re.match(ID_PATTERN, value) is not None


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
