"""The opportunity backlog and the pain points across many maps, as data (pure).

`collect` walks valid maps in the order given and returns every opportunity with the
pain points it addresses, and every pain point with what addresses it — those of a
step, of a stage as a whole and of the whole map, each with its `Place`; `select` keeps
the opportunities of some statuses and owners. Reporters (cjm.report.backlog) and the
site turn these into text, Markdown, CSV, JSON and HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cjm.entities import Placed, entities
from cjm.model import JourneyMap, Opportunity, OpportunityStatus, PainPoint, Severity

STATUS_ORDER = tuple(OpportunityStatus)
SEVERITY_ORDER = (Severity.high, Severity.medium, Severity.low)
# How an opportunity without an owner is filtered and grouped.
NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class MapRef:
    """Which map an item comes from."""

    path: str
    id: str
    title: str


@dataclass(frozen=True)
class PainRef:
    """A pain point as an opportunity names it."""

    id: str
    text: str
    severity: Severity
    assumed: bool = False


@dataclass(frozen=True)
class Place:
    """Where a pain point or an opportunity sits: at a step, in a stage as a whole, or
    all along the map (`parent` is "step", "stage" or "map"; a stage's or the map's own
    have no step, the map's own no stage either)."""

    parent: str
    stage_id: str | None = None
    stage: str | None = None
    step_id: str | None = None
    step: str | None = None

    @property
    def anchor(self) -> str:
        """Its fragment on the map's page of the site."""
        if self.step_id is not None:
            return f"step-{self.step_id}"
        if self.stage_id is not None:
            return f"stage-{self.stage_id}"
        return "journey-wide"

    @property
    def words(self) -> str:
        """Where it sits, for a sentence or a table cell."""
        if self.step is not None:
            return self.step
        if self.stage is not None:
            return f"{self.stage} (the whole stage)"
        return "the whole journey"


@dataclass(frozen=True)
class _Placed:
    """An entity of a map: which map, where in it, its id and text."""

    map: MapRef
    place: Place
    id: str
    text: str

    @property
    def parent(self) -> str:
        return self.place.parent


@dataclass(frozen=True)
class BacklogItem(_Placed):
    """One opportunity of one map, where it sits and what it addresses."""

    owner: str | None
    status: OpportunityStatus
    link: str | None
    addresses: tuple[PainRef, ...]

    @property
    def owner_shown(self) -> str:
        return self.owner or NO_OWNER


@dataclass(frozen=True)
class PainItem(_Placed):
    """One pain point of one map, with the opportunities that address it."""

    severity: Severity
    evidence: tuple[str, ...]
    assumed: bool
    addressed_by: tuple[tuple[str, str, OpportunityStatus], ...]  # (id, text, status)

    @property
    def addressed(self) -> bool:
        """Whether an opportunity that is not dropped addresses it."""
        return any(status is not OpportunityStatus.dropped for _, _, status in self.addressed_by)


@dataclass(frozen=True)
class Backlog:
    """Every opportunity and pain point of some maps, in map and journey order."""

    maps: int = 0
    opportunities: tuple[BacklogItem, ...] = ()
    pain_points: tuple[PainItem, ...] = ()

    def owners(self) -> list[str]:
        return sorted({item.owner_shown for item in self.opportunities}, key=str.casefold)

    def by_status(self) -> dict[str, int]:
        counts = {status.value: 0 for status in STATUS_ORDER}
        for item in self.opportunities:
            counts[item.status.value] += 1
        return counts


def place_of(placed: Placed) -> Place:
    """The place of an entity the walk found, from the entities that hold it (by their
    keys, which tell apart the same derived id under two parents)."""
    holder = placed.parent
    if holder is None:
        return Place("map")
    if holder.kind.kind == "stage":
        return Place("stage", holder.key, holder.name)
    stage = holder.parent
    assert stage is not None
    return Place(holder.kind.kind, stage.key, stage.name, holder.key, holder.name)


def collect(maps: Iterable[tuple[str, JourneyMap]]) -> Backlog:
    """The backlog of valid maps given as (path, map) pairs: a map's pain points and
    opportunities in the order of the file, a stage's own after its steps', the map's
    own last. Each is named by its key (`cjm.entities`): the same derived id may name
    one pain point per step."""
    opportunities: list[BacklogItem] = []
    pains: list[PainItem] = []
    count = 0
    for path, journey in maps:
        count += 1
        ref = MapRef(path, journey.id, journey.title)
        found = entities(journey)
        key = found.key_of
        addressed_by: dict[str, list[tuple[str, str, OpportunityStatus]]] = {}
        for placed in found.of_kind("opportunity"):
            chance: Opportunity = placed.item
            addresses = tuple(PainRef(key(pain), pain.text, pain.severity, pain.assumed)
                              for pain in found.targets(chance, "addresses"))
            for pain_ref in addresses:
                addressed_by.setdefault(pain_ref.id, []).append(
                    (placed.key, chance.text, chance.status))
            opportunities.append(BacklogItem(
                ref, place_of(placed), placed.key, chance.text, chance.owner, chance.status,
                chance.link, addresses))
        for placed in found.of_kind("pain_point"):
            pain: PainPoint = placed.item
            pains.append(PainItem(
                ref, place_of(placed), placed.key, pain.text, pain.severity,
                tuple(key(evidence) for evidence in found.targets(pain, "evidence")),
                pain.assumed, tuple(addressed_by.get(placed.key, ()))))
    return Backlog(count, tuple(opportunities), tuple(pains))


def select(backlog: Backlog, statuses: Iterable[str] = (), owners: Iterable[str] = ()) -> Backlog:
    """The backlog with only the opportunities of these statuses and owners (all if empty).

    Owners match case-insensitively; `(no owner)` or an empty string selects unowned ones.
    """
    wanted_status = {OpportunityStatus(s) for s in statuses}
    wanted_owner = {NO_OWNER.casefold() if not o.strip() else o.strip().casefold()
                    for o in owners}
    kept = tuple(
        item for item in backlog.opportunities
        if (not wanted_status or item.status in wanted_status)
        and (not wanted_owner or item.owner_shown.casefold() in wanted_owner))
    return Backlog(backlog.maps, kept, backlog.pain_points)


def pains_by_severity(backlog: Backlog) -> list[tuple[Severity, list[PainItem]]]:
    """Pain points grouped high, medium, low (each group in map and journey order)."""
    return [(severity, [p for p in backlog.pain_points if p.severity is severity])
            for severity in SEVERITY_ORDER]
