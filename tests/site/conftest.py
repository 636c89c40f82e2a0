"""Sites built once per session: from examples/, from a workspace of hostile text, and
with `--since` from a git repository of the examples."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from site_maps import EXAMPLES, HOSTILE, TODAY, git, write_hostile_workspace

from cjm.site import build, write_site
from cjm.workspace import forget_contexts


def _built(paths: list[str], folder: Path, since: str | None = None) -> dict[str, bytes]:
    forget_contexts()
    _, pages, _ = build(paths, today=TODAY, since=since)
    write_site(pages, folder)
    return pages


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("example-site")
    return folder, _built([str(EXAMPLES)], folder)


@pytest.fixture(scope="session")
def hostile_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_workspace(tmp_path_factory.mktemp("hostile") / "workspace")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory,
                 hostile_workspace: Path) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("hostile-site")
    return folder, _built([str(hostile_workspace)], folder)


@pytest.fixture(scope="session")
def changes_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A site with `--since q4`: the examples in a git repository, tagged, then one map
    changed after the tag (an emotion, a status, a renamed step, a new step of hostile
    text) and one map removed."""
    repo = tmp_path_factory.mktemp("changes") / "repo"
    shutil.copytree(EXAMPLES, repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "q4")
    git(repo, "tag", "q4")
    path = repo / "maps" / "first-online-purchase.cjm.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = data["stages"][0]["steps"]
    steps[0]["emotion"] = -2
    steps[0]["opportunities"][0]["status"] = "done"
    steps[1]["name"] = HOSTILE[0]
    steps.append({"id": "hostile-step", "name": HOSTILE[1], "emotion": 0,
                  "thoughts": [HOSTILE[3]]})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (repo / "maps" / "support-complaint-future.cjm.yaml").unlink()
    folder = tmp_path_factory.mktemp("changes-site")
    here = Path.cwd()
    os.chdir(repo)
    try:
        return folder, _built(["maps", "personas"], folder, since="q4")
    finally:
        os.chdir(here)
