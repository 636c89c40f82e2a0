"""Finding files: the cjm files a command is given, and the workspace's `cjm.yaml` above them."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from cjm.problems import UsageError

CONFIG_NAME = "cjm.yaml"
CJM_SUFFIXES = (".cjm.yaml", ".cjm.yml")
# Folders a walk never enters: they hold tools' state, not maps.
SKIPPED_FOLDERS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


def is_cjm_file(path: str | Path) -> bool:
    return str(path).endswith(CJM_SUFFIXES)


def file_stem(path: str | Path) -> str:
    """A map's default id: its file name without `.cjm.yaml` (or `.yaml`)."""
    name = Path(path).name
    for suffix in (*CJM_SUFFIXES, ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def expand_paths(paths: list[str]) -> list[str]:
    """Files named by PATHS: files as given, folders walked for *.cjm.yaml, globs expanded.

    Raises UsageError when a path does not exist or nothing matched at all.
    """
    found: list[str] = []
    for given in paths:
        if os.path.isfile(given):
            found.append(given)
        elif os.path.isdir(given):
            found.extend(walk_folder(given))
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            for match in matches:
                if os.path.isdir(match):
                    found.extend(walk_folder(match))
                else:
                    found.append(match)
        else:
            raise UsageError(f"{given}: no such file or folder")
    unique = list(dict.fromkeys(os.path.normpath(p) for p in found))
    if not unique:
        shown = " ".join(paths)
        raise UsageError(
            f"no cjm files found in {shown} (cjm files are named *.cjm.yaml or *.cjm.yml)"
        )
    return unique


def walk_folder(folder: str) -> list[str]:
    """Every cjm file under folder, sorted, skipping tools' folders."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        found.extend(os.path.join(root, name) for name in sorted(files) if is_cjm_file(name))
    return found


def find_config(start: str | Path) -> Path | None:
    """The nearest cjm.yaml in start's folder or above it."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
    return None


def shown_path(path: Path) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative
