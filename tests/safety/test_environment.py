"""Failures of the surroundings are exit 2 with a sentence, never "internal error"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from safety_cli import (
    MAP,
    cjm_program,
    give_to_nobody,
    run_cjm,
    run_unprivileged,
    shared_folder,
    write_map,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def _render(folder: Path, output: str) -> subprocess.CompletedProcess[bytes]:
    return run_cjm(["render", "--format", "dot", "-o", output, "ticket.cjm.yaml"], folder)


def _failed_in_a_sentence(done: subprocess.CompletedProcess[bytes], words: bytes) -> None:
    assert done.returncode == 2, done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
    assert words in done.stderr, done.stderr


def test_output_under_a_file_or_onto_a_folder(tmp_path: Path) -> None:
    write_map(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "ticket.dot").mkdir()
    _failed_in_a_sentence(_render(tmp_path, "ticket.cjm.yaml/x.dot"), b"")
    _failed_in_a_sentence(_render(tmp_path, "out/"), b"ticket.dot")


def test_dev_full_and_a_closed_stdout(tmp_path: Path) -> None:
    write_map(tmp_path)
    _failed_in_a_sentence(_render(tmp_path, "/dev/full"), b"/dev/full: No space left")
    with open("/dev/full", "wb") as full:
        done = run_cjm(["validate", "."], tmp_path, stdout=full)
    _failed_in_a_sentence(done, b"No space left on device")
    closed = subprocess.run(f"{cjm_program()} validate . >&-", shell=True, cwd=tmp_path,
                            capture_output=True, timeout=60, check=False)
    _failed_in_a_sentence(closed, b"standard output is closed")


def test_a_pipe_closed_early(tmp_path: Path) -> None:
    for index in range(300):
        write_map(tmp_path, f"m{index}.cjm.yaml", MAP.replace("emotion: 1", "emotion: 5"))
    done = subprocess.run(f"{cjm_program()} validate . | true; exit ${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", cwd=tmp_path,
                          capture_output=True, timeout=120, check=False)
    _failed_in_a_sentence(done, b"broken pipe")
    assert b"Exception ignored" not in done.stderr


def test_ctrl_c_while_cjm_starts_is_exit_130_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C lands while a module is still being imported (here: the CLI's app)."""
    code = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'cjm.cli.app':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from cjm.cli import main\n"
        "sys.argv = ['cjm', 'render', 'x']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                          check=False, cwd=tmp_path)
    assert done.returncode == 130
    assert done.stderr == b"cjm: interrupted\n"


def test_programs_are_found_on_path_only_never_in_the_current_folder(tmp_path: Path) -> None:
    git_witness = tmp_path / "planted-git-ran"
    for name in ("git", "neato"):
        planted = tmp_path / name
        planted.write_text(f"#!/bin/sh\ntouch {git_witness}-{name}\nexit 1\n",
                           encoding="utf-8")
        planted.chmod(0o755)
    write_map(tmp_path)
    # An empty PATH entry means the current folder to a shell, and to shutil.which.
    path = os.pathsep.join(["", *os.environ["PATH"].split(os.pathsep)])
    run_cjm(["diff", "--rev", "HEAD"], tmp_path, env={"PATH": path})
    run_cjm(["render", "-o", "x.svg", "ticket.cjm.yaml"], tmp_path, env={"PATH": path})
    assert not list(tmp_path.glob("planted-git-ran*"))


def test_unreadable_files_and_folders_are_reported_with_exit_2() -> None:
    with shared_folder() as folder:
        write_map(folder)
        (folder / "locked").mkdir()
        write_map(folder / "locked", "hidden.cjm.yaml")
        write_map(folder, "secret.cjm.yaml")
        give_to_nobody(folder)
        (folder / "locked").chmod(0)
        (folder / "secret.cjm.yaml").chmod(0)
        done = run_unprivileged(["validate", "--format", "json", "--today", "2026-11-01", "."],
                                folder, folder)
        assert done.returncode == 2, done.stderr
        problems = json.loads(done.stdout)["problems"]
        assert [(p["path"], p["rule"]) for p in problems] == [
            ("./locked", "unreadable"), ("secret.cjm.yaml", "unreadable")]
        text = run_unprivileged(["validate", "."], folder, folder)
        assert b"cannot read the folder (Permission denied)" in text.stdout


