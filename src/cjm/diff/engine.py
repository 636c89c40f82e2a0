"""Two maps → what changed, by meaning (pure: no files, no printing).

Entities are matched by key within their kind across the whole map (the id, qualified by
the parent's key when a derived id repeats: `cjm.entities`), so reordering is a move, not
a removal and an addition. Of the entities left unmatched on both sides, pairs whose
content is nearly the same are renames.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from cjm.diff.changes import Change, MapDiff, Place, ReviewChange, StageEmotion
from cjm.entities import CHILD_KINDS, LISTED_KINDS, Placed, walk, walk_kind
from cjm.model import InlinePersona, JourneyMap, Persona, PersonaFields
from cjm.reviewed import still_holds
from cjm.shape import Model

# The kinds a map lists, parents before children (so their renames are known first).
_KINDS = {kind.kind: kind for kind in LISTED_KINDS}
# The fields that hold other entities: compared as entities of their own.
_CHILD_FIELDS = {parent: tuple(kind.list_field for kind in kinds)
                 for parent, kinds in CHILD_KINDS.items()}
# Map fields compared as values: every field of the format but the ones that say what
# the file is, its id, and the entities (the persona is compared by id, last).
_MAP_FIELDS = tuple(name for name in JourneyMap.model_fields
                    if name not in ("cjm", "kind", "id", "persona", "review",
                                    *_CHILD_FIELDS["map"]))
_PERSONA_FIELDS = tuple(name for name in PersonaFields.model_fields)

# A pair is a rename when its names are this alike and its fields at least half alike,
# or when its name changed but at least three other fields stayed (nearly) the same.
RENAME_NAME_LIKENESS = 0.6
RENAME_OTHERS_LIKENESS = 0.9
RENAME_OTHERS_COUNT = 3
# Entities whose ids were derived (from the name) and that stayed under the same parent
# are one entity reworded when their names are this alike and their other fields at
# least half alike; such a pair ranks below every rename.
REWORDED_NAME_LIKENESS = 0.3
REWORDED_LIKENESS = 0.01
# Fields that mark an entity (a claim not yet researched, a metric's direction) rather
# than say what it is: at these defaults on both sides they do not make two entities alike.
_MARKS: dict[str, Any] = {"assumed": False, "emotion_assumed": False, "better": "higher"}
# Comparing every removed entity with every added one is quadratic; beyond this many
# pairs only entities under the same parent are compared.
MAX_RENAME_PAIRS = 20_000


@dataclass(frozen=True)
class _Entity:
    kind: str
    id: str
    name: str
    parent: str | None
    parent_name: str
    index: int
    fields: dict[str, Any]
    children: tuple[str, ...]
    derived: bool = False  # the writer left the id out: cjm derived it from the name
    own_id: str = ""  # the id itself, without the parent's key a repeated derived id gets
    # The kind of the parent: a pain point sits at a step, in a stage or on the map
    # (None: the map itself holds it).
    parent_kind: str | None = None

    def parent_after(self, renames: dict[str, dict[str, str]]) -> tuple[str | None, str | None]:
        """The parent (kind, id) as the newer side calls it: renames applied."""
        if self.parent_kind is None:
            return None, None
        parent = self.parent or ""
        return self.parent_kind, renames.get(self.parent_kind, {}).get(parent, parent)


def diff_maps(old: Model | None, new: Model | None, *, path: str,
              old_path: str | None = None) -> MapDiff:
    """What changed from OLD to NEW (either may be None: the file was added or removed)."""
    shown = new if new is not None else old
    assert shown is not None, "at least one side of a diff exists"
    result = MapDiff(path=path, id=shown.id, title=_title(shown), status="unchanged",
                     kind=_kind(shown), old_path=old_path if old_path != path else None)
    if isinstance(shown, JourneyMap):
        result.stages = len(shown.stages)
        result.steps = len(shown.all_steps())
    if old is None or new is None:
        result.status = "added" if old is None else "removed"
        if isinstance(new, JourneyMap) and new.review is not None:
            result.review = _review_change(new.model_copy(update={"review": None}), new)
        return result
    if old.id != new.id:
        result.old_id = old.id
    result.changes, renames = _compare(old, new)
    if isinstance(old, JourneyMap) and isinstance(new, JourneyMap):
        result.emotion_by_stage = _stage_emotions(old, new, renames.get("stage", {}),
                                                  renames.get("step", {}))
        result.review = _review_change(old, new)
    if result.old_path is not None:
        result.status = "renamed"
    elif result.changes or (result.review is not None
                            and result.review.change != "unchanged"):
        result.status = "modified"
    return result


def _review_change(old: JourneyMap, new: JourneyMap) -> ReviewChange | None:
    """The newer side's sign-off, how it changed and whether it still holds for the
    newer content (a record the same on both sides too: the content may have changed
    since); the older one when it was removed; None when neither side has one."""
    if new.review is not None:
        change = ("unchanged" if old.review == new.review
                  else "added" if old.review is None else "changed")
        return ReviewChange(change, new.review.by, new.review.date.isoformat(),
                            new.review.note, still_holds(new))
    if old.review is not None:
        return ReviewChange("removed", old.review.by, old.review.date.isoformat(),
                            old.review.note, None)
    return None


def compare(old: Model, new: Model) -> list[Change]:
    """Every change from OLD to NEW, map metadata first, then entities by kind."""
    return _compare(old, new)[0]


def compare_matched(old: Model, new: Model) -> tuple[list[Change], dict[str, dict[str, str]]]:
    """Every change from OLD to NEW, and per kind of entity how OLD's keys map to NEW's
    (entities unchanged, renamed and reworded alike): what pictures of the changes
    draw on."""
    return _compare(old, new)


def _compare(old: Model, new: Model) -> tuple[list[Change], dict[str, dict[str, str]]]:
    """The changes, and per kind of entity how old ids map to new ones."""
    if isinstance(old, Persona) or isinstance(new, Persona):
        if not (isinstance(old, Persona) and isinstance(new, Persona)):
            return [Change("map", new.id, "modified", _title(new), field="kind",
                           old=_kind(old), new=_kind(new))], {}
        changes = _renamed_top("persona", old.id, new.id, new.name)
        return changes + _persona_changes(old, new, new.id), {}
    changes = _renamed_top("map", old.id, new.id, new.title)
    changes += _field_changes("map", new.id, new.title, "",
                              _map_fields(old), _map_fields(new))
    if isinstance(old.persona, InlinePersona) and isinstance(new.persona, InlinePersona):
        changes += _persona_changes(old.persona, new.persona, new.persona.id)
    old_entities, new_entities = _entities(old), _entities(new)
    renames: dict[str, dict[str, str]] = {}
    for kind in _KINDS:
        kind_changes, renames[kind] = _compare_kind(
            kind, old_entities[kind], new_entities[kind], renames)
        changes += kind_changes
    return changes, renames


def _stage_emotions(old: JourneyMap, new: JourneyMap, stage_renames: dict[str, str],
                    step_renames: dict[str, str]) -> list[StageEmotion]:
    """Each stage's average emotion before → after: new stages in order, then removed ones,
    each with what changed it (steps moved in or out, added, removed, scores changed).

    The renames map old ids to new ones (unchanged ids included)."""
    old_key, new_key = _step_keys(old), _step_keys(new)
    old_stages = {stage.id: stage for stage in old.stages}
    new_to_old = {new_id: old_id for old_id, new_id in stage_renames.items()}
    old_steps = {step_renames.get(old_key[id(step)], old_key[id(step)]):
                 (stage_renames.get(stage.id), step) for stage, step in old.all_steps()}
    new_steps = {new_key[id(step)]: stage.id for stage, step in new.all_steps()}
    rows = []
    for stage in new.stages:
        before = old_stages.get(new_to_old.get(stage.id, ""))
        because: list[str] = []
        members = {new_key[id(step)] for step in stage.steps}
        old_members = ({step_renames.get(old_key[id(step)], old_key[id(step)])
                        for step in before.steps} if before else set())
        if any(step_id in old_steps for step_id in members - old_members) \
                or any(step_id in new_steps for step_id in old_members - members):
            because.append("steps moved")
        if any(step_id not in old_steps for step_id in members):
            because.append("steps added")
        if any(step_id not in new_steps for step_id in old_members):
            because.append("steps removed")
        if any(old_steps[new_key[id(step)]][1].emotion != step.emotion for step in stage.steps
               if new_key[id(step)] in old_members):
            because.append("scores changed")
        rows.append(StageEmotion(stage.id, stage.name,
                                 _mean_emotion(before) if before else None,
                                 _mean_emotion(stage), tuple(because)))
    rows += [StageEmotion(stage.id, stage.name, _mean_emotion(stage), None)
             for stage in old.stages if stage.id not in stage_renames]
    return rows


def _step_keys(journey: JourneyMap) -> dict[int, str]:
    """Each step's key (`cjm.entities`), by the step object's identity."""
    return {id(placed.item): placed.key for placed in walk_kind(journey, "step")}


def _mean_emotion(stage: Any) -> float | None:
    scores = [step.emotion for step in stage.steps if step.emotion is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


def _title(model: Model) -> str:
    return model.name if isinstance(model, Persona) else model.title


def _kind(model: Model) -> str:
    return "persona" if isinstance(model, Persona) else "journey"


def _renamed_top(entity: str, old_id: str, new_id: str, name: str) -> list[Change]:
    if old_id == new_id:
        return []
    return [Change(entity, new_id, "renamed", name, old_id=old_id)]


def _map_fields(journey: JourneyMap) -> dict[str, Any]:
    fields = journey.model_dump(mode="json", include=set(_MAP_FIELDS))
    fields["persona"] = journey.persona_id()
    return {name: fields[name] for name in (*_MAP_FIELDS, "persona")}


def _persona_changes(old: PersonaFields, new: PersonaFields, persona_id: str) -> list[Change]:
    include = set(_PERSONA_FIELDS)
    return _field_changes("persona", persona_id, new.name, "",
                          old.model_dump(mode="json", include=include),
                          new.model_dump(mode="json", include=include))


def _entities(journey: JourneyMap) -> dict[str, dict[str, _Entity]]:
    """The map's entities by kind, then id, in document order."""
    found: dict[str, dict[str, _Entity]] = {kind: {} for kind in _KINDS}
    every = list(walk(journey))
    keys = {id(placed.item): placed.key for placed in every}
    for placed in every:
        found[placed.kind.kind].setdefault(placed.key, _entity(placed, keys))
    return found


