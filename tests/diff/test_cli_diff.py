"""`cjm diff` as a user runs it: two files, git revisions, git's diff driver."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from maps import TRIAL
from repos import GitRepo, run_git
from typer.testing import CliRunner

from cjm.cli.app import app

runner = CliRunner()

PERSONA = "cjm: 1\nkind: persona\nid: ops\nname: Ops manager\n"
ONBOARDING = """\
cjm: 1
kind: journey
id: onboarding
title: Onboarding
stages:
  - id: setup
    name: Set up
    steps:
      - {id: invites-team, name: Invites the team, emotion: 1}
      - {id: imports-data, name: Imports data, emotion: -1}
"""


RENEWAL = """\
cjm: 1
kind: journey
id: renewal
title: Renewal
stages:
  - name: Quote
    steps:
      - {name: Receives the renewal quote, channel: email, emotion: 0}
      - {name: Asks sales for a discount, channel: sales-rep, emotion: -1}
"""


def cjm(*arguments: str) -> Any:
    return runner.invoke(app, list(arguments))


def edited(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[str, str]:
    old = tmp_path / "old.cjm.yaml"
    new = tmp_path / "new.cjm.yaml"
    old.write_text(TRIAL, encoding="utf-8")
    new.write_text(edited(TRIAL, "id: demo-call\n        name: Demo call\n        emotion: -1",
                          "id: demo-call\n        name: Demo call\n        emotion: 1"),
                   encoding="utf-8")
    return str(old), str(new)


def test_two_files(two_files: tuple[str, str]) -> None:
    result = cjm("diff", *two_files)
    assert result.exit_code == 0, result.output
    assert "1 map compared, 1 changed: 1 modified" in result.stdout
    assert '~ Step "Demo call": emotion -1 → +1, ▲1' not in result.stdout
    assert '~ Step "Demo call": emotion -1 → +1, ▲2' in result.stdout


def test_exit_code_says_whether_anything_changed(two_files: tuple[str, str]) -> None:
    old, new = two_files
    assert cjm("diff", "--exit-code", old, new).exit_code == 1
    assert cjm("diff", "--exit-code", old, old).exit_code == 0
    assert cjm("diff", old, new).exit_code == 0


def test_json_on_stdout_alone(two_files: tuple[str, str]) -> None:
    result = cjm("diff", "--format", "json", *two_files)
    document = json.loads(result.stdout)
    assert document["maps"][0]["changes"] == [
        {"entity": "step", "id": "demo-call", "change": "modified", "name": "Demo call",
         "field": "emotion", "old": -1, "new": 1, "delta": 2}]
    assert result.stderr == ""


def test_markdown(two_files: tuple[str, str]) -> None:
    result = cjm("diff", "-f", "markdown", *two_files)
    assert result.stdout.startswith("## Journey map changes")


def test_a_broken_map_gives_its_problems_and_exit_1(tmp_path: Path,
                                                     two_files: tuple[str, str]) -> None:
    broken = tmp_path / "broken.cjm.yaml"
    broken.write_text(TRIAL.replace("emotion: -1", "emotion: -7"), encoding="utf-8")
    result = cjm("diff", two_files[0], str(broken))
    assert result.exit_code == 1
    # The report lists it as not compared, with its problems (it used to vanish).
    assert result.stdout.splitlines()[:2] == [
        f"Changes from {two_files[0]} to {broken}",
        "0 maps compared, 1 not compared (errors), no changes"]
    assert f"Not compared (errors):\n  {broken}\n" in result.stdout
    assert f"{broken}:21:18: error [invalid-value]" in result.stdout
    markdown = cjm("diff", "-f", "markdown", two_files[0], str(broken))
    assert f"{broken}:21:18: error [invalid-value]" in markdown.stderr
    assert "### Files that could not be compared" in markdown.stdout
    document = json.loads(cjm("diff", "-f", "json", two_files[0], str(broken)).stdout)
    assert document["not_compared"] == [str(broken)]
    assert document["summary"]["maps_not_compared"] == 1
    assert document["problems"][0]["rule"] == "invalid-value"
    assert "Traceback" not in result.output


def test_binary_and_missing_files(tmp_path: Path, two_files: tuple[str, str]) -> None:
    binary = tmp_path / "image.cjm.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = cjm("diff", two_files[0], str(binary))
    assert result.exit_code == 1
    assert "[encoding]" in result.stdout
    missing = cjm("diff", two_files[0], str(tmp_path / "nope.cjm.yaml"))
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


@pytest.mark.parametrize("arguments", [[], ["one.cjm.yaml"], ["a", "b", "c"],
                                       ["--format", "html", "a", "b"]])
def test_usage_errors_exit_2(arguments: list[str]) -> None:
    result = cjm("diff", *arguments)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_the_examples_future_state_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).parents[2] / "examples")
    result = cjm("diff", "maps/support-complaint.cjm.yaml",
                 "maps/support-complaint-future.cjm.yaml")
    assert result.exit_code == 0
    assert "pain points: 4 opened, 8 closed" in result.stdout


# --- git revisions -------------------------------------------------------------------


@pytest.fixture
def workspace(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Tag v1, then a quarter's work: a map edited, one renamed, one removed, one added."""
    git_repo.write("maps/trial.cjm.yaml", TRIAL)
    git_repo.write("maps/onboarding.cjm.yaml", ONBOARDING)
    git_repo.write("maps/old-flow.cjm.yaml", ONBOARDING.replace("onboarding", "old-flow"))
    git_repo.write("personas/ops.cjm.yaml", PERSONA)
    git_repo.write("notes.yaml", "not: a map\n")
    git_repo.commit("first maps", tag="v1")
    git_repo.write("maps/trial.cjm.yaml", edited(TRIAL, "status: idea", "status: done"))
    git_repo.move("maps/onboarding.cjm.yaml", "maps/setup/onboarding.cjm.yaml")
    git_repo.delete("maps/old-flow.cjm.yaml")
    git_repo.write("maps/renewal.cjm.yaml", RENEWAL)
    git_repo.commit("a quarter later", tag="v2")
    monkeypatch.chdir(git_repo.root)
    return git_repo


