"""`cjm render`: draw maps as SVG, PNG, PDF or DOT; never over an input file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cjm.cli.common import error, handles_errors
from cjm.problems import UsageError

VIEWS = ["grid", "flow", "blueprint"]
FORMATS = ["svg", "png", "pdf", "dot"]


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
        help="svg, png, pdf or dot. Default: from the -o file's extension, else svg.",
    ),
    view: str = typer.Option("grid", "--view", "-v", help="grid, flow or blueprint."),
) -> int:
    """Draw journey maps through Graphviz (the `--format dot` text needs no Graphviz).

    Exit 0 when every map was drawn, 1 when a map has errors (nothing is written then),
    2 for usage errors, unreadable files and a missing Graphviz.
    """
    from cjm.render import render as draw_map
    from cjm.render.plan import plan_outputs, read_maps
    from cjm.report.text import problem_line

    if view not in VIEWS:
        raise typer.BadParameter(f"{view!r} is not one of {', '.join(VIEWS)}",
                                 param_hint="--view")
    chosen = output_format or _format_from(output) or "svg"
    if chosen not in FORMATS:
        raise typer.BadParameter(f"{chosen!r} is not one of {', '.join(FORMATS)}",
                                 param_hint="--format")
    loaded, problems = read_maps(maps)
    if problems:
        for problem in problems:
            sys.stderr.write(problem_line(problem, False) + "\n")
        count = len({p.path for p in problems})
        error(f"nothing drawn: {count} map{'s' * (count != 1)} with errors")
        return 1
    targets = plan_outputs([item.path for item in loaded], output, chosen)
    for item, target in zip(loaded, targets, strict=True):
        data, warnings = draw_map(item.journey, view, chosen, item.info)
        for warning in warnings:
            sys.stderr.write(f"cjm: graphviz: {warning}\n")
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            from cjm.files import write_atomically

            write_atomically(target, data)
            sys.stderr.write(f"wrote {target}\n")
    return 0


def _format_from(output: str | None) -> str | None:
    if not output or output == "-" or os.path.isdir(output):
        return None
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix == "gv":
        return "dot"
    if suffix:
        raise UsageError(f"cannot tell the format from {output!r}; add --format")
    return None
