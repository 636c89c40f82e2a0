"""A drawing of placed boxes, points and lines, written as DOT for `neato -n2`.

Every node and edge carries its final position, so Graphviz only draws. Node names
are made by cjm; map text reaches DOT only through `Para` (escaped HTML label text).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from cjm.render.escape import dot_string, html_text, safe_link
from cjm.render.layout import line_height, without_orphans, wrap

FONT = "Helvetica"
# Inner spacing of a cell's table, in points (see `Cell.height`).
_SPACING = 2
_PADDING = 2
_BORDER = 1
_DASHED = ' STYLE="dashed"'


@dataclass(frozen=True)
class Para:
    """A paragraph of a cell: map text with a style, wrapped to the cell's width."""

    text: str
    size: float = 10
    bold: bool = False
    italic: bool = False
    color: str = "#222222"
    fill: str | None = None
    lead: str = ""
    link: str | None = None
    strike: bool = False
    centered: bool = False   # a badge: its text in the middle of its fill
    no_orphans: bool = False  # the last line is never one lone word

    @property
    def padding(self) -> int:
        # A filled paragraph (a badge) gets room around its text on every side.
        return _PADDING + 2 if self.fill else _PADDING

    def lines(self, width: float) -> list[str]:
        whole = f"{self.lead} {self.text}" if self.lead and self.text else self.lead or self.text
        # A lead is drawn bold: measuring the whole paragraph bold keeps it inside the cell.
        bold = self.bold or bool(self.lead)
        inner = width - 2 * (self.padding - _PADDING)
        lines = wrap(whole, inner, self.size, bold)
        return without_orphans(lines, inner, self.size, bold) if self.no_orphans else lines

    def height(self, width: float) -> float:
        lift = _badge_lift(self.size) if self.fill else 0
        return len(self.lines(width)) * line_height(self.size) + 2 * self.padding + lift

    def html(self, width: float) -> str:
        lines = self.lines(width)
        parts: list[str] = []
        for number, line in enumerate(lines):
            if number == 0 and self.lead and line.startswith(self.lead):
                # Graphviz drops a space that starts a text run: keep it unbreakable.
                rest = line[len(self.lead):].lstrip()
                gap = "\u00a0" if rest else ""
                parts.append(f"<B>{html_text(self.lead)}{gap}</B>{_styled(self, rest)}")
            else:
                parts.append(_styled(self, line))
        align = "CENTER" if self.centered else "LEFT"
        body = f'<BR ALIGN="{align}"/>'.join(parts) + f'<BR ALIGN="{align}"/>'
        font = f'<FONT POINT-SIZE="{_num(self.size)}" COLOR="{self.color}">{body}</FONT>'
        attributes = f'ALIGN="{align}" BALIGN="{align}" WIDTH="{int(width + 2 * _PADDING)}"'
        if self.padding != _PADDING:
            attributes += f' CELLPADDING="{self.padding}"'
        href = safe_link(self.link)
        link = (f' HREF="{href}" TITLE="{html_text(self.link or "")}" TARGET="_blank"'
                if href else "")
        if not self.fill:
            return f"<TR><TD {attributes}{link}>{font}</TD></TR>"
        # Graphviz leaves a line's descent under the last baseline, so text padded alike
        # on both sides sits high in its fill: a strip of the fill above it centres it.
        return (f'<TR><TD CELLPADDING="0" BGCOLOR="{self.fill}"{link}><TABLE BORDER="0" '
                f'CELLSPACING="0" CELLPADDING="0"><TR><TD HEIGHT="{_badge_lift(self.size)}">'
                f"</TD></TR><TR><TD {attributes}>{font}</TD></TR></TABLE></TD></TR>")


def _badge_lift(size: float) -> int:
    """The strip of fill above a filled paragraph's text that centres it (points)."""
    return round(size * 0.4)


def _styled(para: Para, text: str) -> str:
    escaped = html_text(text)
    if not escaped:
        return ""
    if para.bold:
        escaped = f"<B>{escaped}</B>"
    if para.italic:
        escaped = f"<I>{escaped}</I>"
    if para.strike:
        escaped = f"<S>{escaped}</S>"
    return escaped


