"""`cjm validate`: check maps and personas; exit 1 when something is wrong."""

from __future__ import annotations

import datetime as dt

import typer

from cjm.cli.common import COLOR_OPTION, handles_errors
from cjm.cli.quick import FORMATS, ValidateArguments, run_validate


def _parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-09-30") from None


@handles_errors
def validate(
    paths: list[str] = typer.Argument(
        None,
        help="Files, folders (walked for *.cjm.yaml) or quoted globs. "
        "Default: the map and persona folders of cjm.yaml, else the current folder.",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the check too."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="Check review dates against this day."
    ),
    color: bool | None = COLOR_OPTION,
) -> int:
    """Check maps and personas: schema, references, duplicates and quality rules.

    Exit 0 when every file is fine, 1 when there are errors (or warnings with --strict),
    2 when nothing could be checked.
    """
    # `cjm validate` usually runs without Typer (cjm.cli.quick); both share run_validate.
    if output_format not in FORMATS:
        raise typer.BadParameter(
            f"{output_format!r} is not one of {', '.join(FORMATS)}",
            param_hint="--format",
        )
    return run_validate(ValidateArguments(list(paths or []), output_format, strict,
                                          _parse_today(today), color))
