"""What drawing a map needs besides the map: its workspace's facts and the caller's choices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from cjm.model import InlinePersona, JourneyMap, Opportunity, PainPoint, PersonaFields
from cjm.render.canvas import Para
from cjm.settings import Channel, channel_catalog
from cjm.workspace import WorkspaceContext


@dataclass(frozen=True)
class MapInfo:
    """What drawing a map needs from its workspace."""

    channels: dict[str, Channel] = field(default_factory=dict)
    persona: PersonaFields | None = None
    review_every: str = "quarterly"


@dataclass(frozen=True)
class StepMark:
    """A mark a caller puts on one step's drawing (e.g. what a change did to it).

    The grid draws `text` as a badge on the step's cell, filled with `fill`, and
    outlines the cell in `fill` too.
    """

    text: str
    fill: str = "#EEDD88"


# How a caller marks one pain point's or opportunity's badge (e.g. NEW, CLOSED,
# PLANNED → DONE): the item and the badge as drawn, the badge as it is to be drawn.
ItemMark = Callable[[PainPoint | Opportunity, Para], Para]


@dataclass(frozen=True)
class DrawOptions:
    """The caller's choices for one drawing (all optional)."""

    marks: Mapping[str, StepMark] = field(default_factory=dict)  # by step id
    # Marks on stages' names (by stage id), drawn as a step's are.
    stage_marks: Mapping[str, StepMark] = field(default_factory=dict)
    # The widest a row of the grid may be, in points; None: the whole map in one row.
    width: float | None = None
    # The tallest a PDF page may be, in points: a lane that would go past it starts a
    # new page. None: a page for each row (one page when the map is one row).
    height: float | None = None
    # Another map's emotion scores by this map's step ids, drawn as a muted curve
    # behind this map's own (e.g. the current state behind the future one).
    compare_scores: Mapping[str, int] = field(default_factory=dict)
    compare_label: str = ""
    # Steps this map no longer has, put back where they were (ids): drawn muted, struck
    # and dashed, with no score of this map's curve (the compared curve may pass them).
    ghosts: frozenset[str] = frozenset()
    # Marks on pain points and opportunities wherever the grid draws them: at a step,
    # across a stage, across the whole journey.
    mark_item: ItemMark | None = None
    # The map's own stages and steps, for the header, when the drawing shows more
    # (ghosts put back); None: count what is drawn.
    size: tuple[int, int] | None = None


def channel_of(info: MapInfo, channel_id: str) -> Channel:
    found = info.channels.get(channel_id)
    return found if found is not None else Channel(id=channel_id, label=channel_id)


def map_info(journey: JourneyMap, context: WorkspaceContext | None) -> MapInfo:
    """The workspace facts a drawing shows: channel labels and colours, the persona."""
    if context is None:
        return MapInfo(channels=channel_catalog(None),
                       persona=journey.persona if isinstance(journey.persona, InlinePersona)
                       else None)
    persona = journey.persona
    if isinstance(persona, str):
        found = context.personas().get(persona)
        return MapInfo(context.channels, found, context.settings.review_every)
    return MapInfo(context.channels, persona, context.settings.review_every)
