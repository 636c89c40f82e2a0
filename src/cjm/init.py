"""`cjm init`: the files of a new workspace, written only when none of them exists yet.

A new workspace holds `cjm.yaml`, a persona, an example map whose first line points
editors at the JSON Schema (copied into `schemas/`), a pre-commit configuration and a
GitHub Actions workflow. The example map is reviewed on the day of `cjm init`, so the
new workspace passes `cjm validate --strict`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path, PurePosixPath

from cjm import __version__
from cjm.files import write_atomically
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
    """Replace `{{name}}` placeholders; every placeholder must have a value."""

    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(value, template)


@dataclass(frozen=True)
class CjmSource:
    """The git repository and revision a team's configs install cjm from."""

    repo: str
    rev: str
    note: str  # a few words saying what rev is, for a comment next to it


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
                     f"there: git tag {tag} && git push origin {tag}")


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

    Raises ExistingFilesError, having written nothing, when any of the files exists.
    """
    if folder.exists() and not folder.is_dir():
        raise CjmError(f"{folder}: not a folder")
    planned = planned_files(today or dt.date.today())
    existing = [f.path for f in planned if (folder / f.path).exists()
                or (folder / f.path).is_symlink()]
    if existing:
        raise ExistingFilesError(folder, existing)
    try:
        for planned_file in planned:
            target = folder / planned_file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, planned_file.content)
    except OSError as exc:
        raise CjmError(f"{folder}: cannot write the workspace: {exc.strerror or exc}") from None
    return [f.path for f in planned]
