"""The flow view: steps as boxes in stage groups, arrows by order and by `next` branches.

Positions and arrow routes are computed here, so no crossing minimisation runs: the
drawing takes the same time whether a map has no branch or a hundred. Arrows never
cross a box: an arrow to the box right below goes straight down, one to the next column
crosses the gap between them, and every longer one runs down its column's gap to a
track under all boxes, along it, and up the gap beside its target. Arrows arrive on the
left side (forward) or the right side (back), a third of the way down, and leave two
thirds of the way down, so no arrowhead meets another arrow's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from cjm.model import EMOTION_WORDS, JourneyMap, Severity, Step
from cjm.render.canvas import Canvas, Cell, Para, straight
from cjm.render.info import DrawOptions, MapInfo, channel_of
from cjm.render.parts import (
    Chip,
    emotion_chips,
    header_cell,
    place_footer,
    severity_chips,
    status_chips,
)
from cjm.render.style import (
    BODY_SIZE,
    BRANCH_COLOR,
    EMOTION_COLORS,
    HEADING_SIZE,
    MUTED,
    NAME_SIZE,
    SEVERITY_COLORS,
    SEVERITY_LEADS,
    SMALL_SIZE,
    STAGE_FILLS,
    STATUS_COLORS,
    STATUS_LEADS,
    element_id,
    node_name,
    text_color,
    tint,
)

NODE_WIDTH = 200.0
ROWS_PER_COLUMN = 5
ROW_GAP = 30.0
COLUMN_GAP = 56.0
STAGE_GAP = 40.0
STAGE_PAD = 14.0
ARROW = 8.0
TRACK = 6.0  # the distance between two arrows running side by side
ORDER_COLOR = "#555555"
BACK_COLOR = "#AA3377"
SEVERITY_RANK = {Severity.high: 0, Severity.medium: 1, Severity.low: 2}

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    index: int
    step: Step
    name: str
    x: float
    y: float
    width: float
    height: float
    column: int

    def side(self, right: bool, share: float) -> Point:
        return (self.x + self.width if right else self.x, self.y + self.height * share)


def _step_cell(step: Step, info: MapInfo) -> Cell:
    paras = [Para(step.name, size=NAME_SIZE, bold=True)]
    if step.channel:
        channel = channel_of(info, step.channel)
        paras.append(Para(channel.label, size=SMALL_SIZE, bold=True, fill=channel.color,
                          color=text_color(channel.color), centered=True))
    if step.emotion is not None:
        word = f"{step.emotion:+d}".replace("+0", "0") + f" {EMOTION_WORDS[step.emotion]}"
        if step.feeling:
            word += f" · {step.feeling}"
        fill = EMOTION_COLORS[step.emotion]
        paras.append(Para(word, size=SMALL_SIZE, italic=True, fill=fill,
                          color=text_color(fill)))
    else:
        feeling = f"{step.feeling} · " if step.feeling else ""
        paras.append(Para(f"{feeling}no score", size=SMALL_SIZE, italic=True, color=MUTED))
    pains = sorted(step.pain_points, key=lambda pain: SEVERITY_RANK[pain.severity])
    if pains:
        worst = pains[0]
        more = f" (+{len(pains) - 1} more)" if len(pains) > 1 else ""
        fill = SEVERITY_COLORS[worst.severity]
        paras.append(Para(worst.text + more, size=SMALL_SIZE, lead=SEVERITY_LEADS[worst.severity],
                          fill=fill, color=text_color(fill)))
    if step.opportunities:
        first = step.opportunities[0]
        more = f" (+{len(step.opportunities) - 1} more)" if len(step.opportunities) > 1 else ""
        fill = STATUS_COLORS[first.status]
        paras.append(Para(first.text + more, size=SMALL_SIZE, lead=STATUS_LEADS[first.status],
                          fill=fill, color=text_color(fill)))
    if step.emotion is None:
        return Cell(tuple(paras), fill="#FFFFFF", border="#777777", dashed=True)
    return Cell(tuple(paras), fill=tint(EMOTION_COLORS[step.emotion], 0.3), border="#444444")


def draw(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The flow view: steps as boxes, arrows by order and `next` branches."""
    canvas = Canvas()
    header = header_cell(journey, info, "flow", persona_in_facts=True)
    cells = [_step_cell(step, info) for _, step in journey.all_steps()]

    stage_headers = []
    for number, stage in enumerate(journey.stages):
        title = [Para(stage.name, size=HEADING_SIZE, bold=True)]
        if stage.goal:
            title.append(Para(f"Goal: {stage.goal}", size=BODY_SIZE, italic=True))
        stage_headers.append(Cell(tuple(title), fill=STAGE_FILLS[number % 2], border="#AAB4BE"))

    boxes: list[Box] = []
    spans: list[tuple[float, float]] = []
    column_x: list[float] = []  # the left edge of each column of boxes
    x = 0.0
    index = 0
    column = 0
    for stage in journey.stages:
        count = len(stage.steps)
        columns = max(1, -(-count // ROWS_PER_COLUMN))
        width = columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP + 2 * STAGE_PAD
        spans.append((x, width))
        for sub in range(columns):
            column_x.append(x + STAGE_PAD + sub * (NODE_WIDTH + COLUMN_GAP))
        for position, step in enumerate(stage.steps):
            sub = position // ROWS_PER_COLUMN
            boxes.append(Box(index, step, node_name("step", step.id, index),
                             column_x[column + sub], 0.0, NODE_WIDTH,
                             cells[index].height(NODE_WIDTH), column + sub))
            index += 1
        column += columns
        x += width + STAGE_GAP
    total_width = max(x - STAGE_GAP, 0.0)

    header_width = min(max(total_width, 560.0), 1400.0)
    header_height = header.height(header_width)
    canvas.box("header", 0, 0, header_width, header_height, header, css_class="header",
               element_id="header")
    top = header_height + 12
    title_height = max(c.height(w) for c, (_, w) in zip(stage_headers, spans, strict=True))

    placed: list[Box] = []
    column_bottom: dict[int, float] = {}
    for box in boxes:
        y = column_bottom.get(box.column, top + title_height + STAGE_PAD)
        placed.append(Box(box.index, box.step, box.name, box.x, y, box.width, box.height,
                          box.column))
        column_bottom[box.column] = y + box.height + ROW_GAP
    boxes_bottom = max(column_bottom.values(), default=top + title_height + STAGE_PAD + 30)
    routes = _routes(placed, column_x, boxes_bottom)
    tracks = max((route.track for route in routes if route.track is not None), default=-1) + 1
    bottom = boxes_bottom - ROW_GAP + STAGE_PAD + (tracks * TRACK + 12 if tracks else 0)

    for number, (stage, (sx, width)) in enumerate(zip(journey.stages, spans, strict=True)):
        paras = stage_headers[number].paras
        if not stage.steps:
            paras = (*paras, Para("(no steps yet)", size=BODY_SIZE, italic=True, color=MUTED))
        canvas.box(node_name("stage", stage.id, number), sx, top, width, bottom - top,
                   Cell(paras, fill=STAGE_FILLS[number % 2], border="#AAB4BE"),
                   css_class="stage", element_id=element_id("stage", stage.id, number))
    for box in placed:
        canvas.box(box.name, box.x, box.y, box.width, box.height, cells[box.index],
                   css_class="step", element_id=element_id("step", box.step.id, box.index))
    for route in routes:
        canvas.line(route.source.name, route.target.name, _polyline(route.points),
                    arrow_to=route.tip, color=route.color,
                    width=1.3 if route.kind == "order" else 1.7,
                    style="dashed" if route.kind == "branch back" else "solid",
                    css_class=route.kind)

    groups = [
        ("Emotion", [*emotion_chips(), Chip("no score (dashed box)", "#FFFFFF", color=MUTED)]),
        ("Pain points", severity_chips()),
        ("Opportunities", status_chips()),
        ("Arrows", [Chip("→ next step", color=ORDER_COLOR, bold=True),
                    Chip("→ branch (next:)", color=BRANCH_COLOR, bold=True),
                    Chip("⇢ goes back", color=BACK_COLOR, bold=True)]),
    ]
    place_footer(canvas, journey, groups, bottom + 16, total_width)
    return canvas


@dataclass(frozen=True)
class _Route:
    source: Box
    target: Box
    kind: str  # order, branch, branch back
    points: list[Point]  # the corners, base of the arrowhead last
    tip: Point
    track: int | None  # the track under the boxes it runs along, if any

    @property
    def color(self) -> str:
        return {"order": ORDER_COLOR, "branch": BRANCH_COLOR}.get(self.kind, BACK_COLOR)


def _routes(placed: list[Box], column_x: list[float], boxes_bottom: float) -> list[_Route]:
    """Every arrow's way between the boxes, in the order of the steps."""
    by_id = {box.step.id: box for box in placed}
    gap_tracks: dict[float, int] = {}  # x of a gap's left edge → arrows already in it
    next_track = 0
    routes: list[_Route] = []

    def gap_x(left_edge: float) -> float:
        used = gap_tracks.get(left_edge, 0)
        gap_tracks[left_edge] = used + 1
        room = max(int((COLUMN_GAP - 2 * ARROW) // TRACK), 1)
        return left_edge + ARROW + 4 + (used % room) * TRACK

    for box in placed:
        targets = box.step.next or (
            [placed[box.index + 1].step.id] if box.index + 1 < len(placed) else []
        )
        for target_id in targets:
            target = by_id.get(target_id)
            if target is None:
                continue
            following = target.index == box.index + 1
            backwards = target.index <= box.index
            kind = "order" if following else ("branch back" if backwards else "branch")
            if target.column == box.column and target.y > box.y and following:
                start = (box.x + box.width / 2, box.y + box.height)
                tip = (target.x + target.width / 2, target.y)
                routes.append(_Route(box, target, kind, [start, (tip[0], tip[1] - ARROW)],
                                     tip, None))
            elif target.column == box.column + 1:
                start, tip = box.side(True, 2 / 3), target.side(False, 1 / 3)
                middle = gap_x(box.x + box.width)
                routes.append(_Route(box, target, kind,
                                     [start, (middle, start[1]), (middle, tip[1]),
                                      (tip[0] - ARROW, tip[1])], tip, None))
            elif target.column == box.column:
                # Out of the right side, down or up the gap beside, back into the right side.
                start, tip = box.side(True, 2 / 3), target.side(True, 1 / 3)
                middle = gap_x(box.x + box.width)
                routes.append(_Route(box, target, kind,
                                     [start, (middle, start[1]), (middle, tip[1]),
                                      (tip[0] + ARROW, tip[1])], tip, None))
            else:
                # Down the gap beside the source, along a track under every box, and up
                # the gap beside the target: forward arrows reach its left side, back
                # arrows its right side.
                forward = target.column > box.column
                start = box.side(forward, 2 / 3)
                tip = target.side(not forward, 1 / 3)
                out_gap = gap_x(box.x + box.width if forward
                                else column_x[box.column - 1] + NODE_WIDTH)
                in_gap = gap_x(column_x[target.column - 1] + NODE_WIDTH if forward
                               else target.x + target.width)
                track_y = boxes_bottom - ROW_GAP + 10 + next_track * TRACK
                base = (tip[0] - ARROW if forward else tip[0] + ARROW, tip[1])
                routes.append(_Route(box, target, kind,
                                     [start, (out_gap, start[1]), (out_gap, track_y),
                                      (in_gap, track_y), (in_gap, tip[1]), base],
                                     tip, next_track))
                next_track += 1
    return routes


def _polyline(corners: list[Point]) -> list[Point]:
    """Straight segments through the corners, as cubic Bézier control points."""
    points = [corners[0]]
    for a, b in pairwise(corners):
        points += straight(a, b)[1:]
    return points
