"""GitHub Actions workflow commands: annotations on the lines of a pull request, and a
Markdown summary for the run's page.

Each problem is printed as the plain `path:line:col` line, so the log reads well, and
the first ones also as an annotation (`::error file=…`). GitHub shows at most 10 error
and 10 warning annotations of a step (and 50 of a job) and drops the rest without a
word, so cjm writes annotations for as many as are shown and says how many more there
are in a notice; every problem is still in the log and in the step summary. Map text
and file names never become commands of their own: inside an annotation they are
escaped as GitHub documents, and the plain lines are made inert
(`cjm.report.styled.inert`).
"""

from __future__ import annotations

from cjm.printable import inert_line
from cjm.problems import Problem, Report, Severity
from cjm.report.diff_markdown import code, text
from cjm.report.styled import Styled, inert
from cjm.report.text import problem_spans, summary

# GitHub's limits: annotations shown per step, of each severity, and per job.
ANNOTATIONS_PER_STEP = {Severity.error: 10, Severity.warning: 10}
ANNOTATIONS_PER_JOB = 50
# The most problem rows the step summary lists (GitHub takes up to 1 MiB a step).
SUMMARY_ROWS = 500


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(problem: Problem) -> str:
    command = "error" if problem.severity is Severity.error else "warning"
    properties = ",".join([
        f"file={_escape_property(problem.path)}",
        f"line={problem.line}",
        f"col={problem.column}",
        f"title={_escape_property('cjm ' + problem.rule)}",
    ])
    return f"::{command} {properties}::{_escape_data(problem.message)}"


def annotated(report: Report) -> list[Problem]:
    """The problems GitHub shows as annotations: the first 10 errors and 10 warnings."""
    left = dict(ANNOTATIONS_PER_STEP)
    shown = []
    for problem in report.problems:
        if left[problem.severity]:
            left[problem.severity] -= 1
            shown.append(problem)
    return shown


def not_annotated_notice(report: Report, shown: int) -> str:
    """The sentence saying how many problems are not annotations, or "" when none."""
    hidden = len(report.problems) - shown
    if not hidden:
        return ""
    return (f"{hidden} more problem{'s' * (hidden != 1)} of {len(report.problems)} "
            f"{'is' if hidden == 1 else 'are'} not shown as annotations: GitHub shows at "
            f"most {ANNOTATIONS_PER_STEP[Severity.error]} errors and "
            f"{ANNOTATIONS_PER_STEP[Severity.warning]} warnings of a step "
            f"({ANNOTATIONS_PER_JOB} of a job). Every problem is in this log and in the "
            f"job summary.")


def styled(report: Report) -> Styled:
    """The annotations and every problem's line (coloured when the log shows colour)."""
    shown = annotated(report)
    annotate = set(map(id, shown))
    document = Styled()
    for problem in report.problems:
        if id(problem) in annotate:
            document.add(_annotation(problem))
        document.blocks.append(inert(problem_spans(problem)))
    notice = not_annotated_notice(report, len(shown))
    if notice:
        document.add(f"::notice title=cjm validate::{_escape_data(notice)}")
    document.add(inert_line(summary(report)))
    return document


def render(report: Report) -> str:
    """The annotations and lines as plain text."""
    return styled(report).plain()


def step_summary(report: Report) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: the counts, then every problem in a table."""
    lines = ["## cjm validate", "", f"**{text(summary(report))}**", ""]
    notice = not_annotated_notice(report, len(annotated(report)))
    if notice:
        lines += [f"> {text(notice)}", ""]
    problems = report.problems
    if problems:
        lines += ["| where | severity | rule | problem |", "|---|---|---|---|"]
        lines += [f"| {code(f'{p.path}:{p.line}:{p.column}')} | {p.severity} | "
                  f"{code(p.rule)} | {text(p.message)} |" for p in problems[:SUMMARY_ROWS]]
        if len(problems) > SUMMARY_ROWS:
            lines += ["", f"… and {len(problems) - SUMMARY_ROWS} more in the log."]
        lines.append("")
    return "\n".join(lines) + "\n"
