"""The opportunity backlog and the pain points across many maps, as data (pure).

`collect` walks valid maps in the order given and returns every opportunity with the
pain points it addresses, and every pain point with what addresses it; `select` keeps
the opportunities of some statuses and owners. Reporters (cjm.report.backlog) and the
site turn these into text, Markdown, CSV, JSON and HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cjm.entities import entities
from cjm.model import JourneyMap, OpportunityStatus, Severity

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


@dataclass(frozen=True)
class _AtStep:
    """An entity of a map's step: which map, stage and step, its id and text."""

    map: MapRef
    stage_id: str
    stage: str
    step_id: str
    step: str
    id: str
    text: str


@dataclass(frozen=True)
class BacklogItem(_AtStep):
    """One opportunity of one map, where it sits and what it addresses."""

    owner: str | None
    status: OpportunityStatus
    link: str | None
    addresses: tuple[PainRef, ...]

    @property
    def owner_shown(self) -> str:
        return self.owner or NO_OWNER


@dataclass(frozen=True)
class PainItem(_AtStep):
    """One pain point of one map, with the opportunities that address it."""

    severity: Severity
    evidence: tuple[str, ...]
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


def collect(maps: Iterable[tuple[str, JourneyMap]]) -> Backlog:
    """The backlog of valid maps given as (path, map) pairs."""
    opportunities: list[BacklogItem] = []
    pains: list[PainItem] = []
    count = 0
    for path, journey in maps:
        count += 1
        ref = MapRef(path, journey.id, journey.title)
        # By key (`cjm.entities`): the same derived id may name one pain point per step.
        found = entities(journey)
        key = found.key_of
        addressed_by: dict[str, list[tuple[str, str, OpportunityStatus]]] = {}
        for _, step in journey.all_steps():
            for chance in step.opportunities:
                for pain in found.targets(chance, "addresses"):
                    addressed_by.setdefault(key(pain), []).append(
                        (key(chance), chance.text, chance.status))
        for stage, step in journey.all_steps():
            for chance in step.opportunities:
                opportunities.append(BacklogItem(
                    ref, stage.id, stage.name, key(step), step.name, key(chance), chance.text,
                    chance.owner, chance.status, chance.link,
                    tuple(PainRef(key(pain), pain.text, pain.severity)
                          for pain in found.targets(chance, "addresses"))))
            for pain in step.pain_points:
                pains.append(PainItem(
                    ref, stage.id, stage.name, key(step), step.name, key(pain), pain.text,
                    pain.severity, tuple(pain.evidence), tuple(addressed_by.get(key(pain), ()))))
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
