"""What every quality rule shares: what it is given, and what it finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from cjm.load import Loc
from cjm.model import JourneyMap, PainPoint, RuleLevel
from cjm.workspace import WorkspaceContext


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know beyond the map: the workspace, the day of the check, and
    the map's path (for the rules that look at its history)."""

    workspace: WorkspaceContext
    today: dt.date
    path: str = ""


@dataclass(frozen=True)
class Finding:
    """One thing a rule found, at a location in the document (as `Source.position` reads)."""

    loc: Loc
    message: str


class Rule(Protocol):
    """A rule module: its id, its default level, its check; its docstring is its page."""

    RULE_ID: str
    DEFAULT_LEVEL: RuleLevel

    def check(self, journey: JourneyMap, context: RuleContext) -> Iterator[Finding]: ...


def entity_loc(loc: Loc, id_derived: bool, text_field: str) -> Loc:
    """Where to point at an entity: its `id` when the writer wrote one, else its text."""
    return (*loc, text_field) if id_derived else (*loc, "id")


def pain_points(journey: JourneyMap) -> Iterator[tuple[Loc, PainPoint]]:
    """Every pain point of the map with its location, in journey order."""
    for si, stage in enumerate(journey.stages):
        for ti, step in enumerate(stage.steps):
            for pi, pain in enumerate(step.pain_points):
                yield ("stages", si, "steps", ti, "pain_points", pi), pain


def quoted(text: str, limit: int = 60) -> str:
    """Text for a message, in quotes and shortened so the line stays readable."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'
