"""Running the installed `cjm` as a user would, for the safety tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    return subprocess.run([cjm_program(), *arguments], cwd=cwd, env=environment,
                          capture_output=True, timeout=timeout, check=False,
                          **options)  # type: ignore[call-overload, no-any-return]


def write_map(folder: Path, name: str = "ticket.cjm.yaml", text: str = MAP) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
