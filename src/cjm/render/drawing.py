"""Drawing one map: its DOT text, its picture and the sentence that describes it."""

from __future__ import annotations

from cjm.formats import output_format
from cjm.model import JourneyMap
from cjm.render import graphviz
from cjm.render.info import DrawOptions, MapInfo, StepMark, map_info
from cjm.render.views import DEFAULT_VIEW, VIEWS, view_entry

__all__ = ["DEFAULT_VIEW", "VIEWS", "DrawOptions", "MapInfo", "StepMark", "describe",
           "map_info", "render", "to_dot"]


def to_dot(journey: JourneyMap, view: str = DEFAULT_VIEW, info: MapInfo | None = None,
           options: DrawOptions | None = None) -> str:
    """The DOT text of a map in one view (pure: the same map gives the same text)."""
    entry = view_entry(view)
    canvas = entry.drawer()(journey, info or MapInfo(), options or DrawOptions())
    return canvas.to_dot(f"cjm journey map {journey.id or 'journey'}, {entry.name} view")


def describe(journey: JourneyMap, info: MapInfo, view: str) -> str:
    """One sentence about the drawing, for screen readers (the SVG's <desc>)."""
    steps = journey.all_steps()
    who = info.persona.name if info.persona else journey.persona_id() or "no persona"
    pains = sum(len(step.pain_points) for _, step in steps)
    chances = sum(len(step.opportunities) for _, step in steps)
    stages = ", ".join(stage.name for stage in journey.stages)
    return (f"Customer journey map, {view_entry(view).name} view ({journey.state} state) "
            f"for {who}: {len(journey.stages)} stages ({stages}), {len(steps)} steps, "
            f"{pains} pain points, {chances} opportunities.")


def render(
    journey: JourneyMap,
    view: str = DEFAULT_VIEW,
    format_name: str = "svg",
    info: MapInfo | None = None,
    *,
    options: DrawOptions | None = None,
    timeout: float | None = None,
) -> tuple[bytes, tuple[str, ...]]:
    """The map drawn in one view and format, with Graphviz's warnings (if any)."""
    chosen = output_format(format_name, "render")
    info = info or map_info(journey, None)
    dot_text = to_dot(journey, view, info, options)
    if not chosen.needs_graphviz:
        return dot_text.encode("utf-8"), ()
    drawing = graphviz.draw(
        dot_text,
        chosen.name,
        title=journey.title,
        description=describe(journey, info, view),
        timeout=timeout or graphviz.DEFAULT_TIMEOUT,
    )
    return drawing.data, drawing.warnings
