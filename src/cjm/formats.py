"""Output formats: the one table of what cjm can write, and what each format needs.

Each command that writes files (render, and the commands that convert or publish maps)
offers the formats registered for it here. Its `--format` choices, its help text, the
docs' tables and the names of the files it writes all come from this table, so adding a
format is one line here plus the code that produces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class OutputFormat:
    name: str               # what --format takes
    suffix: str             # the file suffix of its files, with the dot
    summary: str            # one line for --help and the docs
    commands: tuple[str, ...]  # the commands that can write it
    binary: bool = False    # bytes (True) or UTF-8 text
    needs_graphviz: bool = False
    stream: str = "stdout"  # where `-o -` sends it
    also: tuple[str, ...] = ()  # other suffixes that mean this format

    def file_name(self, stem: str) -> str:
        """The name of a file of this format for a map file's stem."""
        return f"{stem}{self.suffix}"


OUTPUT_FORMATS: dict[str, OutputFormat] = {entry.name: entry for entry in (
    OutputFormat("svg", ".svg", "scalable drawing for browsers, wikis and pull requests",
                 ("render",), needs_graphviz=True),
    OutputFormat("png", ".png", "picture for slides and chats", ("render",), binary=True,
                 needs_graphviz=True),
    OutputFormat("pdf", ".pdf", "printable pages", ("render",), binary=True,
                 needs_graphviz=True),
    OutputFormat("dot", ".dot", "Graphviz DOT text with every position fixed (needs no "
                 "Graphviz)", ("render",), also=(".gv",)),
)}


def formats_for(command: str) -> list[OutputFormat]:
    """The formats a command writes, in the table's order."""
    return [entry for entry in OUTPUT_FORMATS.values() if command in entry.commands]


def format_names(command: str) -> list[str]:
    return [entry.name for entry in formats_for(command)]


def choices_text(command: str) -> str:
    """The formats of a command as a sentence's list: `svg, png, pdf or dot`."""
    names = format_names(command)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def format_of_file(path: str, command: str) -> OutputFormat | None:
    """The format a file name's suffix says (None when it has no suffix or another one)."""
    suffix = PurePath(path).suffix.lower()
    for entry in formats_for(command):
        if suffix == entry.suffix or suffix in entry.also:
            return entry
    return None


def output_format(name: str, command: str) -> OutputFormat:
    """The format called name for a command; raises ValueError naming the choices."""
    for entry in formats_for(command):
        if entry.name == name:
            return entry
    raise ValueError(f"{name!r} is not one of {', '.join(format_names(command))}")
