"""Checking many files on every core, keeping their order.

This process checks the first files itself and times them; only when the rest of the
batch is long enough to pay for another process are workers started, as many as the
measured work pays for and the cores allow, while this process goes on checking. Every
process then takes the next run of files from one shared queue, so a large file does not
leave one core idle, and the results come back in the order of the files.

Workers are forked once the first file has been checked, so they start with everything
this process has imported and built (the models, the workspace settings, the rules) and
the function need not be picklable; only the results travel back, once, through a pipe.
Where fork is not safe (Windows, macOS) everything runs here.

Workers are forked with Ctrl-C and SIGTERM blocked and ignore both from their first
instruction: a Ctrl-C reaches the whole process group, and it is this process that
decides. Stopped, it kills its workers and waits for them, so none outlives it;
killed outright (SIGKILL, which no handler sees), the kernel ends them with the death
signal each worker asks for (prctl), or a worker without it sees its parent gone.

While the files are checked the garbage collector is paused: the objects that exist by
then are frozen out of its sight, and it runs once every few files instead of every few
hundred allocations, which it would spend scanning the growing results.
"""

from __future__ import annotations

import gc
import os
import select
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from cjm import interrupts
from cjm.problems import CjmError

T = TypeVar("T")
R = TypeVar("R")

# What another process costs, measured on Linux with cjm's models built (about 60 MB):
# the fork, the pages it copies as it runs, and sending its results back.
WORKER_COST = 0.008  # seconds
# A worker pays for itself when it has at least this many times its cost to do.
WORKER_PAYS = 4
# A run of files taken from the queue at a time: long enough that taking it costs
# nothing, short enough that the processes finish together.
CHUNK_SECONDS = 0.015
CHUNKS_PER_PROCESS = 4
# Items timed (after the first) to measure what an item costs.
SAMPLED = 3
# A file counts as this many bytes more than its size (opening it, its model, its rules).
FILE_OVERHEAD_BYTES = 2_000
# The collector runs once every this many files while it is paused.
COLLECT_EVERY = 64
# Chunk numbers are written to the queue before any worker starts: at most one pipe-full.
_MAX_CHUNKS = 4_096
_CHUNK = struct.Struct("=I")
# Items checked since the paused collector last ran.
_uncollected = 0


Progress = Callable[[int, int], None]  # (items done, items in all), after each result


class WorkerLost(CjmError):
    """A worker process died (killed, out of memory): its files have no result."""


def map_in_order(function: Callable[[T], R], items: list[T],
                 progress: Progress | None = None) -> list[R]:
    """Apply `function` to every item and return the results in the order of the items.

    Items that are file paths are weighed by their size to predict the rest of the work.
    `progress`, when given, is told how many items are done as their results come in.
    """
    if not items:
        return []
    tell = _Counter(progress, len(items))
    with _collector_paused():
        # The first item builds what every item needs (the models, on first use), so it
        # is no measure of an item's cost; the next few are (the least of them: the
        # first checks still import and warm up what only some files need).
        results = _each(function, items[:1], tell)
        if len(items) < 2 + SAMPLED or _usable_cores() < 2 or not _can_fork():
            return results + _each(function, items[1:], tell)
        gc.freeze()  # what the first item built, shared with the workers, stays unscanned
        seconds_per_byte = float("inf")
        for item in items[1:1 + SAMPLED]:
            started = time.perf_counter()
            results += _each(function, [item], tell)
            seconds_per_byte = min(seconds_per_byte,
                                   (time.perf_counter() - started) / _weight(item))
        rest = items[1 + SAMPLED:]
        plan = plan_work([_weight(item) for item in rest], seconds_per_byte, _usable_cores())
        if plan.workers == 0:
            return results + _each(function, rest, tell)
        return results + _in_workers(function, rest, plan, tell)


@dataclass
class _Counter:
    """Items done so far, told to `progress` (items done here and in the workers)."""

    progress: Progress | None
    total: int
    done: int = 0

    def add(self, count: int) -> None:
        self.done += count
        if count and self.progress is not None:
            self.progress(self.done, self.total)


