"""`cjm validate`: check maps and personas; exit 1 when something is wrong."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer

from cjm.cli.common import (
    COLOR_OPTION,
    choice,
    completer,
    handles_errors,
    use_color,
    write_report,
    write_styled,
)
from cjm.cli.progress import progress_bar, validate_delay
from cjm.cli.stdin import STDIN, STDIN_FILENAME_OPTION, read_stdin, with_stdin
from cjm.report import VALIDATE_REPORTERS, choices_help

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from cjm.problems import Report
    from cjm.shape import CheckedFile

FORMATS = list(VALIDATE_REPORTERS)


def _parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-09-30",
                                 param_hint="--today") from None


@handles_errors
def validate(
    paths: list[str] = typer.Argument(
        None, metavar="PATH",
        help="Files, folders (walked for *.cjm.yaml), quoted globs, or - for standard "
        "input. Default: the map and persona folders of cjm.yaml, else the current folder.",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", callback=choice("--format", FORMATS),
        autocompletion=completer(FORMATS),
        help=f"How to report: {choices_help(VALIDATE_REPORTERS)}.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the check too."),
    no_warnings: bool = typer.Option(
        False, "--no-warnings",
        help="Leave warnings out of the report (with --strict they still fail the check)."),
    quiet: bool = typer.Option(
        False, "--quiet", "-q",
        help="Print errors only: no warnings, and no summary line in the text format."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="Check review dates against this day."
    ),
    color: bool | None = COLOR_OPTION,
    stdin_filename: str | None = STDIN_FILENAME_OPTION,
) -> int:
    """Check maps and personas: schema, references, duplicates and quality rules.

    Exit 0 when every file is fine, 1 when there are errors (or warnings with --strict),
    2 when nothing could be checked.
    """
    # The library is imported here, after the arguments are read (start-up time).
    from cjm.parallel import map_in_order
    from cjm.problems import FileResult, Report, Severity
    from cjm.validate import check_paths
    from cjm.workspace import default_paths

    checked_on = _parse_today(today)
    given = with_stdin(list(paths or []), stdin_filename)
    stdin = read_stdin(stdin_filename) if STDIN in given else None
    # A bar on a terminal for a long batch; none under a machine's format or --quiet.
    watched = VALIDATE_REPORTERS[output_format].reader == "person" and not quiet
    with progress_bar("Checking files", delay=validate_delay(), shown=watched) as progress:

        def map_file(function: Callable[[str], CheckedFile],
                     items: list[str]) -> Iterable[CheckedFile]:
            return map_in_order(function, items, progress)

        checked = check_paths(given or default_paths(), today=checked_on,
                              map_file=map_file, stdin=stdin)
    report = checked
    if no_warnings or quiet:  # as yamllint: hidden warnings still fail with --strict
        report = Report([FileResult(result.path, [p for p in result.problems
                                                  if p.severity is Severity.error])
                         for result in checked.files])
    if quiet and output_format == "text":
        from cjm.report.styled import Styled
        from cjm.report.text import problem_spans

        if report.problems:
            write_styled(Styled([problem_spans(p) for p in report.problems]),
                         use_color(color))
    else:
        write_report(VALIDATE_REPORTERS[output_format], report, color)
    if output_format == "github":
        _append_step_summary(report)
    if checked.broken:
        return 3
    if checked.unreadable:
        return 2
    return 1 if checked.failed(strict) else 0


def _append_step_summary(report: Report) -> None:
    """In GitHub Actions, add the problems to the job's summary page."""
    # Imported here, not at the top, for start-up time.
    import os

    from cjm.cli.streams import error
    from cjm.report.github import step_summary

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as summary_file:
            summary_file.write(step_summary(report))
    except OSError as exc:
        error(f"{target}: cannot add to the step summary: {exc.strerror or exc}")
