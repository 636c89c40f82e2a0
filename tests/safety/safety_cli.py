"""Running the installed `cjm` as a user would, for the safety tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

MAP = """cjm: 1
kind: journey
title: Buy a ticket
persona: {name: Commuter}
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Buy
    steps:
      - {name: Opens the app, emotion: 1}
"""


def cjm_program() -> str:
    found = shutil.which("cjm", path=os.path.dirname(sys.executable)) or shutil.which("cjm")
    assert found, "the cjm entry point is installed with the package"
    return found


def run_cjm(arguments: list[str], cwd: Path, *, env: dict[str, str] | None = None,
            timeout: float = 60, **options: object) -> subprocess.CompletedProcess[bytes]:
    """`cjm ARGUMENTS` in cwd, its output as bytes; env adds to (or, as "", removes from)
    the environment."""
    environment = dict(os.environ)
    environment.pop("GITHUB_ACTIONS", None)
    for name, value in (env or {}).items():
        if value == "":
            environment.pop(name, None)
        else:
            environment[name] = value
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([cjm_program(), *arguments], cwd=cwd, env=environment,
                          stderr=subprocess.PIPE, timeout=timeout, check=False,
                          **options)  # type: ignore[call-overload, no-any-return]


def write_map(folder: Path, name: str = "ticket.cjm.yaml", text: str = MAP) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GIT_IDENTITY = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com",
                "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True,
                          check=True, env={**os.environ, **GIT_IDENTITY})
    return done.stdout.strip()


def committed_repository(folder: Path, files: dict[str, str]) -> Path:
    """A git repository in folder whose first commit (tagged v1) holds files."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "first")
    git(folder, "tag", "v1")
    return folder


def unprivileged(command: list[str]) -> list[str]:
    """command run as `nobody` when the tests run as root (who reads every file)."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


def run_unprivileged(arguments: list[str], cwd: Path, home: Path
                     ) -> subprocess.CompletedProcess[bytes]:
    """`cjm ARGUMENTS` as a user who cannot read what is chmod 0 (root can)."""
    environment = {**os.environ, **GIT_IDENTITY, "HOME": str(home)}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(unprivileged([cjm_program(), *arguments]), cwd=cwd,
                          capture_output=True, timeout=60, env=environment, check=False)


@contextlib.contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder that `nobody` can enter (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="cjm-safety-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if not path.is_symlink():
                path.chmod(stat.S_IRWXU)
        shutil.rmtree(folder)


def give_to_nobody(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "nobody:nogroup", str(folder)], check=True)
