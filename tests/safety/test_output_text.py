"""What cjm prints is always writable, valid UTF-8 where it is a format, and inert in CI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from safety_cli import MAP, run_cjm, write_map

# A map whose texts cjm echoes in problems (an unknown `next:` step is quoted in the message).
HOSTILE = MAP.replace(
    "      - {name: Opens the app, emotion: 1}\n",
    '      - name: Opens the app\n        emotion: 1\n'
    '        next: ["x\\n::error file=forged.py,line=1::forged", "##[error]legacy",'
    ' "::stop-commands::tok", "→ ↻ é"]\n',
)


def test_a_cp1252_stdout_gets_utf8_and_no_crash(tmp_path: Path) -> None:
    write_map(tmp_path, "arrows→.cjm.yaml", HOSTILE)
    for output_format in ("text", "json", "sarif", "junit", "github"):
        done = run_cjm(["validate", "--format", output_format, "."], tmp_path,
                       env={"PYTHONIOENCODING": "cp1252"})
        assert done.returncode == 1, done.stderr
        if output_format != "sarif":  # SARIF holds the name as a URI: arrows%E2%86%92
            assert "arrows→".encode() in done.stdout
        done.stdout.decode("utf-8")
    old = write_map(tmp_path / "..", "old-ticket.cjm.yaml")
    new = write_map(tmp_path / "..", "new-ticket.cjm.yaml",
                    MAP.replace("Opens the app", "Opens → app ↻"))
    done = run_cjm(["diff", str(old), str(new)], tmp_path, env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0, done.stderr
    assert "→ app ↻".encode() in done.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems take any bytes")
def test_file_names_that_are_not_utf8_give_valid_json_and_sarif(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9-\xff.cjm.yaml")
    (tmp_path / name).write_text(MAP.replace("emotion: 1", "emotion: 5"), encoding="utf-8")
    json_out = run_cjm(["validate", "--format", "json", "."], tmp_path)
    problems = json.loads(json_out.stdout.decode("utf-8"))["problems"]
    assert problems[0]["path"] == "caf\ufffd-\ufffd.cjm.yaml"
    sarif = run_cjm(["validate", "--format", "sarif", "."], tmp_path)
    assert sarif.returncode == 1, sarif.stderr
    log = json.loads(sarif.stdout.decode("utf-8"))
    [result] = log["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "caf%E9-%FF.cjm.yaml"  # the name's own bytes
    junit = run_cjm(["validate", "--format", "junit", "."], tmp_path)
    junit.stdout.decode("utf-8")
    text = run_cjm(["validate", "."], tmp_path)
    assert b'"caf\\xe9-\\xff.cjm.yaml":10' in text.stdout  # quoted, its bytes shown


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names hold no newline")
def test_file_names_with_escapes_and_newlines_are_shown_quoted(tmp_path: Path) -> None:
    name = "evil\x1b[2J\nok.cjm.yaml"
    write_map(tmp_path, name, MAP.replace("emotion: 1", "emotion: 5"))
    done = run_cjm(["validate", "."], tmp_path)
    assert b"\x1b" not in done.stdout + done.stderr
    assert done.stdout.startswith(b'"evil\\x1b[2J\\x0aok.cjm.yaml":10:')
    missing = run_cjm(["validate", "gone\x1b[31m.cjm.yaml"], tmp_path)
    assert missing.returncode == 2
    assert b"\x1b" not in missing.stderr and b"\\x1b[31m" in missing.stderr


def _commands(output: bytes) -> list[str]:
    """The lines GitHub Actions would run as workflow commands."""
    lines = output.decode("utf-8").splitlines()
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


@pytest.mark.parametrize("output_format", ["github", "text", "json", "sarif", "junit"])
def test_map_text_never_becomes_a_workflow_command(tmp_path: Path, output_format: str) -> None:
    write_map(tmp_path, "::warning file=x::forged.cjm.yaml", HOSTILE)
    done = run_cjm(["validate", "--format", output_format, "."], tmp_path,
                   env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1, done.stderr
    commands = _commands(done.stdout) + _commands(done.stderr)
    if output_format == "github":  # one annotation per problem, each cjm's own
        assert commands and all(line.startswith("::error file=") for line in commands)
        assert all("%3A%3Awarning file=x%3A%3Aforged" in line for line in commands)
    else:
        assert commands == []
    if output_format in ("json", "sarif"):
        json.loads(done.stdout)


def test_diff_text_is_inert_in_actions(tmp_path: Path) -> None:
    old = write_map(tmp_path, "old.cjm.yaml")
    new = write_map(tmp_path, "new.cjm.yaml", MAP.replace(
        "{name: Opens the app, emotion: 1}",
        '{name: "Opens\\n::error::forged ##[error]x", emotion: 1}'))
    for output_format in ("text", "markdown", "json"):
        done = run_cjm(["diff", "--format", output_format, str(old), str(new)], tmp_path,
                       env={"GITHUB_ACTIONS": "true"})
        assert done.returncode == 0, done.stderr
        assert _commands(done.stdout) == []
