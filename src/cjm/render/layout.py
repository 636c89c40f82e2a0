"""Text measurement, wrapping and the geometry of the grid: all positions are cjm's.

Graphviz only draws what is placed here (`neato -n2`), so the time to render a map
grows with its size alone, never with how its steps link to each other.
Units are points (1/72 inch); y grows downwards here and is flipped when written.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass

from cjm.entities import entities
from cjm.model import JourneyMap, Stage, Step

# Helvetica advance widths in 1/1000 em for ASCII 32..126 (Liberation Sans and Arial,
# which browsers and Graphviz substitute for it, share these metrics).
_HELVETICA = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
_HELVETICA_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]
# Graphviz measures text through Pango, which rounds each glyph's advance up to a
# whole point (hinting); a little more room covers fonts wider than Helvetica.
_SAFETY = 1.05


def char_width(char: str, bold: bool = False) -> int:
    """The advance width of one character in 1/1000 em (an estimate outside ASCII)."""
    table = _HELVETICA_BOLD if bold else _HELVETICA
    code = ord(char)
    if 32 <= code <= 126:
        return table[code - 32]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and 32 <= ord(base) <= 126:  # an accented Latin letter: as wide as its base
        return table[ord(base) - 32]
    return 850  # symbols and other scripts come from a fallback font, often wider


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide text is drawn at this font size, in points (a slight overestimate)."""
    return _hinted_width(text, size, bold) * _scale(bold)


def _scale(bold: bool) -> float:
    # Bold text measures wider than its Helvetica metrics in Graphviz's Pango setup.
    return _SAFETY * (1.1 if bold else 1.0)


def _hinted_width(text: str, size: float, bold: bool) -> int:
    return sum(_hinted_char(char, size, bold) for char in text)


@functools.lru_cache(maxsize=65536)
def _word_width(word: str, size: float, bold: bool) -> int:
    # Maps repeat their words: each is measured once per size and weight.
    return _hinted_width(word, size, bold)


@functools.lru_cache(maxsize=4096)
def _hinted_char(char: str, size: float, bold: bool) -> int:
    return math.ceil(char_width(char, bold) * size / 1000)


def line_height(size: float) -> float:
    """The distance between two lines of text at this size (as Graphviz spaces them)."""
    return round(size * 1.2 + 0.5)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Break text into lines no wider than width; words too long are cut up."""
    return list(_wrapped(text, width, size, bold))


@functools.lru_cache(maxsize=8192)
def _wrapped(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    # Cached: a cell's lines are needed for its height and again for its label.
    # Widths add up glyph by glyph, so a line's width grows by each word's, not anew.
    scale = _scale(bold)
    space = _hinted_width(" ", size, bold)
    lines: list[str] = []
    for paragraph in text.replace("\t", " ").splitlines() or [""]:
        current, current_width = "", 0
        # Only spaces break lines: a no-break space (U+00A0) keeps words together.
        for word in paragraph.split(" "):
            if not word:
                continue
            word_width = _word_width(word, size, bold)
            candidate_width = current_width + space + word_width if current else word_width
            if candidate_width * scale <= width:
                current = f"{current} {word}" if current else word
                current_width = candidate_width
                continue
            if current:
                lines.append(current)
            if word_width * scale <= width:  # fits a line of its own: no cut needed
                current, current_width = word, word_width
                continue
            pieces = _cut(word, width, size, bold)
            lines.extend(pieces[:-1])
            current = pieces[-1]
            current_width = _hinted_width(current, size, bold)
        lines.append(current)
    return tuple(lines)


def without_orphans(lines: list[str], width: float, size: float, bold: bool = False
                    ) -> list[str]:
    """Wrapped lines whose last line is not one lone word (a word moves down to it)."""
    if len(lines) < 2 or " " in lines[-1]:
        return lines
    head, _, moved = lines[-2].rpartition(" ")
    if not head or " " not in head:
        return lines
    last = f"{moved} {lines[-1]}"
    if text_width(last, size, bold) > width:
        return lines
    return [*lines[:-2], head, last]


def _cut(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces: list[str] = []
    current, current_width, scale = "", 0, _scale(bold)
    for char in word:
        char_advance = _hinted_char(char, size, bold)
        if current and (current_width + char_advance) * scale > width:
            pieces.append(current)
            current, current_width = "", 0
        current += char
        current_width += char_advance
    pieces.append(current)
    return pieces


# The grid: a label column on the left, then one column per step, grouped by stage.
LABEL_WIDTH = 164
COLUMN_WIDTH = 184
COLUMN_GAP = 4
STAGE_GAP = 14
ROW_GAP = 4
MARGIN = 0


@dataclass(frozen=True)
class Column:
    """Where one step's column lies."""

    stage: Stage
    stage_index: int
    step: Step
    x: float
    width: float
    index: int  # the step's place in the whole journey
    key: str = ""  # the step's key (`cjm.entities`): its id, unless that repeats

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class StageSpan:
    """The columns one stage covers in a row (an empty stage still gets one column)."""

    stage: Stage
    index: int
    x: float
    width: float
    continued: bool = False  # the stage began in the row before

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class GridColumns:
    """One row of the grid: its columns, its stages and its width."""

    columns: list[Column]
    stages: list[StageSpan]
    width: float


def grid_columns(journey: JourneyMap) -> GridColumns:
    """Columns left to right: the lane labels, then steps stage by stage, in one row."""
    return grid_rows(journey, None)[0]


def grid_rows(journey: JourneyMap, max_width: float | None) -> list[GridColumns]:
    """The grid cut into rows no wider than max_width (None: one row).

    A row breaks between stages when it can, inside a stage that is wider than a
    row alone (such a stage starts right after the one before it); every row starts
    with the lane labels again.
    """
    stage_widths = [max(len(stage.steps), 1) * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP
                    for stage in journey.stages]
    rows: list[GridColumns] = []
    columns: list[Column] = []
    spans: list[StageSpan] = []
    start_x = float(LABEL_WIDTH + STAGE_GAP)
    x = start_x
    step_index = 0
    key_of = entities(journey).key_of

    def close_row() -> None:
        nonlocal columns, spans, x
        rows.append(GridColumns(columns, spans, x - STAGE_GAP))
        columns, spans, x = [], [], start_x

    for index, stage in enumerate(journey.stages):
        # A stage that fits a row of its own starts a new row rather than being cut; a
        # longer one is cut anyway, so it starts where the row has room.
        if (max_width is not None and spans and x + stage_widths[index] > max_width
                and (start_x + stage_widths[index] <= max_width
                     or x + COLUMN_WIDTH > max_width)):
            close_row()
        begin, continued = x, False
        for step in stage.steps:
            if max_width is not None and x + COLUMN_WIDTH > max_width and x > start_x:
                if x > begin:
                    spans.append(StageSpan(stage, index, begin, x - COLUMN_GAP - begin,
                                           continued))
                close_row()
                begin, continued = x, True
            columns.append(Column(stage, index, step, x, COLUMN_WIDTH, step_index,
                                  key_of(step)))
            step_index += 1
            x += COLUMN_WIDTH + COLUMN_GAP
        if not stage.steps:
            x += COLUMN_WIDTH + COLUMN_GAP
        spans.append(StageSpan(stage, index, begin, x - COLUMN_GAP - begin, continued))
        x += STAGE_GAP - COLUMN_GAP
    close_row()
    return rows