@dataclass(frozen=True)
class Plan:
    """How to check a batch: extra worker processes, and the runs of items they take."""

    workers: int
    chunks: list[range]


def plan_work(weights: list[int], seconds_per_byte: float, cores: int) -> Plan:
    """The worker count and the split of items of these weights, from the measured cost
    of a byte: a worker is started only for work worth several times its start."""
    predicted = sum(weights) * seconds_per_byte
    workers = max(0, min(cores - 1, len(weights) - 1,
                         int(predicted / (WORKER_COST * WORKER_PAYS)) - 1))
    if workers == 0:
        return Plan(0, [range(len(weights))])
    processes = workers + 1
    # Small enough runs that every process gets several, large enough to be worth taking.
    target = min(predicted / (processes * CHUNKS_PER_PROCESS), CHUNK_SECONDS)
    target = max(target, predicted / _MAX_CHUNKS)
    chunks: list[range] = []
    start, weight = 0, 0
    for index, item_weight in enumerate(weights):
        weight += item_weight
        if weight * seconds_per_byte >= target:
            chunks.append(range(start, index + 1))
            start, weight = index + 1, 0
    if start < len(weights):
        chunks.append(range(start, len(weights)))
    return Plan(workers, chunks)


def _in_workers(function: Callable[[T], R], items: list[T], plan: Plan,
                tell: _Counter | None = None) -> list[R]:
    """Check the chunks of `plan` here and in `plan.workers` forked processes."""
    tell = tell or _Counter(None, len(items))
    queue_out, queue_in = os.pipe()
    os.write(queue_in, b"".join(_CHUNK.pack(number) for number in range(len(plan.chunks))))
    os.close(queue_in)  # an empty queue then reads as its end
    # Each worker says how many items it finished after each chunk: the progress.
    counts_out, counts_in = os.pipe()
    os.set_blocking(counts_out, False)
    done: dict[int, list[R]] = {}
    children: dict[int, int] = {}  # the pipe its results come through → pid
    import pickle  # noqa: F401  # for the workers' results, once, not in every worker

    end_with_parent = _death_signal()
    parent = os.getpid()
    try:
        with interrupts.blocked():  # delivered once every worker is there to be killed
            for _ in range(plan.workers):
                results_out, results_in = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker
                    os.close(results_out)
                    _end_with(parent, end_with_parent)
                    _work(function, items, plan.chunks, queue_out, results_in, counts_in)
                os.close(results_in)
                children[results_out] = pid
        os.close(counts_in)
        counts_in = -1
        for number, results in _take_chunks(function, items, plan.chunks, queue_out,
                                            lambda: tell.add(1 + (_counts(counts_out) or 0))):
            done[number] = results
        lost = _gather(children, counts_out, tell, done)
        if lost or len(done) != len(plan.chunks):
            raise WorkerLost("a worker process checking the files ended before it finished "
                             "(killed, or out of memory); nothing was reported",
                             hint="run cjm again; with many large files, check fewer at once")
    finally:
        for descriptor in (queue_out, counts_out, counts_in):
            if descriptor >= 0:
                os.close(descriptor)
        with interrupts.blocked():  # interrupted: the workers go too, every one of them
            for results_out, pid in children.items():
                os.close(results_out)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return [result for number in range(len(plan.chunks)) for result in done[number]]


def _death_signal() -> Callable[[], bool] | None:
    """Linux's prctl(PR_SET_PDEATHSIG, SIGKILL) for a worker to call: the kernel kills
    the worker when this process dies, even by SIGKILL, which no handler sees. None
    where the C library has no prctl (the worker then watches its parent itself)."""
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                      ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


# From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
# How often a worker without prctl checks that its parent is still there.
PARENT_WATCH_SECONDS = 0.2


