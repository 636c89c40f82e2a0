"""The Typer application: one module per command, each named here once.

A command module imports only typer and cjm.cli.common at its top and imports the
library inside its function, after the arguments are read, so that the start of
every command stays fast (see the README's Performance section). A command line that
names a command imports that command's module alone: the app it runs has the root
options and that one command, declared where the full app declares them. Everything
else (`cjm --help`, an unknown command, the tests' `app`) gets the full app.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from cjm import __version__, interrupts
from cjm.cli.common import Group

# The commands, in the order --help and docs/cli.md list them: the module
# cjm.cli.<name> declares the command as its function <name>.
COMMANDS = ("validate", "diff", "schema", "render", "init", "review", "site", "backlog",
            "show", "convert")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjm {__version__}")
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """cjm keeps customer journey maps as YAML files next to your code."""


def app_with(names: tuple[str, ...] = COMMANDS) -> typer.Typer:
    """The cjm app with the commands NAMES (in COMMANDS' order), each module imported."""
    made = typer.Typer(
        name="cjm",
        cls=Group,
        help="Customer journey maps as YAML in git: validate, diff, render and convert them.",
        no_args_is_help=True,
        rich_markup_mode=None,  # plain click help: paragraphs rewrapped to the terminal
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
    )
    made.callback()(_root)
    for name in COMMANDS:
        if name in names:
            # __import__, not importlib.import_module: `python -X importtime` sees it.
            module = __import__(f"cjm.cli.{name}", fromlist=[name])
            made.command(name)(getattr(module, name))
    return made


def __getattr__(name: str) -> Any:
    """`app`, the full app with every command, made when it is first asked for."""
    if name == "app":
        full = app_with()
        globals()["app"] = full
        return full
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(args: list[str]) -> int:
    """Run the app and turn every outcome into an exit code (never a traceback)."""
    named = args[0] if args and args[0] in COMMANDS else None
    try:
        cli = app_with((named,)) if named is not None else app_with()
        cli(args=args, prog_name="cjm")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except (interrupts.Stopped, KeyboardInterrupt) as exc:  # outside a command
        code, word = interrupts.exit_code_and_word(exc)
        sys.stderr.write(f"cjm: {word}\n")
        return code
    return 0
