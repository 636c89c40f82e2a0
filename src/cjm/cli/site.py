"""`cjm site`: every map of a workspace as a static website in a folder."""

from __future__ import annotations

import sys

import typer

from cjm.cli.common import handles_errors, write_problems
from cjm.cli.progress import progress_bar
from cjm.cli.validate import _parse_today


@handles_errors
def site(
    paths: list[str] = typer.Argument(
        None, help="Map and persona files, folders (walked for *.cjm.yaml) or quoted globs. "
        "Default: the map and persona folders of cjm.yaml, else the current folder."),
    output: str = typer.Option(
        "site", "--output", "-o", metavar="DIR",
        help="The folder to write the site into (made if missing; files cjm writes there "
        "are replaced, others are left alone)."),
    since: str | None = typer.Option(
        None, "--since", metavar="REV",
        help="Add a page of what changed in the maps since git revision REV (a tag, a "
        "branch, a commit), as `cjm diff --rev REV` shows it."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD",
        help="Check review dates against this day (default: today)."),
    drawings: bool = typer.Option(
        True, "--drawings/--no-drawings",
        help="Draw every map in its three views (needs Graphviz)."),
) -> int:
    """Build a static website of the maps: a home page of every map with its review
    dates and problems, a page per map (its drawings and its content), a page per
    persona, the opportunity backlog and the pain points across maps.

    The site needs no server and nothing from the network: publish the folder on any
    web server or open its index.html from disk. Exit 0 when the site was written, 1
    when it was written but a file has errors (they are listed on stderr, and on the
    site with the map), 2 for usage errors, no file matched, an unknown revision and a
    missing Graphviz.
    """
    # Imported here, not at the top: the start-up time of every other command.
    from cjm.site import build, write_site

    with progress_bar("Drawing maps") as progress:
        content, pages, warnings = build(list(paths or _default_paths()),
                                         today=_parse_today(today), since=since,
                                         drawings=drawings, progress=progress)
    for warning in warnings:
        sys.stderr.write(f"cjm: graphviz: {warning}\n")
    written = write_site(pages, output, tuple(entry.path for entry in content.maps))
    errors = content.errors()
    write_problems(errors)
    broken = sum(1 for entry in content.maps if entry.errors)
    sys.stderr.write(f"wrote {written} files into {output}/ ({len(content.maps)} maps"
                     + (f", {broken} with errors listed on the site" if broken else "")
                     + f"); open {output}/index.html\n")
    return 1 if errors else 0


def _default_paths() -> list[str]:
    # Imported here, not at the top: the start-up time of every other command.
    from cjm.workspace import default_paths

    return default_paths()
