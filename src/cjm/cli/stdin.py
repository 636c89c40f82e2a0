"""Standard input as a file, the way linters that editors run read it.

`-` among the paths is the text on standard input; `--stdin-filename PATH` says which
file it is (an editor's unsaved buffer): problems are named by PATH and the workspace is
found from it, and the file on disk at PATH is not read. Without it the text is named
`<stdin>` and belongs to the workspace of the current folder.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from cjm.cli.streams import say
from cjm.problems import UsageError

if TYPE_CHECKING:
    from cjm.files import GivenFile

STDIN = "-"  # cjm.files.STDIN, without importing the library before the arguments are read
STDIN_NAME = "<stdin>"

STDIN_FILENAME_OPTION = typer.Option(
    None, "--stdin-filename", metavar="PATH",
    help="The file that - (standard input) holds, as editors pass it: problems name it "
    "and its workspace is found from it (default: <stdin>, in the current folder's "
    "workspace).",
)


def with_stdin(paths: list[str], filename: str | None) -> list[str]:
    """PATHS, with `-` when only --stdin-filename was given; a usage error when it names
    nothing that is read."""
    if filename is not None and STDIN not in paths:
        if paths:
            raise UsageError("--stdin-filename names what - (standard input) holds: add -")
        return [STDIN]
    return paths


def read_stdin(filename: str | None, *, workspace_limit: bool = True) -> GivenFile:
    """Standard input's bytes, read up to the size limit of the file's workspace (one byte
    more, to tell that it is over)."""
    # Imported here, not at the top: only a command that reads - needs them.
    from cjm.files import GivenFile
    from cjm.load import DEFAULT_MAX_BYTES
    from cjm.workspace import context_for

    place = filename if filename is not None else "."
    limit = (context_for(place).settings.max_file_size if workspace_limit
             else DEFAULT_MAX_BYTES)
    stream = sys.stdin
    if stream is None:
        raise UsageError("- stands for standard input, and cjm has none (it is closed)")
    if stream.isatty():
        say("cjm: reading a map from standard input (end it with Ctrl-D)")
    try:
        raw: bytes = stream.buffer.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read standard input: {exc}") from None
    return GivenFile(raw, filename if filename is not None else STDIN_NAME, place)
