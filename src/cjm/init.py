"""`cjm init`: the files of a new workspace, written only when none of them exists yet.

A new workspace holds `cjm.yaml`, a persona, an example map whose first line points
editors at the JSON Schema (copied into `schemas/`), a pre-commit configuration and a
GitHub Actions workflow. The example map is reviewed on the day of `cjm init`, so the
new workspace passes `cjm validate --strict`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path, PurePosixPath

from cjm import __version__
from cjm.files import folder_in_the_way, write_output
from cjm.printable import shown_path
from cjm.problems import CjmError
from cjm.schema import schema_files

# Workspace path → template in the package's templates/ folder.
TEMPLATES: dict[str, str] = {
    "cjm.yaml": "workspace.yaml.tmpl",
    "personas/new-customer.cjm.yaml": "persona.yaml.tmpl",
    "maps/first-purchase.cjm.yaml": "journey.yaml.tmpl",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.tmpl",
    ".github/workflows/cjm.yml": "github-workflow.yml.tmpl",
}
SCHEMA_FOLDER = "schemas"
# Where the pre-commit config and the workflow get cjm from, when cjm was not installed
# from a git repository: a placeholder address, and the tag docs/ci.md says how to make.
PLACEHOLDER_REPO = "https://github.com/your-org/cjm"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# What may go into a generated YAML file unquoted, from pip's record of where cjm came from.
_PLAIN_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s\"'#@]+(@[^\s\"'#@]+)?")
_PLAIN_REVISION = re.compile(r"[\w./+-]{1,100}")


@dataclass(frozen=True)
class PlannedFile:
    """A file of the new workspace: its path relative to the workspace, and its bytes."""

    path: PurePosixPath
    content: bytes


class ExistingFilesError(CjmError):
    """`cjm init` would overwrite files; it writes nothing instead."""

    def __init__(self, folder: Path, existing: list[PurePosixPath]) -> None:
        names = ", ".join(str(path) for path in existing)
        super().__init__(
            f"{folder}: not creating a workspace because these files already exist: {names}",
            hint="cjm init never overwrites files; move them away or choose another folder",
        )
        self.existing = existing


def fill(template: str, values: dict[str, str]) -> str:
    """Replace `{{name}}` placeholders; every placeholder must have a value. A value of
    several lines starts each with what its line has before the placeholder (a comment's
    indent and `# `), so that the files keep to yamllint's line length."""

    def filled(line: str) -> str:
        def value(match: re.Match[str]) -> str:
            return values[match.group(1)].replace("\n", "\n" + line[:match.start()])

        return _PLACEHOLDER.sub(value, line)

    return "".join(filled(line) for line in template.splitlines(keepends=True))


@dataclass(frozen=True)
class CjmSource:
    """The git repository and revision a team's configs install cjm from."""

    repo: str
    rev: str
    note: str  # a few words saying what rev is, for a comment next to it (lines)


def cjm_source(direct_url: str | None = None) -> CjmSource:
    """Where this cjm came from, when pip installed it from git (PEP 610's
    direct_url.json): that repository at that commit. Otherwise a placeholder address and
    the tag `v<version>`, which the team makes in the repository it keeps cjm in."""
    if direct_url is None:
        try:
            direct_url = metadata.distribution("cjm").read_text("direct_url.json")
        except metadata.PackageNotFoundError:
            direct_url = None
    try:
        origin = json.loads(direct_url or "{}")
        vcs = origin.get("vcs_info", {})
        url, commit = str(origin["url"]), str(vcs.get("commit_id", ""))
        if (vcs.get("vcs") == "git" and _PLAIN_URL.fullmatch(url)
                and re.fullmatch(r"[0-9a-f]{40}", commit)):
            asked = str(vcs.get("requested_revision", ""))
            of = f" of {asked}" if _PLAIN_REVISION.fullmatch(asked) else ""
            return CjmSource(url, commit, f"The commit{of} that cjm was installed from.")
    except (ValueError, AttributeError, KeyError, TypeError):
        pass
    tag = f"v{__version__}"
    return CjmSource(PLACEHOLDER_REPO, tag, f"Change the address to yours and make the tag "
                     f"there:\ngit tag {tag} && git push origin {tag}")


