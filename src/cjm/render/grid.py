"""The grid (and blueprint) view: stages as column groups, steps as columns, lanes as rows.

A long map wraps into rows no wider than the page (`DrawOptions.width`); every row
repeats the lane labels. The emotion curve follows the main path, draws branches apart,
and its labels are placed where they cross neither the curve nor each other.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from cjm.entities import entities
from cjm.model import Better, JourneyMap, Metric, Step
from cjm.render.canvas import Canvas, Cell, Pager, Para, shorten, straight
from cjm.render.info import DrawOptions, ItemMark, MapInfo, StepMark, channel_of
from cjm.render.layout import (
    COLUMN_WIDTH,
    LABEL_WIDTH,
    ROW_GAP,
    STAGE_GAP,
    Column,
    GridColumns,
    StageSpan,
    grid_rows,
    line_height,
    text_width,
)
from cjm.render.parts import (
    Chip,
    all_pain_points,
    assumed_pain_chip,
    channel_chips,
    emotion_chips,
    opportunity_paras,
    pain_paras,
    place_footer,
    place_header,
    severity_chips,
    stage_paras,
    status_chips,
)
from cjm.render.paths import Link, curve_links
from cjm.render.style import (
    BAND_FILLS,
    BODY_SIZE,
    BRANCH_COLOR,
    COMPARE_COLOR,
    EMOTION_COLORS,
    GHOST_FILL,
    HEADING_SIZE,
    LABEL_FILL,
    MET_FILL,
    MUTED,
    NAME_SIZE,
    NOT_MET_FILL,
    SMALL_SIZE,
    STAGE_FILLS,
    element_id,
    node_name,
    text_color,
)

EMOTION_LEVEL = 26.0
EMOTION_PAD = 36.0
POINT_SIZE = 14.0
LINE_GAP = 22.0
BRANCH_BOW = 16.0  # how far a branch's curve bends below the straight line
ROW_SPACE = 28.0

Content = Callable[[Step, MapInfo], list[Para]]


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    hint: str
    content: Content
    always: bool = False
    layer: bool = False  # a layer of the service blueprint, which its dividing lines bound


def _bullets(items: list[str], **style: object) -> list[Para]:
    if len(items) == 1:
        return [Para(items[0], size=BODY_SIZE, **style)]  # type: ignore[arg-type]
    return [Para(f"• {item}", size=BODY_SIZE, **style) for item in items]  # type: ignore[arg-type]


def _step_paras(step: Step, info: MapInfo) -> list[Para]:
    paras = [Para(step.name, size=NAME_SIZE, bold=True)]
    facts = ([f"team: {step.team}"] if step.team else []) + [f"#{tag}" for tag in step.tags]
    if facts:
        paras.append(Para("  ".join(facts), size=SMALL_SIZE, color=MUTED))
    return paras


def _channel_paras(step: Step, info: MapInfo) -> list[Para]:
    paras = []
    if step.channel:
        channel = channel_of(info, step.channel)
        paras.append(Para(channel.label, size=SMALL_SIZE, bold=True, fill=channel.color,
                          color=text_color(channel.color), centered=True))
    if step.touchpoint:
        paras.append(Para(step.touchpoint, size=BODY_SIZE))
    return paras


def _thought_paras(step: Step, info: MapInfo) -> list[Para]:
    return [Para(f"“{thought}”", size=BODY_SIZE, italic=True) for thought in step.thoughts]


def _pain_paras(step: Step, info: MapInfo) -> list[Para]:
    return pain_paras(step.pain_points)


def _opportunity_paras(step: Step, info: MapInfo) -> list[Para]:
    return opportunity_paras(step.opportunities)


STEP = Lane("step", "Step", "what happens", _step_paras, always=True)
CHANNEL = Lane("channel", "Channel", "and touchpoint", _channel_paras)
EVIDENCE = Lane("channel", "Physical evidence", "channel and touchpoint", _channel_paras)
ACTIONS = Lane("actions", "Actions", "what the customer does",
               lambda step, info: _bullets(step.actions))
CUSTOMER_ACTIONS = Lane("actions", "Customer actions", "what the customer does",
                        lambda step, info: _bullets(step.actions))
THOUGHTS = Lane("thoughts", "Thoughts", "what they think", _thought_paras)
PAINS = Lane("pain-points", "Pain points", "by severity", _pain_paras)
FAIL_POINTS = Lane("pain-points", "Pain points", "fail points, by severity", _pain_paras)
OPPORTUNITIES = Lane("opportunities", "Opportunities", "by status, with owner",
                     _opportunity_paras)
FRONTSTAGE = Lane("frontstage", "Frontstage", "what the customer sees us do",
                  lambda step, info: _bullets(step.frontstage), layer=True)
BACKSTAGE = Lane("backstage", "Backstage", "what we do out of sight",
                 lambda step, info: _bullets(step.backstage), layer=True)
SUPPORT = Lane("support", "Support processes", "systems and processes",
               lambda step, info: _bullets(step.support), layer=True)
EMOTION = "emotion"  # the emotion curve's place in a lane order

# A lane order is lanes, the curve and dividing lines. A line bounds the blueprint layer
# under it: it is drawn only when that layer is, and of lines left with no layer between
# them only the last is drawn (the one right above the layer that follows).
GRID_ORDER: list[Lane | str] = [STEP, CHANNEL, ACTIONS, THOUGHTS, EMOTION, PAINS,
                                OPPORTUNITIES]
# The service blueprint's order, top to bottom: physical evidence, customer actions,
# line of interaction, frontstage, line of visibility, backstage, line of internal
# interaction, support processes. The customer's thoughts and the emotion curve belong
# to the customer's zone, above the line of interaction; pain points (the blueprint's
# fail points) and opportunities come last, under every layer, because they concern
# the whole column: a failure backstage shows as a pain at the top.
BLUEPRINT_ORDER: list[Lane | str] = [
    STEP, EVIDENCE, CUSTOMER_ACTIONS, THOUGHTS, EMOTION,
    "line of interaction", FRONTSTAGE, "line of visibility", BACKSTAGE,
    "line of internal interaction", SUPPORT, FAIL_POINTS, OPPORTUNITIES,
]


def draw_grid(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The grid view: the customer's lanes, the emotion curve, pain points, opportunities."""
    return draw(journey, info, options, blueprint=False)


