"""`cjm convert`: a map from one format to another (YAML, Mermaid, CSV, XLSX, JSON)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cjm.cli.common import error, handles_errors
from cjm.problems import UsageError

if TYPE_CHECKING:
    # Types only: not imported when the command runs.
    from cjm.convert import Format
    from cjm.workspace import WorkspaceContext

MAX_BYTES = 16_000_000


@handles_errors
def convert(
    source: str = typer.Argument(..., help="The file to convert, or - for standard input."),
    output: str = typer.Option(
        ..., "--output", "-o", help="The file to write, or - for standard output."
    ),
    from_format: str | None = typer.Option(
        None, "--from", help="The source's format (default: from its name): "
        "yaml, mermaid, csv, xlsx or json."
    ),
    to_format: str | None = typer.Option(
        None, "--to", help="The output's format (default: from its name)."
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace the output file if it exists (a device or a named "
        "pipe such as /dev/null is written to, never replaced, and needs no --force)."
    ),
) -> int:
    """Convert a journey map between cjm YAML, Mermaid journey diagrams, CSV and XLSX
    sheets and JSON; formats come from the names (.cjm.yaml, .mmd, .csv, .xlsx, .json).

    Exit 0 when the map was written, 1 when the source has errors (nothing is written),
    2 for usage errors and unreadable files.
    """
    # Imported here, not at the top, for the command's start-up time.
    from cjm.convert import convert as run_conversion
    from cjm.convert import problem_text

    source_format = _format(from_format, source, "--from")
    target_format = _format(to_format, output, "--to")
    target = None if output == "-" else Path(output)
    if target is not None:
        _check_target(target, source, force)
    elif target_format.binary and sys.stdout.isatty():
        raise UsageError(f"{target_format.name.upper()} is binary and standard output is a "
                         f"terminal; write it to a file (-o map{target_format.suffixes[0]}) "
                         "or pipe it to a program")
    raw = _read(source)
    shown = "<stdin>" if source == "-" else source
    converted = run_conversion(raw, shown, source_format, target_format,
                               context=_context(source), schema=_schema(target))
    for problem in converted.problems:
        sys.stderr.write(problem_text(problem, source_format) + "\n")
    if converted.data is None:
        error(f"nothing written: {shown} has errors")
        return 1
    if converted.lost:
        sys.stderr.write(f"note: {target_format.description} cannot carry the map's "
                         f"{'; '.join(converted.lost)} (see docs/convert.md)\n")
    if target is None:
        sys.stdout.buffer.write(converted.data)
        sys.stdout.flush()
    else:
        from cjm.files import write_output

        write_output(target, converted.data)
        sys.stderr.write(f"wrote {output}\n")
    return 0


def _format(chosen: str | None, path: str, option: str) -> Format:
    # Imported here, not at the top, for the command's start-up time.
    from cjm.convert import format_named, format_of

    if chosen is not None:
        return format_named(chosen)
    found = None if path == "-" else format_of(path)
    if found is None:
        what = "standard input" if path == "-" and option == "--from" else (
            "standard output" if path == "-" else repr(path))
        raise UsageError(f"cannot tell the format of {what} from its name; add {option} "
                         "yaml|mermaid|csv|xlsx|json")
    return found


def _check_target(target: Path, source: str, force: bool) -> None:
    if source != "-" and target.exists() and os.path.samefile(target, source):
        raise UsageError(f"{target} is the source file; cjm convert never writes over its input")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name to write")
    if target.exists() and not target.is_file():
        return  # a device or a FIFO: written to, never replaced (cjm.files.write_output)
    if target.exists() and not force:
        raise UsageError(f"{target} exists; add --force to replace it")
    # Imported here, not at the top, for the command's start-up time.
    from cjm.files import missing_folder

    if (missing := missing_folder(target)) is not None:
        raise UsageError(missing)


def _read(source: str) -> bytes:
    too_large = UsageError(f"{source} is over {MAX_BYTES:,} bytes; cjm converts files up to "
                           "that size")
    if source == "-":
        data: bytes = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise too_large
        return data
    # Imported here, not at the top, for the command's start-up time.
    from cjm.files import TooLarge, read_input

    try:
        return read_input(source, MAX_BYTES)
    except TooLarge:
        raise too_large from None
    except FileNotFoundError:
        raise UsageError(f"cannot read {source}: no such file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None


def _context(source: str) -> WorkspaceContext:
    """The source's workspace: its channels and personas are what the map refers to."""
    # Imported here, not at the top, for the command's start-up time.
    from cjm.workspace import context_for

    return context_for(Path(source) if source != "-" else Path("."))


def _schema(target: Path | None) -> str:
    """The modeline's schema path: the workspace's schemas/ folder, seen from the output."""
    # Imported here, not at the top, for the command's start-up time.
    from cjm.convert import DEFAULT_SCHEMA
    from cjm.paths import find_config

    folder = (target.parent if target is not None and str(target.parent) else Path(".")).resolve()
    config = find_config(folder)
    if config is None:
        return DEFAULT_SCHEMA
    return Path(os.path.relpath(config.parent / "schemas" / "journey.schema.json",
                                folder)).as_posix()
