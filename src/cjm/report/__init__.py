"""Reporters turn problems into text for people and formats for machines.

Each reporter is a function `(report, color) -> str`, chosen by name from the table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from cjm.problems import Report

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
