"""The flow view: steps as boxes in stage groups, arrows by order and by `next` branches.

Positions and arrow routes are computed here, so no crossing minimisation runs: the
drawing takes the same time whether a map has no branch or a hundred. Arrows never
cross a box: an arrow to the box right below goes straight down, one to the next column
crosses the gap between them, and every longer one runs down its column's gap to a
track under all boxes, along it, and up the gap beside its target. Arrows arrive on the
left side (forward) or the right side (back), a third of the way down, and leave two
thirds of the way down, so no arrowhead meets another arrow's start.

With a width (`--page`, `--width`) the stages wrap into rows; with a page height, a
column holds no more boxes than fit the page. An arrow to another row runs along a
track under its row, along the margin left of the rows, and in along a band above the
target row's boxes (or straight into a box of the row's first column). Each stage's
boxes begin right under its own header; the stages that band crosses begin theirs
together, under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from cjm.entities import Entities, entities
from cjm.model import EMOTION_WORDS, JourneyMap, Stage, Step
from cjm.render.canvas import Canvas, Cell, Pager, Para, straight
from cjm.render.info import DrawOptions, MapInfo, channel_of
from cjm.render.parts import (
    PANEL_GAP,
    SEVERITY_ORDER,
    Chip,
    all_pain_points,
    assumed_pain_chip,
    emotion_chips,
    header_cell,
    journey_cells,
    place_footer,
    place_panels,
    severity_chips,
    severity_lead,
    stage_paras,
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
ROW_SPACE = 30.0  # between two rows of stages
MARGIN = 48.0  # left of wrapped rows: the arrows from row to row run down it
ORDER_COLOR = "#555555"
BACK_COLOR = "#AA3377"

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
    row: int = 0
    first: bool = False  # in the first column of its row

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
        if step.emotion_assumed:
            word += " · assumed"
        fill = EMOTION_COLORS[step.emotion]
        paras.append(Para(word, size=SMALL_SIZE, italic=True, fill=fill,
                          color=text_color(fill)))
    else:
        feeling = f"{step.feeling} · " if step.feeling else ""
        paras.append(Para(f"{feeling}no score", size=SMALL_SIZE, italic=True, color=MUTED))
    pains = sorted(step.pain_points, key=lambda pain: SEVERITY_ORDER[pain.severity])
    if pains:
        worst = pains[0]
        more = f" (+{len(pains) - 1} more)" if len(pains) > 1 else ""
        fill = SEVERITY_COLORS[worst.severity]
        paras.append(Para(worst.text + more, size=SMALL_SIZE, lead=severity_lead(worst),
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


@dataclass(frozen=True)
class _Span:
    """The part of one stage that lies in one row."""

    stage: int  # the stage's place in the map
    row: int
    x: float
    width: float
    continued: bool  # the stage began in the row before
    columns: range  # the columns (numbered through the map) this span holds


@dataclass
class _Row:
    top: float = 0.0
    entries: int = 0  # arrows from other rows that come in along the band above the boxes
    tracks: int = 0   # arrows that run along the tracks under the boxes
    boxes_top: float = 0.0  # under the band: where the boxes of the stages it crosses begin
    boxes_bottom: float = 0.0  # under the lowest box, with a row gap
    # Where each column's boxes begin, below the row's top: right under their own stage's
    # header, unless the band runs across the stage.
    column_tops: dict[int, float] = field(default_factory=dict)

    @property
    def bottom(self) -> float:
        return self.boxes_bottom - ROW_GAP + STAGE_PAD + (
            self.tracks * TRACK + 12 if self.tracks else 0)


def _columns(steps: list[int], heights: list[float], room: float | None) -> list[list[int]]:
    """A stage's steps in columns of at most ROWS_PER_COLUMN boxes, no taller than room."""
    columns: list[list[int]] = []
    height = 0.0
    for index in steps:
        box = heights[index]
        if (not columns or len(columns[-1]) >= ROWS_PER_COLUMN
                or (room is not None and height + box > room)):
            columns.append([])
            height = 0.0
        columns[-1].append(index)
        height += box + ROW_GAP
    return columns or [[]]


def _stage_width(columns: int) -> float:
    return columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP + 2 * STAGE_PAD


