"""Progress bars on standard error, for a person at a terminal and nobody else.

A bar is drawn only when standard error is a terminal (never in a CI log, a pipe or a
file, which keep only the summary), and only once a batch has run for `delay` seconds,
so that a quick run shows nothing and does not load rich (start-up time).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cjm.parallel import Progress

# How long `cjm validate` runs before it shows its bar, unless the environment
# variable PROGRESS_DELAY_VARIABLE gives another number of seconds (docs/cli.md).
VALIDATE_DELAY = 0.5
PROGRESS_DELAY_VARIABLE = "CJM_PROGRESS_DELAY"


def validate_delay() -> float:
    """The seconds `cjm validate` runs before its bar: CJM_PROGRESS_DELAY when it is a
    number of seconds (0 or more), else VALIDATE_DELAY."""
    value = os.environ.get(PROGRESS_DELAY_VARIABLE, "")
    try:
        seconds = float(value)
    except ValueError:
        return VALIDATE_DELAY
    return seconds if 0 <= seconds < float("inf") else VALIDATE_DELAY


def on_a_terminal() -> bool:
    """Whether a person watches standard error (TERM=dumb cannot redraw a line)."""
    stream = sys.stderr
    return (stream is not None and bool(getattr(stream, "isatty", lambda: False)())
            and os.environ.get("TERM") != "dumb")


@contextmanager
def progress_bar(label: str, *, delay: float = 0.0,
                 shown: bool = True) -> Iterator[Progress | None]:
    """A function to call with (done, total) after each item, drawing `label`'s bar;
    None when no bar can be shown. The bar is cleared when the block ends."""
    if not (shown and on_a_terminal()):
        yield None
        return
    started = time.monotonic()
    with ExitStack() as stack:
        bar: Any = None
        task: Any = None

        def update(done: int, total: int) -> None:
            nonlocal bar, task
            if bar is None:
                if done >= total or time.monotonic() - started < delay:
                    return
                bar = stack.enter_context(_bar(label))
                task = bar.add_task(label, total=total)
            bar.update(task, completed=done, total=total)

        yield update


def _bar(label: str) -> Any:
    # Imported here, not at the top: rich only when a bar is drawn (start-up time).
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(label, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)
