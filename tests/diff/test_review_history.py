"""changed-since-review names what changed since the signed-off version in git history."""

from __future__ import annotations

import datetime as dt

import pytest
from maps import TRIAL
from repos import GitRepo

from cjm.review import sign_off
from cjm.validate import check_file
from cjm.workspace import context_for

DAY = dt.date(2026, 7, 1)


def _review_problems(path: str) -> list[str]:
    checked = check_file(path, context_for(path), today=DAY)
    return [p.message for p in checked.problems if p.rule == "changed-since-review"]


def test_the_rule_names_what_changed_since_the_signed_commit(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(git_repo.root)
    path = str(git_repo.write("maps/trial.cjm.yaml", TRIAL))
    git_repo.commit("the trial map")
    assert sign_off(path, "Ana Lima", "Q2", DAY).ok
    git_repo.commit("Q2 review", tag="review-2026-q2")
    assert _review_problems(path) == []
    text = (git_repo.root / "maps/trial.cjm.yaml").read_text(encoding="utf-8")
    text = text.replace("      - {id: ad, name: Sees an ad, emotion: 0}\n",
                        "      - {id: ad, name: Sees an ad, emotion: 0}\n"
                        "      - {id: podcast, name: Hears a podcast, emotion: 1}\n")
    text = text.replace("severity: high", "severity: low")
    git_repo.write("maps/trial.cjm.yaml", text)
    git_repo.commit("a podcast step")
    git_repo.write("maps/trial.cjm.yaml", text.replace("emotion: -2", "emotion: -1"))
    (message,) = _review_problems(path)
    assert message == (
        "the map changed since Ana Lima signed it off on 2026-07-01 (1 step added, "
        "1 step changed, 1 pain point changed); review the changes, then sign it off "
        "again with cjm review")


def test_without_the_signed_version_the_rule_still_warns(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(git_repo.root)
    path = str(git_repo.write("trial.cjm.yaml", TRIAL))
    assert sign_off(path, "Ana Lima", None, DAY).ok  # signed, never committed
    git_repo.write("trial.cjm.yaml", (git_repo.root / "trial.cjm.yaml").read_text(
        encoding="utf-8").replace("title: SaaS trial", "title: SaaS trial, EU"))
    (message,) = _review_problems(path)
    assert "(its content changed)" in message