def _wrap(stage_columns: list[list[list[int]]], width: float | None, left: float
          ) -> tuple[list[_Span], list[tuple[int, float]]]:
    """Stages into rows no wider than width: the spans, and each column's row and x."""
    spans: list[_Span] = []
    columns: list[tuple[int, float]] = []
    row, x = 0, left
    for number, stage in enumerate(stage_columns):
        whole = _stage_width(len(stage))
        # A stage that fits a row of its own starts a new row rather than being cut.
        if (width is not None and x > left and x + whole > width
                and (left + whole <= width or x + _stage_width(1) > width)):
            row, x = row + 1, left
        begin, count, continued = x, 0, False
        for _ in stage:
            if width is not None and count and begin + _stage_width(count + 1) > width:
                spans.append(_Span(number, row, begin, _stage_width(count), continued,
                                   range(len(columns) - count, len(columns))))
                row, begin, count, continued = row + 1, left, 0, True
            columns.append((row, begin + STAGE_PAD + count * (NODE_WIDTH + COLUMN_GAP)))
            count += 1
        spans.append(_Span(number, row, begin, _stage_width(max(count, 1)), continued,
                           range(len(columns) - count, len(columns))))
        x = begin + _stage_width(max(count, 1)) + STAGE_GAP
    return spans, columns


def _stage_cell(stage: Stage, number: int, continued: bool) -> Cell:
    """A stage's name, goal and what hurts or could change across the whole stage."""
    title = [Para(f"{stage.name} (continued)" if continued else stage.name,
                  size=HEADING_SIZE, bold=True)]
    if stage.goal and not continued:
        title.append(Para(f"Goal: {stage.goal}", size=BODY_SIZE, italic=True))
    if not continued:
        title.extend(stage_paras(stage))
    return Cell(tuple(title), fill=STAGE_FILLS[number % 2], border="#AAB4BE")


def _layout(journey: JourneyMap, heights: list[float], options: DrawOptions, reserve: float
            ) -> tuple[list[_Span], list[Box], list[float], float]:
    """Where every stage and box goes in rows: the spans, the boxes (y still 0), each
    column's x and the left margin the arrows between rows run down."""
    room = None
    if options.height is not None:
        titles = max((_stage_cell(stage, 0, False).height(_stage_width(1))
                      for stage in journey.stages), default=30.0)
        room = options.height - titles - 2 * STAGE_PAD - reserve
    stage_columns: list[list[list[int]]] = []
    index = 0
    for stage in journey.stages:
        stage_columns.append(_columns(list(range(index, index + len(stage.steps))), heights,
                                      room))
        index += len(stage.steps)
    spans, columns = _wrap(stage_columns, None, 0.0)
    margin = 0.0
    if options.width is not None and spans[-1].x + spans[-1].width > options.width:
        margin = MARGIN
        spans, columns = _wrap(stage_columns, options.width, margin)
    boxes: list[Box] = []
    column = 0
    steps = journey.all_steps()
    key_of = entities(journey).key_of  # a step's id, unless its name repeats elsewhere
    for members_of_stage in stage_columns:
        for members in members_of_stage:
            row, x = columns[column]
            for place in members:
                step = steps[place][1]
                boxes.append(Box(place, step, node_name("step", key_of(step), place), x, 0.0,
                                 NODE_WIDTH, heights[place], column, row))
            column += 1
    return spans, boxes, [x for _, x in columns], margin


