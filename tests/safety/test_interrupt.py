"""Ctrl-C and SIGTERM, sent for real: exit 130 / 143, one line, nothing left behind.

The signals go to the installed `cjm` (the virtualenv's entry point) and to
`python -m cjm`, to the process alone (`kill`) and to its whole process group (a
terminal's Ctrl-C, a CI runner cancelling a job), on a batch big enough to be checked in
worker processes and on a single map being drawn. The delay is counted from the moment
cjm's handlers exist (the process catches SIGTERM, as /proc shows); the milliseconds
before, while Python and pip's generated script start, are Python's own (docs/safety.md).
A run that ended before its signal is tried again with a shorter delay; the assertions
are never retried.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from safety_cli import MAP, cjm_program, write_map

from cjm import interrupts
from cjm.cli.streams import report_failure
from external import require_program

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc; workers fork on Linux only")

WORDS = {signal.SIGINT: b"cjm: interrupted\n", signal.SIGTERM: b"cjm: terminated\n"}
PROGRAMS = {"installed cjm": lambda: [cjm_program()],
            "python -m cjm": lambda: [sys.executable, "-m", "cjm"]}


def _status(pid: int) -> tuple[int, int, int] | None:
    """(parent pid, process group, caught-signal mask) of a running process, from /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] == "Z":  # a zombie: ended, only not yet waited for
        return None
    caught = next(int(line.split()[1], 16) for line in status.splitlines()
                  if line.startswith("SigCgt:"))
    return int(fields[1]), int(fields[2]), caught


def _processes() -> dict[int, tuple[int, int, int]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (status := _status(int(entry))) is not None:
            found[int(entry)] = status
    return found


def _handlers_installed(pid: int) -> bool:
    status = _status(pid)
    return status is not None and bool(status[2] & (1 << (signal.SIGTERM - 1)))


def _workers_of(pid: int) -> list[int]:
    return [child for child, (parent, _, _) in _processes().items() if parent == pid]


def _in_group(group: int) -> list[int]:
    return [pid for pid, (_, pgid, _) in _processes().items() if pgid == group]


@dataclass
class Stopped:
    code: int
    stderr: bytes
    left_running: list[int]


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.005)
    return False


# The last line of a batch that was checked to its end.
FINISHED_BATCH = re.compile(rb"^\d+ files? checked", re.M)


def _stop_once(command: list[str], cwd: Path, signum: int, *, group: bool, after: float,
               workers: bool, twice: bool) -> Stopped | None:
    """Run command, signal it `after` seconds into cjm (into its workers, with workers);
    None when it ended before the signal could be sent."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        if not _wait_for(lambda: _handlers_installed(process.pid), process):
            process.communicate(timeout=60)
            return None
        if workers and not _wait_for(lambda: bool(_workers_of(process.pid)), process):
            process.communicate(timeout=60)
            return None
        time.sleep(after)
        if process.poll() is not None:
            process.communicate(timeout=60)
            return None
        for _ in range(2 if twice else 1):
            if group:
                os.killpg(process.pid, signum)
            else:
                os.kill(process.pid, signum)
            time.sleep(0.01)
        try:
            stdout, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # a worker that ran on keeps stderr open
            stdout, stderr = b"", b"(cjm or a worker of it kept running)"
        time.sleep(0.05)  # a worker the kernel is still tearing down
        if stderr.startswith(b"wrote ") or FINISHED_BATCH.search(stdout):
            # The signal came after the work was done, as cjm was exiting (killed by it,
            # or stopped by its handler once the drawing or the summary was written).
            return None
        return Stopped(process.returncode, stderr, _in_group(process.pid))
    finally:
        for pid in _in_group(process.pid):
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()


def _stop(command: list[str], cwd: Path, signum: int, *, group: bool, after: float,
          workers: bool = False, twice: bool = False,
          output: Path | None = None) -> Stopped:
    """_stop_once, the delay halved until cjm is still running when its signal comes
    (the output of a run that ended first is removed, so it is not taken for the
    stopped run's)."""
    for _ in range(4):
        if output is not None:
            output.unlink(missing_ok=True)
        stopped = _stop_once(command, cwd, signum, group=group, after=after,
                             workers=workers, twice=twice)
        if stopped is not None:
            return stopped
        after /= 2
    pytest.fail(f"{command} ended every time before it could be signalled")


def _temporaries(folder: Path) -> list[str]:
    return [str(path) for path in folder.rglob("*") if ".cjm-" in path.name]


def _assert_stopped_cleanly(stopped: Stopped, signum: int, folder: Path) -> None:
    assert stopped.code == 128 + signum, stopped
    assert stopped.stderr == WORDS[signum]
    assert stopped.left_running == []
    assert _temporaries(folder) == []


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Maps enough for workers, and slow enough to be stopped while they work."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: cjm checks every file in its own process")
    folder = tmp_path_factory.mktemp("batch")
    example = (Path(__file__).parents[2] / "examples" / "maps"
               / "first-online-purchase.cjm.yaml").read_text(encoding="utf-8")
    for index in range(240):
        write_map(folder, f"m{index:03}.cjm.yaml", example)
    return folder