def _entity(placed: Placed, keys: dict[int, str]) -> _Entity:
    child_fields = _CHILD_FIELDS[placed.kind.kind]
    children = tuple(keys[id(child)] for name in child_fields
                     for child in getattr(placed.item, name))
    parent = placed.parent
    return _Entity(placed.kind.kind, placed.key, placed.name,
                   parent.key if parent is not None else None,
                   parent.name if parent is not None else "",
                   placed.index,
                   placed.item.model_dump(mode="json", exclude={"id", *child_fields}),
                   children, placed.derived, placed.id,
                   parent.kind.kind if parent is not None else None)


def _compare_kind(
    kind: str,
    old: dict[str, _Entity],
    new: dict[str, _Entity],
    renames: dict[str, dict[str, str]],
) -> tuple[list[Change], dict[str, str]]:
    """The changes to one kind of entity, and how old ids map to new ones (renames
    included); RENAMES holds those of the kinds before it (its parents')."""
    added = [entity for entity in new.values() if entity.id not in old]
    removed = [entity for entity in old.values() if entity.id not in new]
    renamed = _pair_renames(kind, removed, added, renames)
    matched = {entity_id: entity_id for entity_id in old if entity_id in new}
    matched.update(renamed)
    old_of = {new_id: old[old_id] for old_id, new_id in matched.items()}
    moved = _moved(kind, old_of, new, renames)

    changes: list[Change] = []
    for entity in new.values():
        before = old_of.get(entity.id)
        if before is None:
            changes.append(Change(kind, entity.id, "added", entity.name, entity.parent_name,
                                  parent_kind=entity.parent_kind))
            continue
        # An id cjm derived changes with the wording: that is no rename, only the
        # change of the text (the reader never wrote the id).
        if before.id != entity.id and not (before.derived and entity.derived):
            changes.append(Change(kind, entity.id, "renamed", entity.name, entity.parent_name,
                                  old_id=before.id, parent_kind=entity.parent_kind))
        if entity.id in moved:
            changes.append(Change(
                kind, entity.id, "moved", entity.name, entity.parent_name,
                moved_from=Place(_place_kind(before), before.parent, before.index,
                                 before.parent_name),
                moved_to=Place(_place_kind(entity), entity.parent, entity.index,
                               entity.parent_name),
                parent_kind=entity.parent_kind))
        changes += _field_changes(kind, entity.id, entity.name, entity.parent_name,
                                  before.fields, entity.fields, entity.parent_kind)
    changes += [Change(kind, entity.id, "removed", entity.name, entity.parent_name,
                       parent_kind=entity.parent_kind)
                for entity in removed if entity.id not in renamed]
    return changes, matched


