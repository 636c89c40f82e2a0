"""What every command shares: error handling, output streams, colour."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

# error, use_color and write live in cjm.cli.streams (no typer there); commands import them here.
from cjm.cli.streams import error, report_failure, use_color, write

__all__ = ["COLOR_OPTION", "error", "handles_errors", "use_color", "write"]

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Map tool failures to the exit codes of the CLI contract, in one line each."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt as exc:
            raise typer.Exit(report_failure(exc)) from None
        except Exception as exc:
            if _is_usage_error(exc):  # Typer reports these itself, with exit 2
                raise
            raise typer.Exit(report_failure(exc)) from None
        raise typer.Exit(code or 0)

    return wrapper  # type: ignore[return-value]


def _is_usage_error(exc: Exception) -> bool:
    # Typer's exception classes come from click or from its own copy of click.
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


COLOR_OPTION = typer.Option(
    None, "--color/--no-color", help="Colour the output (default: when writing to a terminal)."
)
