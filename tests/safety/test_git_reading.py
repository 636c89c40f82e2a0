"""Reading git revisions runs nothing of the repository's, writes nothing in .git, and
reports what it could not read instead of stopping or saying "no changes"."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from safety_cli import (
    GIT_IDENTITY,
    MAP,
    committed_repository,
    git,
    give_to_nobody,
    run_cjm,
    run_unprivileged,
    shared_folder,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX hooks and modes")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def test_diff_rev_runs_no_fsmonitor_hook_and_writes_nothing_in_git(tmp_path: Path) -> None:
    repo = committed_repository(tmp_path / "repo", {"maps/ticket.cjm.yaml": MAP})
    witness = tmp_path / "hook-ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {witness}\n", encoding="utf-8")
    hook.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(hook))
    (repo / "maps" / "ticket.cjm.yaml").write_text(MAP.replace("Opens", "Starts"),
                                                   encoding="utf-8")
    os.utime(repo / "maps" / "ticket.cjm.yaml", (1, 1))  # stat data git must refresh
    before = _snapshot(repo / ".git")
    done = run_cjm(["diff", "--rev", "v1"], repo, env=GIT_IDENTITY)
    assert done.returncode == 0, done.stderr
    assert b"Starts the app" in done.stdout
    assert not witness.exists()
    assert _snapshot(repo / ".git") == before


def test_diff_rev_of_an_over_size_map_says_too_large_not_no_changes(tmp_path: Path) -> None:
    big = MAP + "description: " + "x" * 16_000_100 + "\n"
    repo = committed_repository(tmp_path / "repo", {"maps/big.cjm.yaml": big})
    (repo / "maps" / "big.cjm.yaml").write_text(big + "# changed\n", encoding="utf-8")
    done = run_cjm(["diff", "--rev", "v1", "--format", "json"], repo, env=GIT_IDENTITY)
    assert done.returncode == 1
    problems = json.loads(done.stdout)["problems"]
    assert {p["rule"] for p in problems} == {"too-complex"}
    assert {p["path"] for p in problems} == {"v1:maps/big.cjm.yaml", "maps/big.cjm.yaml"}


def test_one_unreadable_working_tree_map_does_not_stop_the_others() -> None:
    with shared_folder() as folder:
        repo = committed_repository(folder / "repo", {
            "maps/a.cjm.yaml": MAP, "maps/b.cjm.yaml": MAP.replace("Buy a", "Sell a")})
        for name in ("a", "b"):
            path = repo / "maps" / f"{name}.cjm.yaml"
            path.write_text(path.read_text(encoding="utf-8").replace("Opens", "Starts"),
                            encoding="utf-8")
        give_to_nobody(folder)
        (repo / "maps" / "a.cjm.yaml").chmod(0)
        done = run_unprivileged(["diff", "--rev", "v1", "--format", "json"], repo, folder)
        assert done.returncode == 2, done.stderr
        document = json.loads(done.stdout)
        assert [m["path"] for m in document["maps"]] == ["maps/b.cjm.yaml"]
        [problem] = document["problems"]
        assert (problem["path"], problem["rule"]) == ("maps/a.cjm.yaml", "unreadable")
