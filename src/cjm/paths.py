"""Finding files: the cjm files a command is given, and the workspace's `cjm.yaml` above them."""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path

from cjm.printable import shown_path as shown_name
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


def expand_paths(paths: list[str], unreadable: list[tuple[str, str]] | None = None
                 ) -> list[str]:
    """Files named by PATHS: files as given, folders walked for *.cjm.yaml, globs expanded.

    A path that exists but is no regular file (a FIFO, a device) is kept, for reading it
    to report what it is. Folders that cannot be read are added to `unreadable` as
    (folder, reason). Raises UsageError when a path does not exist or nothing matched.
    """
    found: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            found.extend(walk_folder(given, unreadable))
        elif os.path.lexists(given):
            found.append(given)
        elif glob.has_magic(given):
            for match in glob_once(given):
                if os.path.isdir(match):
                    found.extend(walk_folder(match, unreadable))
                else:
                    found.append(match)
        else:
            raise UsageError(f"{shown_name(given)}: no such file or folder")
    unique = list(dict.fromkeys(os.path.normpath(p) for p in found))
    if not unique and not unreadable:
        shown = " ".join(shown_name(path) for path in paths)
        raise UsageError(
            f"no cjm files found in {shown} (cjm files are named *.cjm.yaml or *.cjm.yml)"
        )
    return unique


def walk_folder(folder: str, unreadable: list[tuple[str, str]] | None = None) -> list[str]:
    """Every cjm file under folder, sorted, skipping tools' folders (and not following
    links to folders). Folders that cannot be read are added to `unreadable`."""
    found: list[str] = []

    def failed(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append((exc.filename or folder, exc.strerror or str(exc)))

    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        found.extend(os.path.join(root, name) for name in sorted(files) if is_cjm_file(name))
    return found


def glob_once(pattern: str) -> list[str]:
    """What `glob.glob(pattern, recursive=True)` matches, sorted, except that `**` enters
    each real folder once: links that lead back into a folder walked already (a loop, or
    two links to one folder) add nothing, where glob would follow them without end."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    parts = re.split(r"[/\\]" if os.sep == "\\" else "/", pattern)
    base = parts[0] or os.sep
    if not parts[0] and len(parts) > 1:  # an absolute pattern: "/", then the rest
        parts = parts[1:]
        base = os.sep
    elif glob.has_magic(parts[0]) or parts[0] == "**":
        base = os.curdir
    else:
        parts = parts[1:]
    matches = {os.path.normpath(p) for p in _match(base, parts)}
    if base == os.curdir and not pattern.startswith(os.curdir):
        matches = {os.path.relpath(p) for p in matches}
    return sorted(matches)


def _match(base: str, parts: list[str]) -> list[str]:
    if not parts:
        return [base] if os.path.lexists(base) else []
    part, rest = parts[0], parts[1:]
    if part == "**":
        return [found for folder in _folders_once(base) for found in _match(folder, rest)]
    if not glob.has_magic(part):
        return _match(os.path.join(base, part), rest)
    return [found for name in glob.glob(os.path.join(glob.escape(base), part))
            for found in _match(name, rest)]


def _folders_once(base: str) -> list[str]:
    """base and every folder under it (not hidden ones, as glob), each real folder once."""
    if not os.path.isdir(base):
        return []
    seen = {os.path.realpath(base)}
    found, pending = [base], [base]
    while pending:
        folder = pending.pop()
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if name.startswith(".") or not os.path.isdir(path):
                continue
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                found.append(path)
                pending.append(path)
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
