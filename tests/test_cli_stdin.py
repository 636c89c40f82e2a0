"""Maps read from standard input, as editors' linters hand them over (ALE, none-ls,
efm-langserver): `-` as a path, `--stdin-filename` for the name shown and the workspace."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from map_builders import clean_map

runner = CliRunner()
VALIDATE = ["validate", "--today", "2026-11-24"]
CJM = str(Path(sys.executable).parent / "cjm")

# A map that refers to the workspace's persona by id: it resolves only inside it.
WORKSPACE_MAP = clean_map().replace("persona: {name: Office manager}", "persona: office-manager")
PERSONA = "cjm: 1\nkind: persona\nid: office-manager\nname: Office manager\n"
BAD_EMOTION = clean_map(steps=["{name: Searches for toner, emotion: 7}"])


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace in `journeys/`, and the current folder outside it."""
    root = tmp_path / "journeys"
    (root / "maps").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "cjm.yaml").write_text("cjm: 1\nmaps: [maps]\npersonas: [personas]\n")
    (root / "personas" / "office-manager.cjm.yaml").write_text(PERSONA)
    # What is on disk is stale: the editor's buffer on stdin is what gets checked.
    (root / "maps" / "order.cjm.yaml").write_text(BAD_EMOTION)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return root


def test_validate_reads_stdin_named_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "-"], input=BAD_EMOTION)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:10:45: error [invalid-value] \"emotion\" is 7")
    assert result.stdout.endswith("1 file checked, 1 with problems: 1 error, 0 warnings\n")
    clean = runner.invoke(app, [*VALIDATE, "--strict", "-"], input=clean_map())
    assert (clean.exit_code, clean.stdout) == (0, "1 file checked, no problems\n")


def test_stdin_filename_names_the_problems_and_finds_the_workspace(workspace: Path) -> None:
    place = str(workspace / "maps" / "order.cjm.yaml")
    result = runner.invoke(app, [*VALIDATE, "--strict", "--stdin-filename", place, "-"],
                           input=WORKSPACE_MAP)
    assert (result.exit_code, result.stdout) == (0, "1 file checked, no problems\n")
    broken = runner.invoke(app, [*VALIDATE, "-f", "json", "--stdin-filename", place],
                           input=WORKSPACE_MAP.replace("office-manager", "nobody"))
    assert broken.exit_code == 1
    assert '"rule": "unknown-reference"' in broken.stdout
    assert f'"path": "{place}"' in broken.stdout
    # Without the name, the current folder's workspace (none here) has no such persona.
    outside = runner.invoke(app, [*VALIDATE, "-"], input=WORKSPACE_MAP)
    assert outside.exit_code == 1
    assert "<stdin>:4:10: error [unknown-reference]" in outside.stdout


def test_stdin_stands_in_for_its_file_among_other_paths(workspace: Path) -> None:
    maps = str(workspace / "maps")
    place = str(workspace / "maps" / "order.cjm.yaml")
    assert runner.invoke(app, [*VALIDATE, maps]).exit_code == 1  # the stale file on disk
    result = runner.invoke(app, [*VALIDATE, maps, "-", "--stdin-filename", place],
                           input=WORKSPACE_MAP)
    assert (result.exit_code, result.stdout) == (0, "1 file checked, no problems\n")


@pytest.mark.parametrize(("data", "expected"), [
    (b"cjm: 1\n\x00\x01", "<stdin>:2:1: error [encoding] this looks like a binary file"),
    (b"cjm: 1\ntitle: caf\xe9\n", "<stdin>:2:11: error [encoding] the file is not UTF-8 text "
     "(byte 0xe9 cannot be read); save it as UTF-8"),
    (b"", "<stdin>:1:1: error [empty-file]"),
    (b"x" * 101, "<stdin>:1:1: error [too-complex] the file is over 100 bytes"),
])
def test_bad_input_on_stdin_is_said_as_for_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, expected: str) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\nmax_file_size: 100\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*VALIDATE, "-"], input=data)
    assert result.exit_code == 1
    assert result.stdout.startswith(expected), result.stdout


@pytest.mark.parametrize(("arguments", "message"), [
    (["validate", "-", "-"], "- (standard input) can be given once"),
    (["validate", "a.cjm.yaml", "--stdin-filename", "b.cjm.yaml"],
     "--stdin-filename names what - (standard input) holds: add -"),
    (["render", "-"], "a map from - (standard input) has no folder to be drawn into: give "
     "-o FILE, or -o - for standard output"),
    (["diff", "-", "-"], "- (standard input) can be one side of the diff, not both"),
    (["diff", "--rev", "HEAD", "-"], "--rev compares files in git"),
    (["diff", "a.cjm.yaml", "b.cjm.yaml", "--stdin-filename", "a.cjm.yaml"],
     "--stdin-filename names what - (standard input) holds"),
])
def test_stdin_misuse_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       arguments: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, arguments, input=clean_map())
    assert result.exit_code == 2
    assert f"cjm: {message}" in result.stderr


