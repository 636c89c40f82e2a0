"""The entities of a journey map, described once: what each kind is called, where it
sits and what names it; and one walk that yields every entity with its place.

References, the quality rules, the diff and its reports all read a map through this
table and this walk, so a new kind of entity (or a new place for one) is one row here.
"""

from __future__ import annotations

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
    EntityKind("pain_point", ("step",), "pain_points", "text", "pain point", "pain points"),
    EntityKind("opportunity", ("step",), "opportunities", "text", "opportunity",
               "opportunities"),
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
    return _within(journey, "map", (), None)


def walk_kind(journey: JourneyMap, kind: str) -> Iterator[Placed]:
    """Every entity of one kind, in document order."""
    return (placed for placed in walk(journey) if placed.kind.kind == kind)


def _within(holder: Any, holder_kind: str, loc: Loc, parent: Placed | None) -> Iterator[Placed]:
    for kind in CHILD_KINDS[holder_kind]:
        for index, item in enumerate(getattr(holder, kind.list_field)):
            placed = Placed(kind, item, (*loc, kind.list_field, index), index, parent)
            yield placed
            yield from _within(item, kind.kind, placed.loc, placed)
