"""Reporters turn problems and changes into text for people and formats for machines.

Each reporter is a function `(result, color) -> str`, chosen by name from a table:
VALIDATE_REPORTERS for problems, DIFF_REPORTERS for changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cjm.problems import Report

if TYPE_CHECKING:
    from cjm.diff.changes import DiffOutcome

Reporter = Callable[[Report, bool], str]
DiffReporter = Callable[["DiffOutcome", bool], str]


def _imported_when_used(module: str) -> Callable[[Any, bool], str]:
    """A reporter whose module is imported on first use: one run needs one format."""

    def render(result: Any, color: bool) -> str:
        reporter: Callable[[Any, bool], str] = importlib.import_module(
            f"cjm.report.{module}").render
        return reporter(result, color)

    return render


VALIDATE_REPORTERS: dict[str, Reporter] = {
    "text": _imported_when_used("text"),
    "json": _imported_when_used("json_report"),
    "github": _imported_when_used("github"),
    "junit": _imported_when_used("junit"),
    "sarif": _imported_when_used("sarif"),
}

DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": _imported_when_used("diff_text"),
    "markdown": _imported_when_used("diff_markdown"),
    "json": _imported_when_used("diff_json"),
}
