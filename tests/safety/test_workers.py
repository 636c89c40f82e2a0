"""A worker process that dies never makes a parallel check wait for ever."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from cjm.parallel import WorkerLost, _in_workers


def _dies_on_seven(item: int) -> int:
    if item == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return item * 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_a_killed_worker_ends_the_run_with_a_message() -> None:
    assert _in_workers(lambda item: item * 2, list(range(20)), 2) == [i * 2 for i in range(20)]
    with pytest.raises(WorkerLost, match="ended before it finished"):
        _in_workers(_dies_on_seven, list(range(40)), 2)
