"""The entities of a journey map, described once: what each kind is called, where it
sits and what names it; one walk that yields every entity with its place and its key;
and the references between entities, each resolved to the nearest match.

References, the quality rules, the diff and its reports all read a map through this
table and this walk, so a new kind of entity (or a new place for one) is one row here.

Repeated names are normal: an id derived from a name is unique within its parent only
(a `Conversion` metric in every stage), while an id written in the map is unique across
it. So an entity's *key* — what tells it apart from every other entity of its kind — is
its id, except for a derived id that repeats across the map: that one is its path, the
ids from the map down to it (`discover/conversion`). `/` is in no id, so no key is
another's id, and paths of different depths never meet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cjm.load import Loc
from cjm.model import JourneyMap


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity of a map."""

    kind: str  # the name in diff JSON and in code: pain_point
    parents: tuple[str, ...]  # the kinds that hold it in their `list_field` ("map": the map)
    list_field: str  # the parent's field that lists it: pain_points
    name_field: str  # the field that names it (and an id left out is derived from)
    singular: str  # the words users read: pain point
    plural: str  # pain points

    @property
    def title(self) -> str:
        """The singular as it starts a sentence: Pain point."""
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def plural_title(self) -> str:
        return self.plural[:1].upper() + self.plural[1:]


ENTITY_KINDS: dict[str, EntityKind] = {kind.kind: kind for kind in (
    EntityKind("map", (), "", "title", "map", "map"),
    EntityKind("persona", (), "", "name", "persona", "persona"),
    EntityKind("stage", ("map",), "stages", "name", "stage", "stages"),
    EntityKind("step", ("stage",), "steps", "name", "step", "steps"),
    EntityKind("metric", ("stage",), "metrics", "name", "metric", "metrics"),
    EntityKind("pain_point", ("step", "stage", "map"), "pain_points", "text", "pain point",
               "pain points"),
    EntityKind("opportunity", ("step", "stage", "map"), "opportunities", "text",
               "opportunity", "opportunities"),
    EntityKind("evidence", ("map",), "evidence", "title", "evidence entry", "evidence"),
)}
# The kinds a map lists, parents before their children, in the order the walk meets them.
LISTED_KINDS: tuple[EntityKind, ...] = tuple(kind for kind in ENTITY_KINDS.values()
                                            if kind.parents)
# Per parent kind, the kinds it lists, in the order of its fields.
CHILD_KINDS: dict[str, tuple[EntityKind, ...]] = {
    parent: tuple(kind for kind in LISTED_KINDS if parent in kind.parents)
    for parent in ENTITY_KINDS
}


@dataclass(frozen=True)
class Placed:
    """An entity of a map with its place: where it is in the file, its index among its
    siblings, and the entity that holds it (None for the map's own lists)."""

    kind: EntityKind
    item: Any
    loc: Loc
    index: int
    parent: Placed | None
    key: str  # unique among the map's entities of its kind (see the module's docstring)
    path: str  # the ids from the map down to it: arrive/calls-the-clinic/the-wait-is-long

    @property
    def id(self) -> str:
        return str(self.item.id)

    @property
    def derived(self) -> bool:
        """True when the writer left the id out and cjm derived it from the name."""
        return bool(getattr(self.item, "id_derived", False))

    @property
    def name(self) -> str:
        return str(getattr(self.item, self.kind.name_field))

    @property
    def id_loc(self) -> Loc:
        """Where to point at the entity: its `id` when written, else the name it came from."""
        return (*self.loc, self.kind.name_field) if self.derived else (*self.loc, "id")


def walk(journey: JourneyMap) -> Iterator[Placed]:
    """Every entity of the map with its place: a parent before its children, the kinds
    of a parent in table order (a stage's steps, each followed by its own entities,
    then its metrics), each kind's entities in document order."""
    counts: Counter[tuple[str, str]] = Counter()
    _count_derived(journey, "map", counts)
    repeated = {kind_id for kind_id, count in counts.items() if count > 1}
    return _within(journey, "map", (), None, repeated)


def walk_kind(journey: JourneyMap, kind: str) -> Iterator[Placed]:
    """Every entity of one kind, in document order."""
    return (placed for placed in walk(journey) if placed.kind.kind == kind)


def _count_derived(holder: Any, holder_kind: str, counts: Counter[tuple[str, str]]) -> None:
    """How often each (kind, id) occurs, ids written and derived alike."""
    for kind in CHILD_KINDS[holder_kind]:
        for item in getattr(holder, kind.list_field):
            counts[kind.kind, str(item.id)] += 1
            _count_derived(item, kind.kind, counts)


