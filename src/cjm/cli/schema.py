"""`cjm schema`: write the JSON Schemas that editors use to autocomplete maps."""

from __future__ import annotations

from pathlib import Path

import typer

from cjm.cli.common import handles_errors, write


@handles_errors
def schema(
    output: str = typer.Option(
        "schemas", "--output", "-o", metavar="DIR",
        help="Folder to write the schemas into, or - to print them to stdout as one JSON "
        "object from each file name to its schema.",
    ),
) -> int:
    """Write the JSON Schemas (draft-07) editors check files with: cjm.schema.json for
    every *.cjm.yaml (journey or persona, by kind), one per kind, and cjm.yaml's."""
    # Imported here, not at the top, for start-up time.
    from cjm.files import make_folders, write_output
    from cjm.schema import schema_files

    files = schema_files()
    if output == "-":
        import json

        write(json.dumps({name: json.loads(text) for name, text in files.items()},
                         indent=2, ensure_ascii=False))
        return 0
    folder = Path(output)
    make_folders(folder)
    for name, text in files.items():
        write_output(folder / name, text.encode())
        write(str(folder / name))
    return 0
