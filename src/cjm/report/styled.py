"""Text with styles: what a person-facing report says, and how each part of it looks.

A reporter that colours returns `Styled`: lines of spans (a piece of text and the name
of its style) and tables. It never writes an escape code itself. `STYLES` is the one
table of how cjm's output looks on a terminal, in rich's style syntax; the CLI draws a
`Styled` with rich when colour is on and writes `Styled.plain()` when it is off (a
pipe, a file, `NO_COLOR`, `TERM=dumb`), so the plain text is what scripts and tests read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from cjm.printable import inert_line

StyleName = Literal["place", "error", "warning", "rule", "heading", "added", "removed",
                    "moved", "renamed", "modified", "better", "worse", "muted"]

# How each kind of text looks on a terminal (rich's style syntax: colour names, bold, dim).
STYLES: dict[StyleName, str] = {
    "place": "bold",          # path:line:column of a problem
    "error": "bold red",
    "warning": "yellow",
    "rule": "dim",            # [rule-id]
    "heading": "bold",        # a report's summary and each map's heading
    "added": "green",         # the marks of a diff's changes
    "removed": "red",
    "moved": "cyan",
    "renamed": "magenta",
    "modified": "yellow",
    "better": "green",        # an average emotion that went up
    "worse": "red",           # … or down
    "muted": "dim",           # what matters less: a table's empty cells, reasons
}


@dataclass(frozen=True)
class Span:
    """A piece of a line and its style (None: the terminal's own)."""

    text: str
    style: StyleName | None = None


Line = tuple[Span, ...]


def line(*parts: str | Span) -> Line:
    """A line of spans; a plain string is a span without a style."""
    return tuple(part if isinstance(part, Span) else Span(part) for part in parts)


def plain_line(spans: Line) -> str:
    return "".join(span.text for span in spans)


def inert(spans: Line) -> Line:
    """The line as GitHub Actions shows it without running it as a workflow command;
    a line that had to change loses its styles (see `cjm.printable.inert_line`)."""
    text = plain_line(spans)
    safe = inert_line(text)
    return spans if safe == text else (Span(safe),)


@dataclass(frozen=True)
class Column:
    header: str
    numeric: bool = False  # right-aligned


@dataclass(frozen=True)
class Table:
    """Rows of cells under headers, drawn as a table on a terminal.

    `plain` holds the lines written instead where the output is not coloured, as the
    report words them there (aligned text that reads well in a log or a pipe).
    """

    columns: tuple[Column, ...]
    rows: tuple[Line, ...]  # one span a cell
    plain: tuple[str, ...]
    indent: int = 0

    def inert(self) -> Table:
        rows = tuple(tuple(Span(inert_line(cell.text), cell.style) for cell in row)
                     for row in self.rows)
        return Table(self.columns, rows, tuple(map(inert_line, self.plain)), self.indent)


Block = Line | Table


@dataclass
class Styled:
    """A report as lines and tables, in order."""

    blocks: list[Block] = field(default_factory=list)

    def add(self, *parts: str | Span) -> None:
        """Add a line."""
        self.blocks.append(line(*parts))

    def extend(self, blocks: Iterable[Block]) -> None:
        self.blocks.extend(blocks)

    def plain(self) -> str:
        """The report without styles: one text line a line, a table as its plain lines."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Table):
                lines.extend(block.plain)
            else:
                lines.append(plain_line(block))
        return "\n".join(lines) + "\n" if lines else ""

    def inert(self) -> Styled:
        """Every line made safe to print in GitHub Actions (see `inert`)."""
        return Styled([block.inert() if isinstance(block, Table) else inert(block)
                       for block in self.blocks])

    @classmethod
    def of_text(cls, text: str) -> Styled:
        """Text that has no styles, a line a line."""
        return cls([line(row) for row in text.removesuffix("\n").split("\n")] if text else [])
