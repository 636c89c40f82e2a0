"""The Typer application: one module per command, each registered here by one line.

A command module imports only typer and cjm.cli.common at its top and imports the
library inside its function, after the arguments are read, so that the start of
every command stays fast (see the README's Performance section).
"""

from __future__ import annotations

import sys

import typer

from cjm import __version__, interrupts
from cjm.cli import backlog, convert, diff, init, render, review, schema, show, site, validate
from cjm.cli.common import Group

app = typer.Typer(
    name="cjm",
    cls=Group,
    help="Customer journey maps as YAML in git: validate, diff, render and convert them.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain click help: paragraphs rewrapped to the terminal
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjm {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """cjm keeps customer journey maps as YAML files next to your code."""


# The commands, in the order --help and docs/cli.md list them.
app.command("validate")(validate.validate)
app.command("diff")(diff.diff)
app.command("schema")(schema.schema)
app.command("render")(render.render)
app.command("init")(init.init)
app.command("review")(review.review)
app.command("site")(site.site)
app.command("backlog")(backlog.backlog)
app.command("show")(show.show)
app.command("convert")(convert.convert)


def run(args: list[str]) -> int:
    """Run the app and turn every outcome into an exit code (never a traceback)."""
    try:
        app(args=args, prog_name="cjm")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except (interrupts.Stopped, KeyboardInterrupt) as exc:  # outside a command
        code, word = interrupts.exit_code_and_word(exc)
        sys.stderr.write(f"cjm: {word}\n")
        return code
    return 0
