"""The views a map can be drawn in: one registry line each.

Adding a view is one module under `cjm.render` with a function
`(journey, info, options) -> Canvas`, and one line in VIEWS; the CLI's choices, its
help and the docs' table come from here. This module imports nothing heavy, so the
CLI reads it at start-up; a view's module is imported when it draws.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from cjm.model import JourneyMap
    from cjm.render.canvas import Canvas
    from cjm.render.info import DrawOptions, MapInfo

    DrawFunction = Callable[[JourneyMap, MapInfo, DrawOptions], Canvas]


@dataclass(frozen=True)
class ViewEntry:
    name: str
    summary: str   # one line for --help and the docs
    module: str    # the module of cjm.render that draws it
    function: str  # its drawing function
    compares: bool = False  # it draws the emotion curve, so `--compare` can add another

    def drawer(self) -> DrawFunction:
        module = importlib.import_module(f"cjm.render.{self.module}")
        return cast("DrawFunction", getattr(module, self.function))


VIEWS: dict[str, ViewEntry] = {entry.name: entry for entry in (
    ViewEntry("grid", "the classic journey map: stages, steps, lanes and the emotion curve",
              "grid", "draw_grid", compares=True),
    ViewEntry("flow", "steps as boxes in their stages, arrows by order and next: branches",
              "flow", "draw"),
    ViewEntry("blueprint", "the grid with the service blueprint's lanes and lines",
              "grid", "draw_blueprint", compares=True),
)}
DEFAULT_VIEW = "grid"

# Paper sizes for `--page`, landscape, in points: the grid wraps into rows that fit
# the page's width less Graphviz's margin (0.2 in each side).
PAGES: dict[str, tuple[float, float]] = {
    "a4": (841.9, 595.3),
    "a3": (1190.6, 841.9),
    "letter": (792.0, 612.0),
}
PAGE_MARGIN = 14.4


def page_width(name: str) -> float:
    """The width a row of the grid may take on this page, in points."""
    return PAGES[name][0] - 2 * PAGE_MARGIN


def page_height(name: str) -> float:
    """The height a PDF page of the grid may take on this page, in points."""
    return PAGES[name][1] - 2 * PAGE_MARGIN


def view_entry(name: str) -> ViewEntry:
    """The view called name; raises ValueError naming the views there are."""
    found = VIEWS.get(str(name))
    if found is None:
        raise ValueError(f"{name!r} is not a view: {', '.join(VIEWS)}")
    return found


def view_choices() -> str:
    """The views as a sentence's list: `grid, flow or blueprint`."""
    names = list(VIEWS)
    return f"{', '.join(names[:-1])} or {names[-1]}"
