"""One bad value never sinks a batch: every file is reported, with positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from safety_cli import MAP, run_cjm, write_map

STEP = "      - {name: Opens the app, emotion: 1}\n"


def _validate_json(folder: Path) -> dict[str, object]:
    done = run_cjm(["validate", "--format", "json", "--today", "2026-11-01", "."], folder)
    assert done.returncode in (0, 1), done.stderr
    assert b"Traceback" not in done.stderr
    document: dict[str, object] = json.loads(done.stdout.decode("utf-8"))
    return document


@pytest.mark.parametrize("dates", [
    "reviewed: 9999-12-31\n",
    "reviewed: 9999-12-01\nreview_every: 99999d\n",
    "reviewed: 9999-11-30\nreview_every: yearly\n",
])
def test_far_future_reviews_are_checked_and_drawn(tmp_path: Path, dates: str) -> None:
    write_map(tmp_path, "far.cjm.yaml", MAP.replace("reviewed: 2026-10-01\n", dates))
    write_map(tmp_path, "ok.cjm.yaml")
    assert _validate_json(tmp_path)["files"] == 2
    done = run_cjm(["render", "--format", "dot", "-o", "-", "far.cjm.yaml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"9999-12-31" in done.stdout


@pytest.mark.parametrize("number", ["0x_", "0b_", "-0x_", "+0b_", "9" * 5000, "1_" * 3000 + "1"])
def test_numbers_python_cannot_convert_are_wrong_values(tmp_path: Path, number: str) -> None:
    write_map(tmp_path, "odd.cjm.yaml", MAP.replace("emotion: 1", f"emotion: {number}"))
    write_map(tmp_path, "ok.cjm.yaml")
    document = _validate_json(tmp_path)
    assert document["files"] == 2
    [problem] = document["problems"]  # type: ignore[misc]
    assert (problem["path"], problem["line"], problem["rule"]) == (
        "odd.cjm.yaml", 10, "invalid-value")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.Inf", "1.0e+999"])
def test_non_finite_numbers_are_refused_at_their_position(tmp_path: Path, value: str) -> None:
    metric = f"    metrics:\n      - {{name: Conversion, value: {value}}}\n    steps:\n"
    write_map(tmp_path, "nan.cjm.yaml", MAP.replace("    steps:\n", metric))
    [problem] = _validate_json(tmp_path)["problems"]  # type: ignore[misc]
    assert (problem["line"], problem["column"], problem["rule"]) == (10, 35, "invalid-value")
    assert "finite number" in problem["message"]


def test_a_bug_in_one_file_still_reports_the_others(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """cjm has no known bug to trigger, so one is planted: a rule that fails on one map."""
    from typer.testing import CliRunner

    import cjm.rules.empty_stage as rule
    from cjm.cli.app import app

    original = rule.check

    def failing(journey, context):  # type: ignore[no-untyped-def]
        if journey.title == "Broken":
            raise RuntimeError("planted bug")
        return original(journey, context)

    monkeypatch.setattr(rule, "check", failing)
    write_map(tmp_path, "a.cjm.yaml", MAP.replace("emotion: 1", "emotion: 7"))
    write_map(tmp_path, "b.cjm.yaml", MAP.replace("Buy a ticket", "Broken"))
    write_map(tmp_path, "c.cjm.yaml", MAP.replace("emotion: 1", "emotion: 9"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "json", "."])
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert document["files"] == 3
    assert [(p["path"], p["rule"]) for p in document["problems"]] == [
        ("a.cjm.yaml", "invalid-value"), ("b.cjm.yaml", "internal-error"),
        ("c.cjm.yaml", "invalid-value")]
    assert "planted bug" in document["problems"][1]["message"]


@pytest.mark.parametrize("break_", ["\u2028", "\u2029", "\x85"])
def test_line_numbers_count_lines_as_editors_do(tmp_path: Path, break_: str) -> None:
    text = MAP.replace("title: Buy a ticket", f'title: "Buy{break_}a{break_}ticket"')
    write_map(tmp_path, "odd.cjm.yaml", text.replace("emotion: 1", "emotion: 9"))
    [problem] = _validate_json(tmp_path)["problems"]  # type: ignore[misc]
    assert (problem["line"], problem["column"]) == (10, 40)


def test_diff_refuses_a_map_with_duplicate_ids(tmp_path: Path) -> None:
    old = write_map(tmp_path, "old.cjm.yaml")
    twice = "      - {id: open, name: Opens, emotion: 1}\n      - {id: open, name: Pays}\n"
    new = write_map(tmp_path, "new.cjm.yaml", MAP.replace(STEP, twice))
    done = run_cjm(["diff", "--format", "json", str(old), str(new)], tmp_path)
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert document["maps"] == []
    [problem] = document["problems"]
    assert (problem["line"], problem["rule"]) == (11, "duplicate-id")
