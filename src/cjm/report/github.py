"""GitHub Actions workflow commands: annotations on the lines of a pull request.

Each problem is printed twice: as an annotation (`::error file=…`) and as the plain
`path:line:col` line, so the log reads well too. Map text and file names never become
commands of their own: inside an annotation they are escaped as GitHub documents, and
the plain lines are made inert (`cjm.printable.inert_line`).
"""

from __future__ import annotations

from cjm.printable import inert_line
from cjm.problems import Report, Severity
from cjm.report.text import problem_line, summary


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, color: bool = False) -> str:
    lines = []
    for problem in report.problems:
        command = "error" if problem.severity is Severity.error else "warning"
        properties = ",".join([
            f"file={_escape_property(problem.path)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property('cjm ' + problem.rule)}",
        ])
        lines.append(f"::{command} {properties}::{_escape_data(problem.message)}")
        lines.append(inert_line(problem_line(problem, color)))
    lines.append(inert_line(summary(report)))
    return "\n".join(lines) + "\n"
