"""The review in docs/diff.md is what cjm prints for a quarter's edits of an example map."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from repos import GitRepo
from typer.testing import CliRunner

from cjm.cli.app import app

ROOT = Path(__file__).parents[2]
MAP = "maps/first-online-purchase.cjm.yaml"
# A quarter's work on the example map, as the docs tell it.
EDITS = [
    ("reviewed: 2026-11-02", "reviewed: 2027-02-08"),
    ("        thoughts: Our car is not in the list\n        emotion: -1\n"
     "        feeling: doubtful",
     "        thoughts: I can type in my boot size instead\n        emotion: 1\n"
     "        feeling: reassured"),
    ("        pain_points:\n          - id: car-list-outdated\n"
     "            text: The car-fit finder misses most cars built after 2022\n"
     "            severity: high\n            evidence: [usability-lab-oct, ga4-q3]\n", ""),
    ("            status: in-progress\n            addresses: [car-list-outdated]",
     "            status: done\n            addresses: []"),
    ("value: 0.061\n        target: 0.07", "value: 0.072\n        target: 0.07"),
    ("      - id: gets-confirmation\n", "      - id: order-confirmation\n"),
    ("            status: planned\n            addresses: [carrier-tracking]",
     "            status: in-progress\n            addresses: [carrier-tracking]"),
]


def _block(fence: str) -> str:
    """The first code block of docs/diff.md that opens with FENCE (e.g. ```text)."""
    docs = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    closing = fence[:len(fence) - len(fence.lstrip("`"))]
    return docs.split(f"{fence}\n", 1)[1].split(f"\n{closing}\n", 1)[0] + "\n"


@pytest.fixture
def quarter(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    shutil.copytree(ROOT / "examples", git_repo.root, dirs_exist_ok=True)
    git_repo.commit("the maps at the last review", tag="2026-q4")
    text = (git_repo.root / MAP).read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text, f"the example map changed; update EDITS: {old!r}"
        text = text.replace(old, new, 1)
    git_repo.write(MAP, text)
    git_repo.commit("the quarter's work", tag="2027-q1")
    monkeypatch.chdir(git_repo.root)
    return git_repo


@pytest.mark.parametrize(("fence", "output_format"), [("```text", "text"),
                                                      ("````markdown", "markdown")])
def test_the_docs_show_what_cjm_prints(quarter: GitRepo, fence: str,
                                       output_format: str) -> None:
    result = CliRunner().invoke(app, ["diff", "--rev", "2026-q4..2027-q1", "-f",
                                      output_format])
    assert result.exit_code == 0, result.output
    assert result.stdout == _block(fence), "update docs/diff.md with this output"
