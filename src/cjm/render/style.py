"""How drawings look: colours, words and sizes every view shares, and the contrast they keep.

Colours come from Paul Tol's colour-blind-safe schemes: BuRd (diverging) for emotion,
"light" for severities and statuses. Nothing is told by colour alone.
"""

from __future__ import annotations

import functools
import re

from cjm.model import OpportunityStatus, Severity

EMOTION_COLORS = {-2: "#D6604D", -1: "#F4A582", 0: "#F7F7F7", 1: "#92C5DE", 2: "#4393C3"}
NO_EMOTION_COLOR = "#FFFFFF"
SEVERITY_COLORS = {Severity.high: "#EE8866", Severity.medium: "#EEDD88",
                   Severity.low: "#DDDDDD"}
SEVERITY_LEADS = {Severity.high: "HIGH", Severity.medium: "MEDIUM", Severity.low: "LOW"}
STATUS_COLORS = {
    OpportunityStatus.idea: "#99DDFF",
    OpportunityStatus.planned: "#77AADD",
    OpportunityStatus.in_progress: "#BBCC33",
    OpportunityStatus.done: "#44BB99",
    OpportunityStatus.dropped: "#DDDDDD",
}
STATUS_LEADS = {
    OpportunityStatus.idea: "IDEA",
    OpportunityStatus.planned: "PLANNED",
    OpportunityStatus.in_progress: "IN PROGRESS",
    OpportunityStatus.done: "DONE",
    OpportunityStatus.dropped: "DROPPED",
}
STAGE_FILLS = ("#DCE5EE", "#ECEFF3")
BAND_FILLS = ("#FFFFFF", "#F6F8FA")
LABEL_FILL = "#EEEEEE"
PANEL_FILL = "#F6F8FA"
MUTED = "#555555"

# A node's name in DOT (and its <title> in the SVG) comes from a map id when it is a
# plain id, else from its position: map text never reaches DOT unescaped.
_PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def node_name(kind: str, entity_id: str, index: int) -> str:
    return f"{kind}.{entity_id}" if _PLAIN_ID.match(entity_id) else f"{kind}.{index}"


def element_id(kind: str, entity_id: str, index: int) -> str:
    """The SVG id of an entity's drawing, e.g. `step-sees-ad`."""
    return f"{kind}-{entity_id}" if _PLAIN_ID.match(entity_id) else f"{kind}-{index}"


@functools.cache
def text_color(fill: str) -> str:
    """Black or white, whichever has the higher contrast on fill (#RRGGBB)."""
    return "#000000" if contrast("#000000", fill) >= contrast("#FFFFFF", fill) else "#FFFFFF"


# Font sizes in points. Nothing in a drawing is smaller than MIN_POINT_SIZE: at a
# 1,400-point-wide slide that is the size of body text in a presentation.
MIN_POINT_SIZE = 10.0
TITLE_SIZE = 22.0
HEADING_SIZE = 14.0  # stage names
NAME_SIZE = 12.0     # step names, persona name
BODY_SIZE = 11.0     # cell text
SMALL_SIZE = MIN_POINT_SIZE  # hints, tags, metrics, legend, ticks

FUTURE_FILL = "#332288"  # Tol's indigo: the banner of a future-state map
MET_FILL = "#44BB99"
NOT_MET_FILL = "#EE8866"
BRANCH_COLOR = "#4477AA"
COMPARE_COLOR = "#999999"  # the muted curve of `--compare`
GHOST_FILL = "#F2F2F2"  # a step the map no longer has, drawn where it was


def _channel(value: int) -> float:
    scaled = value / 255
    return scaled / 12.92 if scaled <= 0.04045 else ((scaled + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG's relative luminance of #RRGGBB."""
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(text: str, fill: str) -> float:
    """WCAG's contrast ratio of two #RRGGBB colours (1 to 21; body text needs 4.5)."""
    light, dark = sorted((luminance(text), luminance(fill)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tint(color: str, share: float = 0.45) -> str:
    """color mixed with white: `share` of the colour, the rest white."""
    parts = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - part) * share):02X}" for part in parts)
