"""`cjm init`: start a new workspace of journey maps."""

from __future__ import annotations

from pathlib import Path

import typer

from cjm.cli.common import handles_errors, write


@handles_errors
def init(
    folder: Path = typer.Argument(
        Path("."), help="Folder for the new workspace (created if needed). Default: ."
    ),
) -> int:
    """Create a workspace: cjm.yaml, a persona, an example map, schemas, pre-commit and CI.

    Never overwrites a file: when any of them exists, nothing is written (exit 2).
    """
    # Imported here, not at the top, for start-up time.
    from cjm.init import create_workspace

    created = create_workspace(folder)
    lines = [f"Created a cjm workspace in {folder}:"]
    lines += [f"  {folder / path}" for path in created]
    lines += [
        "",
        "Next: edit maps/first-purchase.cjm.yaml (or copy it for a new journey), check it",
        f"with `cjm validate {folder}`, and run `pre-commit install` to check maps on",
        "every commit.",
    ]
    write("\n".join(lines))
    return 0
