"""`path:line:col: severity [rule] message` lines, coloured on a terminal, and a summary."""

from __future__ import annotations

from cjm.printable import printable, shown_path
from cjm.problems import Problem, Report, Severity

_RESET = "\x1b[0m"
_STYLES = {Severity.error: "\x1b[31;1m", Severity.warning: "\x1b[33m"}
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"


def problem_line(problem: Problem, color: bool) -> str:
    """One line, whatever the file's name and the map's text hold (quoted, escaped)."""
    path, message = shown_path(problem.path), printable(problem.message)
    if not color:
        return (f"{path}:{problem.line}:{problem.column}: "
                f"{problem.severity} [{problem.rule}] {message}")
    style = _STYLES[problem.severity]
    return (f"{_BOLD}{path}:{problem.line}:{problem.column}:{_RESET} "
            f"{style}{problem.severity}{_RESET} {_DIM}[{problem.rule}]{_RESET} {message}")


def summary(report: Report) -> str:
    files = len(report.files)
    noun = "file" if files == 1 else "files"
    if not report.errors and not report.warnings:
        return f"{files} {noun} checked, no problems"
    parts = [f"{report.errors} error{'s' * (report.errors != 1)}",
             f"{report.warnings} warning{'s' * (report.warnings != 1)}"]
    bad = sum(1 for f in report.files if f.problems)
    return f"{files} {noun} checked, {bad} with problems: {', '.join(parts)}"


def render(report: Report, color: bool) -> str:
    lines = [problem_line(p, color) for p in report.problems]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