def test_a_huge_max_file_size_is_only_a_limit(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text(f"cjm: 1\nmax_file_size: {10**30}\n", encoding="utf-8")
    write_map(tmp_path)
    done = run_cjm(["validate", "--format", "json", "."], tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["files"] >= 1


def test_a_folder_that_cannot_be_written_is_a_sentence() -> None:
    with shared_folder() as folder:
        write_map(folder)
        (folder / "readonly").mkdir()
        (folder / "readonly").chmod(0o555)
        give_to_nobody(folder / "ticket.cjm.yaml")
        folder.chmod(0o755)  # nobody reads here but writes nowhere
        for arguments, words in (
            (["render", "-f", "dot", "-o", "readonly/x.dot", "ticket.cjm.yaml"],
             b"Permission denied"),
            (["render", "-f", "dot", "-o", "readonly/new/", "ticket.cjm.yaml"],
             b"cannot make the folder readonly/new: cannot write into the folder readonly"),
            (["site", "-o", "readonly/site", "ticket.cjm.yaml"],
             b"cannot make the folder readonly/site: cannot write into the folder readonly"),
            (["schema", "-o", "readonly/schemas"],
             b"cannot make the folder readonly/schemas: cannot write into the folder readonly"),
            (["convert", "ticket.cjm.yaml", "-o", "readonly/x.json"], b"Permission denied"),
            (["init", "readonly/ws"], b"cannot write into the folder readonly"),
        ):
            done = run_unprivileged(arguments, folder, folder)
            _failed_in_a_sentence(done, words)
        assert list((folder / "readonly").iterdir()) == []


@pytest.mark.parametrize("in_the_way", ["a file", "a broken link"])
def test_a_folder_that_cannot_be_made_is_a_sentence(tmp_path: Path, in_the_way: str) -> None:
    """An output folder under a regular file, or under a link to a folder that is gone."""
    write_map(tmp_path)
    if in_the_way == "a file":
        (tmp_path / "notes").write_text("a file\n", encoding="utf-8")
        reason = b"notes is a file, not a folder"
    else:
        (tmp_path / "notes").symlink_to(tmp_path / "gone")
        reason = b"notes is a symbolic link to " + bytes(tmp_path / "gone") + \
            b", which does not exist"
    for arguments, words in (
        (["render", "-f", "dot", "-o", "notes/x.dot", "ticket.cjm.yaml"],
         b"cannot write notes/x.dot: "),
        (["render", "-f", "dot", "-o", "notes/drawings/", "ticket.cjm.yaml"],
         b"cannot make the folder notes/drawings: "),
        (["site", "-o", "notes/site", "ticket.cjm.yaml"], b"cannot make the folder notes/site: "),
        (["schema", "-o", "notes/schemas"], b"cannot make the folder notes/schemas: "),
        (["convert", "ticket.cjm.yaml", "-o", "notes/x.json"], b"cannot write notes/x.json: "),
        (["init", "notes/ws"], b"cannot make the workspace folder notes/ws: "),
    ):
        done = run_cjm(arguments, tmp_path)
        _failed_in_a_sentence(done, words + reason)
    assert not (tmp_path / "gone").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes", "ticket.cjm.yaml"]
    if in_the_way == "a file":  # a map under a file cannot be signed off, and says so
        done = run_cjm(["review", "--by", "Ana", "notes/m.cjm.yaml"], tmp_path)
        _failed_in_a_sentence(done, b"notes/m.cjm.yaml: Not a directory")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_workspace_file_of_another_user_is_ignored_with_a_warning(tmp_path: Path) -> None:
    config = tmp_path / "cjm.yaml"
    config.write_text("cjm: 1\nrules: {no-persona: off}\n", encoding="utf-8")
    os.chown(config, 65534, 65534)  # nobody's, as a file in a shared /tmp would be
    (tmp_path / "maps").mkdir()
    write_map(tmp_path / "maps", text=MAP.replace("persona: {name: Commuter}\n", ""))
    done = run_cjm(["validate", "--format", "json", "--today", "2026-11-01", "maps"], tmp_path)
    rules = [p["rule"] for p in json.loads(done.stdout)["problems"]]
    assert rules == ["unsafe-workspace", "no-persona"]
    trusted = run_cjm(["validate", "--format", "json", "--today", "2026-11-01", "maps"],
                      tmp_path, env={"CJM_SAFE_DIRECTORIES": str(tmp_path)})
    assert json.loads(trusted.stdout)["problems"] == []


@pytest.mark.parametrize("entries", [["", "BIN"], [".", "BIN"], ["BIN"], ["bin", "BIN"]])
def test_windows_lookup_never_finds_a_program_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[str]) -> None:
    """Windows' rules, checked here: PATHEXT extensions, ";" between entries, and the
    current folder (a map repository holding git.exe) never searched."""
    from cjm.programs import program_on_path

    repository = tmp_path / "repo"
    (repository / "bin").mkdir(parents=True)
    for planted in ("git.exe", "git.EXE", "git.bat", "neato.exe", "bin/git.exe"):
        (repository / planted).write_bytes(b"MZ")
    installed = tmp_path / "Git" / "cmd"
    installed.mkdir(parents=True)
    (installed / "git.EXE").write_bytes(b"MZ")
    (installed / "git.txt").write_bytes(b"")
    monkeypatch.chdir(repository)
    path = ";".join(str(installed) if entry == "BIN" else entry for entry in entries)
    found = program_on_path("git", path, ".COM;.EXE;.BAT;.CMD", windows=True)
    assert found == str(installed / "git.EXE")
    assert program_on_path("git.EXE", path, ".COM;.EXE", windows=True) == found
    assert program_on_path("git", path, ".txt", windows=True) == str(installed / "git.txt")
    assert program_on_path("neato", path, None, windows=True) is None  # only in the repo
    assert program_on_path("git", ";.;bin", ".EXE", windows=True) is None


def test_posix_lookup_takes_absolute_executable_entries_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cjm.programs import program_on_path

    (tmp_path / "dot").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "dot").chmod(0o755)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "dot").write_text("", encoding="utf-8")  # not executable: not a program
    monkeypatch.chdir(tmp_path)
    assert program_on_path("dot", f":.:{plain}", None, windows=False) is None
    assert program_on_path("dot", f"{plain}:{tmp_path}", None, windows=False) == str(
        tmp_path / "dot")
