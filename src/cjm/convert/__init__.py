"""Converting journey maps between cjm YAML and the formats teams already keep them in.

Each format lives in one module with two pure functions:

- a reader `(raw, path) -> Imported`: bytes → the map as plain cjm data, where each value
  came from (for positioned problems), the problems found, and the places where the
  reader had to guess (the YAML writer comments on them);
- a writer `(journey, options) -> Exported`: a validated map → bytes, and what the format
  could not carry.

`FORMATS` is the one table of formats, by name, with the file endings that name them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from cjm.load import Loc, Source
from cjm.model import JourneyMap
from cjm.model_errors import problems_from_validation_error
from cjm.problems import Problem, Severity, UsageError
from cjm.references import check_references
from cjm.shape import salvage
from cjm.workspace import WorkspaceContext

DEFAULT_SCHEMA = "../schemas/journey.schema.json"


@dataclass
class Imported:
    """What a reader made of a file: cjm data (None when nothing could be read)."""

    data: dict[str, Any] | None
    source: Source | None = None
    problems: list[Problem] = field(default_factory=list)
    guesses: dict[Loc, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may need beyond the map."""

    schema: str = DEFAULT_SCHEMA  # the modeline's schema reference (YAML)
    guesses: Mapping[Loc, str] = field(default_factory=dict)  # comments for the YAML


@dataclass(frozen=True)
class Exported:
    """A writer's output and, in words, what the target format could not carry."""

    data: bytes
    lost: list[str] = field(default_factory=list)


Reader = Callable[[bytes, str], Imported]
Writer = Callable[[JourneyMap, WriteOptions], Exported]


@dataclass(frozen=True)
class Format:
    """A file format cjm converts from and to."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    module: str  # the module with the reader and the writer, imported when used
    reader: str = "read"
    writer: str = "write"
    sheet: bool = False  # problems name the column by its letter, as spreadsheets do
    binary: bool = False  # not text: never written to a terminal

    def read(self, raw: bytes, path: str) -> Imported:
        reader: Reader = getattr(importlib.import_module(self.module), self.reader)
        return reader(raw, path)

    def write(self, journey: JourneyMap, options: WriteOptions) -> Exported:
        writer: Writer = getattr(importlib.import_module(self.module), self.writer)
        return writer(journey, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("yaml", (".cjm.yaml", ".cjm.yml", ".yaml", ".yml"), "cjm YAML",
               "cjm.convert.yaml_writer"),
        Format("mermaid", (".mmd", ".mermaid"), "a Mermaid journey diagram",
               "cjm.convert.mermaid"),
        Format("csv", (".csv",), "a CSV sheet, one row per step", "cjm.convert.spreadsheet",
               "read_csv", "write_csv", sheet=True),
        Format("xlsx", (".xlsx",), "an Excel workbook, one row per step",
               "cjm.convert.spreadsheet", "read_xlsx", "write_xlsx", sheet=True, binary=True),
        Format("json", (".json",), "the validated map as JSON", "cjm.convert.json_format"),
    ]
}


def format_named(name: str) -> Format:
    found = FORMATS.get(name.lower())
    if found is None:
        raise UsageError(f"{name!r} is not a format cjm converts; use one of "
                         f"{', '.join(FORMATS)}")
    return found


def format_of(path: str) -> Format | None:
    """The format a file name says (its ending), or None."""
    lowered = path.lower()
    matches = [(len(suffix), fmt) for fmt in FORMATS.values() for suffix in fmt.suffixes
               if lowered.endswith(suffix)]
    return max(matches, key=lambda match: match[0])[1] if matches else None


@dataclass
class ReadMap:
    """A source file read into a validated map (None when it has errors)."""

    journey: JourneyMap | None
    problems: list[Problem]
    guesses: dict[Loc, str] = field(default_factory=dict)


def read_map(raw: bytes, path: str, source_format: Format,
             context: WorkspaceContext | None) -> ReadMap:
    """Read a map in any format and validate it as `cjm validate` checks its shape,
    ids and references (quality rules are not run: a conversion is not a review).

    A reference that does not resolve in `context` is a warning: it may resolve in the
    workspace the converted map goes to."""
    imported = source_format.read(raw, path)
    problems = list(imported.problems)
    if imported.data is None:
        return ReadMap(None, _ordered(problems), imported.guesses)
    source = imported.source or Source(path, imported.data)
    if imported.data.get("kind") == "persona":
        return ReadMap(None, [Problem(path, 1, 1, Severity.error, "invalid-value",
                                      "this is a persona file; cjm convert converts journey "
                                      "maps")], {})
    # What the reader could not read is left out of the data; the rest is still checked,
    # so that every problem of the file is reported in one run (as `cjm validate` does),
    # once: a place the reader reported is not reported again.
    reported = {(p.line, p.column) for p in problems if p.severity is Severity.error}
    journey: JourneyMap | None = None
    try:
        journey = JourneyMap.model_validate(imported.data)
    except ValidationError as exc:
        problems.extend(p for p in problems_from_validation_error(exc, source, JourneyMap)
                        if (p.line, p.column) not in reported)
        salvaged = salvage(JourneyMap, imported.data, exc)
        checked = salvaged[0] if salvaged is not None else None
    else:
        checked = journey
    if context is not None and checked is not None:
        for problem in check_references(checked, source, context):
            # A reference may resolve where the map is going; say so, and convert anyway.
            if problem.rule == "unknown-reference":
                problem = replace(problem, severity=Severity.warning)
            if (problem.line, problem.column) not in reported:
                problems.append(problem)
    if journey is None or _has_errors(problems):
        return ReadMap(None, _ordered(problems), imported.guesses)
    return ReadMap(journey, _ordered(problems), imported.guesses)


@dataclass
class Converted:
    """The outcome of one conversion: the bytes to write (None on errors) and problems."""

    data: bytes | None
    problems: list[Problem]
    lost: list[str] = field(default_factory=list)


def convert(raw: bytes, path: str, source_format: Format, target_format: Format, *,
            context: WorkspaceContext | None = None,
            schema: str = DEFAULT_SCHEMA) -> Converted:
    """Convert a file's bytes from one format to another (pure apart from reading the
    workspace's personas through `context`)."""
    read = read_map(raw, path, source_format, context)
    if read.journey is None:
        return Converted(None, read.problems)
    exported = target_format.write(
        read.journey, WriteOptions(schema=schema, guesses=read.guesses))
    return Converted(exported.data, read.problems, exported.lost)


def problem_text(problem: Problem, source_format: Format) -> str:
    """A problem as one line; spreadsheets name columns by letter (`steps.csv:12:E`)."""
    if not source_format.sheet:
        return str(problem)
    # A sheet has rows, not lines: "already used on line 4" names row 4.
    message = _LINE_NUMBER.sub(r"row \1", problem.message)
    return (f"{problem.path}:{problem.line}:{column_letter(problem.column)}: "
            f"{problem.severity} [{problem.rule}] {message}")


_LINE_NUMBER = re.compile(r"\bline (\d+)\b")


def column_letter(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters or "A"


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.error for p in problems)


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column, p.rule))

