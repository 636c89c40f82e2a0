"""`cjm render`: draw maps in a view and an output format; never over an input file."""

from __future__ import annotations

import os
import sys

import typer

from cjm.cli.common import error, handles_errors
from cjm.formats import OutputFormat, choices_text, format_of_file, formats_for
from cjm.problems import UsageError
from cjm.render.views import DEFAULT_VIEW, VIEWS, view_choices

COMMAND = "render"


@handles_errors
def render(
    maps: list[str] = typer.Argument(
        ..., help="Map files, folders (walked for *.cjm.yaml) or quoted globs."
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
) -> int:
    """Draw journey maps through Graphviz (the `--format dot` text needs no Graphviz).

    Exit 0 when every map was drawn, 1 when a map has errors (nothing is written then),
    2 for usage errors, unreadable files and a missing Graphviz.
    """
    # Imported here, not at the top: `cjm --version` and `cjm validate` stay fast.
    from cjm.files import write_atomically
    from cjm.formats import output_format as format_named
    from cjm.render.drawing import render as draw_map
    from cjm.render.plan import plan_outputs, read_maps
    from cjm.report.text import problem_line

    if view not in VIEWS:
        raise typer.BadParameter(f"{view!r} is not one of {', '.join(VIEWS)}",
                                 param_hint="--view")
    try:
        chosen = (format_named(output_format, COMMAND) if output_format
                  else _format_from(output) or formats_for(COMMAND)[0])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    loaded, problems = read_maps(maps)
    if problems:
        for problem in problems:
            sys.stderr.write(problem_line(problem, False) + "\n")
        count = len({p.path for p in problems})
        error(f"nothing drawn: {count} map{'s' * (count != 1)} with errors")
        return 1
    targets = plan_outputs([item.path for item in loaded], output, chosen)
    for item, target in zip(loaded, targets, strict=True):
        data, warnings = draw_map(item.journey, view, chosen.name, item.info)
        for warning in warnings:
            sys.stderr.write(f"cjm: graphviz: {warning}\n")
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            write_atomically(target, data)
            sys.stderr.write(f"wrote {target}\n")
    return 0


def _format_from(output: str | None) -> OutputFormat | None:
    if not output or output == "-" or os.path.isdir(output):
        return None
    found = format_of_file(output, COMMAND)
    if found is None and os.path.splitext(output)[1]:
        raise UsageError(f"cannot tell the format from {output!r}; add --format")
    return found
