"""`cjm diff`: what changed in journey maps, between two files or two git revisions."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from cjm.cli.common import (
    COLOR_OPTION,
    choice,
    completer,
    error,
    handles_errors,
    write,
    write_problems,
    write_report,
    write_styled,
)
from cjm.cli.stdin import STDIN, STDIN_FILENAME_OPTION, read_stdin
from cjm.formats import formats_for
from cjm.problems import UNREADABLE, UsageError
from cjm.render.views import PAGES
from cjm.report import DIFF_REPORTERS, choices_help

if TYPE_CHECKING:
    from cjm.diff.changes import DiffOutcome

# The newer map's grid with the changes marked: the formats Graphviz draws.
PICTURES = [entry.name for entry in formats_for("render") if entry.needs_graphviz]
_PICTURE_CHOICES = f"{', '.join(PICTURES[:-1])} or {PICTURES[-1]}"
FORMATS = [*DIFF_REPORTERS, *PICTURES]


@handles_errors
def diff(
    files: list[str] = typer.Argument(
        None, metavar="OLD NEW | PATHS",
        help="Two map files to compare (one of them may be - for standard input); with "
        "--rev, the files and folders to look in (default: the whole repository).",
    ),
    rev: str | None = typer.Option(
        None, "--rev", "-r", metavar="A[..B]",
        help="Compare the maps at git revision A with revision B (default: the working "
        "tree). Any revision git understands: a tag, a branch, a commit, HEAD~3; "
        "A...B compares B with its merge base with A.",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", callback=choice("--format", FORMATS),
        autocompletion=completer(FORMATS),
        help=f"{choices_help(DIFF_REPORTERS)}, or a picture of each changed map: "
        f"{_PICTURE_CHOICES} (with -o)."),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE|FOLDER",
        help="Where the pictures go: a file for one map, a folder for several, - for "
        "stdout."),
    page: str | None = typer.Option(
        None, "--page", metavar="PAGE", callback=choice("--page", list(PAGES)),
        autocompletion=completer(list(PAGES)),
        help=f"Pictures only: wrap the grid into rows that fit a landscape page: "
        f"{', '.join(PAGES)}; a PDF's pages are no larger than the paper."),
    only: str | None = typer.Option(
        None, "--only", metavar="KINDS",
        help="Show only changes to these, comma-separated: map, persona, stages, steps, "
        "metrics, pain-points, opportunities, evidence."),
    stage: str | None = typer.Option(
        None, "--stage", metavar="ID",
        help="Show only the changes in this stage (by its id, on either side)."),
    brief: bool = typer.Option(
        False, "--brief", help="The summary and one line per changed map."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit with 1 when anything changed (like git diff)."),
    git_driver: bool = typer.Option(
        False, "--git-driver", hidden=True,
        help="Run as git's external diff driver (see docs/diff.md)."),
    color: bool | None = COLOR_OPTION,
    stdin_filename: str | None = STDIN_FILENAME_OPTION,
) -> int:
    """Show what changed in journey maps, by meaning: steps added, removed, moved and
    renamed, field changes old → new, emotion up or down, pain points opened and closed,
    opportunity status changes and metrics against their targets.

    Exit 0 when the maps were compared (1 with --exit-code when something changed), 1
    when a map has errors (they are listed, the other maps are still compared), 2 for
    usage errors, missing files, not a git repository and unknown revisions.
    """
    # Imported here, not at the top, for start-up time.
    from cjm.diff.filters import narrowed
    from cjm.diff.sources import compare_files, compare_revisions

    files = files or []
    if git_driver:
        return _as_git_driver(files, color)
    kinds = _kinds(only)
    if brief and output_format != "text":
        raise UsageError("--brief writes text: leave --format out")
    if (only is not None or stage is not None) and output_format in PICTURES:
        # A picture draws the whole grid with every change on it: narrowing it would
        # hide marks without saying so.
        raise UsageError("--only and --stage narrow the reports (text, markdown, json); a "
                         "picture marks every change of each map: leave them out")
    if page is not None and output_format not in PICTURES:
        raise UsageError(f"--page is for pictures (--format {_PICTURE_CHOICES})")
    if output is not None and output_format not in PICTURES:
        raise UsageError(f"-o is for pictures (--format {_PICTURE_CHOICES}); reports go to "
                         "stdout: redirect them with >")
    if stdin_filename is not None and STDIN not in files:
        raise UsageError("--stdin-filename names what - (standard input) holds: give - as "
                         "OLD or NEW")
    if rev is not None:
        if STDIN in files:
            raise UsageError("--rev compares files in git; - (standard input) is one side "
                             "of a comparison of two files: cjm diff OLD -")
        outcome = compare_revisions(rev, files)
    elif len(files) == 2:
        stdin = (read_stdin(stdin_filename, workspace_limit=False) if STDIN in files
                 and files.count(STDIN) == 1 else None)
        outcome = compare_files(files[0], files[1], stdin=stdin)
    else:
        raise UsageError("give two map files (cjm diff OLD NEW), or a git revision "
                         "(cjm diff --rev A[..B] [PATHS])")
    outcome = narrowed(outcome, kinds, stage)
    if stage is not None:
        _note_unknown_stage(outcome, stage)
    if output_format in PICTURES:
        old_label, new_label = _labels(rev, files)
        _draw(outcome, output_format, output, old_label, new_label, page)
    elif brief:
        from cjm.report.diff_brief import render as brief_report

        write(brief_report(outcome))
    else:
        write_report(DIFF_REPORTERS[output_format], outcome, color)
    if output_format != "json" and (output_format != "text" or brief):
        _show_problems(outcome, color)  # the text and JSON reports list them themselves
    if outcome.problems:  # an unreadable file leaves the comparison incomplete: exit 2
        return 2 if any(p.rule == UNREADABLE for p in outcome.problems) else 1
    return 1 if exit_code and outcome.report.changed else 0


def _as_git_driver(arguments: list[str], color: bool | None) -> int:
    # git runs: cmd path old-file old-hex old-mode new-file new-hex new-mode [new-path info]
    # Imported here, not at the top, for start-up time.
    from cjm.diff.sources import compare_for_git
    from cjm.report.diff_text import styled
    from cjm.report.styled import Span, Styled, line
    from cjm.report.text import problem_spans

    if len(arguments) not in (7, 9):
        raise UsageError("--git-driver is for git's diff.<driver>.command; see docs/diff.md")
    old_path, old_file, new_file = arguments[0], arguments[1], arguments[4]
    new_path = arguments[7] if len(arguments) == 9 else old_path
    outcome = compare_for_git(old_path, new_path, old_file, new_file)
    shown = Styled([line(Span(text, "heading"))  # bold, as git's header
                    for text in [f"cjm diff a/{old_path} b/{new_path}",
                                 *_mode_lines(arguments)]])
    shown.extend(problem_spans(problem) for problem in outcome.problems)
    if outcome.report.maps:
        shown.extend(styled(outcome).blocks)
    write_styled(shown, _git_would_colour(color))
    # git stops showing the rest of the diff when its driver fails: always succeed.
    return 0


def _kinds(only: str | None) -> set[str] | None:
    # Imported here, not at the top, for start-up time.
    from cjm.diff.filters import parse_kinds

    if only is None:
        return None
    try:
        return parse_kinds(only)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--only") from None


def _note_unknown_stage(outcome: DiffOutcome, stage: str) -> None:
    """A --stage no changed map has is most likely a typo (or a name, not an id): say
    so, lest "no changes" be read as the stage's news. Maps whose files did not change
    are not read, so this is a note, not an error."""
    # Imported here, not at the top, for start-up time.
    from cjm.diff.filters import stage_ids

    known = stage_ids(outcome)
    if stage in known:
        return
    listed = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    theirs = f"; their stage ids: {listed}" if known else ""
    error(f"note: no map that changed has a stage with the id \"{stage}\"{theirs}")


def _show_problems(outcome: DiffOutcome, color: bool | None) -> None:
    write_problems(outcome.problems, color)


def _labels(rev: str | None, files: list[str]) -> tuple[str, str]:
    """How the two sides are named in a picture: the revisions, or the two files."""
    if rev is None:
        return files[0], files[1]
    # Imported here, not at the top, for start-up time.
    from cjm.git import split_range

    old, new = split_range(rev)
    return old, new or "working tree"


def _draw(outcome: DiffOutcome, format_name: str, output: str | None, old_label: str,
          new_label: str, page: str | None = None) -> None:
    """Each changed journey map's picture, to -o FILE, -o FOLDER or stdout (-o -);
    wrapped to fit PAGE when one is given."""
    # Imported here, not at the top, for start-up time.
    from cjm.files import write_output
    from cjm.formats import output_format
    from cjm.model import JourneyMap
    from cjm.render.changes import render_changes
    from cjm.render.info import map_info
    from cjm.render.plan import plan_outputs
    from cjm.render.views import page_height, page_width
    from cjm.workspace import context_for

    if output is None:
        raise UsageError(f"--format {format_name} draws pictures: give -o FILE (one map), "
                         "-o FOLDER (several) or -o - (standard output)")
    drawn = []
    for diff in outcome.report.maps:
        old, new = outcome.sides.get(diff.path, (None, None))
        if diff.status == "unchanged" or not isinstance(new, JourneyMap):
            if diff.status == "removed":
                error(f"note: {diff.path} was removed: no picture")
            continue
        drawn.append((diff.path, old if isinstance(old, JourneyMap) else None, new))
    if not drawn:
        error("note: no journey map changed: no picture")
        return
    targets = plan_outputs([path for path, _, _ in drawn], output,
                           output_format(format_name, "render"), ".changes")
    for (path, old, new), target in zip(drawn, targets, strict=True):
        picture = render_changes(old, new, map_info(new, context_for(path)), format_name,
                                 old_label=old_label, new_label=new_label,
                                 width=page_width(page) if page else None,
                                 height=page_height(page) if page else None)
        for warning in picture.warnings:
            error(f"graphviz: {warning}")
        if target is None:
            sys.stdout.buffer.write(picture.data)
            sys.stdout.flush()
        else:
            write_output(target, picture.data)
            sys.stderr.write(f"wrote {target}\n")


def _mode_lines(arguments: list[str]) -> list[str]:
    """git's lines for a file added, deleted or with its mode changed."""
    old_file, old_mode, new_file, new_mode = arguments[1], arguments[3], arguments[4], arguments[6]
    if old_file == "/dev/null" and new_mode != ".":
        return [f"new file mode {new_mode}"]
    if new_file == "/dev/null" and old_mode != ".":
        return [f"deleted file mode {old_mode}"]
    if "." not in (old_mode, new_mode) and old_mode != new_mode:
        return [f"old mode {old_mode}", f"new mode {new_mode}"]
    return []


def _git_would_colour(choice: bool | None) -> bool:
    """Colour as git colours its own diff: --color/--no-color first, then NO_COLOR, then
    git's color.diff / color.ui, where git's pager counts as a terminal."""
    # Imported here, not at the top, for start-up time.
    import os

    from cjm.git import GitError, diff_colored

    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    terminal = bool(os.environ.get("GIT_PAGER_IN_USE")) or sys.stdout.isatty()
    try:
        return diff_colored(terminal)
    except GitError:
        return False
