"""Reporters turn problems into text for people and formats for machines.

Each reporter is a function `(report, color) -> str`, chosen by name from a table:
VALIDATE_REPORTERS for problems, DIFF_REPORTERS for changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from cjm.problems import Report

if TYPE_CHECKING:
    from cjm.diff.changes import DiffOutcome

Reporter = Callable[[Report, bool], str]


def _imported_when_used(module: str) -> Reporter:
    """A reporter whose module is imported on first use: one run needs one format."""

    def render(report: Report, color: bool) -> str:
        reporter: Reporter = importlib.import_module(f"cjm.report.{module}").render
        return reporter(report, color)

    return render


VALIDATE_REPORTERS: dict[str, Reporter] = {
    "text": _imported_when_used("text"),
    "json": _imported_when_used("json_report"),
    "github": _imported_when_used("github"),
    "junit": _imported_when_used("junit"),
    "sarif": _imported_when_used("sarif"),
}


DiffReporter = Callable[["DiffOutcome", bool], str]


def _diff_reporter(module: str) -> DiffReporter:
    def render(outcome: DiffOutcome, color: bool) -> str:
        reporter: DiffReporter = importlib.import_module(f"cjm.report.{module}").render
        return reporter(outcome, color)

    return render


DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": _diff_reporter("diff_text"),
    "markdown": _diff_reporter("diff_markdown"),
    "json": _diff_reporter("diff_json"),
}
