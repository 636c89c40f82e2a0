"""Finding the programs cjm runs (git, Graphviz's neato): on PATH, and only there.

`shutil.which` on Windows looks in the current folder before PATH, and on any system an
empty or relative PATH entry means the current folder too; so a map repository that
holds a `git.exe` or a `neato` script would run it. cjm uses PATH's absolute folders.
"""

from __future__ import annotations

import os
import shutil
import sys


def find_program(name: str) -> str | None:
    """The full path of the program `name` in PATH's absolute folders, or None."""
    folders = [folder for folder in os.environ.get("PATH", os.defpath).split(os.pathsep)
               if folder and os.path.isabs(folder)]
    if sys.platform != "win32":
        return shutil.which(name, path=os.pathsep.join(folders)) if folders else None
    extensions = os.environ.get("PATHEXT", ".COM;.EXE;.BAT;.CMD").split(os.pathsep)
    for folder in folders:
        for extension in ["", *extensions] if os.path.splitext(name)[1] else extensions:
            candidate = os.path.join(folder, name + extension)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None