def statuses(result: Any) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    return {m["path"]: m["status"] for m in json.loads(result.stdout)["maps"]}


def test_between_two_tags(workspace: GitRepo) -> None:
    result = cjm("diff", "--rev", "v1..v2", "--format", "json")
    assert statuses(result) == {
        "maps/old-flow.cjm.yaml": "removed",
        "maps/renewal.cjm.yaml": "added",
        "maps/setup/onboarding.cjm.yaml": "renamed",
        "maps/trial.cjm.yaml": "modified",
    }  # the persona file did not change: like git, cjm does not list it
    summary = json.loads(result.stdout)["summary"]
    # The persona is counted as a persona, not as a map.
    assert (summary["maps_compared"], summary["personas_compared"],
            summary["opportunities_done"], summary["maps_added"]) == (4, 1, 1, 1)
    assert result.stdout.count('"path"') == 4


def test_a_change_of_layout_only_is_listed_as_unchanged(workspace: GitRepo) -> None:
    workspace.write("maps/trial.cjm.yaml", "# reviewed with the sales team\n"
                    + edited(TRIAL, "status: idea", "status: done"))
    assert statuses(cjm("diff", "--rev", "v2", "-f", "json")) == {
        "maps/trial.cjm.yaml": "unchanged"}
    assert cjm("diff", "--rev", "v2", "--exit-code").exit_code == 0


