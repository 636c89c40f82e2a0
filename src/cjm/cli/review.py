"""`cjm review`: sign maps off, recording who reviewed them, when, and what they saw."""

from __future__ import annotations

import datetime as dt

import typer

from cjm.cli.common import COLOR_OPTION, error, handles_errors, write, write_problems


@handles_errors
def review(
    maps: list[str] = typer.Argument(..., metavar="MAP...", help="The map files to sign off."),
    by: str = typer.Option(..., "--by", metavar="WHO",
                           help="Who signs the maps off: a person or a team."),
    note: str | None = typer.Option(None, "--note", metavar="TEXT",
                                    help="What the review decided, in a sentence."),
    day: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                   help="The day of the review (default: today)."),
    color: bool | None = COLOR_OPTION,
) -> int:
    """Record that maps were reviewed: the day, who, and a hash of their content.

    Only the review record (`review:`, and `reviewed:` when the map has it) changes;
    every other line stays as it was. A map with errors is not signed off; a review
    record that is not valid is replaced.
    `cjm validate` warns (changed-since-review) once a signed map's content changes.

    Exit 0 when every map was signed off, 1 when one was refused (the others are still
    signed), 2 for usage errors and when a map could not be read or written (a missing
    file, a folder, a read-only file or folder, a full disk).
    """
    # Imported here, not at the top, for start-up time.
    from cjm.cli.streams import environment_failure
    from cjm.review import sign_off

    try:
        reviewed_on = dt.date.fromisoformat(day) if day is not None else dt.date.today()
    except ValueError:
        raise typer.BadParameter(f"{day!r} is not a date like 2026-09-30",
                                 param_hint="--date") from None
    refused = failed = 0
    for path in maps:
        signed = sign_off(path, by, note, reviewed_on)
        write_problems(signed.problems, color)
        if signed.unreadable:
            failed += 1
            error(f"not signed off: {path}: {signed.unreadable}")
            continue
        if signed.failure is not None:
            failed += 1
            error(f"not signed off: {environment_failure(signed.failure)}")
            continue
        if signed.review is None:
            refused += 1
            error(f"not signed off: {path} {signed.refused}")
            continue
        if signed.mended:
            error(f"note: {path}: its review record was not valid; the new one replaces it")
        write(f"{path}: signed off by {signed.review.by} on "
              f"{signed.review.date.isoformat()} ({signed.review.hash[:19]}…)")
    return 2 if failed else 1 if refused else 0