@dataclass(frozen=True)
class Cell:
    """A box of paragraphs, top-left aligned, of a fixed width."""

    paras: tuple[Para, ...]
    fill: str = "#FFFFFF"
    border: str = "#CCCCCC"
    dashed: bool = False  # a dashed outline (e.g. a step without a score)

    @staticmethod
    def text_width(width: float) -> float:
        return width - 2 * (_BORDER + _SPACING + _PADDING) - 2

    def height(self, width: float) -> float:
        """The height the paragraphs need (the cell may be drawn taller)."""
        inner = self.text_width(width)
        return (
            sum(p.height(inner) for p in self.paras)
            + _SPACING * (len(self.paras) + 1)
            + 2 * _BORDER
        )

    def html(self, width: float, height: float) -> str:
        inner = self.text_width(width)
        rows = "".join(p.html(inner) for p in self.paras)
        content = (
            f'<TABLE BORDER="0" CELLSPACING="{_SPACING}" CELLPADDING="{_PADDING}">{rows}</TABLE>'
            if rows
            else " "
        )
        return (
            f'<TABLE FIXEDSIZE="TRUE" WIDTH="{round(width)}" HEIGHT="{round(height)}" '
            f'BORDER="{_BORDER}" COLOR="{self.border}"{_DASHED * self.dashed} '
            f'CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="0" BGCOLOR="{self.fill}"><TR><TD VALIGN="TOP" ALIGN="LEFT">'
            f"{content}</TD></TR></TABLE>"
        )


def _num(value: float) -> str:
    """A number written the same way every time, without exponents."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass
class _Node:
    name: str
    x: float
    y: float
    attributes: dict[str, str]
    label: str | None


@dataclass
class _Edge:
    tail: str
    head: str
    points: list[tuple[float, float]]
    arrow: tuple[float, float] | None
    attributes: dict[str, str]


@dataclass
class Canvas:
    """Nodes and edges at their places; y grows downwards until written out."""

    nodes: list[_Node] = field(default_factory=list)
    edges: list[_Edge] = field(default_factory=list)
    width: float = 0
    height: float = 0
    notes: list[str] = field(default_factory=list)  # what the drawing left out, for the user
    page_breaks: list[float] = field(default_factory=list)  # heights where a new page begins
    _names: set[str] = field(default_factory=set)

    def _add(self, node: _Node) -> None:
        if node.name in self._names:
            raise ValueError(f"two nodes named {node.name!r}")
        self._names.add(node.name)
        self.nodes.append(node)

    def box(
        self,
        name: str,
        x: float,
        y: float,
        width: float,
        height: float,
        cell: Cell,
        *,
        css_class: str = "",
        element_id: str = "",
    ) -> None:
        """A cell whose top-left corner is at (x, y)."""
        self.table(name, x, y, width, height, cell.html(width, height),
                   css_class=css_class, element_id=element_id)

    def table(
        self,
        name: str,
        x: float,
        y: float,
        width: float,
        height: float,
        label: str,
        *,
        css_class: str = "",
        element_id: str = "",
    ) -> None:
        """A ready HTML-table label (escaped by its maker) of a known size at (x, y)."""
        attributes = {}
        if css_class:
            attributes["class"] = css_class
        if element_id:
            attributes["id"] = element_id
        self._add(_Node(name, x + width / 2, y + height / 2, attributes, label))
        self._grow(x + width, y + height)

    def text(self, name: str, x: float, y: float, para: Para, *, width: float = 60,
             css_class: str = "") -> None:
        """A line of small text centred at (x, y)."""
        lines = '<BR/>'.join(_styled(para, line) for line in para.lines(width))
        label = (f'<FONT POINT-SIZE="{_num(para.size)}" COLOR="{para.color}">'
                 f"{lines}</FONT>")
        self._add(_Node(name, x, y, {"class": css_class} if css_class else {}, label))

    def rule(self, name: str, left: float, right: float, y: float, *, color: str,
             css_class: str = "") -> None:
        """A dashed horizontal line drawn as a node, so nodes added later lie over it."""
        attributes = {"shape": "box", "fixedsize": "true", "width": _num((right - left) / 72),
                      "height": "0", "style": "dashed", "color": color, "label": ""}
        if css_class:
            attributes["class"] = css_class
        self._add(_Node(name, (left + right) / 2, y, attributes, None))
        self._grow(right, y)

    def point(
        self,
        name: str,
        x: float,
        y: float,
        diameter: float,
        fill: str,
        *,
        css_class: str = "",
        element_id: str = "",
        stroke: str = "#222222",
        dashed: bool = False,
    ) -> None:
        attributes = {
            "shape": "circle",
            "fixedsize": "true",
            "width": _num(diameter / 72),
            "height": _num(diameter / 72),
            "style": "filled,dashed" if dashed else "filled",
            "fillcolor": fill,
            "color": stroke,
            "label": "",
        }
        if dashed:
            attributes["penwidth"] = "1.6"
        if css_class:
            attributes["class"] = css_class
        if element_id:
            attributes["id"] = element_id
        self._add(_Node(name, x, y, attributes, None))
        self._grow(x + diameter / 2, y + diameter / 2)

    def anchor(self, name: str, x: float, y: float) -> None:
        """An invisible point for lines that do not join two drawn nodes."""
        self._add(_Node(name, x, y, {"shape": "point", "style": "invis", "width": "0",
                                     "height": "0", "label": ""}, None))

    def line(
        self,
        tail: str,
        head: str,
        points: list[tuple[float, float]],
        *,
        arrow_to: tuple[float, float] | None = None,
        color: str = "#333333",
        width: float = 1,
        style: str = "solid",
        css_class: str = "",
    ) -> None:
        """A line through cubic Bézier control points (1 + 3n of them)."""
        attributes = {"color": color, "penwidth": _num(width)}
        if style != "solid":
            attributes["style"] = style
        if arrow_to is not None:
            attributes["dir"] = "forward"
        if css_class:
            attributes["class"] = css_class
        self.edges.append(_Edge(tail, head, points, arrow_to, attributes))
        self._grow(max(x for x, _ in points), 0)  # pages are as wide as the lines too

    def _grow(self, right: float, bottom: float) -> None:
        self.width = max(self.width, right)
        self.height = max(self.height, bottom)

    def pages(self) -> list[tuple[float, float, float, float]]:
        """Each page as Graphviz's viewport: width, height and centre, in DOT's points."""
        edges = [0.0, *self.page_breaks, self.height]
        return [(self.width, bottom - top, self.width / 2, self.height - (top + bottom) / 2)
                for top, bottom in itertools.pairwise(edges)]

    def to_dot(self, comment: str) -> str:
        """The DOT text: Graphviz's y grows upwards, so every y is flipped."""
        top = self.height

        def at(x: float, y: float) -> str:
            return f"{_num(x)},{_num(top - y)}"

        out = [
            f"// {comment}",
            "// Positions are final: draw with `neato -n2 -Tsvg` (cjm render does).",
            "digraph journey {",
            '  graph [layout="neato", outputorder="nodesfirst", bgcolor="white", '
            'pad="0.2", splines="true"];',
            f'  node [shape="plain", fontname="{FONT}", fontsize="10", fontcolor="#222222"];',
            f'  edge [dir="none", arrowsize="0.7", fontname="{FONT}"];',
        ]
        for node in self.nodes:
            attributes = {"pos": at(node.x, node.y), **node.attributes}
            text = ", ".join(f"{key}={dot_string(value)}" for key, value in attributes.items())
            if node.label is not None:
                text += f", label=<{node.label}>"
            out.append(f"  {dot_string(node.name)} [{text}];")
        for edge in self.edges:
            spline = " ".join(at(x, y) for x, y in edge.points)
            if edge.arrow is not None:
                spline = f"e,{at(*edge.arrow)} {spline}"
            attributes = {"pos": spline, **edge.attributes}
            text = ", ".join(f"{key}={dot_string(value)}" for key, value in attributes.items())
            out.append(f"  {dot_string(edge.tail)} -> {dot_string(edge.head)} [{text}];")
        out.append("}")
        return "\n".join(out) + "\n"


