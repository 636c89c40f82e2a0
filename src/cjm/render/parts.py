"""The parts every view shares: the header, the legend, the evidence list and the footer."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.model import (
    EMOTION_WORDS,
    JourneyMap,
    Opportunity,
    OpportunityStatus,
    PainPoint,
    Severity,
    Stage,
    review_due,
)
from cjm.render.canvas import Canvas, Cell, Pager, Para
from cjm.render.escape import html_text
from cjm.render.info import ItemMark, MapInfo, channel_of
from cjm.render.layout import text_width
from cjm.render.style import (
    BODY_SIZE,
    EMOTION_COLORS,
    FUTURE_FILL,
    MUTED,
    NAME_SIZE,
    PANEL_FILL,
    SEVERITY_COLORS,
    SEVERITY_LEADS,
    SMALL_SIZE,
    STATUS_COLORS,
    STATUS_LEADS,
    TITLE_SIZE,
    text_color,
)

NBSP = "\u00a0"
HEADER_MAX_WIDTH = 1400.0
PANEL_MIN_WIDTH = 240.0
PANEL_WIDE = 320.0  # a persona panel's cell where the drawing has room
PANEL_GAP = 6.0


def _unbroken(text: str) -> str:
    """Text whose words stay on one line together (no-break spaces)."""
    return text.replace(" ", NBSP)


def header_cell(journey: JourneyMap, info: MapInfo, view: str, *,
                persona_in_facts: bool = False, size: tuple[int, int] | None = None
                ) -> Cell:
    """Title, state, owner and review dates, the description; each fact kept whole.

    The persona is named among the facts when no persona panel shows it.
    """
    facts: list[str] = []
    persona = info.persona
    persona_id = journey.persona_id()
    if persona is not None and persona_in_facts:
        segment = f" ({persona.segment})" if persona.segment else ""
        facts.append(f"Persona: {persona.name}{segment}")
    elif persona is None:
        facts.append(f"Persona: {persona_id}" if persona_id else "Persona: none")
    state = "current (as it is)" if journey.state == "current" else "future (as planned)"
    facts.append(f"State: {state}")
    facts.append(f"Owner: {journey.owner or 'none'}")
    if journey.reviewed is not None:
        every = journey.review_every or info.review_every
        due = review_due(journey.reviewed, every)
        facts.append(f"Last review: {journey.reviewed.isoformat()} (next by {due.isoformat()})")
    else:
        facts.append("Last review: never")
    stages, steps = size or (len(journey.stages), len(journey.all_steps()))
    facts.append(f"{stages} stage{'s' * (stages != 1)}, {steps} step{'s' * (steps != 1)}")
    facts.append(f"{view} view")
    paras = [Para(journey.title, size=TITLE_SIZE, bold=True, no_orphans=True),
             Para("   ·   ".join(_unbroken(fact) for fact in facts), size=SMALL_SIZE,
                  color=MUTED)]
    if journey.description:
        paras.append(Para(" ".join(journey.description.split()), size=BODY_SIZE, italic=True,
                          no_orphans=True))
    return Cell(tuple(paras), fill="#FFFFFF", border="#FFFFFF")


SEVERITY_ORDER = {Severity.high: 0, Severity.medium: 1, Severity.low: 2}
ASSUMED = "ASSUMED"  # the word that marks a claim no research backs yet


def all_pain_points(journey: JourneyMap) -> list[PainPoint]:
    """Every pain point of the map: the whole journey's, each stage's, each step's."""
    return [*journey.pain_points,
            *(pain for stage in journey.stages for pain in stage.pain_points),
            *(pain for _, step in journey.all_steps() for pain in step.pain_points)]


def all_opportunities(journey: JourneyMap) -> list[Opportunity]:
    """Every opportunity of the map: the whole journey's, each stage's, each step's."""
    return [*journey.opportunities,
            *(chance for stage in journey.stages for chance in stage.opportunities),
            *(chance for _, step in journey.all_steps() for chance in step.opportunities)]


def severity_lead(pain: PainPoint) -> str:
    """A pain point's badge word: its severity, and ASSUMED when nothing backs it yet."""
    lead = SEVERITY_LEADS[pain.severity]
    return f"{lead} · {ASSUMED}" if pain.assumed else lead


def pain_paras(pains: list[PainPoint], mark: ItemMark | None = None) -> list[Para]:
    """Pain points as badges, the most severe first, with the evidence they cite (and
    the caller's MARK)."""
    paras = []
    for pain in sorted(pains, key=lambda pain: SEVERITY_ORDER[pain.severity]):
        text = pain.text
        if pain.evidence:
            text += f" [{', '.join(pain.evidence)}]"
        fill = SEVERITY_COLORS[pain.severity]
        para = Para(text, size=SMALL_SIZE, lead=severity_lead(pain), fill=fill,
                    color=text_color(fill))
        paras.append(mark(pain, para) if mark is not None else para)
    return paras