def _place_kind(entity: _Entity) -> str | None:
    """The parent kind a Place names: None for the stages and evidence of the map (they
    have no other place), "map" for a pain point or opportunity of the whole map."""
    if entity.parent_kind is not None:
        return entity.parent_kind
    return "map" if len(_KINDS[entity.kind].parents) > 1 else None


def _field_changes(kind: str, entity_id: str, name: str, parent_name: str,
                   old: dict[str, Any], new: dict[str, Any],
                   parent_kind: str | None = None) -> list[Change]:
    changes = []
    for field_name in dict.fromkeys([*new, *old]):
        before, after = old.get(field_name), new.get(field_name)
        if before == after:
            continue
        delta = (after - before if field_name == "emotion"
                 and isinstance(before, int) and isinstance(after, int) else None)
        target = new.get("target") if kind == "metric" and field_name == "value" else None
        changes.append(Change(kind, entity_id, "modified", name, parent_name,
                              field=field_name, old=before, new=after,
                              delta=delta, target=target,
                              lower_is_better=new.get("better") == "lower",
                              parent_kind=parent_kind))
    return changes


def _moved(kind: str, old_of: dict[str, _Entity], new: dict[str, _Entity],
           renames: dict[str, dict[str, str]]) -> set[str]:
    """Ids (new) of matched entities that changed parent or order among their siblings."""
    if kind == "evidence":  # the evidence list's order carries no meaning
        return set()
    moved: set[str] = set()
    siblings: dict[tuple[str | None, str | None], list[tuple[int, int, str]]] = {}
    for new_id, before in old_of.items():
        after = new[new_id]
        parent = after.parent_after(renames)
        if before.parent_after(renames) != parent:
            moved.add(new_id)
        else:
            siblings.setdefault(parent, []).append((after.index, before.index, new_id))
    for group in siblings.values():
        group.sort()
        out_of_order = _out_of_order([old_index for _, old_index, _ in group])
        moved.update(group[position][2] for position in out_of_order)
    return moved


