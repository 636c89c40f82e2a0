"""The parts every view shares: the header, the legend, the evidence list and the footer."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.model import JourneyMap, OpportunityStatus, Severity, review_due
from cjm.render.canvas import Canvas, Cell, Para
from cjm.render.escape import html_text
from cjm.render.info import MapInfo, channel_of
from cjm.render.layout import text_width
from cjm.render.style import (
    EMOTION_COLORS,
    EMOTION_WORDS,
    MUTED,
    SEVERITY_COLORS,
    SEVERITY_LEADS,
    STATUS_COLORS,
    STATUS_LEADS,
    text_color,
)


def header_cell(journey: JourneyMap, info: MapInfo, view: str) -> Cell:
    """Title, persona, state, owner and review dates."""
    facts: list[str] = []
    persona = info.persona
    persona_id = journey.persona_id()
    if persona is not None:
        segment = f" ({persona.segment})" if persona.segment else ""
        facts.append(f"Persona: {persona.name}{segment}")
    elif persona_id:
        facts.append(f"Persona: {persona_id}")
    else:
        facts.append("Persona: none")
    state = "current (as it is)" if journey.state == "current" else "future (as planned)"
    facts.append(f"State: {state}")
    facts.append(f"Owner: {journey.owner or 'none'}")
    if journey.reviewed is not None:
        every = journey.review_every or info.review_every
        due = review_due(journey.reviewed, every)
        facts.append(f"Last review: {journey.reviewed.isoformat()} (next by {due.isoformat()})")
    else:
        facts.append("Last review: never")
    steps = len(journey.all_steps())
    facts.append(f"{len(journey.stages)} stages, {steps} steps · {view} view")
    paras = [Para(journey.title, size=20, bold=True), Para("   ·   ".join(facts), color=MUTED)]
    if journey.description:
        paras.append(Para(journey.description.strip(), size=10, italic=True))
    if persona is not None and persona.quote:
        paras.append(Para(f"“{persona.quote.strip()}”", size=10, italic=True, color=MUTED))
    return Cell(tuple(paras), fill="#FFFFFF", border="#FFFFFF")


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
_LEGEND_TITLE_WIDTH = 92
_LEGEND_LINE = 27


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
        cells = [f'<TD WIDTH="{_LEGEND_TITLE_WIDTH}" FIXEDSIZE="TRUE" HEIGHT="19" ALIGN="LEFT">'
                 f'<FONT POINT-SIZE="9">'
                 f"<B>{html_text(title)}</B></FONT></TD>"]
        for chip in chips:
            text = html_text(chip.text)
            if chip.bold:
                text = f"<B>{text}</B>"
            border = ' BORDER="1" COLOR="#888888"' if chip.border else ""
            size = f'WIDTH="{round(_chip_width(chip) - _CHIP_GAP)}" HEIGHT="19" FIXEDSIZE="TRUE"'
            cells.append(f'<TD BGCOLOR="{chip.fill}"{border} {size} ALIGN="LEFT">'
                         f'<FONT POINT-SIZE="9" COLOR="{chip.color}">{text}</FONT></TD>')
        # A fixed width keeps Graphviz from spreading a short line's chips apart.
        line_width = (_LEGEND_TITLE_WIDTH + sum(round(_chip_width(c) - _CHIP_GAP) for c in chips)
                      + _CHIP_GAP * (len(chips) + 2))
        widths.append(line_width)
        rows.append(
            f'<TR><TD ALIGN="LEFT"><TABLE ALIGN="LEFT" FIXEDSIZE="TRUE" WIDTH="{line_width}" '
            f'HEIGHT="{19 + 2 * _CHIP_GAP}" BORDER="0" CELLBORDER="0" CELLSPACING="{_CHIP_GAP}" '
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
    return text_width(chip.text, 9, chip.bold) + 2 * _CHIP_PAD + _CHIP_GAP + 8


def emotion_chips() -> list[Chip]:
    return [Chip(f"{score:+d} {EMOTION_WORDS[score]}" if score else "0 neutral",
                 EMOTION_COLORS[score]) for score in (2, 1, 0, -1, -2)]


def severity_chips() -> list[Chip]:
    return [Chip(SEVERITY_LEADS[s], SEVERITY_COLORS[s], bold=True) for s in Severity
            ][::-1]


def status_chips() -> list[Chip]:
    return [Chip(STATUS_LEADS[s], STATUS_COLORS[s], bold=True) for s in OpportunityStatus]


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
    paras = [Para("Evidence", bold=True, size=10)]
    for evidence in journey.evidence:
        facts = [evidence.id, evidence.kind.value]
        if evidence.date is not None:
            facts.append(evidence.date.isoformat())
        text = f"[{' · '.join(facts)}] {evidence.title}"
        if evidence.url:
            text += f" — {evidence.url}"
        paras.append(Para(text, size=9, link=evidence.url))
    return Cell(tuple(paras), fill="#FFFFFF", border="#CCCCCC")


def place_footer(
    canvas: Canvas,
    journey: JourneyMap,
    groups: list[tuple[str, list[Chip]]],
    top: float,
    width: float,
) -> None:
    """The legend and the evidence list under the drawing, left-aligned."""
    label, legend_width, legend_height = legend_cell(groups, max(width, 520) - 20)
    canvas.table("legend", 0, top, legend_width, legend_height, label,
                 css_class="legend", element_id="legend")
    evidence = evidence_cell(journey)
    if evidence is not None:
        evidence_width = max(min(width, 900.0), 520.0)
        height = evidence.height(evidence_width)
        canvas.box("evidence", 0, top + legend_height + 10, evidence_width, height, evidence,
                   css_class="evidence")
