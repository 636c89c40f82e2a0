"""What every command shares: error handling, output streams, colour."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from cjm.problems import CjmError

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Map tool failures to the exit codes of the CLI contract, in one line each."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except CjmError as exc:
            error(exc.message)
            if exc.hint:
                sys.stderr.write(f"  {exc.hint}\n")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            error("interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _is_usage_error(exc):  # Typer reports these itself, with exit 2
                raise
            # The contract: one line, exit 3, never a traceback.
            error(f"internal error: {type(exc).__name__}: {exc} "
                  "(please report this with the file that caused it)")
            raise typer.Exit(3) from None
        raise typer.Exit(code or 0)

    return wrapper  # type: ignore[return-value]


def _is_usage_error(exc: Exception) -> bool:
    # Typer's exception classes come from click or from its own copy of click.
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


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


COLOR_OPTION = typer.Option(
    None, "--color/--no-color", help="Colour the output (default: when writing to a terminal)."
)


def write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()