def _out_of_order(values: list[int]) -> set[int]:
    """Positions not in every longest increasing run of VALUES (distinct numbers).

    Those are the entities that moved. "In every" rather than "in one chosen" keeps the
    diff symmetric: swapping two neighbours moves both, whichever side is old.
    """
    ending = _longest_increasing_ending(values)
    starting = _longest_increasing_ending([-v for v in reversed(values)])[::-1]
    best = max(ending, default=0)
    on_a_longest = [ending[i] + starting[i] - 1 == best for i in range(len(values))]
    per_length = Counter(ending[i] for i in range(len(values)) if on_a_longest[i])
    return {i for i in range(len(values))
            if not (on_a_longest[i] and per_length[ending[i]] == 1)}


def _longest_increasing_ending(values: list[int]) -> list[int]:
    """For each position, the length of the longest increasing run ending there."""
    tails: list[int] = []
    lengths = []
    for value in values:
        at = bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
        lengths.append(at + 1)
    return lengths


def _pair_renames(kind: str, removed: list[_Entity], added: list[_Entity],
                  renames: dict[str, dict[str, str]]) -> dict[str, str]:
    """Removed ids paired with added ids whose content is nearly the same: old → new.

    Entities with the same derived id under the same parent are one entity whose key
    changed only because the name now repeats elsewhere (or no longer does). Then
    entities with the same content are paired, by a content key (linear: a thousand
    renamed ids with nothing else changed cost a thousand lookups); only the rest are
    compared pair by pair."""
    if not removed or not added:
        return {}
    pairs = _same_derived_id(removed, added, renames)
    taken = set(pairs.values())
    removed = [before for before in removed if before.id not in pairs]
    added = [after for after in added if after.id not in taken]
    same_content: dict[str, list[_Entity]] = {}
    for after in added:
        same_content.setdefault(_content_key(after), []).append(after)
    for before in removed:
        bucket = same_content.get(_content_key(before))
        if bucket:
            pairs[before.id] = bucket.pop(0).id
    taken = set(pairs.values())
    removed = [before for before in removed if before.id not in pairs]
    added = [after for after in added if after.id not in taken]
    if not removed or not added:
        return pairs
    if len(removed) * len(added) <= MAX_RENAME_PAIRS:
        candidates = [(before, after) for before in removed for after in added]
    else:
        by_parent: dict[tuple[str | None, str | None], list[_Entity]] = {}
        for after in added:
            by_parent.setdefault(after.parent_after(renames), []).append(after)
        candidates = [
            (before, after) for before in removed
            for after in by_parent.get(before.parent_after(renames), [])
        ][:MAX_RENAME_PAIRS]
    scored = []
    for before, after in candidates:
        likeness = _likeness(kind, before, after)
        if likeness is None and _reworded(kind, before, after, renames):
            likeness = REWORDED_LIKENESS
        if likeness is not None:
            scored.append((-likeness, min(before.id, after.id), max(before.id, after.id),
                           before.id, after.id))
    scored.sort()
    for *_, old_id, new_id in scored:
        if old_id not in pairs and new_id not in taken:
            pairs[old_id] = new_id
            taken.add(new_id)
    return pairs


