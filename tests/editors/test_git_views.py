"""git shows cjm's view of maps, with the real git and the installed `cjm` on PATH: the
textconv set-up in git log -p, git show and git blame (no --ext-diff), the diff driver
in git diff (and in log and show with --ext-diff), mode changes, and colour as git
would colour."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.init import create_workspace
from external import require_program

MAP = "maps/first-purchase.cjm.yaml"
BOLD = "\x1b[1m"


class Repo:
    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env

    def git(self, *arguments: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(["git", "--no-pager", *arguments], cwd=self.root,
                              env={**self.env, **(env or {})}, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def edit(self, old: str, new: str) -> None:
        path = self.root / MAP
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    require_program("git")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k not in ("NO_COLOR", "XDG_CONFIG_HOME")}
    # The installed cjm, as a user's PATH has it (docs/diff.md: cjm must be on PATH).
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", TERM="xterm",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = "Test"
        env[f"GIT_{role}_EMAIL"] = "test@example.com"
    root = tmp_path / "journeys"
    create_workspace(root)
    (root / ".gitattributes").write_text("*.cjm.yaml diff=cjm\n*.cjm.yml  diff=cjm\n")
    made = Repo(root, env)
    made.git("init", "-q")
    made.git("add", "-A")
    made.git("commit", "-qm", "Our maps")
    made.edit("emotion: -1", "emotion: 1")
    made.git("commit", "-qam", "Checkout feels better")
    return made


def textconv(repo: Repo) -> None:
    repo.git("config", "diff.cjm.textconv", "cjm show")


def driver(repo: Repo) -> None:
    repo.git("config", "diff.cjm.command", "cjm diff --git-driver")


def test_textconv_shows_maps_as_outlines_in_log_show_and_blame(repo: Repo) -> None:
    textconv(repo)
    for output in (repo.git("log", "-p", "-1"), repo.git("show", "HEAD")):
        assert "-      emotion: -1 (negative)\n+      emotion: +1 (positive)\n" in output
        assert "@@ -21,7 +21,7 @@ journey: First purchase" in output
    blame = repo.git("blame", MAP).splitlines()
    head = repo.git("rev-parse", "--short", "HEAD").strip()
    [changed] = [line for line in blame if line.startswith(head)]
    assert changed.endswith("      emotion: +1 (positive)")
    assert any(line.endswith("step checks-out: Checks out") for line in blame)
    # The YAML itself is one option away.
    assert "-        emotion: -1\n" in repo.git("log", "-p", "-1", "--no-textconv")


def test_the_driver_runs_in_git_diff_and_needs_ext_diff_in_log_and_show(repo: Repo) -> None:
    driver(repo)
    header = f"cjm diff a/{MAP} b/{MAP}\n"
    assert repo.git("diff", "HEAD~1").startswith(header)
    for command in (["log", "-p", "-1"], ["show", "HEAD"]):
        assert header not in repo.git(*command)
        assert header in repo.git(*command, "--ext-diff")
    assert "emotion -1 → +1, ▲2" in repo.git("show", "--ext-diff", "HEAD")


def test_both_set_up_git_diff_uses_the_driver_and_log_the_outline(repo: Repo) -> None:
    textconv(repo)
    driver(repo)
    assert "emotion -1 → +1, ▲2" in repo.git("diff", "HEAD~1")
    assert "+      emotion: +1 (positive)" in repo.git("log", "-p", "-1")


def test_the_driver_shows_a_mode_change(repo: Repo) -> None:
    driver(repo)
    (repo.root / MAP).chmod(0o755)
    output = repo.git("diff")
    assert output.startswith(f"cjm diff a/{MAP} b/{MAP}\nold mode 100644\nnew mode 100755\n")
    repo.git("rm", "-q", "--cached", MAP)
    assert "deleted file mode 100644" in repo.git("diff", "--cached")


def test_the_driver_colours_under_gits_pager_as_git_would(repo: Repo) -> None:
    driver(repo)
    repo.edit("feeling: annoyed", "feeling: calm")
    pager = {"GIT_PAGER_IN_USE": "true"}
    assert BOLD not in repo.git("diff")  # a pipe, no pager: plain
    assert repo.git("diff", env=pager).startswith(f"{BOLD}cjm diff a/")
    assert "\x1b[" in repo.git("-c", "color.diff=always", "diff")
    assert "\x1b[" not in repo.git("-c", "color.diff=never", "diff", env=pager)
    assert "\x1b[" not in repo.git("-c", "color.ui=false", "diff", env=pager)
    assert "\x1b[" not in repo.git("diff", env={**pager, "NO_COLOR": "1"})


def test_show_prints_a_broken_file_as_its_problems_then_its_text(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cjm.yaml"
    broken.write_text("cjm: 1\nkind: journey\ntitle: [unclosed\n", "utf-8")
    result = CliRunner().invoke(app, ["show", str(broken)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{broken}:3:8: error [yaml-syntax]")
    assert result.stdout.endswith("\ntitle: [unclosed\n")
    missing = CliRunner().invoke(app, ["show", str(tmp_path / "nothing.cjm.yaml")])
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


def _on_a_terminal(repo: Repo, *arguments: str, env: dict[str, str] | None = None) -> str:
    """What git prints on a terminal, with its pager (here `cat`) really running."""
    import pty
    import select

    leader, follower = pty.openpty()
    process = subprocess.Popen(["git", "-c", "core.pager=cat", *arguments], cwd=repo.root,
                               env={**repo.env, **(env or {})}, stdin=subprocess.DEVNULL,
                               stdout=follower, stderr=follower)
    os.close(follower)
    out = b""
    try:
        while select.select([leader], [], [], 60)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: every process wrote all it had
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
        assert process.wait(timeout=60) == 0, out
    return out.decode("utf-8").replace("\r\n", "\n")


def test_the_driver_colours_when_git_runs_its_pager_on_a_terminal(repo: Repo) -> None:
    driver(repo)
    repo.edit("feeling: annoyed", "feeling: calm")
    shown = _on_a_terminal(repo, "diff")
    assert shown.startswith(f"{BOLD}cjm diff a/{MAP} b/{MAP}"), shown[:200]
    assert "\x1b[" not in _on_a_terminal(repo, "diff", env={"NO_COLOR": "1"})
    assert "\x1b[" not in _on_a_terminal(repo, "-c", "color.diff=never", "diff")
