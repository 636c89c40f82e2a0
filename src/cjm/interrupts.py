"""Ctrl-C and SIGTERM: how cjm stops when it is asked to.

Both arrive as the exception `Stopped`, so every `finally` on the way out runs: a write
under way removes its temporary, a parallel check kills its worker processes. It is a
BaseException, not an Exception, so `except Exception` lets it through; and not a
KeyboardInterrupt, which the command-line framework would turn into a silent exit.
The command line says what happened in one line and exits 130 (interrupted) or 143
(terminated), 128 plus the signal's number, as shells report a process a signal ended.

The command line installs the handlers first thing (`install`); a second signal while
cjm is already stopping is ignored, so it cannot cut the clean-up short. The library
alone changes no handler, except for the length of a write (`terminate_raises`).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

STOPPING = (signal.SIGINT, signal.SIGTERM)
"""The signals that stop cjm: workers are forked with them blocked, and ignore them."""


class Stopped(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM (`kill`, a CI runner, a service manager) arrived."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def exit_code_and_word(exc: BaseException) -> tuple[int, str]:
    """The exit code and the word for a stop (a Stopped, or a KeyboardInterrupt that came
    before the handlers): (130, "interrupted") or (143, "terminated")."""
    if isinstance(exc, Stopped) and exc.signum == signal.SIGTERM:
        return 128 + signal.SIGTERM, "terminated"
    return 128 + signal.SIGINT, "interrupted"


def stop_within(exc: BaseException) -> Stopped | None:
    """The Stopped that caused exc, if one did.

    Python wraps an exception raised in some places in one of its own: a signal that
    lands while a class is being created (an import) comes out as "RuntimeError: Error
    calling __set_name__", its Stopped as the cause. That is still a stop, not a bug.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, Stopped):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


_stopped_by = 0  # the signal that stopped this process, once one has


def install() -> None:
    """Turn SIGINT and SIGTERM into exceptions for the rest of this process (the CLI)."""
    global _report_unraisable
    for number in STOPPING:
        signal.signal(number, _stopping)
    if sys.unraisablehook is not _unraisable:
        _report_unraisable = sys.unraisablehook
        sys.unraisablehook = _unraisable


def _stopping(signum: int, frame: FrameType | None) -> None:
    global _stopped_by
    del frame
    for number in STOPPING:  # once stopping, the clean-up is not to be interrupted
        signal.signal(number, signal.SIG_IGN)
    _stopped_by = signum
    raise Stopped(signum)


_report_unraisable = sys.unraisablehook


def _unraisable(unraisable: Any) -> None:
    """Python drops an exception raised where none can go (a `__del__`, a callback from
    C): a Stopped that lands there would be lost, and cjm would run on. It is raised
    again a moment later, wherever the program is then."""
    if isinstance(unraisable.exc_value, Stopped) and hasattr(signal, "setitimer"):
        try:
            signal.signal(signal.SIGALRM, _stopping_again)
        except ValueError:  # not the main thread
            return
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        return
    _report_unraisable(unraisable)


def _stopping_again(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    raise Stopped(_stopped_by)


@contextlib.contextmanager
def terminate_raises() -> Iterator[None]:
    """Inside, SIGTERM ends the process as it would have, but through every `finally`
    (exit 143), if nothing else handles it (a library caller).

    Outside the main thread signals are not this code's to handle, and nothing changes.
    """
    try:
        previous = signal.getsignal(signal.SIGTERM)
        if previous == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread
        previous = None
    try:
        yield
    finally:
        if previous == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame: FrameType | None) -> None:
    del frame
    raise SystemExit(128 + signum)


def ignore_in_worker() -> None:
    """In a worker process forked with STOPPING blocked: ignore them, then unblock.

    The parent decides when its workers end (it kills them when it is stopped); a
    Ctrl-C that reaches the whole process group must not print a traceback in each.
    """
    for number in STOPPING:
        signal.signal(number, signal.SIG_IGN)  # also drops one that came while blocked
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


@contextlib.contextmanager
def blocked() -> Iterator[None]:
    """STOPPING is held back inside (a signal that comes is delivered on leaving)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