def _same_derived_id(removed: list[_Entity], added: list[_Entity],
                     renames: dict[str, dict[str, str]]) -> dict[str, str]:
    """Pairs of derived entities with one id under one parent whose keys differ."""
    waiting = {(after.parent_after(renames), after.own_id): after
               for after in added if after.derived}
    pairs: dict[str, str] = {}
    for before in removed:
        if not before.derived:
            continue
        after = waiting.pop((before.parent_after(renames), before.own_id), None)
        if after is not None:
            pairs[before.id] = after.id
    return pairs


def _reworded(kind: str, before: _Entity, after: _Entity,
              renames: dict[str, dict[str, str]]) -> bool:
    """Whether two entities whose ids cjm derived are one entity reworded: under the
    same parent, their names somewhat alike and their other fields as they were."""
    if not (before.derived and after.derived):
        return False
    if before.parent_after(renames) != after.parent_after(renames):
        return False
    name_field = _KINDS[kind].name_field
    name = _alike(before.fields.get(name_field), after.fields.get(name_field))
    others = [_alike(before.fields.get(key), after.fields.get(key))
              for key in {*before.fields, *after.fields}
              if key != name_field and not _unmarked(key, before, after)]
    return name >= REWORDED_NAME_LIKENESS and (not others or sum(others) / len(others) >= 0.5)


def _content_key(entity: _Entity) -> str:
    """The entity's content without its id: equal for entities that only changed id."""
    return json.dumps([entity.fields, entity.children], sort_keys=True, default=str)


def _likeness(kind: str, before: _Entity, after: _Entity) -> float | None:
    """How alike two entities are (0…1), or None when they are not a rename."""
    fields = {**before.fields, **after.fields}
    scores = {name: _alike(before.fields.get(name), after.fields.get(name))
              for name in fields
              if (before.fields.get(name) not in (None, [], "")
                  or after.fields.get(name) not in (None, [], ""))
              and not _unmarked(name, before, after)}
    if before.children or after.children:
        scores["children"] = _alike(list(before.children), list(after.children))
    if not scores:
        return None
    mean = sum(scores.values()) / len(scores)
    name = scores.pop(_KINDS[kind].name_field, 0.0)
    if name >= RENAME_NAME_LIKENESS and mean >= 0.5:
        return mean
    others = list(scores.values())
    if len(others) >= RENAME_OTHERS_COUNT and sum(others) / len(others) >= RENAME_OTHERS_LIKENESS:
        return mean
    return None


def _unmarked(name: str, before: _Entity, after: _Entity) -> bool:
    """Whether a marking field is at its default on both sides."""
    return (name in _MARKS and before.fields.get(name) == _MARKS[name]
            and after.fields.get(name) == _MARKS[name])


def _alike(before: Any, after: Any) -> float:
    if before == after:
        return 1.0
    if isinstance(before, list) and isinstance(after, list):
        return _text_likeness("\n".join(map(_text, before)), "\n".join(map(_text, after)))
    if isinstance(before, str) and isinstance(after, str):
        return _text_likeness(before, after)
    return 0.0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


@lru_cache(maxsize=8192)
def _letter_pairs(text: str) -> Counter[tuple[str, str]]:
    """The letter pairs of a text, counted once per text (read only by callers)."""
    lower = text.lower()
    return Counter(pairwise(lower))


def _text_likeness(before: str, after: str) -> float:
    """Dice's coefficient over letter pairs: symmetric and cheap; 1.0 for equal texts."""
    if before == after:
        return 1.0
    pairs_before, pairs_after = _letter_pairs(before), _letter_pairs(after)
    total = sum(pairs_before.values()) + sum(pairs_after.values())
    if total == 0:
        return 0.0
    return 2 * sum((pairs_before & pairs_after).values()) / total
