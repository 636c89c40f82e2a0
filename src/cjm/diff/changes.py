"""What a diff returns: changes per entity, per map, and a summary (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjm.problems import Problem

# What the newer side is called when it is the files on disk, not a revision (no git
# revision has a space in its name).
WORKING_TREE = "the working tree"


@dataclass(frozen=True)
class Place:
    """Where an entity sits: its parent (a stage, a step) and index. `parent_kind` is
    None for what only the map holds (stages, evidence) and "map" for a pain point or
    opportunity of the whole journey (which may also sit in a stage or at a step)."""

    parent_kind: str | None
    parent: str | None
    index: int
    parent_name: str = ""

    def as_json(self) -> dict[str, Any]:
        """`{"stage": "discover", "index": 1}`; the map's own lists give the index alone."""
        shown: dict[str, Any] = {"index": self.index}
        if self.parent_kind not in (None, "map"):
            shown = {self.parent_kind: self.parent, **shown}
        return shown


@dataclass(frozen=True)
class Change:
    """One change to one entity: added, removed, moved, renamed, or one field modified.

    `name` is the entity's name or text (the new one, or the old one when removed) and
    `parent_name` its stage's or step's, so reports can speak in the map's own words.
    """

    entity: str
    id: str
    change: str
    name: str = ""
    parent_name: str = ""
    field: str | None = None
    old: Any = None
    new: Any = None
    old_id: str | None = None
    moved_from: Place | None = None
    moved_to: Place | None = None
    # A metric's target when its value changes; emotion's signed difference.
    target: float | None = None
    delta: int | None = None
    # A metric whose `better` is lower: its target is met at or below it.
    lower_is_better: bool = False
    # What holds the entity: "stage", "step"; None for the map itself (its stages,
    # evidence, and the pain points and opportunities of the whole journey).
    parent_kind: str | None = None


@dataclass(frozen=True)
class StageEmotion:
    """A stage's average emotion (the mean of its steps' scores) before and after."""

    stage: str
    name: str
    before: float | None
    after: float | None
    # What changed the average: "steps moved", "steps added", "steps removed",
    # "scores changed" (a move alone changes an average without any feeling changing).
    because: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class ReviewChange:
    """The sign-off (`review:`) of a compared map: the newer side's (the older's when
    removed), how it changed between the sides, and whether it still holds for the
    newer content."""

    change: str  # added, changed, unchanged, removed
    by: str
    date: str
    note: str | None
    holds: bool | None  # None: removed

    @property
    def worth_a_line(self) -> bool:
        """Whether a report says it in words: it was added, changed or removed, or it no
        longer holds because the content changed since."""
        return self.change != "unchanged" or self.holds is False


@dataclass
class MapDiff:
    """What changed in one map (or persona) file."""

    path: str
    id: str
    title: str
    status: str
    kind: str = "journey"
    old_path: str | None = None
    old_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    emotion_by_stage: list[StageEmotion] = field(default_factory=list)
    stages: int = 0
    steps: int = 0
    review: ReviewChange | None = None


@dataclass(frozen=True)
class Summary:
    """Counts over every map: what leads a report."""

    maps_compared: int  # journey maps compared (personas and files with errors apart)
    maps_changed: int
    maps_added: int
    maps_removed: int
    maps_renamed: int
    maps_modified: int
    added: int
    removed: int
    moved: int
    renamed: int
    modified: int
    pain_points_opened: int
    pain_points_closed: int
    opportunities_done: int
    opportunities_dropped: int
    personas_compared: int = 0
    maps_not_compared: int = 0  # files with errors on either side


@dataclass
class DiffReport:
    """Every compared map that changed in its bytes, in path order, and how many files
    were compared in all (files with the same bytes on both sides are not listed)."""

    maps: list[MapDiff] = field(default_factory=list)
    compared: int | None = None  # None: every compared file is in `maps`
    # Of those, persona files with the same bytes on both sides (not in `maps`).
    same_personas: int = 0
    # Files that could not be compared (errors on either side), as the report names them.
    not_compared: list[str] = field(default_factory=list)
    # What the two sides are: the revisions, or the two files ("" when not known).
    old_label: str = ""
    new_label: str = ""

    @property
    def changed(self) -> bool:
        return any(m.status != "unchanged" for m in self.maps)

    def _personas(self) -> int:
        return self.same_personas + sum(1 for m in self.maps if m.kind == "persona")

    def summary(self) -> Summary:
        changes = [c for m in self.maps for c in m.changes]

        def count(change: str, entity: str | None = None) -> int:
            return sum(1 for c in changes
                       if c.change == change and (entity is None or c.entity == entity))

        def status_became(status: str) -> int:
            return sum(1 for c in changes if c.entity == "opportunity"
                       and c.field == "status" and c.new == status)

        return Summary(
            maps_compared=(self.compared if self.compared is not None else len(self.maps))
            - self._personas(),
            personas_compared=self._personas(),
            maps_not_compared=len(self.not_compared),
            maps_changed=sum(1 for m in self.maps if m.status != "unchanged"),
            maps_added=sum(1 for m in self.maps if m.status == "added"),
            maps_removed=sum(1 for m in self.maps if m.status == "removed"),
            maps_renamed=sum(1 for m in self.maps if m.status == "renamed"),
            maps_modified=sum(1 for m in self.maps if m.status == "modified"),
            added=count("added"),
            removed=count("removed"),
            moved=count("moved"),
            renamed=count("renamed"),
            modified=count("modified"),
            pain_points_opened=count("added", "pain_point"),
            pain_points_closed=count("removed", "pain_point"),
            opportunities_done=status_became("done"),
            opportunities_dropped=status_became("dropped"),
        )


@dataclass
class DiffOutcome:
    """A diff report and the errors of the files that could not be compared."""

    report: DiffReport
    problems: list[Problem] = field(default_factory=list)
    # The two models of each compared map by its path in the report (None: absent on
    # that side), for drawing the changes.
    sides: dict[str, tuple[Any, Any]] = field(default_factory=dict)