def draw_blueprint(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The blueprint view: the service blueprint's layers under their dividing lines."""
    return draw(journey, info, options, blueprint=True)


def draw(journey: JourneyMap, info: MapInfo, options: DrawOptions, *,
         blueprint: bool = False, lanes: Mapping[str, Lane] | None = None,
         legend: list[tuple[str, list[Chip]]] | None = None) -> Canvas:
    """A grid; `lanes` replaces lanes of the order by key (a drawing of changes draws its
    own step, pain point and opportunity lanes), `legend` leads the legend's groups."""
    canvas = Canvas()
    rows = grid_rows(journey, options.width)
    width = max(row.width for row in rows)
    view = "blueprint" if blueprint else "grid"
    pager = Pager(canvas, options.height, reserve=ROW_SPACE / 2)
    y = place_header(canvas, journey, info, view, width, pager, options.mark_item,
                     options.size)

    steps = [step for _, step in journey.all_steps()]
    order = [lanes.get(item.key, item) if lanes and isinstance(item, Lane) else item
             for item in (BLUEPRINT_ORDER if blueprint else GRID_ORDER)]
    order = _used_order(order, steps, info, canvas, blueprint, options)
    links: dict[int, list[Link]] = {}
    # Where the compared map's curve has points, so that a row knows if it goes on.
    key_of = entities(journey).key_of
    compared = [place for place, step in enumerate(steps)
                if key_of(step) in options.compare_scores]
    for link in curve_links(journey, options.ghosts):
        links.setdefault(link.tail, []).append(link)
        links.setdefault(link.head, []).append(link)
    for number, row in enumerate(rows):
        y = _row(canvas, journey, info, options, row, number, order, links, compared,
                 pager, y)
        y += ROW_SPACE

    groups = [("Emotion", emotion_chips()), ("Pain points", severity_chips()),
              ("Opportunities", status_chips())]
    curve = [Chip("── main path", color="#222222", bold=True),
             Chip("- - branch (next:)", color=BRANCH_COLOR, bold=True),
             Chip("no score: a step without one", color=MUTED)]
    if any(step.emotion_assumed and step.emotion is not None for step in steps):
        curve.append(Chip("hollow dashed point: assumed, not yet researched", color=MUTED))
    if any(pain.assumed for pain in all_pain_points(journey)):
        groups[1] = ("Pain points", [*groups[1][1], assumed_pain_chip()])
    if options.compare_scores:
        curve.append(Chip(f"- - {options.compare_label or 'compared map'}",
                          color="#555555", bold=True))
    groups.insert(1, ("Curve", curve))
    groups[:0] = legend or []
    channels = channel_chips(journey, info)
    if channels:
        groups.append(("Channels", channels))
    place_footer(canvas, journey, groups, y - ROW_SPACE + 10, width, pager)
    return canvas


def _used_order(order: list[Lane | str], steps: list[Step], info: MapInfo, canvas: Canvas,
                blueprint: bool, options: DrawOptions) -> list[Lane | str]:
    """The lane order without the lanes no step fills, and without the dividing lines
    that would bound no layer (or lie right on another line)."""
    kept: list[Lane | str] = []
    line: str | None = None  # the dividing line above the next layer, if one is kept
    left_out: list[str] = []
    for item in order:
        if isinstance(item, str) and item != EMOTION:
            line = item
            continue
        if item == EMOTION:
            used = (any(step.emotion is not None for step in steps)
                    or bool(options.compare_scores))
            title = "Emotion"
        else:
            assert isinstance(item, Lane)
            used = item.always or any(item.content(step, info) for step in steps)
            title = item.title
        if used:
            if line is not None and isinstance(item, Lane) and item.layer:
                kept.append(line)
            line = None
            kept.append(item)
        else:
            left_out.append(title.lower())
    if blueprint and left_out:
        layers = any(isinstance(item, Lane) and item.layer for item in kept)
        lines = "" if layers else ", with the lines between them"
        canvas.notes.append(f"blueprint: no step fills {_words(left_out)}, so "
                            f"{'that lane is' if len(left_out) == 1 else 'those lanes are'} "
                            f"left out{lines}")
    return kept


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _row(canvas: Canvas, journey: JourneyMap, info: MapInfo, options: DrawOptions,
         row: GridColumns, number: int, order: list[Lane | str], links: dict[int, list[Link]],
         compared: list[int], pager: Pager, y: float) -> float:
    """One row of stages: the stage names and every lane under them. On pages of a
    height, a row starts a new page unless it fits whole, and a lane that does not fit
    starts a new page, under the stage names again."""
    suffix = f".r{number}" if number else ""
    parts: list[tuple[float, Callable[[float], float]]] = []  # height, draw at y
    lines: list[str] = []  # a dividing line stays with the lane under it
    for item in order:
        if isinstance(item, str) and item != EMOTION:
            lines.append(item)
            continue
        lane: Callable[[float], float]
        if item == EMOTION:
            height = 2 * EMOTION_PAD + 4 * EMOTION_LEVEL + ROW_GAP
            lane = functools.partial(_emotion_lane, canvas, row, options, links, compared,
                                     suffix=suffix)
        else:
            assert isinstance(item, Lane)
            label, cells, inner = _lane_cells(item, row.columns, info, options)
            height = inner + ROW_GAP
            lane = functools.partial(_place_lane, canvas, item, row.columns, label, cells,
                                     inner, suffix=suffix)
        parts.append((height + LINE_GAP * len(lines), _with_lines(canvas, lines, lane, row,
                                                                  suffix)))
        lines = []
    stages = _stage_cells(row.stages, options.mark_item, options.stage_marks)
    whole = stages[2] + ROW_GAP + sum(height for height, _ in parts)
    continued = [replace(span, continued=True) for span in row.stages]
    if number and pager.height is None:
        pager.new_page(y - ROW_SPACE / 2)  # a page a row
    elif pager.fits_a_page(whole):  # a row starts a new page unless all of it fits on this one
        pager.room(y, whole, ROW_SPACE)
    else:
        # A row taller than a page goes on over pages anyway: it starts on this one,
        # unless on a new page it would be cut fewer times (no page holds only its names
        # and a lane or two).
        assert pager.height is not None  # only pages of a height are ever too short
        heights = [height for height, _ in parts]
        repeat = _stage_cells(continued)[2] + ROW_GAP
        here = _cuts(pager, pager.top, y, stages[2] + ROW_GAP, repeat, heights)
        if (here and pager.room_left(pager.top, y) < pager.height / 2
                and _cuts(pager, y - ROW_SPACE / 2, y, stages[2] + ROW_GAP, repeat,
                          heights) < here):
            pager.new_page(y - ROW_SPACE / 2)
        else:
            pager.room(y, stages[2] + ROW_GAP + (heights[0] if heights else 0), ROW_SPACE)
    y = _stage_row(canvas, row.stages, stages, y, suffix)
    for number_of_part, (height, lane) in enumerate(parts):
        if pager.room(y, height, ROW_GAP):
            y = _stage_row(canvas, continued, _stage_cells(continued), y,
                           f"{suffix}.p{number_of_part}")
        y = lane(y)
    return y


def _cuts(pager: Pager, top: float, y: float, names: float, repeat: float,
          heights: list[float]) -> int:
    """How many times a row of these lane heights is cut by pages when it starts at y
    on a page that begins at top (as `_row` places it; each cut repeats the names)."""
    assert pager.height is not None
    if pager.room_left(top, y) < names + (heights[0] if heights else 0):
        top = y - ROW_SPACE / 2
    cuts, y = 0, y + names
    for height in heights:
        if pager.room_left(top, y) < height and y - ROW_GAP > top:
            cuts, top, y = cuts + 1, y - ROW_GAP / 2, y + repeat
        y += height
    return cuts


def _with_lines(canvas: Canvas, lines: list[str], lane: Callable[[float], float],
                row: GridColumns, suffix: str) -> Callable[[float], float]:
    """A lane drawn under the dividing lines above it."""
    def draw_both(y: float) -> float:
        for item in lines:
            y = _dividing_line(canvas, f"line.{item.replace(' ', '-')}{suffix}", item,
                               row.width, y)
        return lane(y)
    return draw_both


def _stage_cells(stages: list[StageSpan], mark: ItemMark | None = None,
                 stage_marks: Mapping[str, StepMark] | None = None
                 ) -> tuple[list[Cell], Cell, float]:
    """The cells of a row's stage names (a stage's own badges with the caller's MARK,
    a stage's STAGE_MARKS by its id as steps carry theirs), their label and their height."""
    cells = []
    for span in stages:
        stage = span.stage
        name = f"{stage.name} (continued)" if span.continued else stage.name
        paras = [Para(name, size=HEADING_SIZE, bold=True)]
        if stage.goal and not span.continued:
            paras.append(Para(f"Goal: {stage.goal}", size=BODY_SIZE, italic=True))
        if not span.continued:
            paras.extend(_metric_para(metric) for metric in stage.metrics)
            paras.extend(stage_paras(stage, mark))
        if not stage.steps:
            paras.append(Para("(no steps yet)", size=BODY_SIZE, italic=True, color=MUTED))
        cell = Cell(tuple(paras), fill=STAGE_FILLS[span.index % 2], border="#AAB4BE")
        if stage_marks and not span.continued:
            cell = _marked(cell, stage_marks.get(stage.id))
        cells.append(cell)
    height = max([c.height(s.width) for c, s in zip(cells, stages, strict=True)] + [30.0])
    label = Cell((Para("Stages", size=BODY_SIZE, bold=True),), fill=LABEL_FILL, border="#CCCCCC")
    return cells, label, height


def _stage_row(canvas: Canvas, stages: list[StageSpan],
               drawn: tuple[list[Cell], Cell, float], y: float, suffix: str) -> float:
    cells, label, height = drawn
    canvas.box(f"lane.stages{suffix}", 0, y, LABEL_WIDTH, height, label, css_class="lane-label")
    for cell, span in zip(cells, stages, strict=True):
        name = node_name("stage", span.stage.id, span.index)
        svg_id = element_id("stage", span.stage.id, span.index)
        if span.continued:
            name = f"{name}.continued{suffix}"
            svg_id = f"{svg_id}-continued{suffix.replace('.', '-')}"
        canvas.box(name, span.x, y, span.width, height, cell, css_class="stage",
                   element_id=svg_id)
    return y + height + ROW_GAP


def metric_met(metric: Metric) -> bool | None:
    """Whether a metric meets its target, lower-is-better metrics included."""
    return metric.meets_target


def _metric_para(metric: Metric) -> Para:
    unit = f" {metric.unit}" if metric.unit else ""
    text = metric.name
    if metric.value is not None:
        text += f": {metric.value:g}{unit}"
    if metric.target is not None:
        direction = " or less" if metric.better == Better.less else ""
        text += f" (target {metric.target:g}{unit}{direction})"
    met = metric_met(metric)
    if met is None:
        return Para(text, size=SMALL_SIZE, color=MUTED)
    fill = MET_FILL if met else NOT_MET_FILL
    return Para(text, size=SMALL_SIZE, lead="✓ MET" if met else "✗ NOT MET", fill=fill,
                color=text_color(fill))


def _lane_cells(lane: Lane, columns: list[Column], info: MapInfo, options: DrawOptions
                ) -> tuple[Cell, list[Cell], float]:
    """A lane's label, its cells and its height."""
    contents = [lane.content(column.step, info) for column in columns]
    label = Cell((Para(lane.title, size=BODY_SIZE, bold=True),
                  Para(lane.hint, size=SMALL_SIZE, color=MUTED)), fill=LABEL_FILL)
    cells = [_ghost(paras) if column.key in options.ghosts
             else Cell(tuple(paras), fill=BAND_FILLS[column.stage_index % 2])
             for paras, column in zip(contents, columns, strict=True)]
    if options.marks and lane.key == STEP.key:
        cells = [_marked(cell, options.marks.get(column.key))
                 for cell, column in zip(cells, columns, strict=True)]
    return label, cells, max([label.height(LABEL_WIDTH)] + [c.height(COLUMN_WIDTH)
                                                          for c in cells])


def _place_lane(canvas: Canvas, lane: Lane, columns: list[Column], label: Cell,
                cells: list[Cell], height: float, y: float, suffix: str) -> float:
    canvas.box(f"lane.{lane.key}{suffix}", 0, y, LABEL_WIDTH, height, label,
               css_class="lane-label")
    for cell, column in zip(cells, columns, strict=True):
        name = node_name(lane.key, column.key, column.index)
        css = f"cell {lane.key}" + (" step" if lane.key == STEP.key else "")
        svg_id = element_id(lane.key, column.key, column.index)
        canvas.box(name, column.x, y, column.width, height, cell, css_class=css,
                   element_id=svg_id)
    return y + height + ROW_GAP


def _ghost(paras: list[Para]) -> Cell:
    """A step the map no longer has: its words struck (and muted, but on a badge's own
    fill), its outline dashed."""
    return Cell(tuple(replace(para, strike=True, color=MUTED if para.fill is None
                              else para.color) for para in paras),
                fill=GHOST_FILL, dashed=True)


def _marked(cell: Cell, mark: StepMark | None) -> Cell:
    """A step's cell with a caller's mark: a badge first, the outline in its colour."""
    if mark is None:
        return cell
    badge = Para(mark.text, size=SMALL_SIZE, bold=True, fill=mark.fill,
                 color=text_color(mark.fill), centered=True)
    return Cell((badge, *cell.paras), fill=cell.fill, border=mark.fill, dashed=cell.dashed)


Rect = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass
class _Obstacles:
    """What a label must not touch, by column: curve segments, points and placed labels.

    A label stays inside its column, so only what crosses that column can touch it.
    """

    # By column: a segment's ends and the heights it spans inside that column.
    segments: dict[int, list[tuple[tuple[float, float], tuple[float, float], float, float]]]
    boxes: dict[int, list[Rect]]

    def hits(self, rect: Rect, column: int) -> int:
        count = sum(1 for box in self.boxes.get(column, []) if _overlap(rect, box))
        for a, b, low, high in self.segments.get(column, []):
            if rect[3] + 2 >= low and rect[1] - 2 <= high:
                count += _crosses(a, b, rect)
        return count


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _register(obstacles: _Obstacles, a: tuple[float, float], b: tuple[float, float],
              columns: list[Column]) -> None:
    """Note the segment a–b in every column it crosses, with the heights it spans there."""
    left, right = min(a[0], b[0]), max(a[0], b[0])
    slope = (b[1] - a[1]) / (b[0] - a[0]) if b[0] != a[0] else 0.0
    for column in columns:
        x0, x1 = max(column.x, left), min(column.x + column.width, right)
        if x0 > x1:
            continue
        if b[0] == a[0]:  # upright: it spans its whole height
            y0, y1 = a[1], b[1]
        else:
            y0, y1 = a[1] + (x0 - a[0]) * slope, a[1] + (x1 - a[0]) * slope
        obstacles.segments.setdefault(column.index, []).append((a, b, min(y0, y1), max(y0, y1)))


def _crosses(a: tuple[float, float], b: tuple[float, float], rect: Rect) -> bool:
    """Whether the segment a–b passes through rect grown by the line's width (clipping)."""
    left, top, right, bottom = rect[0] - 2, rect[1] - 2, rect[2] + 2, rect[3] + 2
    if (max(a[0], b[0]) < left or min(a[0], b[0]) > right or max(a[1], b[1]) < top
            or min(a[1], b[1]) > bottom):
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for step, room in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top),
                       (dy, bottom - a[1])):
        if step == 0:
            if room < 0:
                return False
            continue
        share = room / step
        if step < 0:
            low = max(low, share)
        else:
            high = min(high, share)
        if low > high:
            return False
    return True


