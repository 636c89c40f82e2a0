"""Finding files: the workspace's `cjm.yaml`, its personas, and the maps a command is given."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cjm.model import Channel, Persona, Workspace, channel_catalog
from cjm.problems import Problem, UsageError

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


def default_paths() -> list[str]:
    """What a command checks when given no paths: the workspace's map and persona folders.

    Without a cjm.yaml above the current folder, the current folder itself.
    """
    config = find_config(Path.cwd())
    if config is None:
        return ["."]
    context = context_for(config.parent)
    folders = dict.fromkeys([*context.settings.maps, *context.settings.personas])
    found = [config.parent / folder for folder in folders if (config.parent / folder).is_dir()]
    return [os.path.relpath(folder) for folder in found] or [os.path.relpath(config.parent)]


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


@dataclass
class WorkspaceContext:
    """What checking a map needs to know beyond the map: settings, personas, channels."""

    root: Path
    settings: Workspace
    config_path: Path | None = None
    config_problems: list[Problem] = field(default_factory=list)
    _personas: dict[str, Persona] | None = None
    # Every persona file → the first file (in folder walk order) with its id.
    _persona_owners: dict[Path, Path] = field(default_factory=dict)

    @property
    def channels(self) -> dict[str, Channel]:
        return channel_catalog(self.settings)

    def personas(self) -> dict[str, Persona]:
        """The workspace's persona files, by id (read on first use)."""
        if self._personas is None:
            self._personas, self._persona_owners = _read_personas(self.root,
                                                                  self.settings.personas)
        return self._personas

    def persona_owner(self, path: Path) -> Path | None:
        """For a persona file of the workspace, the first file (in folder walk order) with
        its id; None for a file outside the workspace's persona folders."""
        self.personas()
        return self._persona_owners.get(path)

    def add_persona(self, persona: Persona) -> None:
        """Make a persona given on the command line known to maps checked with it."""
        self.personas().setdefault(persona.id, persona)


def shown_path(path: Path) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _read_personas(root: Path, folders: list[str]) -> tuple[dict[str, Persona], dict[Path, Path]]:
    from cjm.validate import check_file  # late: validate builds on this module

    personas: dict[str, Persona] = {}
    first_files: dict[str, Path] = {}
    owners: dict[Path, Path] = {}
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in walk_folder(str(base)):
            if not _looks_like_persona(path):
                continue
            checked = check_file(path, None)
            if isinstance(checked.model, Persona):
                personas.setdefault(checked.model.id, checked.model)
                here = Path(path).resolve()
                owners[here] = first_files.setdefault(checked.model.id, here)
    return personas, owners


_PERSONA_KIND = re.compile(rb"""^kind[ \t]*:[ \t]*["']?persona["']?[ \t]*(?:#.*)?\r?$""", re.M)


def _looks_like_persona(path: str) -> bool:
    """A cheap look at the text, so a walk for personas does not load every map."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(65536)
    except OSError:
        return False
    return _PERSONA_KIND.search(head) is not None


_CONTEXTS: dict[Path | None, WorkspaceContext] = {}


def context_for(path: str | Path) -> WorkspaceContext:
    """The workspace a file belongs to (cached per cjm.yaml)."""
    config = find_config(path)
    cached = _CONTEXTS.get(config)
    if cached is not None:
        return cached
    context = load_context(config)
    _CONTEXTS[config] = context
    return context


def load_context(config: Path | None) -> WorkspaceContext:
    """Read cjm.yaml (or use the defaults when there is none)."""
    if config is None:
        return WorkspaceContext(root=Path.cwd(), settings=Workspace(cjm=1))
    from cjm.validate import check_workspace_file

    settings, problems = check_workspace_file(config)
    return WorkspaceContext(
        root=config.parent,
        settings=settings or Workspace(cjm=1),
        config_path=config,
        config_problems=problems,
    )


def forget_contexts() -> None:
    """Drop cached workspaces (for long-running callers and tests)."""
    _CONTEXTS.clear()
