"""Git repositories built in temporary folders, with the real git."""

from __future__ import annotations

import subprocess
from pathlib import Path


def run_git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


class GitRepo:
    """A repository under construction: write, move and delete files, commit, tag."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        run_git(root, "init", "-q")
        run_git(root, "checkout", "-q", "-b", "main")

    def write(self, path: str, text: str) -> Path:
        full = self.root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(text, encoding="utf-8")
        return full

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        run_git(self.root, "mv", old, new)

    def delete(self, path: str) -> None:
        run_git(self.root, "rm", "-q", path)

    def commit(self, message: str, tag: str = "") -> str:
        run_git(self.root, "add", "-A")
        run_git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        if tag:
            run_git(self.root, "tag", tag)
        return run_git(self.root, "rev-parse", "HEAD")
