"""Sites built once per session: from examples/ and from a workspace of hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_maps import EXAMPLES, TODAY, write_hostile_workspace

from cjm.site import build, write_site
from cjm.workspace import forget_contexts


def _built(paths: list[str], folder: Path) -> dict[str, bytes]:
    forget_contexts()
    _, pages, _ = build(paths, today=TODAY)
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