BATCH_CASES = [
    ("installed cjm", signal.SIGINT, True, 0.0, False),
    ("installed cjm", signal.SIGINT, True, 0.2, True),
    ("installed cjm", signal.SIGTERM, False, 0.05, False),
    ("installed cjm", signal.SIGTERM, True, 0.3, False),
    ("python -m cjm", signal.SIGINT, False, 0.1, False),
    ("python -m cjm", signal.SIGTERM, True, 0.0, False),
]


@pytest.mark.parametrize(("program", "signum", "group", "after", "twice"), BATCH_CASES)
def test_a_parallel_batch_stops_with_its_workers(batch: Path, program: str, signum: int,
                                                  group: bool, after: float,
                                                  twice: bool) -> None:
    stopped = _stop([*PROGRAMS[program](), "validate", "."], batch, signum, group=group,
                    after=after, workers=True, twice=twice)
    _assert_stopped_cleanly(stopped, signum, batch)


@pytest.fixture(scope="module")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One map that takes a while to draw: many steps over many stages."""
    require_program("neato")
    folder = tmp_path_factory.mktemp("single")
    stages = "".join(
        f"  - name: Stage {stage}\n    steps:\n" + "".join(
            f"      - {{name: Step {stage}-{step} of a long way, emotion: {step % 5 - 2}}}\n"
            for step in range(12))
        for stage in range(12))
    text = MAP.split("stages:\n", 1)[0] + "stages:\n" + stages
    write_map(folder, "big.cjm.yaml", text)
    return folder


SINGLE_CASES = [
    ("installed cjm", signal.SIGINT, False, 0.0),
    ("installed cjm", signal.SIGTERM, True, 0.05),
    ("installed cjm", signal.SIGTERM, False, 0.5),
    ("python -m cjm", signal.SIGINT, True, 0.3),
    ("python -m cjm", signal.SIGTERM, False, 0.1),
]


@pytest.mark.parametrize(("program", "signum", "group", "after"), SINGLE_CASES)
def test_drawing_one_map_stops_and_writes_nothing(big_map: Path, program: str, signum: int,
                                                  group: bool, after: float) -> None:
    output = big_map / f"out-{program[0]}-{signum}-{after}.svg"
    stopped = _stop([*PROGRAMS[program](), "render", "-o", output.name, "big.cjm.yaml"],
                    big_map, signum, group=group, after=after, output=output)
    _assert_stopped_cleanly(stopped, signum, big_map)
    assert not output.exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_write_under_way_removes_its_temporary(tmp_path: Path, signum: int) -> None:
    """The signal comes while cjm writes the output (held there until it does)."""
    write_map(tmp_path)
    code = (
        "import os, signal, sys\n"
        "import cjm.files as files\n"
        "real = os.fdopen\n"
        "def held(fd, mode):\n"
        "    stream = real(fd, mode)\n"
        "    print('writing', flush=True)\n"
        "    signal.pause()\n"
        "    return stream\n"
        "files.os.fdopen = held\n"
        "from cjm.cli import main\n"
        "main(['render', '-f', 'dot', '-o', 'out.dot', 'ticket.cjm.yaml'])\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == b"writing\n"
        assert _temporaries(tmp_path)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum
    assert stderr == WORDS[signum]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ticket.cjm.yaml"]


def test_a_stop_python_would_drop_still_stops_cjm() -> None:
    """A signal whose exception lands where Python cannot raise it (a `__del__`) is
    raised again a moment later, instead of being lost."""
    code = (
        "import os, signal, sys, time\n"
        "from cjm.cli import main\n"
        "from cjm import interrupts\n"
        "class Dropped:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        for _ in range(10000): pass\n"
        "interrupts.install()\n"
        "try:\n"
        "    Dropped()\n"
        "    time.sleep(30)\n"
        "except interrupts.Stopped as exc:\n"
        "    sys.exit(interrupts.exit_code_and_word(exc)[0])\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == 143
    assert done.stderr == b""
    assert time.monotonic() - started < 20


def _stopped_while_a_class_is_made(signum: int) -> BaseException:
    """What a signal that lands during an import's class creation leaves: Python 3.11
    wraps an exception from `__set_name__` in a RuntimeError of its own."""

    class Descriptor:
        def __set_name__(self, owner: type, name: str) -> None:
            raise interrupts.Stopped(signum)

    try:
        type("Options", (), {"marks": Descriptor()})
    except BaseException as exc:
        return exc
    pytest.fail("the class was made")


@pytest.mark.parametrize(("signum", "code", "word"),
                         [(signal.SIGINT, 130, "interrupted"),
                          (signal.SIGTERM, 143, "terminated")])
def test_a_stop_that_python_wrapped_is_still_a_stop(
        signum: int, code: int, word: str, capsys: pytest.CaptureFixture[str]) -> None:
    wrapped = _stopped_while_a_class_is_made(signum)
    assert interrupts.stop_within(wrapped) is not None
    assert report_failure(wrapped) == code
    assert capsys.readouterr().err == f"cjm: {word}\n"


def test_a_bug_is_not_taken_for_a_stop(capsys: pytest.CaptureFixture[str]) -> None:
    bug = RuntimeError("a bug")
    bug.__context__ = ValueError("before it")
    assert interrupts.stop_within(bug) is None
    assert report_failure(bug) == 3
    assert "internal error: RuntimeError: a bug" in capsys.readouterr().err
