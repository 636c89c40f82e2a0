"""The workspace a file belongs to: `cjm.yaml`'s settings, its personas and channels.

Built on `cjm.shape`: cjm.yaml and the persona files are checked as any file is, and
what is wrong with them is kept as problems for `cjm validate` to report.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cjm.files import read_input
from cjm.load import Source
from cjm.model import Persona
from cjm.paths import find_config, walk_folder
from cjm.problems import FileRule, Problem, Severity
from cjm.settings import Channel, Workspace, channel_catalog
from cjm.shape import check_settings_shape, check_shape


@dataclass
class WorkspaceContext:
    """What checking a map needs to know beyond the map: settings, personas, channels."""

    root: Path
    settings: Workspace
    config_path: Path | None = None
    config_problems: list[Problem] = field(default_factory=list)
    # cjm.yaml as read, when its settings are valid (for checks that point into it).
    config_source: Source | None = None
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


def _read_personas(root: Path, folders: list[str]) -> tuple[dict[str, Persona], dict[Path, Path]]:
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
            checked = check_shape(path)
            if isinstance(checked.model, Persona):
                personas.setdefault(checked.model.id, checked.model)
                here = Path(path).resolve()
                owners[here] = first_files.setdefault(checked.model.id, here)
    return personas, owners


_PERSONA_KIND = re.compile(rb"""^kind[ \t]*:[ \t]*["']?persona["']?[ \t]*(?:#.*)?\r?$""", re.M)


def _looks_like_persona(path: str) -> bool:
    """A cheap look at the text, so a walk for personas does not load every map."""
    try:
        head = read_input(path, 65536, head=True)
    except OSError:  # not a regular file, or unreadable: checking it as a map says so
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
    foreign = foreign_owner(config)
    if foreign is not None:  # its settings could turn rules off: like git's safe.directory
        return WorkspaceContext(root=config.parent, settings=Workspace(cjm=1),
                                config_path=config, config_problems=[foreign])
    checked = check_settings_shape(config)
    return WorkspaceContext(
        root=config.parent,
        settings=checked.settings or Workspace(cjm=1),
        config_path=config,
        config_problems=checked.problems,
        config_source=checked.source if checked.settings is not None else None,
    )


# Folders whose cjm.yaml is trusted whoever owns it (os.pathsep between them; * for all).
TRUSTED_ENVIRONMENT = "CJM_SAFE_DIRECTORIES"


def foreign_owner(config: Path) -> Problem | None:
    """A warning when config belongs to neither this user nor root and is not trusted.

    A cjm.yaml is found by walking up from the current folder, so one in a shared
    parent (`/tmp`, a world-writable folder) would set the rules of every map below it.
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owners to compare
        return None
    try:
        owner = config.stat().st_uid
    except OSError:
        return None
    if owner in (getuid(), 0):
        return None
    trusted = os.environ.get(TRUSTED_ENVIRONMENT, "").split(os.pathsep)
    folder = os.path.realpath(config.parent)
    if "*" in trusted or any(t and os.path.realpath(t) == folder for t in trusted):
        return None
    return Problem(str(config), 1, 1, Severity.warning, FileRule.unsafe_workspace,
                   f"this cjm.yaml belongs to another user (uid {owner}), so its settings are "
                   f"ignored; if you trust it, set {TRUSTED_ENVIRONMENT}={folder}")


def forget_contexts() -> None:
    """Drop cached workspaces (for long-running callers and tests)."""
    _CONTEXTS.clear()
