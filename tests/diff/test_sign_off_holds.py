"""`cjm diff` says, for each compared map signed off on the newer side, whether the
sign-off still holds: in words where it matters, in the JSON always (real git)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from maps import TRIAL
from repos import GitRepo
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.review import sign_off

DAY = dt.date(2026, 7, 1)
SIGNED = "maps/trial.cjm.yaml"  # signed off at the tag, its content changed since
LAYOUT = "maps/layout.cjm.yaml"  # signed off at the tag, only a comment changed since
PLAIN = "maps/plain.cjm.yaml"  # never signed off, changed


def _diff(*arguments: str) -> str:
    result = CliRunner().invoke(app, ["diff", *arguments])
    assert result.exit_code == 0, result.output
    return result.stdout


def _maps(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["path"]: entry for entry in document["maps"]}


@pytest.fixture
def reviewed(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Three maps at the tag review-2026-q2, two of them signed off; then the signed
    map's content changes, the other's comments change, the unsigned map changes."""
    monkeypatch.chdir(git_repo.root)
    git_repo.write(SIGNED, TRIAL)
    git_repo.write(LAYOUT, TRIAL.replace("id: saas-trial", "id: layout"))
    git_repo.write(PLAIN, TRIAL.replace("id: saas-trial", "id: plain"))
    assert sign_off(SIGNED, "Ana Lima", "Q2", DAY).ok
    assert sign_off(LAYOUT, "Sam Ortiz", None, DAY).ok
    git_repo.commit("Q2 review", tag="review-2026-q2")
    _edit(git_repo, SIGNED, "emotion: -1", "emotion: -2")
    _edit(git_repo, LAYOUT, "stages:\n", "# the stages, as agreed\nstages:\n")
    _edit(git_repo, PLAIN, "title: SaaS trial", "title: SaaS trial, EU")
    return git_repo


def _edit(repo: GitRepo, path: str, old: str, new: str) -> None:
    text = (repo.root / path).read_text(encoding="utf-8")
    assert old in text
    repo.write(path, text.replace(old, new, 1))


def test_a_sign_off_the_content_moved_away_from_is_said_in_every_format(
        reviewed: GitRepo) -> None:
    text = _diff("--rev", "review-2026-q2")
    assert text.count("Sign-off") == 1
    assert ("  ✗ Sign-off by Ana Lima on 2026-07-01 no longer holds: the content "
            "changed since") in text.splitlines()
    markdown = _diff("--rev", "review-2026-q2", "-f", "markdown")
    assert sum("Sign-off" in line for line in markdown.splitlines()) == 1
    assert ("**Review:** Sign-off by Ana Lima on 2026-07-01 no longer holds: the "
            "content changed since") in markdown.splitlines()
    shown = _maps(json.loads(_diff("--rev", "review-2026-q2", "-f", "json")))
    assert shown[SIGNED]["status"] == "modified"
    assert shown[SIGNED]["review"] == {"change": "unchanged", "by": "Ana Lima",
                                       "date": "2026-07-01", "note": "Q2", "holds": False}
    assert shown[LAYOUT]["status"] == "unchanged"
    assert shown[LAYOUT]["review"] == {"change": "unchanged", "by": "Sam Ortiz",
                                       "date": "2026-07-01", "note": None, "holds": True}
    assert "review" not in shown[PLAIN]
    brief = _diff("--rev", "review-2026-q2", "--brief").splitlines()
    assert f"{SIGNED}: 1 step changed, sign-off no longer holds" in brief
    assert not any("sign-off" in line for line in brief if not line.startswith(SIGNED))


def test_signing_again_and_a_new_signed_map_are_said_with_whether_they_hold(
        reviewed: GitRepo) -> None:
    assert sign_off(SIGNED, "Kim Park", "Q3", DAY + dt.timedelta(days=92)).ok
    reviewed.write("maps/new.cjm.yaml", TRIAL.replace("id: saas-trial", "id: new"))
    assert sign_off("maps/new.cjm.yaml", "Kim Park", None, DAY).ok
    reviewed.commit("Q3 review", tag="review-2026-q3")
    text = _diff("--rev", "review-2026-q2..review-2026-q3")
    assert ('  ✓ Signed off again by Kim Park on 2026-10-01: "Q3" (still holds)'
            in text.splitlines())
    assert "  ✓ Signed off by Kim Park on 2026-07-01 (still holds)" in text.splitlines()
    shown = _maps(json.loads(_diff("--rev", "review-2026-q2..review-2026-q3", "-f",
                                   "json")))
    assert shown[SIGNED]["review"] == {"change": "changed", "by": "Kim Park",
                                       "date": "2026-10-01", "note": "Q3", "holds": True}
    assert shown["maps/new.cjm.yaml"]["status"] == "added"
    assert shown["maps/new.cjm.yaml"]["review"]["change"] == "added"
    assert shown["maps/new.cjm.yaml"]["review"]["holds"] is True
    # Changed again after the second sign-off: it no longer holds, and says so.
    _edit(reviewed, SIGNED, "title: SaaS trial", "title: SaaS trial, EU")
    shown = _maps(json.loads(_diff("--rev", "review-2026-q3", "-f", "json")))
    assert shown[SIGNED]["review"]["holds"] is False
    assert "no longer holds" in _diff("--rev", "review-2026-q3")


def test_files_compared_directly_say_it_too(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("old.cjm.yaml").write_text(TRIAL, encoding="utf-8")
    assert sign_off("old.cjm.yaml", "Ana Lima", None, DAY).ok
    signed = Path("old.cjm.yaml").read_text(encoding="utf-8")
    Path("new.cjm.yaml").write_text(signed.replace("emotion: -1", "emotion: 1"),
                                    encoding="utf-8")
    document = json.loads(_diff("old.cjm.yaml", "new.cjm.yaml", "-f", "json"))
    assert document["maps"][0]["review"]["holds"] is False
    assert "no longer holds" in _diff("old.cjm.yaml", "new.cjm.yaml")
