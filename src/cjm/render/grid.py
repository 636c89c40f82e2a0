"""The grid (and blueprint) view: stages as column groups, steps as columns, lanes as rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from cjm.model import JourneyMap, OpportunityStatus, Step
from cjm.render.canvas import Canvas, Cell, Para, shorten, straight
from cjm.render.info import DrawOptions, MapInfo, StepMark, channel_of
from cjm.render.layout import (
    COLUMN_WIDTH,
    LABEL_WIDTH,
    ROW_GAP,
    STAGE_GAP,
    Column,
    grid_columns,
    line_height,
)
from cjm.render.parts import (
    channel_chips,
    emotion_chips,
    header_cell,
    place_footer,
    severity_chips,
    status_chips,
)
from cjm.render.style import (
    BAND_FILLS,
    EMOTION_COLORS,
    LABEL_FILL,
    MUTED,
    SEVERITY_COLORS,
    SEVERITY_LEADS,
    STAGE_FILLS,
    STATUS_COLORS,
    STATUS_LEADS,
    element_id,
    node_name,
    text_color,
)

HEADER_MAX_WIDTH = 1100.0
EMOTION_LEVEL = 22.0
EMOTION_PAD = 24.0
POINT_SIZE = 13.0
LINE_GAP = 20.0


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    hint: str
    content: Callable[[Step, MapInfo], list[Para]]
    always: bool = False


def _bullets(items: list[str], **style: object) -> list[Para]:
    if len(items) == 1:
        return [Para(items[0], **style)]  # type: ignore[arg-type]
    return [Para(f"• {item}", **style) for item in items]  # type: ignore[arg-type]


def _step_paras(step: Step, info: MapInfo) -> list[Para]:
    paras = [Para(step.name, size=11, bold=True)]
    facts = ([f"team: {step.team}"] if step.team else []) + [f"#{tag}" for tag in step.tags]
    if facts:
        paras.append(Para("  ".join(facts), size=8, color=MUTED))
    return paras


def _channel_paras(step: Step, info: MapInfo) -> list[Para]:
    paras = []
    if step.channel:
        channel = channel_of(info, step.channel)
        paras.append(Para(channel.label, size=9, bold=True, fill=channel.color,
                          color=text_color(channel.color)))
    if step.touchpoint:
        paras.append(Para(step.touchpoint, size=9))
    return paras


def _thought_paras(step: Step, info: MapInfo) -> list[Para]:
    return [Para(f"“{thought}”", italic=True) for thought in step.thoughts]


def _pain_paras(step: Step, info: MapInfo) -> list[Para]:
    paras = []
    for pain in step.pain_points:
        text = pain.text
        if pain.evidence:
            text += f" [{', '.join(pain.evidence)}]"
        paras.append(Para(text, size=9, lead=SEVERITY_LEADS[pain.severity],
                          fill=SEVERITY_COLORS[pain.severity]))
    return paras


def _opportunity_paras(step: Step, info: MapInfo) -> list[Para]:
    paras = []
    for opportunity in step.opportunities:
        owner = f"owner: {opportunity.owner}" if opportunity.owner else "no owner"
        text = f"{opportunity.text} — {owner}"
        if opportunity.link and opportunity.link.lower().startswith(("http://", "https://")):
            text += " ↗"
        paras.append(Para(text, size=9, lead=STATUS_LEADS[opportunity.status],
                          fill=STATUS_COLORS[opportunity.status], link=opportunity.link,
                          strike=opportunity.status is OpportunityStatus.dropped))
    return paras


CUSTOMER_LANES = [
    Lane("step", "Step", "what happens", _step_paras, always=True),
    Lane("channel", "Channel", "and touchpoint", _channel_paras),
    Lane("actions", "Actions", "what the customer does",
         lambda step, info: _bullets(step.actions)),
    Lane("thoughts", "Thoughts", "what they think", _thought_paras),
]
OUTCOME_LANES = [
    Lane("pain-points", "Pain points", "by severity", _pain_paras),
    Lane("opportunities", "Opportunities", "by status, with owner", _opportunity_paras),
]
BLUEPRINT_LANES = [
    ("line of interaction",
     Lane("frontstage", "Frontstage", "what the customer sees us do",
          lambda step, info: _bullets(step.frontstage, size=9), always=True)),
    ("line of visibility",
     Lane("backstage", "Backstage", "what we do out of sight",
          lambda step, info: _bullets(step.backstage, size=9), always=True)),
    ("line of internal interaction",
     Lane("support", "Support", "systems and processes",
          lambda step, info: _bullets(step.support, size=9), always=True)),
]


def draw_grid(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The grid view: the customer's lanes, the emotion curve, pain points, opportunities."""
    return draw(journey, info, options, blueprint=False)


