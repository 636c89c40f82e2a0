"""The real pre-commit runs cjm's hooks, from a git repository of this working tree at a
commit, on commits in a scratch workspace: a change that breaks the workspace is refused
even when no map was touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from cjm.init import create_workspace
from external import require_program

ROOT = Path(__file__).resolve().parents[2]
# What pip needs to install cjm from the hook repository, and the hooks themselves.
HOOK_REPO_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src"]


def git_environment(home: Path) -> dict[str, str]:
    """git and pre-commit as on a fresh machine: no identity, no user config."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "XDG_CONFIG_HOME"}
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_HOME=str(home / "cache"),
               PRE_COMMIT_COLOR="never")
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = "Test"
        env[f"GIT_{role}_EMAIL"] = "test@example.com"
    return env


def run(env: dict[str, str], folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)


def git(env: dict[str, str], folder: Path, *arguments: str) -> str:
    done = run(env, folder, "git", *arguments)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class Workspace:
    """A workspace from `cjm init` in a git repository with cjm's pre-commit hook on."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env

    def write(self, path: str, text: str) -> None:
        (self.root / path).write_text(text, "utf-8")

    def read(self, path: str) -> str:
        return (self.root / path).read_text("utf-8")

    def commit(self, message: str) -> tuple[int, str]:
        """git commit's exit code and what the hooks said (git shows it on stderr)."""
        git(self.env, self.root, "add", "-A")
        done = run(self.env, self.root, "git", "commit", "-q", "-m", message)
        return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def hook_environment(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path,
                                                                         str]:
    """The environment, a hook repository (this working tree, committed) and its commit."""
    require_program("git")
    base = tmp_path_factory.mktemp("pre-commit")
    home = base / "home"
    home.mkdir()
    env = git_environment(home)
    hooks = base / "cjm-repo"
    hooks.mkdir()
    for name in HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hooks / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, hooks / name)
    git(env, hooks, "init", "-q")
    git(env, hooks, "add", "-A")
    git(env, hooks, "commit", "-q", "-m", "cjm")
    return env, hooks, git(env, hooks, "rev-parse", "HEAD")


@pytest.fixture
def workspace(tmp_path: Path, hook_environment: tuple[dict[str, str], Path, str]) -> Workspace:
    pre_commit = require_program("pre-commit")
    env, hooks, commit = hook_environment
    env = {**env, "PATH": f"{Path(pre_commit).parent}{os.pathsep}{env.get('PATH', '')}"}
    root = tmp_path / "journeys"
    create_workspace(root)
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    config["repos"][0].update(repo=str(hooks), rev=commit)
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    git(env, root, "init", "-q")
    installed = run(env, root, pre_commit, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    space = Workspace(root, env)
    code, output = space.commit("Our journey maps")  # installs the hook environment once
    assert code == 0, output
    return space


def test_a_commit_that_keeps_the_workspace_valid_passes(workspace: Workspace) -> None:
    workspace.write("maps/first-purchase.cjm.yaml", workspace.read(
        "maps/first-purchase.cjm.yaml").replace("Find a product that fits", "Find a gift"))
    code, output = workspace.commit("Sharper goal")
    assert code == 0, output
    assert "cjm validate (the whole workspace)" in output
    assert "Passed" in output


def test_a_bad_cjm_yaml_alone_fails_the_commit(workspace: Workspace) -> None:
    workspace.write("cjm.yaml", workspace.read("cjm.yaml").replace(
        "review_every: quarterly", "review_every: sometimes"))
    code, output = workspace.commit("Review less")
    assert code != 0
    assert "Failed" in output
    assert "cjm.yaml:8:15: error [invalid-value]" in output
    assert git(workspace.env, workspace.root, "rev-list", "--count", "HEAD") == "1"


def test_a_persona_rename_that_breaks_a_map_fails_the_commit(workspace: Workspace) -> None:
    workspace.write("personas/new-customer.cjm.yaml", workspace.read(
        "personas/new-customer.cjm.yaml").replace("id: new-customer", "id: first-time-buyer"))
    code, output = workspace.commit("Rename the persona")
    assert code != 0
    assert "Failed" in output
    # The map nobody touched is the one that breaks.
    assert "maps/first-purchase.cjm.yaml:6:10: error [unknown-reference]" in output
