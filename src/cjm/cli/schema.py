"""`cjm schema`: write the JSON Schemas that editors use to autocomplete maps."""

from __future__ import annotations

from pathlib import Path

import typer

from cjm.cli.common import handles_errors, write


@handles_errors
def schema(
    output: Path = typer.Option(
        Path("schemas"), "--output", "-o", help="Folder to write the schemas into."
    ),
) -> int:
    """Write journey, persona and workspace JSON Schemas (draft-07) into a folder."""
    from cjm.files import write_atomically
    from cjm.schema import schema_files

    output.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        write_atomically(output / name, text.encode())
        write(str(output / name))
    return 0
