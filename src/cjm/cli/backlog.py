"""`cjm backlog`: the opportunity backlog across maps, for a planning meeting or a sheet."""

from __future__ import annotations

import sys

import typer

from cjm.cli.common import choice, completer, handles_errors, write, write_problems
from cjm.model import OpportunityStatus
from cjm.report import BACKLOG_REPORTERS, choices_help

FORMATS = list(BACKLOG_REPORTERS)
STATUSES = [status.value for status in OpportunityStatus]


@handles_errors
def backlog(
    paths: list[str] = typer.Argument(
        None, help="Map files, folders (walked for *.cjm.yaml) or quoted globs. "
        "Default: the map folders of cjm.yaml, else the current folder."),
    output_format: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", callback=choice("--format", FORMATS),
        autocompletion=completer(FORMATS), help=f"{choices_help(BACKLOG_REPORTERS)}."),
    status: list[str] = typer.Option(
        [], "--status", "-s", metavar="STATUS",
        help=f"Only opportunities with this status ({', '.join(STATUSES)}); repeatable."),
    owner: list[str] = typer.Option(
        [], "--owner", metavar="OWNER",
        help='Only opportunities of this owner (case does not matter; "" for none); '
        "repeatable."),
) -> int:
    """List every opportunity of the maps with its status, owner, step, the pain points it
    addresses and its link.

    Exit 0 when every map was read, 1 when a map has errors (they are listed on stderr,
    the other maps are still listed), 2 for usage errors and when no file matched.
    """
    # Imported here, not at the top: the start-up time of every other command.
    from cjm.backlog import collect, select
    from cjm.validate import check_batch
    from cjm.workspace import default_paths

    for value in status:
        if value not in STATUSES:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(STATUSES)}",
                                     param_hint="--status")
    batch = check_batch(list(paths or default_paths()))
    problems = batch.errors()
    write_problems(problems)
    found = select(collect((checked.path, journey) for checked, journey in batch.valid_maps()),
                   status, owner)
    text = BACKLOG_REPORTERS[output_format](found)
    if output_format == "csv":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write(text)
    return 1 if problems else 0
