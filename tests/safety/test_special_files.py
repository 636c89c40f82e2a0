"""Only regular files are read; nothing that is not cjm's is replaced; walks always end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_cli import MAP, cjm_program, run_cjm, write_map

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds")


def _odd_files(folder: Path) -> None:
    os.mkfifo(folder / "pipe.cjm.yaml")
    (folder / "stdin.cjm.yaml").symlink_to("/dev/stdin")
    (folder / "zero.cjm.yaml").symlink_to("/dev/zero")


@pytest.mark.parametrize("command", [["validate", "--format", "json"],
                                     ["render", "--format", "dot"]])
def test_fifos_and_devices_in_a_folder_are_reported_as_what_they_are(
        tmp_path: Path, command: list[str]) -> None:
    write_map(tmp_path)
    _odd_files(tmp_path)
    done = run_cjm([*command, "."], tmp_path, timeout=30, stdin=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    said = (done.stdout + done.stderr).decode()
    assert "pipe.cjm.yaml:1:1: error [unreadable] this is a named pipe (FIFO)" in said \
        or '"path": "pipe.cjm.yaml"' in said
    assert said.count("[unreadable]") == 3 or said.count('"unreadable"') == 3


def test_a_fifo_named_directly_is_a_fifo_not_a_missing_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.cjm.yaml")
    done = run_cjm(["validate", "pipe.cjm.yaml"], tmp_path, timeout=30)
    assert done.returncode == 2
    assert b"no such file" not in done.stderr
    assert b"named pipe (FIFO), not a file" in done.stdout


def test_diff_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    write_map(tmp_path)
    os.mkfifo(tmp_path / "pipe.cjm.yaml")
    done = run_cjm(["diff", "ticket.cjm.yaml", "pipe.cjm.yaml"], tmp_path, timeout=30)
    assert done.returncode == 2, done.stderr
    assert b"named pipe (FIFO)" in done.stdout + done.stderr


def test_glob_through_symlink_loops_ends(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    write_map(tmp_path / "maps")
    for name in ("a", "b", "c"):
        (tmp_path / name).symlink_to(".")
    (tmp_path / "maps" / "up").symlink_to("..")
    started = time.monotonic()
    done = run_cjm(["validate", "--format", "json", "**/*.cjm.yaml"], tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] == 1


def test_output_onto_devices_and_fifos_is_written_through(tmp_path: Path) -> None:
    write_map(tmp_path)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    with subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE) as reader:
        done = run_cjm(["render", "--format", "dot", "-o", str(fifo), "ticket.cjm.yaml"],
                       tmp_path)
        drawn, _ = reader.communicate(timeout=30)
    assert done.returncode == 0, done.stderr
    assert drawn.startswith(b"// cjm journey map")
    assert fifo.is_fifo()
    through = run_cjm(["render", "--format", "dot", "-o", "/dev/stdout", "ticket.cjm.yaml"],
                      tmp_path)
    assert through.returncode == 0 and through.stdout.startswith(b"// cjm journey map")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "ticket.cjm.yaml"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may make a device node")
def test_output_onto_a_device_node_keeps_the_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o20666, os.makedev(1, 3))  # the same device as /dev/null
    write_map(tmp_path)
    done = run_cjm(["render", "--format", "dot", "-o", str(null), "ticket.cjm.yaml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert null.is_char_device()


@pytest.mark.parametrize("read", ["cjm.yaml", "personas/commuter.cjm.yaml"])
def test_output_onto_any_file_that_was_read_is_refused(tmp_path: Path, read: str) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\npersonas: [personas]\n", encoding="utf-8")
    (tmp_path / "personas").mkdir()
    persona = "cjm: 1\nkind: persona\nid: commuter\nname: Commuter\n"
    (tmp_path / "personas" / "commuter.cjm.yaml").write_text(persona, encoding="utf-8")
    write_map(tmp_path, text=MAP.replace("persona: {name: Commuter}", "persona: commuter"))
    before = (tmp_path / read).read_bytes()
    done = run_cjm(["render", "--format", "dot", "-o", read, "ticket.cjm.yaml"], tmp_path)
    assert done.returncode == 2
    assert b"is an input cjm read" in done.stderr
    assert (tmp_path / read).read_bytes() == before


def test_an_interrupted_write_leaves_no_temporary_and_stale_ones_are_removed(
        tmp_path: Path) -> None:
    stale = tmp_path / ".big.dot.cjm-999999999-abc.tmp"  # a process that cannot exist
    stale.write_bytes(b"half")
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import cjm.files as files\n"
        "real = os.fdopen\n"
        "def stopping(fd, mode):\n"
        "    stream = real(fd, mode)\n"
        "    print('writing', flush=True)\n"
        "    signal.pause()\n"
        "    return stream\n"
        "files.os.fdopen = stopping\n"
        f"files.write_atomically(Path({str(tmp_path / 'big.dot')!r}), b'x')\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == b"writing\n"
        assert not stale.exists()  # its process is gone: removed before writing
        assert [p.name for p in tmp_path.iterdir() if ".cjm-" in p.name]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_binary_formats_are_not_written_to_a_terminal(tmp_path: Path) -> None:
    import pty

    write_map(tmp_path)
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run([cjm_program(), "render", "-f", "png", "-o", "-",
                               "ticket.cjm.yaml"], cwd=tmp_path, stdout=terminal,
                              stderr=subprocess.PIPE, timeout=60, check=False)
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2
    assert b"PNG is binary and standard output is a terminal" in done.stderr


def test_a_map_with_a_long_run_of_zero_width_characters_renders(tmp_path: Path) -> None:
    from external import require_program

    require_program("neato")
    write_map(tmp_path, text=MAP.replace("Opens the app", "Opens " + "\u200b" * 20_000))
    assert run_cjm(["validate", "."], tmp_path).returncode == 0  # warnings at most
    done = run_cjm(["render", "-o", "x.svg", "ticket.cjm.yaml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.svg").read_bytes().startswith(b"<?xml")