def draw_blueprint(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The blueprint view: the grid plus the service lanes under their dividing lines."""
    return draw(journey, info, options, blueprint=True)


def draw(journey: JourneyMap, info: MapInfo, options: DrawOptions, *,
         blueprint: bool = False) -> Canvas:
    canvas = Canvas()
    grid = grid_columns(journey)
    view = "blueprint" if blueprint else "grid"

    header = header_cell(journey, info, view)
    header_width = min(max(grid.width, 560.0), HEADER_MAX_WIDTH)
    header_height = header.height(header_width)
    canvas.box("header", 0, 0, header_width, header_height, header, css_class="header",
               element_id="header")
    y = header_height + 8

    y = _stage_row(canvas, journey, grid.stages, y)
    for lane in CUSTOMER_LANES:
        y = _lane(canvas, lane, grid.columns, info, y, options.marks)
    if any(step.emotion is not None for _, step in journey.all_steps()):
        y = _emotion_lane(canvas, grid.columns, grid.width, y)
    for lane in OUTCOME_LANES:
        y = _lane(canvas, lane, grid.columns, info, y)
    if blueprint:
        for number, (line_name, lane) in enumerate(BLUEPRINT_LANES):
            y = _dividing_line(canvas, f"line.{number}", line_name, grid.width, y)
            y = _lane(canvas, lane, grid.columns, info, y)

    groups = [("Emotion", emotion_chips()), ("Pain points", severity_chips()),
              ("Opportunities", status_chips())]
    channels = channel_chips(journey, info)
    if channels:
        groups.append(("Channels", channels))
    place_footer(canvas, journey, groups, y + 10, grid.width)
    return canvas


def _stage_row(canvas: Canvas, journey: JourneyMap, stages: list, y: float) -> float:  # type: ignore[type-arg]
    cells = []
    for span in stages:
        stage = span.stage
        paras = [Para(stage.name, size=12, bold=True)]
        if stage.goal:
            paras.append(Para(f"Goal: {stage.goal}", size=9, italic=True))
        for metric in stage.metrics:
            paras.append(Para(_metric_text(metric), size=8, color=MUTED))
        if not stage.steps:
            paras.append(Para("(no steps yet)", size=9, italic=True, color=MUTED))
        cells.append(Cell(tuple(paras), fill=STAGE_FILLS[span.index % 2], border="#AAB4BE"))
    height = max([c.height(s.width) for c, s in zip(cells, stages, strict=True)] + [30.0])
    label = Cell((Para("Stages", bold=True),), fill=LABEL_FILL, border="#CCCCCC")
    canvas.box("lane.stages", 0, y, LABEL_WIDTH, height, label, css_class="lane-label")
    for cell, span in zip(cells, stages, strict=True):
        canvas.box(node_name("stage", span.stage.id, span.index), span.x, y, span.width, height,
                   cell, css_class="stage",
                   element_id=element_id("stage", span.stage.id, span.index))
    return y + height + ROW_GAP


def _metric_text(metric: object) -> str:
    from cjm.model import Metric

    assert isinstance(metric, Metric)
    unit = f" {metric.unit}" if metric.unit else ""
    text = metric.name
    if metric.value is not None:
        text += f": {metric.value:g}{unit}"
    if metric.target is not None:
        text += f" (target {metric.target:g}{unit}"
        met = metric.meets_target
        text += ", met)" if met else (", not met)" if met is False else ")")
    return text


def _lane(canvas: Canvas, lane: Lane, columns: list[Column], info: MapInfo, y: float,
          marks: Mapping[str, StepMark] | None = None) -> float:
    contents = [lane.content(column.step, info) for column in columns]
    if not lane.always and not any(contents):
        return y
    label = Cell((Para(lane.title, bold=True), Para(lane.hint, size=8, color=MUTED)),
                 fill=LABEL_FILL)
    cells = [Cell(tuple(paras), fill=BAND_FILLS[column.stage_index % 2])
             for paras, column in zip(contents, columns, strict=True)]
    if marks:
        cells = [_marked(cell, marks.get(column.step.id))
                 for cell, column in zip(cells, columns, strict=True)]
    height = max([label.height(LABEL_WIDTH)] + [c.height(COLUMN_WIDTH) for c in cells])
    canvas.box(f"lane.{lane.key}", 0, y, LABEL_WIDTH, height, label, css_class="lane-label")
    for index, (cell, column) in enumerate(zip(cells, columns, strict=True)):
        name = node_name(lane.key, column.step.id, index)
        css = f"cell {lane.key}" + (" step" if lane.key == "step" else "")
        svg_id = element_id(lane.key, column.step.id, index)
        canvas.box(name, column.x, y, column.width, height, cell, css_class=css,
                   element_id=svg_id)
    return y + height + ROW_GAP


def _marked(cell: Cell, mark: StepMark | None) -> Cell:
    """A step's cell with a caller's mark: a badge first, the outline in its colour."""
    if mark is None:
        return cell
    badge = Para(mark.text, size=9, bold=True, fill=mark.fill, color=text_color(mark.fill))
    return Cell((badge, *cell.paras), fill=cell.fill, border=mark.fill)


def _emotion_lane(canvas: Canvas, columns: list[Column], width: float, y: float) -> float:
    height = 2 * EMOTION_PAD + 4 * EMOTION_LEVEL
    label = Cell((Para("Emotion", bold=True), Para("dashed line: neutral", size=8, color=MUTED)),
                 fill=LABEL_FILL)
    canvas.box("lane.emotion", 0, y, LABEL_WIDTH, height, label, css_class="lane-label")

    def level(score: int) -> float:
        return y + EMOTION_PAD + (2 - score) * EMOTION_LEVEL

    for score in (2, 1, 0, -1, -2):
        tick = f"{score:+d}".replace("-", "−") if score else "0"
        canvas.text(f"tick.{score + 2}", LABEL_WIDTH - 14, level(score),
                    Para(tick, size=9, color=MUTED))
    for index, column in enumerate(columns):
        canvas.box(node_name("feel", column.step.id, index), column.x, y, column.width, height,
                   Cell((), fill=BAND_FILLS[column.stage_index % 2]), css_class="cell emotion")
    left, right = LABEL_WIDTH + 4.0, width
    canvas.anchor("neutral.start", left, level(0))
    canvas.anchor("neutral.end", right, level(0))
    canvas.line("neutral.start", "neutral.end", straight((left, level(0)), (right, level(0))),
                color="#888888", style="dashed", css_class="neutral-line")

    scored = [(index, column, column.step.emotion) for index, column in enumerate(columns)
              if column.step.emotion is not None]
    for position, (index, column, score) in enumerate(scored):
        assert score is not None
        name = node_name("emotion", column.step.id, index)
        canvas.point(name, column.center, level(score), POINT_SIZE, EMOTION_COLORS[score],
                     css_class="emotion-point",
                     element_id=element_id("emotion", column.step.id, index))
        if column.step.feeling:
            neighbours = [s for _, _, s in scored[max(position - 1, 0):position + 2]
                          if s is not None]
            below = sum(neighbours) / len(neighbours) > score or score == 2
            lines = len(Para(column.step.feeling, size=9).lines(column.width - 16))
            offset = POINT_SIZE / 2 + 3 + lines * line_height(9) / 2
            canvas.text(node_name("feeling", column.step.id, index), column.center,
                        level(score) + (offset if below else -offset),
                        Para(column.step.feeling, size=9, italic=True),
                        width=column.width - 16)
    for (index_a, column_a, score_a), (index_b, column_b, score_b) in pairwise(scored):
        assert score_a is not None and score_b is not None
        start, end = shorten((column_a.center, level(score_a)),
                             (column_b.center, level(score_b)),
                             POINT_SIZE / 2, POINT_SIZE / 2)
        canvas.line(node_name("emotion", column_a.step.id, index_a),
                    node_name("emotion", column_b.step.id, index_b),
                    straight(start, end), color="#222222", width=2,
                    style="solid" if index_b == index_a + 1 else "dashed",
                    css_class="emotion-curve")
    return y + height + ROW_GAP


def _dividing_line(canvas: Canvas, name: str, title: str, width: float, y: float) -> float:
    middle = y + LINE_GAP / 2 - ROW_GAP / 2
    canvas.text(f"{name}.label", LABEL_WIDTH / 2, middle,
                Para(title, size=9, italic=True, color="#333333"), width=LABEL_WIDTH)
    left = LABEL_WIDTH + STAGE_GAP / 2
    canvas.anchor(f"{name}.start", left, middle)
    canvas.anchor(f"{name}.end", width, middle)
    canvas.line(f"{name}.start", f"{name}.end", straight((left, middle), (width, middle)),
                color="#333333", width=1.5, style="dashed", css_class="blueprint-line")
    return y + LINE_GAP