def test_render_draws_stdin_to_the_output_named(workspace: Path) -> None:
    dot = runner.invoke(app, ["render", "-", "-o", "-", "-f", "dot"], input=clean_map())
    assert dot.exit_code == 0
    assert dot.stdout.startswith("// cjm journey map stdin, grid view\n")
    out = workspace / "drawings"
    out.mkdir()
    named = runner.invoke(app, ["render", "-", "-o", str(out), "-f", "dot", "--stdin-filename",
                                str(workspace / "maps" / "order.cjm.yaml")], input=WORKSPACE_MAP)
    assert named.exit_code == 0, named.stderr
    assert "Office manager" in (out / "order.dot").read_text()
    unnamed = runner.invoke(app, ["render", "-", "-o", str(out), "-f", "dot"], input=clean_map())
    assert unnamed.exit_code == 2
    assert "has no name to draw it under" in unnamed.stderr
    # The file the buffer belongs to is never drawn over.
    over = runner.invoke(app, ["render", "-", "-o", str(workspace / "maps" / "order.cjm.yaml"),
                               "-f", "dot", "--stdin-filename",
                               str(workspace / "maps" / "order.cjm.yaml")], input=WORKSPACE_MAP)
    assert over.exit_code == 2
    assert (workspace / "maps" / "order.cjm.yaml").read_text() == BAD_EMOTION


def test_diff_compares_stdin_with_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "order.cjm.yaml").write_text(clean_map())
    edited = clean_map().replace("emotion: 1}", "emotion: -1}")
    result = runner.invoke(app, ["diff", "order.cjm.yaml", "-", "--stdin-filename",
                                 "order.cjm.yaml"], input=edited)
    assert result.exit_code == 0
    assert result.stdout.startswith("Changes from order.cjm.yaml to order.cjm.yaml\n")
    assert '~ Step "Pays by invoice": emotion +1 → -1, ▼2' in result.stdout
    broken = runner.invoke(app, ["diff", "-", "order.cjm.yaml"], input=b"\xff")
    assert broken.exit_code == 1
    assert "<stdin>:1:1: error [encoding]" in broken.stdout


def test_the_installed_cjm_reads_a_real_pipe(workspace: Path) -> None:
    place = str(workspace / "maps" / "order.cjm.yaml")
    command = [CJM, *VALIDATE, "--stdin-filename", place, "-"]
    done = subprocess.run(command, input=WORKSPACE_MAP.encode(), capture_output=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, b"1 file checked, no problems\n")
    # A file named in a pipeline, as efm-langserver runs it: cat FILE | cjm validate -.
    cat = subprocess.Popen(["cat", place], stdout=subprocess.PIPE)
    piped = subprocess.run([CJM, *VALIDATE, "-"], stdin=cat.stdout, capture_output=True,
                           timeout=60, check=False)
    assert cat.stdout is not None
    cat.stdout.close()
    cat.wait(timeout=60)
    assert piped.returncode == 1
    assert piped.stdout.startswith(b'<stdin>:10:45: error [invalid-value] "emotion" is 7')
    # More than the size limit: refused after reading one byte past it, no hang.
    (workspace / "cjm.yaml").write_text("cjm: 1\nmaps: [maps]\npersonas: [personas]\n"
                                        "max_file_size: 1000\n")
    huge = subprocess.run(command, input=b"# " + b"x" * 5_000_000, capture_output=True,
                          timeout=60, check=False)
    assert huge.returncode == 1
    assert f"{place}:1:1: error [too-complex] the file is over 1,000 bytes".encode() \
        in huge.stdout


def test_the_editor_set_ups_in_the_docs_run_and_parse(workspace: Path) -> None:
    """The commands of docs/ci.md's ALE, none-ls and efm-langserver snippets, as the
    editors run them, give lines the snippets' patterns read."""
    import re
    import shlex

    docs = (Path(__file__).parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    place = str(workspace / "maps" / "order.cjm.yaml")
    ale = re.search(r"'command': '([^']+)'", docs)
    none_ls = re.search(r"args = \{ (.+) \},", docs)
    efm = re.search(r"lint-command: '([^']+)'", docs)
    assert ale and none_ls and efm
    commands = [
        shlex.split(ale.group(1).replace("%s", shlex.quote(place))),
        ["cjm", *(arg.strip().strip('"') for arg in none_ls.group(1).split(","))],
        shlex.split(efm.group(1).replace("${INPUT}", place)),
    ]
    commands[1] = [place if arg == "$FILENAME" else arg for arg in commands[1]]
    # The ALE callback's pattern (Vim's very magic \v), as Python reads it.
    pattern = re.compile(r":(\d+):(\d+): (error|warning) \[([a-z-]+)\] (.*)$")
    for command in commands:
        assert command[:2] == ["cjm", "validate"] and command[-1] == "-"
        done = subprocess.run([CJM, *command[1:], "--today", "2026-11-24"], input=BAD_EMOTION,
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 1
        first = done.stdout.splitlines()[0]
        assert first.startswith(f"{place}:10:45: error [invalid-value]")
        found = pattern.search(first)
        assert found and found.groups()[:4] == ("10", "45", "error", "invalid-value")
