"""Drawing one map: its DOT text, its picture and the sentence that describes it."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.formats import output_format
from cjm.model import JourneyMap
from cjm.render import graphviz
from cjm.render.canvas import Canvas
from cjm.render.info import DrawOptions, MapInfo, StepMark, map_info
from cjm.render.parts import all_opportunities, all_pain_points
from cjm.render.views import DEFAULT_VIEW, VIEWS, view_entry

__all__ = ["DEFAULT_VIEW", "VIEWS", "DrawOptions", "MapInfo", "Rendered", "StepMark",
           "describe", "map_info", "render", "to_dot"]


def to_dot(journey: JourneyMap, view: str = DEFAULT_VIEW, info: MapInfo | None = None,
           options: DrawOptions | None = None) -> str:
    """The DOT text of a map in one view (pure: the same map gives the same text)."""
    return _canvas_dot(journey, view, info or MapInfo(), options or DrawOptions())[0]


def _canvas_dot(journey: JourneyMap, view: str, info: MapInfo, options: DrawOptions
                ) -> tuple[str, Canvas]:
    """The DOT text of a map in one view, and its canvas (notes, pages)."""
    entry = view_entry(view)
    canvas = entry.drawer()(journey, info, options)
    return (canvas.to_dot(f"cjm journey map {journey.id or 'journey'}, {entry.name} view"),
            canvas)


def describe(journey: JourneyMap, info: MapInfo, view: str) -> str:
    """One sentence about the drawing, for screen readers (the SVG's <desc>)."""
    steps = journey.all_steps()
    who = info.persona.name if info.persona else journey.persona_id() or "no persona"
    pains = len(all_pain_points(journey))
    chances = len(all_opportunities(journey))
    stages = ", ".join(stage.name for stage in journey.stages)
    return (f"Customer journey map, {view_entry(view).name} view ({journey.state} state) "
            f"for {who}: {len(journey.stages)} stages ({stages}), {len(steps)} steps, "
            f"{pains} pain points, {chances} opportunities.")


@dataclass(frozen=True)
class Rendered:
    """A drawing's bytes, what Graphviz warned about, and what the drawing left out."""

    data: bytes
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def render(
    journey: JourneyMap,
    view: str = DEFAULT_VIEW,
    format_name: str = "svg",
    info: MapInfo | None = None,
    *,
    options: DrawOptions | None = None,
    dpi: float | None = None,
    timeout: float | None = None,
) -> Rendered:
    """The map drawn in one view and format (`dpi`: a PNG's resolution, default 96)."""
    chosen = output_format(format_name, "render")
    info = info or map_info(journey, None)
    dot_text, canvas = _canvas_dot(journey, view, info, options or DrawOptions())
    notes = canvas.notes
    if not chosen.needs_graphviz:
        return Rendered(dot_text.encode("utf-8"), (), tuple(notes))
    drawing = graphviz.draw(
        dot_text,
        chosen.name,
        title=journey.title,
        description=describe(journey, info, view),
        timeout=timeout or graphviz.DEFAULT_TIMEOUT,
        dpi=dpi,
        pages=canvas.pages(),
    )
    return Rendered(drawing.data, drawing.warnings, tuple(notes))
