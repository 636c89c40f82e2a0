"""The flow view: steps as boxes in stage groups, arrows by order and by `next` branches.

Positions and arrow curves are computed here, so no crossing minimisation runs:
the drawing takes the same time whether a map has no branch or a hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjm.model import JourneyMap, Severity, Step
from cjm.render.canvas import Canvas, Cell, Para
from cjm.render.info import DrawOptions, MapInfo, channel_of
from cjm.render.parts import (
    Chip,
    emotion_chips,
    header_cell,
    place_footer,
    severity_chips,
)
from cjm.render.style import (
    EMOTION_COLORS,
    EMOTION_WORDS,
    MUTED,
    NO_EMOTION_COLOR,
    SEVERITY_COLORS,
    SEVERITY_LEADS,
    STAGE_FILLS,
    element_id,
    node_name,
    text_color,
)

NODE_WIDTH = 172.0
ROWS_PER_COLUMN = 5
ROW_GAP = 28.0
COLUMN_GAP = 46.0
STAGE_GAP = 40.0
STAGE_PAD = 14.0
ARROW = 8.0
ORDER_COLOR = "#555555"
BRANCH_COLOR = "#4477AA"
BACK_COLOR = "#AA3377"


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

    @property
    def left(self) -> tuple[float, float]:
        return (self.x, self.y + self.height / 2)

    @property
    def right(self) -> tuple[float, float]:
        return (self.x + self.width, self.y + self.height / 2)


def _step_cell(step: Step, info: MapInfo) -> Cell:
    paras = [Para(step.name, bold=True)]
    if step.channel:
        channel = channel_of(info, step.channel)
        paras.append(Para(channel.label, size=8, bold=True, fill=channel.color,
                          color=text_color(channel.color)))
    if step.emotion is not None:
        word = step.feeling or EMOTION_WORDS[step.emotion]
        paras.append(Para(f"{word} ({step.emotion:+d})".replace("+0", "0"), size=8, italic=True))
    if step.pain_points:
        worst = max(step.pain_points, key=lambda p: list(Severity).index(p.severity)).severity
        count = len(step.pain_points)
        paras.append(Para(f"{count} pain point{'s' * (count != 1)}", size=8,
                          lead=SEVERITY_LEADS[worst], fill=SEVERITY_COLORS[worst]))
    if step.opportunities:
        count = len(step.opportunities)
        paras.append(Para(f"{count} opportunit{'ies' if count != 1 else 'y'}", size=8,
                          color=MUTED))
    fill = EMOTION_COLORS[step.emotion] if step.emotion is not None else NO_EMOTION_COLOR
    return Cell(tuple(paras), fill=fill, border="#444444")


def draw(journey: JourneyMap, info: MapInfo, options: DrawOptions) -> Canvas:
    """The flow view: steps as boxes, arrows by order and `next` branches."""
    canvas = Canvas()
    header = header_cell(journey, info, "flow")
    cells = [_step_cell(step, info) for _, step in journey.all_steps()]

    # Stage headers first: every stage box starts at the same height.
    stage_headers = []
    for number, stage in enumerate(journey.stages):
        title = [Para(stage.name, size=12, bold=True)]
        if stage.goal:
            title.append(Para(f"Goal: {stage.goal}", size=9, italic=True))
        stage_headers.append(Cell(tuple(title), fill=STAGE_FILLS[number % 2], border="#AAB4BE"))

    boxes: list[Box] = []
    spans: list[tuple[float, float]] = []
    x = 0.0
    index = 0
    column = 0
    for stage in journey.stages:
        count = len(stage.steps)
        columns = max(1, -(-count // ROWS_PER_COLUMN))
        width = columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP + 2 * STAGE_PAD
        spans.append((x, width))
        for position, step in enumerate(stage.steps):
            sub = position // ROWS_PER_COLUMN
            boxes.append(Box(index, step, node_name("step", step.id, index),
                             x + STAGE_PAD + sub * (NODE_WIDTH + COLUMN_GAP), 0.0, NODE_WIDTH,
                             cells[index].height(NODE_WIDTH), column + sub))
            index += 1
        column += columns
        x += width + STAGE_GAP
    total_width = max(x - STAGE_GAP, 0.0)

    header_width = min(max(total_width, 560.0), 1100.0)
    header_height = header.height(header_width)
    canvas.box("header", 0, 0, header_width, header_height, header, css_class="header",
               element_id="header")
    top = header_height + 12
    title_height = max(c.height(w) for c, (_, w) in zip(stage_headers, spans, strict=True))

    # Steps fall into place column by column, under their stage's title.
    placed: list[Box] = []
    column_bottom: dict[int, float] = {}
    for box in boxes:
        y = column_bottom.get(box.column, top + title_height + STAGE_PAD)
        placed.append(Box(box.index, box.step, box.name, box.x, y, box.width, box.height,
                          box.column))
        column_bottom[box.column] = y + box.height + ROW_GAP
    bottom = max(column_bottom.values(), default=top + title_height + STAGE_PAD + 30)
    bottom = bottom - ROW_GAP + STAGE_PAD

    for number, (stage, (sx, width)) in enumerate(zip(journey.stages, spans, strict=True)):
        paras = stage_headers[number].paras
        if not stage.steps:
            paras = (*paras, Para("(no steps yet)", size=9, italic=True, color=MUTED))
        canvas.box(node_name("stage", stage.id, number), sx, top, width, bottom - top,
                   Cell(paras, fill=STAGE_FILLS[number % 2], border="#AAB4BE"),
                   css_class="stage", element_id=element_id("stage", stage.id, number))
    for box in placed:
        canvas.box(box.name, box.x, box.y, box.width, box.height, cells[box.index],
                   css_class="step", element_id=element_id("step", box.step.id, box.index))

    by_id = {box.step.id: box for box in placed}
    for box in placed:
        targets = box.step.next or (
            [placed[box.index + 1].step.id] if box.index + 1 < len(placed) else []
        )
        for target_id in targets:
            target = by_id.get(target_id)
            if target is not None:
                _arrow(canvas, box, target)

    groups = [
        ("Emotion", emotion_chips()),
        ("Pain points", severity_chips()),
        ("Arrows", [Chip("→ next step", color=ORDER_COLOR, bold=True),
                    Chip("→ branch (next:)", color=BRANCH_COLOR, bold=True),
                    Chip("⇢ goes back", color=BACK_COLOR, bold=True)]),
    ]
    place_footer(canvas, journey, groups, bottom + 16, total_width)
    return canvas


def _arrow(canvas: Canvas, source: Box, target: Box) -> None:
    """An arrow between two boxes, its curve chosen by where they sit."""
    following = target.index == source.index + 1
    backwards = target.index <= source.index
    color = ORDER_COLOR if following else (BACK_COLOR if backwards else BRANCH_COLOR)
    css = "order" if following else ("branch back" if backwards else "branch")
    if target.column == source.column and following:
        start = (source.x + source.width / 2, source.y + source.height)
        tip = (target.x + target.width / 2, target.y)
        base = (tip[0], tip[1] - ARROW)
        points = [start, (start[0], start[1] + 4), (base[0], base[1] - 4), base]
    elif target.x > source.x + source.width:
        start, tip = source.right, target.left
        base = (tip[0] - ARROW, tip[1])
        pull = max(20.0, (base[0] - start[0]) / 2)
        points = [start, (start[0] + pull, start[1]), (base[0] - pull, base[1]), base]
    elif target.x + target.width < source.x:
        start, tip = source.left, target.right
        base = (tip[0] + ARROW, tip[1])
        pull = max(20.0, (start[0] - base[0]) / 2)
        points = [start, (start[0] - pull, start[1]), (base[0] + pull, base[1]), base]
    else:
        # Same column, not the box right below: a loop out to the right.
        start, tip = source.right, target.right
        base = (tip[0] + ARROW, tip[1])
        pull = min(COLUMN_GAP * 1.1, 18 + abs(tip[1] - start[1]) * 0.15)
        points = [start, (start[0] + pull, start[1]), (base[0] + pull, base[1]), base]
    canvas.line(source.name, target.name, points, arrow_to=tip, color=color,
                width=1.2 if following else 1.6, style="dashed" if backwards else "solid",
                css_class=css)
