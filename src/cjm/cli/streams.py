"""Output streams and the exit code of a failure: what every command shares, without typer.

Kept apart from `common` so that the quick path of `cjm validate` (see `cjm.cli.quick`)
reports exactly as the Typer commands do without importing Typer.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from cjm.problems import CjmError


def error(message: str) -> None:
    sys.stderr.write(f"cjm: {message}\n")


def use_color(choice: bool | None, stream: Any = None) -> bool:
    """Colour when asked, else when writing to a terminal and NO_COLOR is not set."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


def write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def report_failure(exc: BaseException) -> int:
    """Say in one line what went wrong and return the exit code of the CLI contract."""
    if isinstance(exc, CjmError):
        error(exc.message)
        if exc.hint:
            sys.stderr.write(f"  {exc.hint}\n")
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        error("interrupted")
        return 130
    # The contract: one line, exit 3, never a traceback.
    error(f"internal error: {type(exc).__name__}: {exc} "
          "(please report this with the file that caused it)")
    return 3
