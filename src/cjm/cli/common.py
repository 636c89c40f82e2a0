"""What every command shares: error handling, output streams, colour, the app's group."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
import typer.core

from cjm import interrupts

# The output helpers live in cjm.cli.streams (no typer there); commands import them here.
from cjm.cli.streams import (
    error,
    report_failure,
    use_color,
    write,
    write_problems,
    write_report,
    write_styled,
)

__all__ = ["COLOR_OPTION", "Group", "error", "handles_errors", "use_color", "write",
           "write_problems", "write_report", "write_styled"]

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Map tool failures to the exit codes of the CLI contract, in one line each."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except (interrupts.Stopped, KeyboardInterrupt) as exc:  # Ctrl-C, SIGTERM
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


class Group(typer.core.TyperGroup):
    """The app's commands, whose `--help` names every value in words (PATH, FORMAT).

    Typer would show a value's Python type (`<list[str]>`, `<str>`). A parameter
    declared with a metavar shows it; one without shows its name in capitals (the
    long option's, for an option: `--view VIEW`).
    """

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            name_values_in_words(param)
        return command


def name_values_in_words(param: Any) -> None:
    if param.param_type_name == "argument":
        if param.metavar is None:
            param.metavar = param.name.upper()
        # Typer prints an argument's type beside its metavar; the metavar says it.
        setattr(param, "display_type_rich", _no_type)  # noqa: B010
    elif param.metavar is None and not getattr(param, "is_flag", False) and param.opts:
        longest = max(param.opts, key=len)
        param.metavar = longest.lstrip("-").replace("-", "_").upper()


def _no_type(ctx: Any = None) -> None:
    return None


def choice(name: str, choices: list[str]) -> Callable[[str], str]:
    """A parameter callback that accepts one of `choices` (a usage error otherwise)."""

    def check(value: str) -> str:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}",
                                     param_hint=name)
        return value

    return check


def completer(choices: list[str]) -> Callable[[str], list[str]]:
    """Shell completion of a parameter's values."""

    def complete(incomplete: str) -> list[str]:
        return [name for name in choices if name.startswith(incomplete)]

    return complete


COLOR_OPTION = typer.Option(
    None, "--color/--no-color",
    help="Colour the output (default: on a terminal, unless NO_COLOR is set or "
    "TERM=dumb; FORCE_COLOR or CLICOLOR_FORCE turn it on).",
)
