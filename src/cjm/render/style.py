"""How drawings look: colours, words and sizes every view shares, and the contrast they keep.

Colours come from Paul Tol's colour-blind-safe schemes: BuRd (diverging) for emotion,
"light" for severities and statuses. Nothing is told by colour alone.
"""

from __future__ import annotations

import re

from cjm.model import OpportunityStatus, Severity

EMOTION_COLORS = {-2: "#D6604D", -1: "#F4A582", 0: "#F7F7F7", 1: "#92C5DE", 2: "#4393C3"}
EMOTION_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive",
                 2: "very positive"}
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
MUTED = "#555555"

# A node's name in DOT (and its <title> in the SVG) comes from a map id when it is a
# plain id, else from its position: map text never reaches DOT unescaped.
_PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def node_name(kind: str, entity_id: str, index: int) -> str:
    return f"{kind}.{entity_id}" if _PLAIN_ID.match(entity_id) else f"{kind}.{index}"


def element_id(kind: str, entity_id: str, index: int) -> str:
    """The SVG id of an entity's drawing, e.g. `step-sees-ad`."""
    return f"{kind}-{entity_id}" if _PLAIN_ID.match(entity_id) else f"{kind}-{index}"


def text_color(fill: str) -> str:
    """Black or white, whichever reads better on fill (#RRGGBB)."""
    red, green, blue = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 140 else "#FFFFFF"
