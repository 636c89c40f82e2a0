"""Reporters turn problems into text for people and formats for machines.

Each reporter is a function `(report, color) -> str`, chosen by name from the table.
"""

from __future__ import annotations

from collections.abc import Callable

from cjm.problems import Report
from cjm.report import github, json_report, junit, sarif, text

Reporter = Callable[[Report, bool], str]

VALIDATE_REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "junit": junit.render,
    "sarif": sarif.render,
}
