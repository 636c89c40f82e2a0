"""The neighbouring programs some tests drive (chromium, soffice, pre-commit, npm tools).

On a laptop a test whose program is missing is skipped. `.ci/run` installs them all and
sets `CJM_REQUIRE_EXTERNAL=1`, and then a missing program fails the test instead, so CI
can never pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).parent / "node" / "node_modules"


def _missing(what: str) -> None:
    message = f"{what} is not installed (.ci/run installs it)"
    if os.environ.get("CJM_REQUIRE_EXTERNAL") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_program(name: str) -> str:
    """The path of program `name` on PATH, or installed next to this Python (the test
    tools of the `test` extra); skips (or fails in CI) when it is missing."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        _missing(f"`{name}`")
    assert found is not None
    return found


def require_node_module(name: str) -> Path:
    """The folder of npm package `name` under tests/node/node_modules."""
    folder = NODE_MODULES / name
    if not folder.is_dir():
        _missing(f"the npm package {name}")
    require_program("node")
    return folder