def _end_with(parent: int, death_signal: Callable[[], bool] | None) -> None:
    """In a worker: end when PARENT, the process that forked it, ends, however it ends.

    With the death signal the kernel does it; without, a thread checks every
    PARENT_WATCH_SECONDS whether the worker's parent is still PARENT (an orphan is
    adopted by another process). Either way a parent that died before the signal
    was set is seen at once."""
    if death_signal is None or not death_signal():
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(PARENT_WATCH_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, name="cjm-parent-watch", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _gather(children: dict[int, int], counts: int, tell: _Counter,
            done: dict[int, Any]) -> bool:
    """Read every worker's results (and its progress) until it ends; True when one
    ended without sending them."""
    import pickle  # imported before the workers were forked (see _in_workers)

    parts: dict[int, list[bytes]] = {descriptor: [] for descriptor in children}
    lost = False
    counting = True
    while children:
        readable, _, _ = select.select([*children, *([counts] if counting else [])], [], [])
        if counts in readable:
            told = _counts(counts)
            counting = told is not None  # None: every worker has said all it will
            tell.add(told or 0)
        for descriptor in readable:
            if descriptor == counts:
                continue
            part = os.read(descriptor, 1 << 20)
            if part:
                parts[descriptor].append(part)
                continue
            os.close(descriptor)
            _, status = os.waitpid(children.pop(descriptor), 0)
            data = b"".join(parts.pop(descriptor))
            if status != 0 or not data:
                lost = True
            else:
                done.update(pickle.loads(data))
    return lost


def _counts(descriptor: int) -> int | None:
    """The items the workers finished since last asked (the pipe never blocks); None
    once no worker can write to it."""
    try:
        data = os.read(descriptor, 4096)
    except BlockingIOError:
        return 0
    if not data:
        return None
    return sum(int(_CHUNK.unpack_from(data, offset)[0]) for offset in range(0, len(data), 4))


def _work(function: Callable[[T], R], items: list[T], chunks: list[range], queue: int,
          results: int, counts: int) -> None:
    """A worker's life: take chunks until the queue is empty, send back what they gave."""
    import pickle  # imported before the fork (see _in_workers)

    code = 1
    try:
        interrupts.ignore_in_worker()  # Ctrl-C, SIGTERM: the parent says so, once
        finished: dict[int, list[R]] = {}
        for number, chunk_results in _take_chunks(function, items, chunks, queue):
            finished[number] = chunk_results
            os.write(counts, _CHUNK.pack(len(chunk_results)))  # a few bytes: never split
        os.close(counts)
        view = memoryview(pickle.dumps(finished, pickle.HIGHEST_PROTOCOL))
        while view:
            view = view[os.write(results, view):]
        code = 0
    finally:
        os._exit(code)  # never the parent's clean-up, buffers or atexit handlers


def _take_chunks(function: Callable[[T], R], items: list[T], chunks: list[range],
                 queue: int, between: Callable[[], None] | None = None,
                 ) -> Iterator[tuple[int, list[R]]]:
    # A read of a few bytes from a pipe is whole on Linux: every process gets its own.
    while len(taken := os.read(queue, _CHUNK.size)) == _CHUNK.size:
        (number,) = _CHUNK.unpack(taken)
        yield number, _each(function, [items[index] for index in chunks[number]],
                            between=between)


def _each(function: Callable[[T], R], items: list[T], tell: _Counter | None = None,
          between: Callable[[], None] | None = None) -> list[R]:
    global _uncollected
    results = []
    for item in items:
        results.append(function(item))
        if tell is not None:
            tell.add(1)
        if between is not None:
            between()
        _uncollected += 1
        if _uncollected >= COLLECT_EVERY and not gc.isenabled():
            gc.collect()
            _uncollected = 0
    return results


def _read_all(descriptor: int) -> bytes:
    parts = []
    while part := os.read(descriptor, 1 << 20):
        parts.append(part)
    return b"".join(parts)


@contextmanager
def _collector_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _weight(item: Any) -> int:
    if isinstance(item, str | os.PathLike):
        try:
            return os.stat(item).st_size + FILE_OVERHEAD_BYTES
        except OSError:
            pass
    return FILE_OVERHEAD_BYTES


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")

