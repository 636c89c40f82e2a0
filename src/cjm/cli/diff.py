"""`cjm diff`: what changed in journey maps, between two files or two git revisions."""

from __future__ import annotations

import sys

import typer

from cjm.cli.common import COLOR_OPTION, choice, completer, handles_errors, use_color, write
from cjm.problems import UsageError
from cjm.report import DIFF_REPORTERS, choices_help

FORMATS = list(DIFF_REPORTERS)


@handles_errors
def diff(
    files: list[str] = typer.Argument(
        None, metavar="OLD NEW | PATHS",
        help="Two map files to compare; with --rev, the files and folders to look in "
        "(default: the whole repository).",
    ),
    rev: str | None = typer.Option(
        None, "--rev", "-r", metavar="A[..B]",
        help="Compare the maps at git revision A with revision B (default: the working "
        "tree). Any revision git understands: a tag, a branch, a commit, HEAD~3; "
        "A...B compares B with its merge base with A.",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", callback=choice("--format", FORMATS),
        autocompletion=completer(FORMATS), help=f"{choices_help(DIFF_REPORTERS)}."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit with 1 when anything changed (like git diff)."),
    git_driver: bool = typer.Option(
        False, "--git-driver", hidden=True,
        help="Run as git's external diff driver (see docs/diff.md)."),
    color: bool | None = COLOR_OPTION,
) -> int:
    """Show what changed in journey maps, by meaning: steps added, removed, moved and
    renamed, field changes old → new, emotion up or down, pain points opened and closed,
    opportunity status changes and metrics against their targets.

    Exit 0 when the maps were compared (1 with --exit-code when something changed), 1
    when a map has errors (they are listed, the other maps are still compared), 2 for
    usage errors, missing files, not a git repository and unknown revisions.
    """
    from cjm.diff.sources import compare_files, compare_revisions
    from cjm.report.text import problem_line

    files = files or []
    if git_driver:
        return _as_git_driver(files, color)
    if rev is not None:
        outcome = compare_revisions(rev, files)
    elif len(files) == 2:
        outcome = compare_files(files[0], files[1])
    else:
        raise UsageError("give two map files (cjm diff OLD NEW), or a git revision "
                         "(cjm diff --rev A[..B] [PATHS])")
    coloured = use_color(color)
    if output_format != "json":
        for problem in outcome.problems:
            sys.stderr.write(problem_line(problem, use_color(color, sys.stderr)) + "\n")
    write(DIFF_REPORTERS[output_format](outcome, coloured))
    if outcome.problems:
        return 1
    return 1 if exit_code and outcome.report.changed else 0


def _as_git_driver(arguments: list[str], color: bool | None) -> int:
    # git runs: cmd path old-file old-hex old-mode new-file new-hex new-mode [new-path info]
    from cjm.diff.sources import compare_for_git
    from cjm.report.diff_text import render
    from cjm.report.text import problem_line

    if len(arguments) not in (7, 9):
        raise UsageError("--git-driver is for git's diff.<driver>.command; see docs/diff.md")
    old_path, old_file, new_file = arguments[0], arguments[1], arguments[4]
    new_path = arguments[7] if len(arguments) == 9 else old_path
    outcome = compare_for_git(old_path, new_path, old_file, new_file)
    write(f"cjm diff a/{old_path} b/{new_path}")
    for problem in outcome.problems:
        write(problem_line(problem, False))
    if outcome.report.maps:
        write(render(outcome, use_color(color)))
    # git stops showing the rest of the diff when its driver fails: always succeed.
    return 0
