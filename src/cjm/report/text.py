"""`path:line:col: severity [rule] message` lines, coloured on a terminal, and a summary."""

from __future__ import annotations

from cjm.printable import printable, shown_path
from cjm.problems import Problem, Report, Severity
from cjm.report.styled import Line, Span, Styled, StyleName, plain_line

_SEVERITY_STYLES: dict[Severity, StyleName] = {Severity.error: "error",
                                               Severity.warning: "warning"}


def problem_spans(problem: Problem) -> Line:
    """One line, whatever the file's name and the map's text hold (quoted, escaped)."""
    path, message = shown_path(problem.path), printable(problem.message)
    return (Span(f"{path}:{problem.line}:{problem.column}:", "place"), Span(" "),
            Span(str(problem.severity), _SEVERITY_STYLES[problem.severity]), Span(" "),
            Span(f"[{problem.rule}]", "rule"), Span(f" {message}"))


def problem_line(problem: Problem) -> str:
    """The problem's line without styles."""
    return plain_line(problem_spans(problem))


def summary(report: Report) -> str:
    files = len(report.files)
    noun = "file" if files == 1 else "files"
    if not report.errors and not report.warnings:
        return f"{files} {noun} checked, no problems"
    parts = [f"{report.errors} error{'s' * (report.errors != 1)}",
             f"{report.warnings} warning{'s' * (report.warnings != 1)}"]
    bad = sum(1 for f in report.files if f.problems)
    return f"{files} {noun} checked, {bad} with problems: {', '.join(parts)}"


def styled(report: Report) -> Styled:
    document = Styled([problem_spans(p) for p in report.problems])
    document.add(summary(report))
    return document
