"""`cjm site` on the command line: what it writes, what it refuses, --since, the docs."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from page_check import read_page, text_of
from site_maps import EXAMPLES, git, hostile_map
from typer.testing import CliRunner

from cjm.cli.app import app
from external import require_program
from terminal import run_on_a_terminal

runner = CliRunner()
DOCS = Path(__file__).parents[2] / "docs" / "site.md"


def test_site_writes_every_page_without_drawings(tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = runner.invoke(app, ["site", str(EXAMPLES), "-o", str(out), "--no-drawings",
                                 "--today", "2026-12-01"])
    assert result.exit_code == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "assets" / "site.css").is_file()
    assert "wrote 14 files" in result.stderr
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal
    page = read_page((out / "maps" / "support-complaint.html").read_bytes())
    assert "built without drawings" in text_of(page, "main")


def test_a_map_with_errors_is_on_the_site_and_its_errors_on_stderr_with_exit_1(
        hostile_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = runner.invoke(app, ["site", str(hostile_workspace), "-o", str(out),
                                 "--no-drawings", "--today", "2026-12-01"])
    assert result.exit_code == 1, result.stderr
    broken = hostile_workspace / "maps" / "broken.cjm.yaml"
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(broken))]
    assert any(re.search(r":\d+:\d+: error \[unknown-key\] .*owner_typo", line)
               for line in lines), result.stderr
    assert all(": error [" in line for line in lines)  # warnings stay on the site
    assert "1 with errors listed on the site" in result.stderr
    page = read_page((out / "maps" / "broken.html").read_bytes())
    assert "owner_typo" in text_of(page, "main")


def test_site_refuses_a_file_as_its_folder_and_a_bad_day(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["site", str(EXAMPLES), "-o", str(target), "--no-drawings"])
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    result = runner.invoke(app, ["site", str(EXAMPLES), "--today", "someday"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["site", str(tmp_path / "missing"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_since_adds_the_changes_of_cjm_diff_as_html(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    require_program("git")
    repo = tmp_path / "repo"
    (repo / "maps").mkdir(parents=True)
    data = hostile_map(0, "<b>Checkout</b>")
    path = repo / "maps" / "checkout.cjm.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    git(repo, "tag", "q4")
    step = data["stages"][0]["steps"][0]  # type: ignore[index]
    step["emotion"] = 1
    step["opportunities"][0]["status"] = "done"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["site", "maps", "-o", "site", "--since", "q4",
                                 "--no-drawings"])
    assert result.exit_code == 0, result.stderr
    changes = read_page((repo / "site" / "changes.html").read_bytes())
    shown = text_of(changes, "main")
    markdown = runner.invoke(app, ["diff", "--rev", "q4", "maps", "--format", "markdown"])
    # Every bullet of the Markdown report is a list item of the page, word for word.
    bullets = [re.sub(r"\\(.)", r"\1", line.split("- ", 1)[1]).replace('"', "")
               for line in markdown.stdout.splitlines() if line.lstrip().startswith("- ")]
    assert bullets
    for bullet in bullets:
        assert " ".join(bullet.replace("`", "").split()) in shown.replace('"', "")
    assert "emotion -1 → +1, ▲2" in shown
    map_page = read_page((repo / "site" / "maps" / "hostile-0.html").read_bytes())
    assert "../changes.html#change-1" in map_page.links
    result = runner.invoke(app, ["site", "maps", "-o", "site", "--since", "no-such-rev"])
    assert result.exit_code == 2


def test_the_gitlab_job_in_the_docs_builds_pages() -> None:
    text = DOCS.read_text(encoding="utf-8")
    job = yaml.safe_load(re.search(r"```yaml\n(# \.gitlab-ci\.yml.*?)```", text, re.S)
                         .group(1))["pages"]  # type: ignore[union-attr]
    assert job["artifacts"]["paths"] == ["public"]
    assert any("cjm site -o public" in line for line in job["script"])


def test_a_progress_bar_on_a_terminal_and_none_in_ci_logs(tmp_path: Path) -> None:
    cjm = require_program("cjm")
    require_program("neato")
    command = [cjm, "site", str(EXAMPLES), "-o", "out", "--today", "2026-12-01"]
    code, shown, _ = run_on_a_terminal(command, tmp_path)
    assert code == 0, shown
    assert "Drawing maps" in shown and "\x1b[" in shown  # rich's bar, redrawn in place
    assert "12/12" in shown, shown  # 4 maps, 3 views each
    # In a CI log (stderr a pipe, as GitHub Actions and GitLab CI give it): only the summary.
    logged = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "CI": "true",
                                              "TERM": "xterm-256color"})
    assert logged.returncode == 0, logged.stderr
    assert logged.stderr == "wrote 14 files into out/ (4 maps); open out/index.html\n"