def _emotion_lane(canvas: Canvas, row: GridColumns, options: DrawOptions,
                  links: dict[int, list[Link]], compared_places: list[int],
                  y: float, suffix: str) -> float:
    height = 2 * EMOTION_PAD + 4 * EMOTION_LEVEL
    label = Cell((Para("Emotion", size=BODY_SIZE, bold=True),
                  Para("−2 to +2; dashed grey: neutral", size=SMALL_SIZE, color=MUTED)),
                 fill=LABEL_FILL)
    canvas.box(f"lane.emotion{suffix}", 0, y, LABEL_WIDTH, height, label,
               css_class="lane-label")

    def level(score: int) -> float:
        return y + EMOTION_PAD + (2 - score) * EMOTION_LEVEL

    for score in (2, 1, 0, -1, -2):
        tick = f"{score:+d}".replace("-", "−") if score else "0"
        canvas.text(f"tick.{score + 2}{suffix}", LABEL_WIDTH - 16, level(score),
                    Para(tick, size=SMALL_SIZE, color=MUTED), width=24)
    for column in row.columns:
        cell = (_ghost([]) if column.key in options.ghosts
                else Cell((), fill=BAND_FILLS[column.stage_index % 2]))
        canvas.box(node_name("feel", column.key, column.index), column.x, y, column.width,
                   height, cell, css_class="cell emotion")
    left, right = LABEL_WIDTH + 4.0, row.width
    # A node, not an edge: nodes are drawn in order, so the line lies behind the points.
    canvas.rule(f"neutral{suffix}", left, right, level(0), color="#888888",
                css_class="neutral-line")

    by_place = {column.index: column for column in row.columns}
    first, last = row.columns[0].index if row.columns else 0, (
        row.columns[-1].index if row.columns else -1)
    points: dict[int, tuple[float, float]] = {}
    for column in row.columns:
        if column.step.emotion is not None:
            points[column.index] = (column.center, level(column.step.emotion))

    obstacles = _Obstacles({}, {})  # what the feeling labels must keep off
    # The compared map's curve first, muted, so this map's curve lies over it.
    compared = [(column, options.compare_scores[column.key]) for column in row.columns
                if column.key in options.compare_scores]
    for column, score in compared:
        canvas.point(node_name("compare", column.key, column.index), column.center,
                     level(score), POINT_SIZE * 0.7, "#FFFFFF", css_class="compare-point",
                     stroke=COMPARE_COLOR)
        radius = POINT_SIZE * 0.35
        obstacles.boxes.setdefault(column.index, []).append(
            (column.center - radius, level(score) - radius, column.center + radius,
             level(score) + radius))
    ends: list[tuple[str, tuple[float, float], float]] = [
        (node_name("compare", column.key, column.index), (column.center, level(score)),
         POINT_SIZE * 0.35) for column, score in compared]
    if ends:  # the curve comes from the row before and goes on in the next, as the main one
        if compared_places[0] < first:
            ends.insert(0, (f"neutral{suffix}", (left, ends[0][1][1]), 0))
        if compared_places[-1] > last:
            ends.append((f"neutral{suffix}", (right, ends[-1][1][1]), 0))
    for (tail, a, gap_a), (head, b, gap_b) in itertools.pairwise(ends):
        start, end = shorten(a, b, gap_a, gap_b)
        _register(obstacles, start, end, row.columns)
        canvas.line(tail, head, straight(start, end), color=COMPARE_COLOR, width=2,
                    style="dashed", css_class="compare-curve")

    drawn: list[tuple[Link, tuple[float, float], tuple[float, float]]] = []
    # Only the links with an end in this row: found by place, so rows cost their size.
    sag = BRANCH_BOW * 0.75  # how far below its points a branch's curve runs at most
    touching = sorted({id(link): link for place in points for link in links.get(place, [])
                       }.values(), key=lambda link: (link.tail, link.head))
    for link in touching:
        inside_tail, inside_head = link.tail in points, link.head in points
        if not inside_tail and not inside_head:
            continue
        if inside_tail and inside_head:
            a, b = points[link.tail], points[link.head]
        elif inside_tail:  # goes on in the next row: leave through the right edge
            a = points[link.tail]
            b = (right, a[1] + (0 if link.main else sag))
        else:  # comes from the row before: enter at the left edge
            b = points[link.head]
            a = (left, b[1] + (0 if link.main else sag))
        drawn.append((link, a, b))
        low = by_place[link.tail].index if inside_tail else first
        high = by_place[link.head].index if inside_head else last
        # A branch bows below the straight line, so it never lies on the main path; at a
        # row's edge it stays below the point's height (half a bow).
        bow = BRANCH_BOW * 0.75 if not link.main and inside_tail and inside_head else 0.0
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + bow)
        for c, d in ((a, middle), (middle, b)):
            _register(obstacles, c, d, row.columns[low - first:high - first + 1])
    for link, a, b in drawn:
        start, end = shorten(a, b, POINT_SIZE / 2 if link.tail in points else 0,
                             POINT_SIZE / 2 if link.head in points else 0)
        tail = node_name("emotion", by_place[link.tail].key, link.tail) \
            if link.tail in points else f"neutral{suffix}"
        head = node_name("emotion", by_place[link.head].key, link.head) \
            if link.head in points else f"neutral{suffix}"
        curve = straight(start, end)
        if not link.main and link.tail in points and link.head in points:
            curve = [curve[0], (curve[1][0], curve[1][1] + BRANCH_BOW),
                     (curve[2][0], curve[2][1] + BRANCH_BOW), curve[3]]
        elif not link.main:
            # Half a bow, level at the row's edge: bowed back up to the point's height
            # there, it would look like a change of feeling that is not in the map.
            curve = ([start, curve[1], (curve[2][0], end[1]), end] if link.tail in points
                     else [start, (curve[1][0], start[1]), curve[2], end])
        canvas.line(tail, head, curve,
                    color="#222222" if link.main else BRANCH_COLOR, width=2.2 if link.main else 2,
                    style="dashed" if link.bridged or not link.main else "solid",
                    css_class="emotion-curve" + ("" if link.main else " branch"))

    for column in row.columns:
        emotion = column.step.emotion
        if emotion is None:
            continue
        cx, cy = points[column.index]
        obstacles.boxes.setdefault(column.index, []).append(
            (cx - POINT_SIZE / 2, cy - POINT_SIZE / 2, cx + POINT_SIZE / 2, cy + POINT_SIZE / 2))
        # An assumed score (no research behind it yet) is a hollow point, dashed.
        assumed = column.step.emotion_assumed
        canvas.point(node_name("emotion", column.key, column.index), cx, cy, POINT_SIZE,
                     "#FFFFFF" if assumed else EMOTION_COLORS[emotion],
                     css_class="emotion-point assumed" if assumed else "emotion-point",
                     element_id=element_id("emotion", column.key, column.index),
                     dashed=assumed)
    lane = (y + 3, y + height - 3)
    for column in row.columns:
        step = column.step
        if column.key in options.ghosts:
            continue  # not a step of this map: only the compared curve may score it
        if step.emotion is None:
            text = f"{step.feeling} · no score" if step.feeling else "no score"
            para = Para(text, size=SMALL_SIZE, italic=True, color=MUTED)
            anchors = [(column.center, lane[1] - 2, -1), (column.center, lane[0] + 2, 1),
                       (column.center, level(-1), 0), (column.center, level(1), 0)]
            _place_label(canvas, node_name("noscore", column.key, column.index), para, column,
                         anchors, obstacles, lane, css_class="no-score")
        elif step.feeling or step.emotion_assumed:
            cx, cy = points[column.index]
            words = [step.feeling] if step.feeling else []
            para = Para(" · ".join(words + ["assumed"] * step.emotion_assumed),
                        size=SMALL_SIZE, italic=True)
            gap = POINT_SIZE / 2 + 4
            sides = (1, -1) if step.emotion == 2 else (-1, 1)
            anchors = [(cx, cy + side * gap, side) for side in sides]
            for side in sides:
                anchors += [(cx + 44, cy + side * gap, side), (cx - 44, cy + side * gap, side)]
            anchors += [(cx, cy + side * 2 * gap, side) for side in sides]
            _place_label(canvas, node_name("feeling", column.key, column.index), para, column,
                         anchors, obstacles, lane, css_class="feeling")
    return y + height + ROW_GAP


