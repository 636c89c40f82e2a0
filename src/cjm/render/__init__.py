"""Drawing journey maps: map → DOT text (pure) → Graphviz → SVG, PNG or PDF."""

from __future__ import annotations

from cjm.model import InlinePersona, JourneyMap
from cjm.render.dot import MapInfo, View, to_dot
from cjm.workspace import WorkspaceContext

__all__ = ["OUTPUT_FORMATS", "MapInfo", "View", "describe", "map_info", "render", "to_dot"]

OUTPUT_FORMATS = ("svg", "png", "pdf", "dot")


def map_info(journey: JourneyMap, context: WorkspaceContext | None) -> MapInfo:
    """The workspace facts a drawing shows: channel labels and colours, the persona."""
    from cjm.model import channel_catalog

    if context is None:
        return MapInfo(channels=channel_catalog(None),
                       persona=journey.persona if isinstance(journey.persona, InlinePersona)
                       else None)
    persona = journey.persona
    if isinstance(persona, str):
        found = context.personas().get(persona)
        return MapInfo(context.channels, found, context.settings.review_every)
    return MapInfo(context.channels, persona, context.settings.review_every)


def describe(journey: JourneyMap, info: MapInfo, view: View | str) -> str:
    """One sentence about the drawing, for screen readers (the SVG's <desc>)."""
    steps = journey.all_steps()
    who = info.persona.name if info.persona else journey.persona_id() or "no persona"
    pains = sum(len(step.pain_points) for _, step in steps)
    chances = sum(len(step.opportunities) for _, step in steps)
    stages = ", ".join(stage.name for stage in journey.stages)
    return (f"Customer journey map, {View(view)} view ({journey.state} state) for {who}: "
            f"{len(journey.stages)} stages ({stages}), {len(steps)} steps, "
            f"{pains} pain points, {chances} opportunities.")


def render(
    journey: JourneyMap,
    view: View | str = View.grid,
    output_format: str = "svg",
    info: MapInfo | None = None,
    *,
    timeout: float | None = None,
) -> tuple[bytes, tuple[str, ...]]:
    """The map drawn in one view and format, with Graphviz's warnings (if any)."""
    info = info or map_info(journey, None)
    dot_text = to_dot(journey, view, info)
    if output_format == "dot":
        return dot_text.encode("utf-8"), ()
    from cjm.render import graphviz

    drawing = graphviz.draw(
        dot_text,
        output_format,
        title=journey.title,
        description=describe(journey, info, view),
        timeout=timeout or graphviz.DEFAULT_TIMEOUT,
    )
    return drawing.data, drawing.warnings
