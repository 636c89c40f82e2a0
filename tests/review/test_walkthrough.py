"""docs/review.md, run as a team runs it: every command of its console blocks, in order,
in a fresh repository of the examples, prints what the page says."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from cjm.model import JourneyMap
from cjm.reviewed import content_hash
from cjm.shape import check_shape

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "review.md"
MAP = "maps/first-online-purchase.cjm.yaml"
# The day the page signs the map off on; a run without --date signs today.
PAGE_DAY = "2026-12-01"


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True)


def _commands(page: str) -> list[tuple[str, list[str]]]:
    """Each `$ command` of the page's console blocks, with the lines printed after it."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", page, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return found


def _repository(tmp_path: Path) -> Path:
    """The examples at two earlier reviews (tags) and, in the working tree, as they are."""
    repo = tmp_path / "team"
    shutil.copytree(ROOT / "examples", repo)
    current = (repo / MAP).read_text(encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "cx@example.com")
    _git(repo, "config", "user.name", "CX team")
    earlier = current.replace("status: in-progress", "status: planned", 1)
    assert earlier != current
    (repo / MAP).write_text(earlier, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Q2 review")
    _git(repo, "tag", "review-2026-q2")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "Q3 review")
    _git(repo, "tag", "review-2026-q3")
    (repo / MAP).write_text(current, encoding="utf-8")
    remote = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", str(remote))
    _git(repo, "remote", "add", "origin", str(remote))
    return repo


def test_the_page_runs_command_by_command(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                   f"{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    today = dt.date.today().isoformat()
    commands = _commands(PAGE.read_text(encoding="utf-8"))
    assert [command.split()[:2] for command, _ in commands][:3] == [
        ["git", "tag"], ["cjm", "diff"], ["cjm", "diff"]]
    for command, printed in commands:
        done = subprocess.run(["bash", "-c", command], cwd=repo, env=environment,
                              capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0, (command, done.stderr)
        output = (done.stdout + done.stderr).replace(today, PAGE_DAY)
        for line in printed:
            assert line in output, (command, line, output)
    # What the steps left behind: the Markdown for the notes, the picture, the tag.
    assert (repo / "review-2026-q4.md").read_text(encoding="utf-8").startswith(
        "## Journey map changes: `review-2026-q3` → the working tree")
    assert (repo / "review-2026-q4" / "first-online-purchase.changes.png").read_bytes(
        ).startswith(b"\x89PNG")
    assert "Opportunity" in (repo / "review-2026-q4.md").read_text(encoding="utf-8")


def test_the_record_the_page_shows_is_the_example_maps() -> None:
    # The page's hash is the example map's: a change of that map's content changes it,
    # and then the page (and docs/format.md) must show the new one.
    model = check_shape(str(ROOT / "examples" / MAP)).model
    assert isinstance(model, JourneyMap)
    recorded = content_hash(model)
    page = PAGE.read_text(encoding="utf-8")
    assert f"  hash: {recorded}\n" in page, (
        f"docs/review.md shows another hash than the example map's {recorded}")
    assert f"({recorded[:19]}…)" in page
    assert f"  hash: {recorded}\n" in (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
