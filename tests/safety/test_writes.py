"""`cjm review` and `cjm convert` write as every command does (cjm.files.write_output):
devices and FIFOs written through, regular files replaced atomically, the surroundings'
refusals a sentence with exit 2."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from safety_cli import give_to_nobody, run_cjm, run_unprivileged, shared_folder, write_map

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def _no_traceback(done: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr


def test_review_of_a_map_in_a_read_only_folder_is_exit_2_with_a_sentence() -> None:
    with shared_folder() as folder:
        (folder / "locked").mkdir()
        path = write_map(folder / "locked")
        write_map(folder, "free.cjm.yaml")
        give_to_nobody(folder / "free.cjm.yaml")
        before = path.read_bytes()
        (folder / "locked").chmod(0o555)
        done = run_unprivileged(["review", "locked/ticket.cjm.yaml", "free.cjm.yaml",
                                 "--by", "Ana"], folder, folder)
        assert done.returncode == 2, done.stderr
        _no_traceback(done)
        # The map is not this user's to write (nor is the folder): it is left alone.
        assert done.stderr == (b"cjm: not signed off: locked/ticket.cjm.yaml: the file is "
                               b"read-only; make it writable to sign it off\n")
        assert path.read_bytes() == before
        assert os.listdir(folder / "locked") == ["ticket.cjm.yaml"]
        # The other map is still signed off.
        assert b"free.cjm.yaml: signed off by Ana" in done.stdout
        assert b"review:" in (folder / "free.cjm.yaml").read_bytes()


def test_review_replaces_the_map_atomically_and_removes_stale_temporaries(
        tmp_path: Path) -> None:
    path = write_map(tmp_path)
    path.chmod(0o640)
    stale = tmp_path / ".ticket.cjm.yaml.cjm-999999999-abc.tmp"  # a process that is gone
    stale.write_bytes(b"half")
    done = run_cjm(["review", "ticket.cjm.yaml", "--by", "Ana"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"review:\n  date:" in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["ticket.cjm.yaml"]


def test_review_of_a_fifo_says_what_it_is(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.cjm.yaml")
    done = run_cjm(["review", "pipe.cjm.yaml", "--by", "Ana"], tmp_path, timeout=30)
    assert done.returncode == 2  # no map file to read, as validate says
    assert b"pipe.cjm.yaml: is a named pipe (FIFO)" in done.stderr
    assert (tmp_path / "pipe.cjm.yaml").is_fifo()


def test_convert_onto_a_fifo_writes_through_it(tmp_path: Path) -> None:
    write_map(tmp_path)
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    for force in ([], ["--force"]):
        with subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE) as reader:
            try:
                done = run_cjm(["convert", "ticket.cjm.yaml", "-o", str(fifo), *force],
                               tmp_path)
                written, _ = reader.communicate(timeout=30)
            finally:
                reader.kill()  # a FIFO no one wrote to would keep cat waiting
        assert done.returncode == 0, done.stderr
        assert written.startswith(b'{\n  "cjm": 1')
        assert fifo.is_fifo()
    assert sorted(os.listdir(tmp_path)) == ["out.json", "ticket.cjm.yaml"]


def test_convert_onto_dev_null_keeps_the_device(tmp_path: Path) -> None:
    write_map(tmp_path)
    for force in ([], ["--force"]):
        done = run_cjm(["convert", "ticket.cjm.yaml", "--to", "json", "-o", os.devnull,
                        *force], tmp_path)
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may make a device node")
def test_convert_force_onto_a_device_node_keeps_the_device(tmp_path: Path) -> None:
    null = tmp_path / "null.json"
    os.mknod(null, 0o20666, os.makedev(1, 3))  # the same device as /dev/null
    write_map(tmp_path)
    done = run_cjm(["convert", "ticket.cjm.yaml", "-o", str(null), "--force"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert null.is_char_device()
    assert sorted(os.listdir(tmp_path)) == ["null.json", "ticket.cjm.yaml"]


def test_convert_force_cannot_replace_the_workspace_file(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\n", encoding="utf-8")
    before = (tmp_path / "cjm.yaml").read_bytes()
    write_map(tmp_path)
    done = run_cjm(["convert", "ticket.cjm.yaml", "--to", "yaml", "-o", "cjm.yaml",
                    "--force"], tmp_path)
    assert done.returncode == 2, done.stderr
    _no_traceback(done)
    assert b"is an input cjm read" in done.stderr
    assert (tmp_path / "cjm.yaml").read_bytes() == before


def test_convert_into_a_read_only_folder_is_exit_2_with_a_sentence() -> None:
    with shared_folder() as folder:
        write_map(folder)
        give_to_nobody(folder / "ticket.cjm.yaml")
        (folder / "locked").mkdir()
        (folder / "locked").chmod(0o555)
        done = run_unprivileged(["convert", "ticket.cjm.yaml", "-o", "locked/t.json"],
                                folder, folder)
        assert done.returncode == 2, done.stderr
        _no_traceback(done)
        assert done.stderr == b"cjm: locked/t.json: Permission denied\n"
        assert os.listdir(folder / "locked") == []