def _within(holder: Any, holder_kind: str, loc: Loc, parent: Placed | None,
            repeated: set[tuple[str, str]]) -> Iterator[Placed]:
    for kind in CHILD_KINDS[holder_kind]:
        for index, item in enumerate(getattr(holder, kind.list_field)):
            item_id = str(item.id)
            path = f"{parent.path}/{item_id}" if parent is not None else item_id
            repeats = (kind.kind, item_id) in repeated and getattr(item, "id_derived", False)
            placed = Placed(kind, item, (*loc, kind.list_field, index), index, parent,
                            path if repeats else item_id, path)
            yield placed
            yield from _within(item, kind.kind, placed.loc, placed, repeated)


@dataclass(frozen=True)
class ReferenceField:
    """A field of one kind of entity that names entities of another kind by id."""

    kind: str    # the kind that refers: opportunity
    field: str   # its field: addresses
    target: str  # the kind referred to: pain_point


REFERENCE_FIELDS: tuple[ReferenceField, ...] = (
    ReferenceField("step", "next", "step"),
    ReferenceField("pain_point", "evidence", "evidence"),
    ReferenceField("opportunity", "addresses", "pain_point"),
)


@dataclass(frozen=True)
class Reference:
    """One id written in a reference field, with the entities it may mean: one when it
    resolves, none when no entity has that id, more when the nearest are many."""

    source: Placed
    field: ReferenceField
    index: int  # its place in the field's list
    written: str
    targets: tuple[Placed, ...]

    @property
    def target(self) -> Placed | None:
        return self.targets[0] if len(self.targets) == 1 else None

    @property
    def loc(self) -> Loc:
        return (*self.source.loc, self.field.field, self.index)


@dataclass(frozen=True)
class Entities:
    """A map's entities in walk order, and its references resolved."""

    journey: JourneyMap
    placed: tuple[Placed, ...]
    references: tuple[Reference, ...]
    _keys: dict[int, str]  # by the model object's identity
    _targets: dict[tuple[int, str], list[Any]]

    def of_kind(self, kind: str) -> list[Placed]:
        return [placed for placed in self.placed if placed.kind.kind == kind]

    def key_of(self, item: Any) -> str:
        """The key of an entity of this map (given as its model object)."""
        return self._keys[id(item)]

    def targets(self, item: Any, field: str) -> list[Any]:
        """The entities (model objects) a reference field of ITEM resolves to, in the
        order written; ids that do not resolve to one entity are left out."""
        return self._targets.get((id(item), field), [])


def entities(journey: JourneyMap) -> Entities:
    """The map's entities with their keys, and every reference resolved to the nearest
    entity of that id: within the entity that refers, then what its parent holds itself,
    then what is anywhere under that parent, and so on out to the whole map (an
    opportunity's `addresses` looks in its own step first, then its stage, then the map).
    Ids written in the map are unique, so only derived ids — the same name under
    different parents — can leave a reference with many targets."""
    placed = tuple(walk(journey))
    by_id: dict[tuple[str, str], list[Placed]] = {}
    for entity in placed:
        by_id.setdefault((entity.kind.kind, entity.id), []).append(entity)
    references: list[Reference] = []
    targets: dict[tuple[int, str], list[Any]] = {}
    for entity in placed:
        for field in REFERENCE_FIELDS:
            if field.kind != entity.kind.kind:
                continue
            found = targets.setdefault((id(entity.item), field.field), [])
            for index, written in enumerate(getattr(entity.item, field.field)):
                reference = Reference(entity, field, index, written,
                                      _nearest(entity, by_id.get((field.target, written), [])))
                references.append(reference)
                if reference.target is not None:
                    found.append(reference.target.item)
    return Entities(journey, placed, tuple(references), {id(p.item): p.key for p in placed},
                    targets)


def _nearest(source: Placed, candidates: list[Placed]) -> tuple[Placed, ...]:
    """The nearest candidates: those SOURCE holds, then those its parent holds itself,
    then those anywhere under that parent, and so on out to the whole map."""
    if len(candidates) <= 1:
        return tuple(candidates)
    scope: Placed | None = source
    while scope is not None:
        held = tuple(c for c in candidates if c.parent is scope)
        if held:
            return held
        within = tuple(c for c in candidates if c.loc[:len(scope.loc)] == scope.loc)
        if within:
            return within
        scope = scope.parent
    return tuple(c for c in candidates if c.parent is None) or tuple(candidates)
