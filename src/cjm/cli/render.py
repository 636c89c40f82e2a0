"""`cjm render`: draw maps in a view and an output format; never over an input file."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import typer

from cjm import interrupts
from cjm.cli.common import error, handles_errors, write_problems
from cjm.cli.stdin import STDIN, STDIN_FILENAME_OPTION, read_stdin, with_stdin
from cjm.cli.streams import say
from cjm.formats import OutputFormat, choices_text, format_of_file, formats_for
from cjm.problems import UNREADABLE, CjmError, UsageError
from cjm.render.views import DEFAULT_VIEW, PAGES, VIEWS, page_height, page_width, view_choices

COMMAND = "render"


@handles_errors
def render(
    maps: list[str] = typer.Argument(
        ..., help="Map files, folders (walked for *.cjm.yaml), quoted globs, or - for "
        "standard input (with -o)."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o",
        help="A file (one map), a folder (any number of maps) or - for stdout. "
        "Default: next to each map, named after it.",
    ),
    output_format: str | None = typer.Option(
        None, "--format", "-f",
        help=f"{choices_text(COMMAND)}. Default: from the -o file's extension, else "
        f"{formats_for(COMMAND)[0].name}.",
    ),
    view: str = typer.Option(DEFAULT_VIEW, "--view", "-v", help=f"{view_choices()}."),
    page: str | None = typer.Option(
        None, "--page",
        help=f"Wrap the drawing into rows that fit a landscape page: {', '.join(PAGES)}; "
        "a PDF's pages are no larger than the paper.",
    ),
    width: float | None = typer.Option(
        None, "--width", min=400,
        help="Wrap the drawing into rows at most this wide, in points (1/72 in).",
    ),
    scale: float | None = typer.Option(
        None, "--scale", min=0.25, max=8,
        help="PNG only: draw at this many times 96 dpi (2 for slides and high-density "
        "screens).",
    ),
    dpi: float | None = typer.Option(
        None, "--dpi", min=24, max=768, help="PNG only: the resolution in dots per inch.",
    ),
    compare: str | None = typer.Option(
        None, "--compare", metavar="FUTURE",
        help="Draw FUTURE's grid with the emotion curve of MAP (the current state) muted "
        "behind its own and MAP's dropped steps muted where they were; steps are matched "
        "as `cjm diff` matches them. Grid and blueprint only.",
    ),
    stdin_filename: str | None = STDIN_FILENAME_OPTION,
) -> int:
    """Draw journey maps through Graphviz (the `--format dot` text needs no Graphviz).

    Exit 0 when every map was drawn, 1 when a map has errors (nothing is written then),
    2 for usage errors, unreadable files and a missing Graphviz.
    """
    # Imported here, not at the top: `cjm --version` and `cjm validate` stay fast.
    from cjm.files import refuse_inputs, write_output
    from cjm.formats import output_format as format_named
    from cjm.printable import shown_path
    from cjm.render.compare import compare_states
    from cjm.render.drawing import render as draw_map
    from cjm.render.graphviz import GraphvizFailed
    from cjm.render.info import DrawOptions
    from cjm.render.plan import plan_outputs, read_maps

    if view not in VIEWS:
        raise typer.BadParameter(f"{view!r} is not one of {', '.join(VIEWS)}",
                                 param_hint="--view")
    if page is not None and page not in PAGES:
        raise typer.BadParameter(f"{page!r} is not one of {', '.join(PAGES)}",
                                 param_hint="--page")
    if page is not None and width is not None:
        raise UsageError("give --page or --width, not both")
    if scale is not None and dpi is not None:
        raise UsageError("give --scale or --dpi, not both")
    resolution = dpi if dpi is not None else (96 * scale if scale is not None else None)
    try:
        chosen = (format_named(output_format, COMMAND) if output_format
                  else _format_from(output) or formats_for(COMMAND)[0])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    if compare is not None and len(maps) != 1:
        raise UsageError("--compare draws one map against another: give one MAP")
    if compare is not None and not VIEWS[view].compares:
        able = [name for name, entry in VIEWS.items() if entry.compares]
        raise UsageError(f"--compare draws both emotion curves in one grid, and the {view} "
                         f"view has no emotion curve: give --view {' or --view '.join(able)}")
    maps = with_stdin(maps, stdin_filename)
    stdin = None
    if STDIN in maps or compare == STDIN:
        _check_stdin_output(output, stdin_filename)
        stdin = read_stdin(stdin_filename)
    loaded, problems = read_maps(maps + ([compare] if compare is not None else []), stdin=stdin)
    if problems:
        write_problems(problems)
        count = len({p.path for p in problems})
        error(f"nothing drawn: {count} map{'s' * (count != 1)} with errors")
        return 2 if any(p.rule == UNREADABLE for p in problems) else 1
    options = DrawOptions(width=page_width(page) if page else width,
                          height=page_height(page) if page else None)
    tail = ""
    if compare is not None:
        if len(loaded) != 2:
            raise UsageError("--compare needs two map files, not folders")
        current, future = loaded
        compared = compare_states(current.journey, future.journey)
        options = compared.options(options.width, options.height)
        if compared.dropped:
            error(f"note: {len(compared.dropped)} step(s) of {current.path} have no match "
                  f"in {future.path}, drawn muted where they were: "
                  f"{', '.join(compared.dropped)}")
        loaded, tail = [replace(future, journey=compared.journey)], ".compared"
    targets = plan_outputs([item.path for item in loaded], output, chosen, tail)
    refuse_inputs([target for target in targets if target is not None])
    if None in targets and chosen.binary and sys.stdout.isatty():
        raise UsageError(f"{chosen.name.upper()} is binary and standard output is a terminal; "
                         "give a file with -o, or pipe the output into a program")
    code = 0
    for item, target in zip(loaded, targets, strict=True):
        try:
            drawn = draw_map(item.journey, view, chosen.name, item.info, options=options,
                             dpi=resolution)
        except GraphvizFailed as exc:  # on this map: say which, and draw the others
            error(f"{shown_path(item.path)}: {exc.message}")
            code = max(code, exc.exit_code)
            continue
        except CjmError:  # Graphviz missing: no map can be drawn
            raise
        except Exception as exc:
            if (stop := interrupts.stop_within(exc)) is not None:
                raise stop from None
            error(f"{shown_path(item.path)}: internal error: {type(exc).__name__}: {exc} "
                  "(please report this with the map)")
            code = 3
            continue
        for note in drawn.notes:
            error(f"note: {shown_path(item.path)}: {note}")
        for warning in drawn.warnings:
            error(f"graphviz: {warning}")
        data = drawn.data
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            write_output(target, data)
            say(f"wrote {shown_path(str(target))}")
    return code


def _check_stdin_output(output: str | None, stdin_filename: str | None) -> None:
    """A map from standard input has no file to be drawn next to: -o says where."""
    if output is None:
        raise UsageError("a map from - (standard input) has no folder to be drawn into: "
                         "give -o FILE, or -o - for standard output")
    if stdin_filename is None and output != "-" and (
            os.path.isdir(output) or output.endswith(("/", os.sep))):
        raise UsageError("a map from - (standard input) has no name to draw it under in "
                         f"{output}: give -o FILE, or --stdin-filename")


def _format_from(output: str | None) -> OutputFormat | None:
    if not output or output == "-" or os.path.isdir(output):
        return None
    found = format_of_file(output, COMMAND)
    if found is None and os.path.splitext(output)[1]:
        raise UsageError(f"cannot tell the format from {output!r}; add --format")
    return found