def test_against_the_working_tree(workspace: GitRepo) -> None:
    workspace.write("maps/trial.cjm.yaml", edited(TRIAL, "owner: growth", "owner: cx"))
    workspace.write("maps/draft.cjm.yaml", ONBOARDING.replace("onboarding", "draft"))
    found = statuses(cjm("diff", "--rev", "v2", "-f", "json"))
    assert found["maps/trial.cjm.yaml"] == "modified"
    assert found["maps/draft.cjm.yaml"] == "added"  # untracked files count
    text = cjm("diff", "--rev", "v2").stdout
    assert "status `done` → `idea`" not in text
    assert "owner growth → cx" in text


def test_paths_limit_the_maps_compared(workspace: GitRepo) -> None:
    result = cjm("diff", "--rev", "v1..v2", "-f", "json", "personas")
    assert statuses(result) == {}
    summary = json.loads(result.stdout)["summary"]
    assert (summary["maps_compared"], summary["personas_compared"]) == (0, 1)


def test_from_a_subfolder_paths_are_relative_to_it(workspace: GitRepo,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace.root / "maps")
    found = statuses(cjm("diff", "--rev", "v1..v2", "-f", "json", "."))
    assert "trial.cjm.yaml" in found
    assert not any(path.startswith("..") for path in found)


def test_a_file_renamed_and_rewritten_is_found_by_its_map_id(workspace: GitRepo) -> None:
    workspace.move("maps/trial.cjm.yaml", "journeys/saas.cjm.yaml")
    workspace.write("journeys/saas.cjm.yaml", TRIAL.replace("SaaS trial", "Trial to paid")
                    .replace("stages:", "description: rewritten at length\nstages:"))
    workspace.commit("moved", tag="v3")
    result = cjm("diff", "--rev", "v2..v3", "-f", "json")
    [record] = json.loads(result.stdout)["maps"][:1]
    assert (record["path"], record["status"], record["old_path"]) == (
        "journeys/saas.cjm.yaml", "renamed", "maps/trial.cjm.yaml")


def test_three_dots_compare_with_the_merge_base(workspace: GitRepo) -> None:
    run_git(workspace.root, "checkout", "-q", "-b", "topic", "v1")
    workspace.write("maps/trial.cjm.yaml", edited(TRIAL, "owner: growth", "owner: sales"))
    workspace.commit("topic work")
    found = statuses(cjm("diff", "--rev", "main...topic", "-f", "json"))
    assert found["maps/trial.cjm.yaml"] == "modified"
    assert "maps/old-flow.cjm.yaml" not in found  # main's removal is not topic's


def test_a_broken_map_at_a_revision_is_reported_at_its_position(workspace: GitRepo) -> None:
    workspace.write("maps/trial.cjm.yaml", TRIAL.replace("emotion: -1", "emotion: [1"))
    workspace.commit("broken", tag="v3")
    result = cjm("diff", "--rev", "v2..v3")
    assert result.exit_code == 1
    assert "v3:maps/trial.cjm.yaml:21:18:" in result.stdout  # where the [ opened
    assert "[yaml-syntax]" in result.stdout
    assert "1 map compared" not in result.stdout  # the others still are
    assert "1 persona compared, 1 not compared (errors)" in result.stdout
    assert "Not compared (errors):\n  maps/trial.cjm.yaml\n" in result.stdout


@pytest.mark.parametrize("revision", ["no-such-tag", "--output=x", ";touch x", "v1..nope",
                                      "HEAD~99"])
