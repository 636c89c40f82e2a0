"""Reporters turn problems and changes into text for people and formats for machines.

Three registries, one entry a reporter: VALIDATE_REPORTERS for the problems `cjm validate`
found, DIFF_REPORTERS for the changes `cjm diff` found, BACKLOG_REPORTERS for the
opportunities `cjm backlog` lists. Each entry says what it needs —
colour on a terminal or none, who reads it, where it goes — and the commands' `--format`
choices, their `--help` text and docs/cli.md are derived from these tables. Adding a
format is one module plus one line here: the module has a `render(result) -> str`
function, or — for a format coloured on a terminal — a `styled(result) -> Styled`
function (`cjm.report.styled`: lines of text with style names, and tables), which the
CLI draws with rich when colour is on and writes as plain text when it is off.
A reporter's module is imported on first use: one run needs one format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from cjm.report.styled import Styled

if TYPE_CHECKING:
    from cjm.backlog import Backlog
    from cjm.diff.changes import DiffOutcome
    from cjm.problems import Report

Result = TypeVar("Result")


@dataclass(frozen=True)
class Reporter(Generic[Result]):
    """One output format of a command."""

    name: str            # what --format takes
    module: str          # the module under cjm.report that renders it
    summary: str         # a few words for --help and the docs
    # Coloured on a terminal: the module's function returns `Styled` (else `str`, and
    # the format is never coloured: machines read it).
    colored: bool = False
    reader: Literal["person", "machine"] = "machine"
    stream: Literal["stdout"] = "stdout"  # text, written to this stream
    # Its lines are GitHub Actions workflow commands (any other output is made inert).
    workflow_commands: bool = False
    function: str = ""  # the module's function: default `styled` if colored, else `render`

    def _made(self, result: Result) -> str | Styled:
        name = self.function or ("styled" if self.colored else "render")
        render: Callable[[Any], str | Styled] = getattr(
            importlib.import_module(f"cjm.report.{self.module}"), name)
        return render(result)

    def __call__(self, result: Result) -> str:
        """The report as plain text."""
        made = self._made(result)
        return made.plain() if isinstance(made, Styled) else made

    def styled(self, result: Result) -> Styled:
        """The report with its styles (a format that is not coloured has none)."""
        made = self._made(result)
        return made if isinstance(made, Styled) else Styled.of_text(made)


def _by_name(*entries: Reporter[Result]) -> dict[str, Reporter[Result]]:
    return {entry.name: entry for entry in entries}


VALIDATE_REPORTERS: dict[str, Reporter[Report]] = _by_name(
    Reporter("text", "text", "a line per problem", colored=True, reader="person"),
    Reporter("json", "json_report", "docs/json-output.md"),
    Reporter("github", "github", "Actions annotations", colored=True,
             workflow_commands=True),
    Reporter("junit", "junit", "CI test reports"),
    Reporter("sarif", "sarif", "code scanning"),
    Reporter("codequality", "codequality", "GitLab Code Quality"),
)

DIFF_REPORTERS: dict[str, Reporter[DiffOutcome]] = _by_name(
    Reporter("text", "diff_text", "a line per change", colored=True, reader="person"),
    Reporter("markdown", "diff_markdown", "for a pull request or a review",
             reader="person"),
    Reporter("json", "diff_json", "docs/diff.md"),
)

BACKLOG_REPORTERS: dict[str, Reporter[Backlog]] = _by_name(
    Reporter("text", "backlog", "a line per opportunity", reader="person",
             function="render_text"),
    Reporter("markdown", "backlog", "a table per map", reader="person",
             function="render_markdown"),
    Reporter("csv", "backlog", "for a spreadsheet", function="render_csv"),
    Reporter("json", "backlog", "docs/site.md", function="render_json"),
)


def choices_help(reporters: dict[str, Reporter[Any]]) -> str:
    """The formats for --help: `text (for people), json (one document), …`."""
    return ", ".join(f"{entry.name} ({entry.summary})" for entry in reporters.values())


def reporter(reporters: dict[str, Reporter[Result]], name: str) -> Reporter[Result]:
    """The reporter called name; raises ValueError naming the choices."""
    try:
        return reporters[name]
    except KeyError:
        raise ValueError(f"{name!r} is not one of {', '.join(reporters)}") from None
