"""Styled reports drawn for a terminal with rich: colour from the style table, tables
with their columns.

Imported only when colour is on, so that a run whose output goes to a pipe or a file
never loads rich (start-up time).
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from cjm.report.styled import STYLES, Line, Span, Styled, Table


def ansi(document: Styled, width: int) -> str:
    """The document as a terminal shows it: text with escape codes, `width` columns wide."""
    buffer = io.StringIO()
    # Every choice is cjm's own (use_color made it): rich reads nothing from the
    # environment, writes 16 colours only, and never wraps a line, parses markup,
    # highlights or turns :names: into emoji.
    console = Console(file=buffer, force_terminal=True, color_system="standard",
                      no_color=False, legacy_windows=False, force_jupyter=False,
                      force_interactive=False, highlight=False, markup=False, emoji=False,
                      soft_wrap=True, width=width)
    for block in document.blocks:
        if isinstance(block, Table):
            console.print(Padding(_table(block), (0, 0, 0, block.indent), expand=False))
        else:
            console.print(_text(block))
    return buffer.getvalue()


def _text(spans: Line) -> Text:
    text = Text(no_wrap=True, overflow="ignore", end="")
    for span in spans:
        text.append(span.text, STYLES[span.style] if span.style else None)
    return text


def _cell(span: Span) -> Text:
    return Text(span.text, STYLES[span.style] if span.style else "")


def _table(table: Table) -> RichTable:
    drawn = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                      header_style=STYLES["heading"])
    for column in table.columns:
        drawn.add_column(column.header, justify="right" if column.numeric else "left")
    for row in table.rows:
        drawn.add_row(*map(_cell, row))
    return drawn