def test_unknown_revisions_exit_2(workspace: GitRepo, revision: str) -> None:
    result = cjm("diff", f"--rev={revision}")
    assert result.exit_code == 2, result.output
    assert "unknown revision" in result.stderr
    assert not (workspace.root / "x").exists()
    assert "Traceback" not in result.output


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cjm("diff", "--rev", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_a_shallow_clone_says_so(workspace: GitRepo, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{workspace.root}", str(clone))
    monkeypatch.chdir(clone)
    result = cjm("diff", "--rev", "HEAD~1")
    assert result.exit_code == 2
    assert "shallow" in result.stderr


# --- git's own diff, through cjm's driver ---------------------------------------------


def test_git_diff_shows_cjm_view_through_the_diff_driver(workspace: GitRepo) -> None:
    workspace.write(".gitattributes", "*.cjm.yaml diff=cjm\n")
    run_git(workspace.root, "config", "diff.cjm.command",
            f"'{sys.executable}' -m cjm diff --git-driver")
    shown = run_git(workspace.root, "diff", "v1", "v2", "--", "maps/trial.cjm.yaml")
    assert "cjm diff a/maps/trial.cjm.yaml b/maps/trial.cjm.yaml" in shown
    assert "status idea → done" in shown
    added = run_git(workspace.root, "diff", "v1", "v2", "--", "maps/renewal.cjm.yaml")
    assert "added (1 stage, 2 steps)" in added
    log = run_git(workspace.root, "log", "-p", "--ext-diff", "-1", "--",
                  "maps/trial.cjm.yaml")
    assert "status idea → done" in log


def test_the_installed_command(workspace: GitRepo) -> None:
    command = shutil.which("cjm", path=os.path.dirname(sys.executable))
    assert command is not None
    done = subprocess.run([command, "diff", "--rev", "v1..v2", "--format", "markdown"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "### SaaS trial" in done.stdout
    assert "status `idea` → `done`" in done.stdout


def test_the_diff_driver_shows_problems_and_lets_git_go_on(workspace: GitRepo) -> None:
    workspace.write(".gitattributes", "*.cjm.yaml diff=cjm\n")
    run_git(workspace.root, "config", "diff.cjm.command",
            f"'{sys.executable}' -m cjm diff --git-driver")
    workspace.write("maps/trial.cjm.yaml", "cjm: 1\nkind: journey\ntitle: [broken\n")
    workspace.write("maps/renewal.cjm.yaml", RENEWAL.replace("emotion: 0", "emotion: 1"))
    shown = run_git(workspace.root, "diff", "v2")
    assert "b/maps/trial.cjm.yaml:3:8: error [yaml-syntax]" in shown
    assert 'Step "Receives the renewal quote": emotion 0 → +1, ▲1' in shown


def test_the_diff_driver_names_a_renamed_file_by_both_paths(workspace: GitRepo) -> None:
    workspace.write(".gitattributes", "*.cjm.yaml diff=cjm\n")
    run_git(workspace.root, "config", "diff.cjm.command",
            f"'{sys.executable}' -m cjm diff --git-driver")
    shown = run_git(workspace.root, "diff", "-M", "v1", "v2", "--",
                    "maps/onboarding.cjm.yaml", "maps/setup/onboarding.cjm.yaml")
    assert "cjm diff a/maps/onboarding.cjm.yaml b/maps/setup/onboarding.cjm.yaml" in shown
    assert "renamed from maps/onboarding.cjm.yaml, no other change" in shown


def test_review_filters_over_revisions_with_a_persona_in_the_change(
        workspace: GitRepo) -> None:
    trial = edited(TRIAL, "status: idea", "status: done")
    trial = edited(trial, "{id: ad, name: Sees an ad, emotion: 0}",
                   "{id: ad, name: Sees an ad, emotion: 1}")
    workspace.write("maps/trial.cjm.yaml", trial.replace(
        "        pain_points:\n          - {id: csv-dates, text: CSV dates are read as US "
        "dates, severity: high,\n             evidence: [tickets]}\n", "").replace(
        "addresses: [csv-dates]", "addresses: []"))
    workspace.write("personas/ops.cjm.yaml", edited(PERSONA, "Ops manager", "Operations lead"))
    workspace.commit("the review's edits", tag="v3")
    for spec in ("v2..v3", "v2"):  # between two tags, and against the working tree
        brief = cjm("diff", "--rev", spec, "--brief")
        assert brief.stdout.splitlines() == [
            "3 maps and 1 persona compared, 2 changed: 2 modified",
            "maps/trial.cjm.yaml: 1 step changed, 1 pain point closed, "
            "1 opportunity changed",
            "personas/ops.cjm.yaml: name changed"], brief.output
        assert cjm("diff", "--rev", spec, "--brief", "--only", "steps").stdout.splitlines(
            )[1:] == ["maps/trial.cjm.yaml: 1 step changed"]
        assert cjm("diff", "--rev", spec, "--brief", "--only", "persona").stdout.splitlines(
            )[1:] == ["personas/ops.cjm.yaml: name changed"]
        # A stage narrows maps; a persona has no stage, so it is left out too.
        narrowed = json.loads(cjm("diff", "--rev", spec, "--stage", "consideration",
                                  "--only", "pain-points,opportunities", "-f", "json").stdout)
        assert [(m["path"], [(c["entity"], c["id"]) for c in m["changes"]])
                for m in narrowed["maps"] if m["status"] != "unchanged"] == [
            ("maps/trial.cjm.yaml", [("pain_point", "csv-dates"),
                                     ("opportunity", "nurture")])]  # its addresses
        assert narrowed["summary"]["pain_points_closed"] == 1
        markdown = cjm("diff", "--rev", spec, "--only", "steps,pain-points,opportunities,"
                       "metrics", "-f", "markdown").stdout
        assert "Persona" not in markdown and "**Steps**" in markdown
    heading = cjm("diff", "--rev", "v2", "-f", "markdown").stdout.splitlines()[0]
    assert heading == "## Journey map changes: `v2` → the working tree"


def test_markdown_puts_each_files_problems_under_it(workspace: GitRepo) -> None:
    workspace.write("maps/trial.cjm.yaml", TRIAL.replace("emotion: -1", "emotion: [1"))
    workspace.commit("broken", tag="v3")
    markdown = cjm("diff", "--rev", "v2..v3", "-f", "markdown").stdout
    section = markdown.split("### Files that could not be compared\n\n")[1]
    assert section.splitlines() == [
        "- `maps/trial.cjm.yaml`",
        "  - `v3:maps/trial.cjm.yaml:21:18` " + section.splitlines()[1].split("` ", 1)[1]]
    assert section.splitlines()[1].endswith("(`yaml-syntax`)")


def test_a_map_broken_on_the_older_side_is_listed_in_every_format(
        workspace: GitRepo) -> None:
    # Broken at v3, mended at v4: the comparison v3..v4 cannot read the older side.
    workspace.write("maps/trial.cjm.yaml", TRIAL.replace("emotion: -1", "emotion: -7"))
    workspace.commit("broken", tag="v3")
    workspace.write("maps/trial.cjm.yaml", TRIAL.replace("emotion: -1", "emotion: 1"))
    workspace.commit("mended", tag="v4")
    text = cjm("diff", "--rev", "v3..v4")
    assert text.exit_code == 1
    assert "2 maps and 1 persona compared, 1 not compared (errors), no changes" in text.stdout
    assert "Not compared (errors):\n  maps/trial.cjm.yaml\n" in text.stdout
    assert "v3:maps/trial.cjm.yaml:21:18: error [invalid-value]" in text.stdout
    markdown = cjm("diff", "--rev", "v3..v4", "-f", "markdown")
    assert markdown.exit_code == 1
    assert ("- `maps/trial.cjm.yaml`\n  - `v3:maps/trial.cjm.yaml:21:18`"
            in markdown.stdout)
    document = json.loads(cjm("diff", "--rev", "v3..v4", "-f", "json").stdout)
    assert document["not_compared"] == ["maps/trial.cjm.yaml"]
    assert document["summary"]["maps_not_compared"] == 1
    assert document["problems"][0]["path"] == "v3:maps/trial.cjm.yaml"
    brief = cjm("diff", "--rev", "v3..v4", "--brief")
    assert "maps/trial.cjm.yaml: not compared (errors)" in brief.stdout
