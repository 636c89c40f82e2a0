"""Quality rules: one module per rule, registered in RULES."""

from __future__ import annotations

import datetime as dt

from cjm.load import Source
from cjm.model import JourneyMap
from cjm.problems import Problem
from cjm.workspace import WorkspaceContext


def check_rules(
    journey: JourneyMap, source: Source, context: WorkspaceContext, today: dt.date
) -> list[Problem]:
    """Problems the quality rules find in a map that is otherwise valid."""
    del journey, source, context, today
    return []