def opportunity_paras(opportunities: list[Opportunity], mark: ItemMark | None = None
                      ) -> list[Para]:
    """Opportunities as badges by status, with their owner (a dropped one struck), and
    the caller's MARK."""
    paras = []
    for opportunity in opportunities:
        owner = f"owner: {opportunity.owner}" if opportunity.owner else "no owner"
        text = f"{opportunity.text} — {owner}"
        if opportunity.link and opportunity.link.lower().startswith(("http://", "https://")):
            text += " ↗"
        fill = STATUS_COLORS[opportunity.status]
        para = Para(text, size=SMALL_SIZE, lead=STATUS_LEADS[opportunity.status],
                    fill=fill, color=text_color(fill), link=opportunity.link,
                    strike=opportunity.status is OpportunityStatus.dropped)
        paras.append(mark(opportunity, para) if mark is not None else para)
    return paras


def _fact(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _list_cell(title: str, items: list[str]) -> Cell:
    paras = [Para(title, size=SMALL_SIZE, bold=True, color=MUTED)]
    paras += [Para(f"• {item}" if len(items) > 1 else item, size=BODY_SIZE, no_orphans=True)
              for item in items]
    return Cell(tuple(paras), fill=PANEL_FILL, border="#CCCCCC")


def persona_cells(journey: JourneyMap, info: MapInfo) -> list[Cell]:
    """The persona panel: who it is, their goals, needs and frustrations, the scenario."""
    persona = info.persona
    cells: list[Cell] = []
    if persona is not None:
        who = [Para("Persona", size=SMALL_SIZE, bold=True, color=MUTED),
               Para(persona.name, size=NAME_SIZE, bold=True)]
        if persona.segment:
            who.append(Para(persona.segment, size=BODY_SIZE, color=MUTED))
        for label, value in persona.facts.items():
            who.append(Para(_fact(value), size=BODY_SIZE, lead=f"{label}:"))
        if persona.description:
            who.append(Para(" ".join(persona.description.split()), size=BODY_SIZE,
                            no_orphans=True))
        if persona.quote:
            who.append(Para(f"“{persona.quote.strip()}”", size=BODY_SIZE, italic=True,
                            no_orphans=True))
        cells.append(Cell(tuple(who), fill=PANEL_FILL, border="#CCCCCC"))
    # The situation the journey covers comes right after who lives it.
    if journey.scenario and journey.scenario.strip():
        cells.append(_list_cell("Scenario", [" ".join(journey.scenario.split())]))
    if persona is not None:
        for title, items in (("Goals", persona.goals), ("Needs", persona.needs),
                             ("Expectations", persona.expectations),
                             ("Frustrations", persona.frustrations)):
            if items:
                cells.append(_list_cell(title, list(items)))
    return cells


def stage_paras(stage: Stage, mark: ItemMark | None = None) -> list[Para]:
    """The pain points and opportunities of a stage as a whole, under its name."""
    paras = [*pain_paras(stage.pain_points, mark),
             *opportunity_paras(stage.opportunities, mark)]
    if not paras:
        return []
    return [Para("Across the stage", size=SMALL_SIZE, bold=True, color=MUTED), *paras]


def journey_cells(journey: JourneyMap, mark: ItemMark | None = None) -> list[Cell]:
    """The pain points and opportunities of the whole journey, not of one stage or step."""
    cells = []
    for title, paras in (("Pain points across the journey",
                          pain_paras(journey.pain_points, mark)),
                         ("Opportunities across the journey",
                          opportunity_paras(journey.opportunities, mark))):
        if paras:
            cells.append(Cell((Para(title, size=SMALL_SIZE, bold=True, color=MUTED), *paras),
                              fill=PANEL_FILL, border="#CCCCCC"))
    return cells


def place_panels(canvas: Canvas, name: str, cells: list[Cell], y: float, width: float,
                 css_class: str, *, least: float = PANEL_MIN_WIDTH,
                 pager: Pager | None = None) -> float:
    """Cells side by side, as many a row as are at least `least` wide; returns y below.
    On pages of a height, a row that does not fit starts a new page."""
    if not cells:
        return y
    per_row = max(1, min(len(cells), int((width + PANEL_GAP) // (least + PANEL_GAP))))
    per_row = -(-len(cells) // -(-len(cells) // per_row))  # rows filled alike
    for start in range(0, len(cells), per_row):
        row = cells[start:start + per_row]
        cell_width = (width - PANEL_GAP * (per_row - 1)) / per_row
        height = max(cell.height(cell_width) for cell in row)
        if pager is not None:
            pager.room(y, height, PANEL_GAP)
        for offset, cell in enumerate(row):
            canvas.box(f"{name}.{start + offset}", offset * (cell_width + PANEL_GAP), y,
                       cell_width, height, cell, css_class=css_class)
        y += height + PANEL_GAP
    return y


def place_header(canvas: Canvas, journey: JourneyMap, info: MapInfo, view: str,
                 width: float, pager: Pager | None = None, mark: ItemMark | None = None,
                 size: tuple[int, int] | None = None) -> float:
    """The banner of a future map, the title block, the persona panel and what concerns
    the whole journey (its badges with the caller's MARK); returns y below."""
    drawing_width = width
    width = min(max(width, 560.0), HEADER_MAX_WIDTH)
    y = 0.0
    if journey.state == "future":
        banner = Cell((Para("FUTURE STATE — how the journey is planned to be, not how it is "
                            "today", size=NAME_SIZE, bold=True, color=text_color(FUTURE_FILL)),),
                      fill=FUTURE_FILL, border=FUTURE_FILL)
        height = banner.height(width)
        canvas.box("banner", 0, y, width, height, banner, css_class="banner future",
                   element_id="future-banner")
        y += height + 6
    header = header_cell(journey, info, view, size=size)
    height = header.height(width)
    canvas.box("header", 0, y, width, height, header, css_class="header", element_id="header")
    y += height + 4
    # The panel may be wider than the header's text: a cell per part, side by side.
    cells = persona_cells(journey, info)
    width = max(width, min(drawing_width, len(cells) * PANEL_WIDE))
    y = place_panels(canvas, "persona", cells, y, width, "persona", pager=pager)
    y = place_panels(canvas, "journey", journey_cells(journey, mark), y, width, "journey",
                     least=width / 2 - PANEL_GAP, pager=pager)
    return y + 8


@dataclass(frozen=True)
class Chip:
    """One entry of the legend: a coloured swatch with its meaning."""

    text: str
    fill: str = "#FFFFFF"
    bold: bool = False
    color: str = "#222222"
    border: bool = True


_CHIP_PAD = 3
_CHIP_GAP = 4
_CHIP_HEIGHT = 22
_LEGEND_TITLE_WIDTH = 110
_LEGEND_LINE = _CHIP_HEIGHT + 8
_SIZE = SMALL_SIZE


def legend_cell(groups: list[tuple[str, list[Chip]]], max_width: float) -> tuple[str, float, float]:
    """The legend as an HTML table: one line per group, wrapped to max_width.

    Returns the label and its width and height in points; the width is generous so
    that a wider font than estimated still fits, the lines sit at its left edge.
    """
    lines: list[tuple[str, list[Chip]]] = []
    for title, chips in groups:
        current: list[Chip] = []
        width: float = _LEGEND_TITLE_WIDTH + _CHIP_GAP
        for chip in chips:
            chip_width = _chip_width(chip)
            if current and width + chip_width > max_width:
                lines.append((title, current))
                title, current, width = "", [], _LEGEND_TITLE_WIDTH + _CHIP_GAP
            current.append(chip)
            width += chip_width
        lines.append((title, current))
    rows: list[str] = []
    widths: list[float] = []
    for title, chips in lines:
        cells = [f'<TD WIDTH="{_LEGEND_TITLE_WIDTH}" FIXEDSIZE="TRUE" HEIGHT="{_CHIP_HEIGHT}" '
                 f'ALIGN="LEFT"><FONT POINT-SIZE="{_SIZE}">'
                 f"{f'<B>{html_text(title)}</B>' if title else ' '}</FONT></TD>"]
        for chip in chips:
            text = html_text(chip.text)
            if chip.bold:
                text = f"<B>{text}</B>"
            border = ' BORDER="1" COLOR="#888888"' if chip.border else ""
            size = (f'WIDTH="{round(_chip_width(chip) - _CHIP_GAP)}" HEIGHT="{_CHIP_HEIGHT}" '
                    'FIXEDSIZE="TRUE"')
            # At the bottom of its padding, a line's capitals sit in the middle of the
            # chip: Graphviz keeps the line's descent under the baseline.
            cells.append(f'<TD BGCOLOR="{chip.fill}"{border} {size} ALIGN="LEFT" VALIGN="BOTTOM">'
                         f'<FONT POINT-SIZE="{_SIZE}" COLOR="{chip.color}">{text}</FONT></TD>')
        # A fixed width keeps Graphviz from spreading a short line's chips apart.
        line_width = (_LEGEND_TITLE_WIDTH + sum(round(_chip_width(c) - _CHIP_GAP) for c in chips)
                      + _CHIP_GAP * (len(chips) + 2))
        widths.append(line_width)
        rows.append(
            f'<TR><TD ALIGN="LEFT"><TABLE ALIGN="LEFT" FIXEDSIZE="TRUE" WIDTH="{line_width}" '
            f'HEIGHT="{_CHIP_HEIGHT + 2 * _CHIP_GAP}" BORDER="0" CELLBORDER="0" '
            f'CELLSPACING="{_CHIP_GAP}" '
            f'CELLPADDING="{_CHIP_PAD}"><TR>{"".join(cells)}</TR></TABLE></TD></TR>'
        )
    total_width = max(widths) + 10.0
    height = len(rows) * _LEGEND_LINE + 12
    label = (
        f'<TABLE FIXEDSIZE="TRUE" WIDTH="{round(total_width)}" HEIGHT="{round(height)}" BORDER="1" '
        f'COLOR="#CCCCCC" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#FFFFFF">'
        f'<TR><TD ALIGN="LEFT" VALIGN="TOP"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
        f'CELLPADDING="0">{"".join(rows)}</TABLE></TD></TR></TABLE>'
    )
    return label, total_width, height


def _chip_width(chip: Chip) -> float:
    return text_width(chip.text, _SIZE, chip.bold) + 2 * _CHIP_PAD + _CHIP_GAP + 8


def assumed_pain_chip() -> Chip:
    """The legend's entry for a pain point's ASSUMED mark."""
    return Chip(f"· {ASSUMED}: not yet backed by research", color=MUTED)


def emotion_chips() -> list[Chip]:
    return [Chip(f"{score:+d} {EMOTION_WORDS[score]}" if score else "0 neutral",
                 EMOTION_COLORS[score], color=text_color(EMOTION_COLORS[score]))
            for score in (2, 1, 0, -1, -2)]


def severity_chips() -> list[Chip]:
    return [Chip(SEVERITY_LEADS[s], SEVERITY_COLORS[s], bold=True,
                 color=text_color(SEVERITY_COLORS[s])) for s in Severity][::-1]


def status_chips() -> list[Chip]:
    return [Chip(STATUS_LEADS[s], STATUS_COLORS[s], bold=True, color=text_color(STATUS_COLORS[s]))
            for s in OpportunityStatus]


def channel_chips(journey: JourneyMap, info: MapInfo) -> list[Chip]:
    used = dict.fromkeys(step.channel for _, step in journey.all_steps() if step.channel)
    chips = []
    for channel_id in used:
        assert channel_id is not None
        channel = channel_of(info, channel_id)
        chips.append(Chip(channel.label, channel.color, color=text_color(channel.color)))
    return chips


def evidence_cell(journey: JourneyMap) -> Cell | None:
    """The map's sources, linked when they have an http(s) address."""
    if not journey.evidence:
        return None
    paras = [Para("Evidence", bold=True, size=NAME_SIZE)]
    for evidence in journey.evidence:
        facts = [evidence.id, evidence.kind.value]
        if evidence.date is not None:
            facts.append(evidence.date.isoformat())
        text = f"[{' · '.join(facts)}] {evidence.title}"
        if evidence.url:
            text += f" — {evidence.url}"
        paras.append(Para(text, size=SMALL_SIZE, link=evidence.url))
    return Cell(tuple(paras), fill="#FFFFFF", border="#CCCCCC")


def place_footer(
    canvas: Canvas,
    journey: JourneyMap,
    groups: list[tuple[str, list[Chip]]],
    top: float,
    width: float,
    pager: Pager | None = None,
) -> None:
    """The legend and the evidence list under the drawing, left-aligned; on pages of a
    height, each starts a new page when it does not fit on the last one."""
    label, legend_width, legend_height = legend_cell(groups, max(width, 520) - 20)
    if pager is not None:
        pager.room(top, legend_height, 20)
    canvas.table("legend", 0, top, legend_width, legend_height, label,
                 css_class="legend", element_id="legend")
    evidence = evidence_cell(journey)
    if evidence is not None:
        evidence_width = max(min(width, 900.0), 520.0)
        height = evidence.height(evidence_width)
        top += legend_height + 10
        if pager is not None:
            pager.room(top, height, 10)
        canvas.box("evidence", 0, top, evidence_width, height, evidence,
                   css_class="evidence")
