"""Checking many files on every core, keeping their order.

A batch of files is split between worker processes when it is big enough to pay for
them: starting a worker and sending results back costs a few milliseconds, checking
a 20 KB map about three. Small batches, and a single file, run in this process.

Workers are forked from this process, so they start with everything it has imported
and computed (the models, the workspace settings) and the function need not be
picklable; only the items and the results travel between processes. Where fork is
not safe (Windows, macOS) everything runs here.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from cjm.problems import CjmError

T = TypeVar("T")
R = TypeVar("R")

# Below both of these a batch runs in this process.
MIN_FILES = 16
MIN_BYTES = 512_000
# Items sent to a worker at a time: fewer round trips, and still an even split.
CHUNKS_PER_WORKER = 8

class WorkerLost(CjmError):
    """A worker process died (killed, out of memory): its files have no result."""


# The function the workers call; set just before they are forked.
_function: Callable[[Any], Any] | None = None


Progress = Callable[[int, int], None]  # (items done, items in all), after each result


def map_in_order(function: Callable[[T], R], items: list[T],
                 progress: Progress | None = None) -> Iterable[R]:
    """Apply `function` to every item and return the results in the order of the items.

    Items that are file paths are weighed by their size to decide whether workers pay.
    `progress`, when given, is told how many items are done as their results come in.
    """
    workers = worker_count(items)
    if workers < 2:
        results = []
        for item in items:
            results.append(function(item))
            if progress is not None:
                progress(len(results), len(items))
        return results
    return _in_workers(function, items, workers, progress)


def worker_count(items: list[Any]) -> int:
    """How many processes to use for `items`: 1 means this process alone."""
    cores = _usable_cores()
    if cores < 2 or len(items) < 2:
        return 1
    if len(items) < MIN_FILES and _total_bytes(items) < MIN_BYTES:
        return 1
    return min(cores, len(items)) if _can_fork() else 1


def _in_workers(function: Callable[[T], R], items: list[T], workers: int,
                progress: Progress | None = None) -> list[R]:
    global _function
    _function = function
    # Objects that exist now are shared with the workers; freezing keeps the collector
    # from touching (and so copying) their memory pages in every worker.
    gc.freeze()
    # Only here: they cost as much to import as checking a small map.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
        # Unlike multiprocessing.Pool, which waits for ever on a worker that was killed,
        # the executor notices a lost worker and says so.
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results: list[R] = []
            for result in pool.map(_call, items, chunksize=chunk):
                results.append(result)
                if progress is not None:
                    progress(len(results), len(items))
            return results
    except BrokenProcessPool:
        raise WorkerLost("a worker process checking the files ended before it finished "
                         "(killed, or out of memory); nothing was reported",
                         hint="run cjm again; with many large files, check fewer at once"
                         ) from None
    finally:
        gc.unfreeze()
        _function = None


def _call(item: Any) -> Any:
    assert _function is not None
    return _function(item)


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _total_bytes(items: list[Any]) -> int:
    total = 0
    for item in items:
        if isinstance(item, str | os.PathLike):
            try:
                total += os.stat(item).st_size
            except OSError:
                continue
    return total