def draw(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The flow view: steps as boxes, arrows by order and `next` branches; with a width,
    stages wrap into rows and arrows between rows run down the left margin."""
    canvas = Canvas()
    found = entities(journey)
    header = header_cell(journey, info, "flow", persona_in_facts=True)
    cells = [_step_cell(step, info) for _, step in journey.all_steps()]
    heights = [cell.height(NODE_WIDTH) for cell in cells]
    reserve = 60.0
    while True:
        spans, boxes, column_x, margin = _layout(journey, heights, options, reserve)
        links = _links(boxes, found)
        rows = _rows(journey, spans, boxes, links)
        tallest = max(row.bottom - row.top for row in rows)
        if options.height is None or tallest <= options.height or reserve >= options.height:
            break
        reserve += 40.0
    total_width = max(span.x + span.width for span in spans)

    header_width = min(max(total_width, 560.0), 1400.0)
    header_height = header.height(header_width)
    canvas.box("header", 0, 0, header_width, header_height, header, css_class="header",
               element_id="header")
    pager = Pager(canvas, options.height, reserve=ROW_SPACE / 2)
    top = place_panels(canvas, "journey", journey_cells(journey), header_height + 6,
                       header_width, "journey", least=header_width / 2 - PANEL_GAP,
                       pager=pager) + 6
    for number, row in enumerate(rows):
        height = row.bottom - row.top
        if number and options.height is None:
            pager.new_page(top - ROW_SPACE / 2)
        else:
            pager.room(top, height, ROW_SPACE if number else 12)
        shift = top - row.top
        row.top, row.boxes_top, row.boxes_bottom = (row.top + shift, row.boxes_top + shift,
                                                    row.boxes_bottom + shift)
        top = row.bottom + ROW_SPACE
    placed = _placed(boxes, rows)
    # The right edges of the stages' last columns where arrows can run outside the
    # stage's outline: before the next stage, or where the page leaves room.
    limit = options.width if options.width is not None else float("inf")
    stage_gaps = {(span.row, span.x + span.width - STAGE_PAD) for number, span
                  in enumerate(spans) if span.x + span.width + STAGE_GAP <= limit
                  or (number + 1 < len(spans) and spans[number + 1].row == span.row)}
    routes = _routes(placed, rows, links, column_x, margin, stage_gaps)

    for span in spans:
        stage, row = journey.stages[span.stage], rows[span.row]
        paras = _stage_cell(stage, span.stage, span.continued).paras
        if not stage.steps:
            paras = (*paras, Para("(no steps yet)", size=BODY_SIZE, italic=True, color=MUTED))
        name = node_name("stage", stage.id, span.stage)
        svg_id = element_id("stage", stage.id, span.stage)
        if span.continued:
            name, svg_id = f"{name}.continued.r{span.row}", f"{svg_id}-continued-r{span.row}"
        canvas.box(name, span.x, row.top, span.width, row.bottom - row.top,
                   Cell(paras, fill=STAGE_FILLS[span.stage % 2], border="#AAB4BE"),
                   css_class="stage", element_id=svg_id)
    for box in placed:
        canvas.box(box.name, box.x, box.y, box.width, box.height, cells[box.index],
                   css_class="step",
                   element_id=element_id("step", found.key_of(box.step), box.index))
    for route in routes:
        canvas.line(route.source.name, route.target.name, _polyline(route.points),
                    arrow_to=route.tip, color=route.color,
                    width=1.3 if route.kind == "order" else 1.7,
                    style="dashed" if route.kind == "branch back" else "solid",
                    css_class=route.kind)

    steps = [step for _, step in journey.all_steps()]
    emotion = [*emotion_chips(), Chip("no score (dashed box)", "#FFFFFF", color=MUTED)]
    if any(step.emotion_assumed and step.emotion is not None for step in steps):
        emotion.append(Chip("· assumed: a score not yet researched", color=MUTED))
    pains = severity_chips()
    if any(pain.assumed for pain in all_pain_points(journey)):
        pains.append(assumed_pain_chip())
    groups = [
        ("Emotion", emotion),
        ("Pain points", pains),
        ("Opportunities", status_chips()),
        ("Arrows", [Chip("→ next step", color=ORDER_COLOR, bold=True),
                    Chip("→ branch (next:)", color=BRANCH_COLOR, bold=True),
                    Chip("⇢ goes back", color=BACK_COLOR, bold=True)]),
    ]
    place_footer(canvas, journey, groups, rows[-1].bottom + 16, total_width, pager)
    return canvas


@dataclass(frozen=True)
class _Link:
    source: Box
    target: Box
    kind: str  # order, branch, branch back

    @property
    def rows_apart(self) -> bool:
        return self.source.row != self.target.row

    @property
    def forward(self) -> bool:
        return self.target.index > self.source.index

    @property
    def enters_by_band(self) -> bool:
        """An arrow from another row reaches its box along the band above the boxes,
        unless it comes forward into the row's first column (straight from the margin)."""
        return self.rows_apart and not (self.forward and self.target.first)

    @property
    def uses_track(self) -> bool:
        """It runs along a track under the boxes of its source's row."""
        if self.rows_apart:
            return self.forward or not self.source.first
        return not (self.target.column == self.source.column
                    or self.target.column == self.source.column + 1)


def _links(boxes: list[Box], found: Entities) -> list[_Link]:
    """Every arrow: each step to the steps its `next:` resolves to (in FOUND, the map's
    entities), or to the following step."""
    first_columns: dict[int, int] = {}
    for box in boxes:
        first_columns.setdefault(box.row, box.column)
    boxes = [replace(box, first=box.column == first_columns[box.row]) for box in boxes]
    by_step = {id(box.step): box for box in boxes}
    links = []
    for box in boxes:
        targets = found.targets(box.step, "next") if box.step.next else (
            [boxes[box.index + 1].step] if box.index + 1 < len(boxes) else [])
        for target_step in targets:
            target = by_step.get(id(target_step))
            if target is None:
                continue
            following = target.index == box.index + 1
            kind = ("order" if following
                    else "branch back" if target.index <= box.index else "branch")
            links.append(_Link(box, target, kind))
    return links


def _rows(journey: JourneyMap, spans: list[_Span], boxes: list[Box], links: list[_Link]
          ) -> list[_Row]:
    """Each row's height and where its boxes begin, stacked from 0.

    A stage's boxes begin right under its own header. The band that arrows from other
    rows come in along runs from the left margin to the last column it reaches, so the
    stages it crosses begin their boxes together, under the band."""
    rows = [_Row() for _ in range(spans[-1].row + 1)]
    reach = [-1] * len(rows)  # the last column of each row that the band reaches
    for link in links:
        if link.enters_by_band:
            rows[link.target.row].entries += 1
            reach[link.target.row] = max(reach[link.target.row], link.target.column)
        if link.uses_track:
            rows[link.source.row].tracks += 1
    headers: list[list[tuple[_Span, float]]] = [[] for _ in rows]
    for span in spans:
        cell = _stage_cell(journey.stages[span.stage], span.stage, span.continued)
        headers[span.row].append((span, cell.height(span.width) + STAGE_PAD))
    column_heights: dict[int, float] = {}
    for box in boxes:
        column_heights[box.column] = column_heights.get(box.column, 0.0) + box.height + ROW_GAP
    top = 0.0
    for number, row in enumerate(rows):
        row.top = top
        crossed = [height for span, height in headers[number] if span.columns[0] <= reach[number]]
        band = max(crossed, default=0.0) + (row.entries * TRACK + 8 if row.entries else 0)
        row.boxes_top = top + band
        lowest = 0.0
        for span, height in headers[number]:
            # A whole stage begins its boxes at one height; a column without boxes still
            # has some room.
            begin = band if span.columns[0] <= reach[number] else height
            for column in span.columns:
                row.column_tops[column] = begin
                lowest = max(lowest, begin + column_heights.get(column, 30.0 + ROW_GAP))
        row.boxes_bottom = top + lowest
        top = row.bottom + ROW_SPACE
    return rows


def _placed(boxes: list[Box], rows: list[_Row]) -> list[Box]:
    """The boxes at their heights: each column's boxes one under the other."""
    placed: list[Box] = []
    bottoms: dict[int, float] = {}
    for box in boxes:
        row = rows[box.row]
        y = bottoms.get(box.column, row.top + row.column_tops[box.column])
        placed.append(replace(box, y=y))
        bottoms[box.column] = y + box.height + ROW_GAP
    return placed


@dataclass(frozen=True)
class _Route:
    source: Box
    target: Box
    kind: str  # order, branch, branch back
    points: list[Point]  # the corners, base of the arrowhead last
    tip: Point

    @property
    def color(self) -> str:
        return {"order": ORDER_COLOR, "branch": BRANCH_COLOR}.get(self.kind, BACK_COLOR)


def _routes(placed: list[Box], rows: list[_Row], links: list[_Link], column_x: list[float],
            margin: float, stage_gaps: set[tuple[int, float]]) -> list[_Route]:
    """Every arrow's way between the boxes, in the order of the steps; the arrows
    between rows after them. STAGE_GAPS: (row, left edge) of the gaps after a stage."""
    by_index = {box.index: box for box in placed}
    gap_tracks: dict[tuple[int, float], int] = {}  # a row's gap (left edge) → arrows in it
    tracks = [0] * len(rows)  # the tracks under each row's boxes already taken
    entries = [0] * len(rows)
    routes: list[_Route] = []

    def gap_x(row: int, left_edge: float) -> float:
        used = gap_tracks.get((row, left_edge), 0)
        gap_tracks[(row, left_edge)] = used + 1
        if (row, left_edge) in stage_gaps:
            # After a stage: outside its outline (and the next one's), not along it.
            room = max(int((STAGE_GAP - 2 * ARROW) // TRACK) + 1, 1)
            return left_edge + STAGE_PAD + ARROW + (used % room) * TRACK
        room = max(int((COLUMN_GAP - 2 * ARROW) // TRACK), 1)
        return left_edge + ARROW + 4 + (used % room) * TRACK

    def track_y(row: int) -> float:
        y = rows[row].boxes_bottom - ROW_GAP + 10 + tracks[row] * TRACK
        tracks[row] += 1
        return y

    between: list[tuple[_Link, Box, Box]] = []
    for link in links:
        box, target = by_index[link.source.index], by_index[link.target.index]
        kind, row = link.kind, box.row
        if link.rows_apart:
            between.append((link, box, target))
        elif target.column == box.column and target.y > box.y and kind == "order":
            start = (box.x + box.width / 2, box.y + box.height)
            tip = (target.x + target.width / 2, target.y)
            routes.append(_Route(box, target, kind, [start, (tip[0], tip[1] - ARROW)], tip))
        elif target.column == box.column + 1:
            start, tip = box.side(True, 2 / 3), target.side(False, 1 / 3)
            middle = gap_x(row, box.x + box.width)
            routes.append(_Route(box, target, kind,
                                 [start, (middle, start[1]), (middle, tip[1]),
                                  (tip[0] - ARROW, tip[1])], tip))
        elif target.column == box.column:
            # Out of the right side, down or up the gap beside, back into the right side.
            start, tip = box.side(True, 2 / 3), target.side(True, 1 / 3)
            middle = gap_x(row, box.x + box.width)
            routes.append(_Route(box, target, kind,
                                 [start, (middle, start[1]), (middle, tip[1]),
                                  (tip[0] + ARROW, tip[1])], tip))
        else:
            # Down the gap beside the source, along a track under every box of the row,
            # and up the gap beside the target: forward arrows reach its left side, back
            # arrows its right side.
            forward = target.column > box.column
            start = box.side(forward, 2 / 3)
            tip = target.side(not forward, 1 / 3)
            out_gap = gap_x(row, box.x + box.width if forward
                            else column_x[box.column - 1] + NODE_WIDTH)
            in_gap = gap_x(row, column_x[target.column - 1] + NODE_WIDTH if forward
                           else target.x + target.width)
            y = track_y(row)
            base = (tip[0] - ARROW if forward else tip[0] + ARROW, tip[1])
            routes.append(_Route(box, target, link.kind,
                                 [start, (out_gap, start[1]), (out_gap, y),
                                  (in_gap, y), (in_gap, tip[1]), base], tip))
    # Between rows: out to a track under the source's row (or straight out into the left
    # margin from the row's first column), along the margin to the target's row, and in
    # along the band above its boxes (or straight into a first column's left side).
    legs: list[tuple[_Link, Box, Box, list[Point], list[Point], tuple[float, float]]] = []
    for link, box, target in between:
        forward = link.forward
        start = box.side(forward, 2 / 3)
        if link.uses_track:
            gap = gap_x(box.row, box.x + box.width if forward
                        else column_x[box.column - 1] + NODE_WIDTH)
            y = track_y(box.row)
            leave = [start, (gap, start[1]), (gap, y)]
        else:
            leave = [start]
        tip = target.side(not forward, 1 / 3)
        base = (tip[0] - ARROW if forward else tip[0] + ARROW, tip[1])
        if link.enters_by_band:
            band = rows[target.row].boxes_top - 8 - (rows[target.row].entries
                                                     - entries[target.row] - 1) * TRACK
            entries[target.row] += 1
            gap = gap_x(target.row, column_x[target.column - 1] + NODE_WIDTH if forward
                        else target.x + target.width)
            arrive = [(gap, band), (gap, tip[1]), base]
        else:
            arrive = [base]
        legs.append((link, box, target, leave, arrive,
                     (min(leave[-1][1], arrive[0][1]), max(leave[-1][1], arrive[0][1]))))
    lanes: list[list[tuple[float, float]]] = []  # the margin's lanes: the heights taken
    room = max(int((margin - 2 * ARROW) // TRACK), 1)
    for link, box, target, leave, arrive, (low, high) in legs:
        lane = next((number for number, taken in enumerate(lanes)
                     if all(high + TRACK < a or low - TRACK > b for a, b in taken)), None)
        if lane is None:
            lane = len(lanes)
            lanes.append([])
        lanes[lane].append((low, high))
        x = margin - ARROW - (lane % room) * TRACK
        points = [*leave, (x, leave[-1][1]), (x, arrive[0][1]), *arrive]
        routes.append(_Route(box, target, link.kind, points, target.side(not link.forward,
                                                                          1 / 3)))
    return routes


def _polyline(corners: list[Point]) -> list[Point]:
    """Straight segments through the corners, as cubic Bézier control points."""
    points = [corners[0]]
    for a, b in pairwise(corners):
        points += straight(a, b)[1:]
    return points