def _place_label(canvas: Canvas, name: str, para: Para, column: Column,
                 anchors: list[tuple[float, float, int]], obstacles: _Obstacles,
                 lane: tuple[float, float], *, css_class: str) -> None:
    """Put a label at the first anchor where it touches nothing (else the least crowded).

    An anchor is a point and a side: -1 the label sits above it, 1 below, 0 around it.
    """
    width = column.width - 16
    lines = para.lines(width)
    label_width = max(text_width(line, para.size, para.bold) for line in lines)
    label_height = len(lines) * line_height(para.size)
    best: tuple[int, Rect] | None = None
    for ax, ay, side in anchors:
        rect = _label_rect(ax, ay, side, label_width, label_height, column, lane)
        hits = obstacles.hits(rect, column.index)
        if best is None or hits < best[0]:
            best = (hits, rect)
        if hits == 0:
            break
    assert best is not None
    rect = best[1]
    obstacles.boxes.setdefault(column.index, []).append(rect)
    canvas.text(name, (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2, para, width=width,
                css_class=css_class)


def _label_rect(ax: float, ay: float, side: int, width: float, height: float,
                column: Column, lane: tuple[float, float]) -> Rect:
    left = min(max(ax - width / 2, column.x + 4), column.x + column.width - 4 - width)
    top = ay - height if side < 0 else (ay if side > 0 else ay - height / 2)
    top = min(max(top, lane[0]), lane[1] - height)
    return (left, top, left + width, top + height)


def _dividing_line(canvas: Canvas, name: str, title: str, width: float, y: float) -> float:
    middle = y + LINE_GAP / 2 - ROW_GAP / 2
    canvas.text(f"{name}.label", LABEL_WIDTH / 2, middle,
                Para(title, size=SMALL_SIZE, italic=True, color="#333333"), width=LABEL_WIDTH)
    left = LABEL_WIDTH + STAGE_GAP / 2
    canvas.anchor(f"{name}.start", left, middle)
    canvas.anchor(f"{name}.end", width, middle)
    canvas.line(f"{name}.start", f"{name}.end", straight((left, middle), (width, middle)),
                color="#333333", width=1.5, style="dashed", css_class="blueprint-line")
    return y + LINE_GAP
