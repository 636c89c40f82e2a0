"""Finding the programs cjm runs (git, Graphviz's neato): on PATH, and only there.

`shutil.which` on Windows looks in the current folder before PATH, and on any system an
empty or relative PATH entry means the current folder too; so a map repository that
holds a `git.exe` or a `neato` script would run it. cjm looks in PATH's absolute
folders only, with the extensions PATHEXT names on Windows.
"""

from __future__ import annotations

import os
import sys

WINDOWS_EXTENSIONS = ".COM;.EXE;.BAT;.CMD"
"""Windows' own PATHEXT when the variable is not set."""


def find_program(name: str) -> str | None:
    """The full path of the program `name` in PATH's absolute folders, or None."""
    windows = sys.platform == "win32"
    return program_on_path(name, os.environ.get("PATH", os.defpath),
                           os.environ.get("PATHEXT") if windows else None, windows=windows)


def program_on_path(name: str, path: str, pathext: str | None, *, windows: bool
                    ) -> str | None:
    """Where `name` is found in the folders of `path` (a PATH value), or None.

    Depends on its arguments and the files only, not on the process (tests give a fake
    PATH and PATHEXT): the current folder is never searched, not implicitly as Windows
    does, nor through an empty or relative entry (".", "bin"), which would find a
    program the map repository holds. On Windows (`windows`) entries are separated by
    ";", a name without one of PATHEXT's extensions is tried with each of them, and a
    file counts by its extension; elsewhere by its execute permission.
    """
    separator = ";" if windows else ":"
    folders = [folder for folder in path.split(separator)
               if folder and os.path.isabs(folder)]
    if windows:
        extensions = [ext for ext in (pathext or WINDOWS_EXTENSIONS).split(";") if ext]
        has_one = any(name.lower().endswith(ext.lower()) for ext in extensions)
        names = [name] if has_one else [name + ext for ext in extensions]
    else:
        names = [name]
    for folder in folders:
        for candidate in (os.path.join(folder, each) for each in names):
            if os.path.isfile(candidate) and (windows or os.access(candidate, os.X_OK)):
                return candidate
    return None

