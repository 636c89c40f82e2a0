"""A map written to break every quality rule once, checked as a CX lead would see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.rules import RULES

STALE = Path(__file__).parent / "stale"


def test_every_rule_fires_with_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """stale/expected.txt is the full text output; each rule appears once."""
    monkeypatch.chdir(STALE)
    result = CliRunner().invoke(app, ["validate", "--no-color", "--today", "2026-11-24",
                                      "checkout.cjm.yaml"])
    assert result.exit_code == 0  # warnings only
    assert result.stdout == (STALE / "expected.txt").read_text(encoding="utf-8")
    fired = [line.split("[", 1)[1].split("]", 1)[0] for line in result.stdout.splitlines()[:-1]]
    assert sorted(fired) == sorted(RULES)


def test_strict_fails_the_stale_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(STALE)
    result = CliRunner().invoke(app, ["validate", "--strict", "--today", "2026-11-24",
                                      "checkout.cjm.yaml"])
    assert result.exit_code == 1
    assert result.stdout.endswith("1 file checked, 1 with problems: 0 errors, 12 warnings\n")