def planned_files(today: dt.date, source: CjmSource | None = None) -> list[PlannedFile]:
    """Everything `cjm init` writes, in the order it is listed to the user."""
    source = source or cjm_source()
    values = {"today": today.isoformat(), "repo": source.repo, "rev": source.rev,
              "rev_note": source.note}
    templates = resources.files("cjm") / "templates"
    planned = [
        PlannedFile(PurePosixPath(path),
                    fill(templates.joinpath(name).read_text(encoding="utf-8"), values).encode())
        for path, name in TEMPLATES.items()
    ]
    planned += [
        PlannedFile(PurePosixPath(SCHEMA_FOLDER, name), text.encode())
        for name, text in schema_files().items()
    ]
    return planned


def create_workspace(folder: Path, today: dt.date | None = None) -> list[PurePosixPath]:
    """Write a new workspace into folder (created if needed); returns the paths written.

    Everything is checked before anything is written: raises ExistingFilesError when any
    of the files exists, CjmError when a folder on the way is a file or a symbolic link
    (which would lead the files out of the workspace) or cannot be written. A write that
    still fails (a full disk) removes what this run wrote, so no half workspace stays.
    """
    if folder.exists() and not folder.is_dir():
        raise CjmError(f"{shown_path(str(folder))}: not a folder")
    planned = planned_files(today or dt.date.today())
    existing = [f.path for f in planned if os.path.lexists(folder / f.path)]
    if existing:
        raise ExistingFilesError(folder, existing)
    folders = _folders_to_make(folder, planned)
    made: list[Path] = []
    try:
        for new_folder in folders:
            new_folder.mkdir()
            made.append(new_folder)
        for planned_file in planned:
            target = folder.absolute() / planned_file.path
            write_output(target, planned_file.content)
            made.append(target)
    except OSError as exc:
        _remove(made)
        raise CjmError(f"{shown_path(str(folder))}: cannot write the workspace: "
                       f"{exc.strerror or exc}; nothing was left behind") from None
    return [f.path for f in planned]


def _folders_to_make(folder: Path, planned: list[PlannedFile]) -> list[Path]:
    """The folders to create, parents first; raises CjmError, having made nothing, when a
    folder on the way is not a real folder or an existing one cannot be written into."""
    base = folder.absolute()
    if not base.is_dir() and (reason := folder_in_the_way(folder)) is not None:
        raise CjmError(f"cannot make the workspace folder {shown_path(str(folder))}: {reason}; "
                       "nothing was written")
    needed: dict[Path, None] = dict.fromkeys(
        path for path in reversed(base.parents) if not os.path.lexists(path))
    for planned_file in planned:
        for depth in range(len(planned_file.path.parts)):
            needed.setdefault(base.joinpath(*planned_file.path.parts[:depth]), None)
    missing: list[Path] = []
    for path in needed:
        if not os.path.lexists(path):
            missing.append(path)
        elif path.is_symlink() and path != base:
            raise CjmError(f"{shown_path(str(path))} is a symbolic link; cjm init writes only "
                           "into real folders of the workspace", hint="remove the link first")
        elif not path.is_dir():
            raise CjmError(f"{shown_path(str(path))} is a file where cjm init needs a folder")
    # Every existing folder on the way gets a new file or folder, as do the parents of
    # the first missing ones.
    receiving = {path for path in needed if path not in missing}
    receiving.update(path.parent for path in missing if path.parent not in missing)
    for path in sorted(receiving):
        if not os.access(path, os.W_OK | os.X_OK):
            raise CjmError(f"{shown_path(str(path))}: cannot write into this folder (no "
                           "permission, or a read-only file system); nothing was written")
    return missing


def _remove(made: list[Path]) -> None:
    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()
