"""What every quality rule shares: what it is given, and what it finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from cjm.entities import Entities, entities
from cjm.load import Loc
from cjm.model import JourneyMap
from cjm.settings import RuleLevel
from cjm.workspace import WorkspaceContext


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know beyond the map: the workspace, the day of the check, and
    the map's path (for the rules that look at its history)."""

    workspace: WorkspaceContext
    today: dt.date
    path: str = ""
    # The map's entities, worked out once for all the rules (see `entities`).
    _found: dict[int, Entities] = field(default_factory=dict, compare=False, repr=False)

    def entities(self, journey: JourneyMap) -> Entities:
        """The map's entities and resolved references (`cjm.entities`), once per map."""
        found = self._found.get(id(journey))
        if found is None or found.journey is not journey:
            found = self._found[id(journey)] = entities(journey)
        return found


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


def quoted(text: str, limit: int = 60) -> str:
    """Text for a message, in quotes and shortened so the line stays readable."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'
