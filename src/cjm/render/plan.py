"""Which maps to draw and where each drawing goes, decided before anything is written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cjm.files import GivenFile, make_folders, missing_folder
from cjm.formats import OutputFormat
from cjm.model import JourneyMap
from cjm.paths import file_stem
from cjm.problems import Problem, UsageError
from cjm.render.info import MapInfo, map_info
from cjm.validate import CheckedFile, check_batch
from cjm.workspace import context_for


@dataclass(frozen=True)
class MapToDraw:
    path: str
    journey: JourneyMap
    info: MapInfo


def read_maps(paths: list[str], *, stdin: GivenFile | None = None
              ) -> tuple[list[MapToDraw], list[Problem]]:
    """The journey maps PATHS name, checked as `cjm validate` checks them (`-` is `stdin`).

    Returns the maps and every error found (warnings do not stop a drawing).
    Persona files met in a folder are skipped; raises UsageError when no map is left.
    """
    batch = check_batch(paths, stdin=stdin)

    def place(checked: CheckedFile) -> str:
        return stdin.place if stdin is not None and checked.path == stdin.name else checked.path

    found = [MapToDraw(checked.path, journey, map_info(journey, context_for(place(checked))))
             for checked, journey in batch.valid_maps()]
    errors = batch.errors()
    if not found and not errors:
        raise UsageError(f"no journey maps in {' '.join(paths)} (only persona files)")
    return found, errors


def output_name(path: str, output_format: OutputFormat, tail: str = "") -> str:
    """A drawing's file name: the map's file name (plus tail) with the format's suffix."""
    return output_format.file_name(file_stem(path) + tail)


def plan_outputs(inputs: list[str], output: str | None, output_format: OutputFormat,
                 tail: str = "") -> list[Path | None]:
    """Where each map's drawing goes (None: standard output).

    One map goes to OUTPUT when it is a file name; several maps need a folder.
    Raises UsageError when two drawings would share a file or one would replace an input.
    """
    if output == "-":
        if len(inputs) != 1:
            raise UsageError(f"-o - writes one map to standard output, not {len(inputs)}; "
                             "give a folder to draw several maps")
        return [None]
    if output is None:
        targets = [Path(path).parent / output_name(path, output_format, tail) for path in inputs]
    elif os.path.isdir(output) or output.endswith(("/", os.sep)) or len(inputs) > 1:
        if not os.path.isdir(output) and output.lower().endswith(
                (output_format.suffix, *output_format.also)):
            # A folder named like a drawing would surprise whoever opens it (and a
            # script that expects a file): several maps need a folder said as one.
            raise UsageError(f"{output} names one {output_format.name.upper()} file, and "
                             f"there are {len(inputs)} maps to draw; give a folder "
                             f"(-o {Path(output).stem}/)")
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{output} is a file; several maps need a folder to go into")
        make_folders(folder)
        targets = [folder / output_name(path, output_format, tail) for path in inputs]
    else:
        target = Path(output)
        if (missing := missing_folder(target)) is not None:
            raise UsageError(missing)
        targets = [target]
    _refuse_clashes(inputs, targets)
    return list(targets)


def _refuse_clashes(inputs: list[str], targets: list[Path]) -> None:
    sources = {os.path.realpath(path): path for path in inputs}
    chosen: dict[str, str] = {}
    for path, target in zip(inputs, targets, strict=True):
        real = os.path.realpath(target)
        if real in sources:
            raise UsageError(f"drawing {path} would overwrite the input file {sources[real]}; "
                             "choose another -o")
        if real in chosen:
            raise UsageError(f"{chosen[real]} and {path} would both be drawn to {target}; "
                             "draw them into different folders")
        chosen[real] = path
