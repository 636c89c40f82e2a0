"""Workers share a batch with this process and keep its order; a worker that dies never
makes a parallel check wait for ever, nor does a worker outlive the check."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from cjm.parallel import Plan, WorkerLost, _in_workers

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
