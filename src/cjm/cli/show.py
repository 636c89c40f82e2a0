"""`cjm show`: a map as plain lines, one fact per line (for reading, grep and git)."""

from __future__ import annotations

import typer

from cjm.cli.common import handles_errors, write


@handles_errors
def show(
    path: str = typer.Argument(..., metavar="MAP", help="A map or persona file."),
) -> int:
    """Print a map or persona as plain lines, one fact per line (for grep and git).

    Each stage, step, pain point, opportunity and evidence is on a line of its own, its
    fields indented beneath it, list items one per line. git uses it as a textconv
    filter, so git log -p, git show and git blame show maps this way (docs/diff.md). A
    broken file is shown as its problems, then its text.

    Exit 0, or 2 when the file cannot be read.
    """
    # Imported here, not at the top, for start-up time.
    import os

    from cjm.outline import outline_file
    from cjm.problems import UsageError

    if not os.path.isfile(path):
        raise UsageError(f"{path}: no such file")
    write(outline_file(path))
    return 0