@dataclass
class Pager:
    """Where a PDF's pages break: each page at most `height` points tall, or, without a
    height, a page wherever the drawing asks for one (each row of a wrapped grid)."""

    canvas: Canvas
    height: float | None = None
    reserve: float = 0.0  # kept free at a page's foot: the page ends in the next gap
    top: float = 0.0  # where the current page begins

    def room(self, y: float, needed: float, gap: float) -> bool:
        """Start a new page in the gap above y unless `needed` more points fit on this
        page (or nothing is on it yet); returns whether it did."""
        if (self.height is None or y + needed + self.reserve - self.top <= self.height
                or y - gap <= self.top):
            return False
        self.new_page(y - gap / 2)
        return True

    def room_left(self, top: float, y: float) -> float:
        """The points left at y on a page that begins at top (none without a height)."""
        return math.inf if self.height is None else top + self.height - self.reserve - y

    def fits_a_page(self, needed: float) -> bool:
        """Whether `needed` points fit on one page (always, without a page height)."""
        return self.height is None or needed + self.reserve <= self.height

    def new_page(self, at: float) -> None:
        self.canvas.page_breaks.append(at)
        self.top = at


def straight(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """A straight segment as one cubic Bézier."""
    (ax, ay), (bx, by) = a, b
    return [a, (ax + (bx - ax) / 3, ay + (by - ay) / 3),
            (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3), b]


def shorten(a: tuple[float, float], b: tuple[float, float], start: float, end: float
            ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The segment a→b with `start` points cut from its start and `end` from its end."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    if length <= start + end:
        return a, b
    ux, uy = (bx - ax) / length, (by - ay) / length
    return (ax + ux * start, ay + uy * start), (bx - ux * end, by - uy * end)
