"""Workers share a batch with this process and keep its order; a worker that dies never
makes a parallel check wait for ever, nor does a worker outlive the check."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjm.parallel import Plan, WorkerLost, _in_workers
from external import require_program

PARENT = os.getpid()
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="workers fork on Linux only")


def _slow_double(item: int) -> tuple[int, int]:
    time.sleep(0.003)  # long enough that the workers are up before the queue is empty
    return item * 2, os.getpid()


def _dies_in_a_worker(item: int) -> tuple[int, int]:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return _slow_double(item)


def _plan(items: int, workers: int) -> Plan:
    return Plan(workers, [range(start, min(start + 3, items)) for start in range(0, items, 3)])


def test_workers_and_this_process_share_the_items_in_order() -> None:
    results = _in_workers(_slow_double, list(range(100)), _plan(100, 2))
    assert [value for value, _ in results] == [item * 2 for item in range(100)]
    assert len({pid for _, pid in results}) == 3
    with pytest.raises(ChildProcessError):  # every worker was waited for
        os.waitpid(-1, os.WNOHANG)


def test_a_killed_worker_ends_the_run_with_a_message() -> None:
    with pytest.raises(WorkerLost, match="ended before it finished"):
        _in_workers(_dies_in_a_worker, list(range(100)), _plan(100, 2))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


ROOT = Path(__file__).parent.parent.parent


def _children(pid: int) -> set[int]:
    """The processes whose parent is PID, read from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    fields = stat.read().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _running(pid: int) -> bool:
    """Whether PID exists and is not a zombie (ended, waiting for a parent to reap it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    return {pid for pid in pids if _running(pid)}


def test_workers_end_when_cjm_is_killed(tmp_path: Path) -> None:
    """SIGKILL reaches no handler: the kernel's death signal ends the workers."""
    example = (ROOT / "examples" / "maps" / "saas-trial-to-renewal.cjm.yaml").read_text(
        "utf-8").replace("\npersona: ops-manager\n", "\npersona: {name: Ops manager}\n")
    for number in range(3000):  # seconds of work: workers are started for it
        (tmp_path / f"map-{number:04}.cjm.yaml").write_text(example, "utf-8")
    cjm = subprocess.Popen([require_program("cjm"), "validate", "--today", "2026-11-24", "."],
                           cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while not workers and cjm.poll() is None and time.monotonic() < deadline:
            workers = _children(cjm.pid)
            time.sleep(0.01)
        assert workers, "cjm started no workers for 3,000 files"
        cjm.kill()
        cjm.wait(timeout=10)
        assert _gone_within(workers, 5) == set()
    finally:
        if cjm.poll() is None:
            cjm.kill()
            cjm.wait()


ORPHANED_WITHOUT_PRCTL = """
import os, signal, sys, time
from cjm.parallel import _end_with
parent = os.getpid()
worker = os.fork()
if worker == 0:
    _end_with(parent, None)  # no death signal: the worker watches its parent
    time.sleep(60)
    os._exit(0)
print(worker, flush=True)
time.sleep(60)
"""


def test_without_prctl_a_worker_ends_when_its_parent_is_killed() -> None:
    with subprocess.Popen([sys.executable, "-c", ORPHANED_WITHOUT_PRCTL],
                          stdout=subprocess.PIPE, text=True) as parent:
        try:
            assert parent.stdout is not None
            worker = int(parent.stdout.readline())
            assert _running(worker)
            parent.kill()
            parent.wait(timeout=10)
            assert _gone_within({worker}, 5) == set()
        finally:
            if parent.poll() is None:
                parent.kill()
