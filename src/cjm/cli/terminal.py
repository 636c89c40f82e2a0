"""Styled reports drawn for a terminal with rich: colour from the style table, tables
with their columns.

Imported only when colour is on, so that a run whose output goes to a pipe or a file
never loads rich. A line is coloured with rich's `Style` alone (a few milliseconds to
import); rich's console, which lays out a table, is imported only for a report that
has one (start-up time).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.color import ColorSystem
from rich.style import Style

from cjm.report.styled import STYLES, Line, Span, Styled, StyleName, Table

if TYPE_CHECKING:
    from rich.table import Table as RichTable
    from rich.text import Text

# cjm's colours are the 16 every terminal has; rich writes them as such.
_COLORS = ColorSystem.STANDARD


def ansi(document: Styled, width: int) -> str:
    """The document as a terminal shows it: text with escape codes, tables `width`
    columns wide at most."""
    styles = {name: Style.parse(definition) for name, definition in STYLES.items()}
    parts = []
    for block in document.blocks:
        if isinstance(block, Table):
            parts.append(_drawn_table(block, width))
        else:
            parts.append(_line(block, styles) + "\n")
    return "".join(parts)


def _line(spans: Line, styles: dict[StyleName, Style]) -> str:
    return "".join(styles[span.style].render(span.text, color_system=_COLORS)
                   if span.style else span.text for span in spans)


def _drawn_table(table: Table, width: int) -> str:
    # Imported here, not at the top: only a report with a table needs rich's console.
    from rich.console import Console
    from rich.padding import Padding

    buffer = io.StringIO()
    # Every choice is cjm's own (use_color made it): rich reads nothing from the
    # environment, and never parses markup, highlights or turns :names: into emoji.
    console = Console(file=buffer, force_terminal=True, color_system="standard",
                      no_color=False, legacy_windows=False, force_jupyter=False,
                      force_interactive=False, highlight=False, markup=False, emoji=False,
                      width=width)
    console.print(Padding(_rich_table(table), (0, 0, 0, table.indent), expand=False))
    return buffer.getvalue()


def _rich_table(table: Table) -> RichTable:
    # Imported here, not at the top: only a report with a table needs them.
    from rich import box
    from rich.table import Table as RichTable

    drawn = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                      header_style=STYLES["heading"])
    for column in table.columns:
        drawn.add_column(column.header, justify="right" if column.numeric else "left")
    for row in table.rows:
        drawn.add_row(*map(_cell, row))
    return drawn


def _cell(span: Span) -> Text:
    # Imported here, not at the top: only a report with a table needs it.
    from rich.text import Text

    return Text(span.text, STYLES[span.style] if span.style else "")
