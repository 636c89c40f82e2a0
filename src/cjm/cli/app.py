"""The Typer application: one module per command, registered here."""

from __future__ import annotations

import sys

import typer

from cjm import __version__
from cjm.cli import diff, init, render, review, schema, validate

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as YAML in git: validate, diff and render them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
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


app.command("validate")(validate.validate)
app.command("diff")(diff.diff)
app.command("schema")(schema.schema)
app.command("render")(render.render)
app.command("init")(init.init)
app.command("review")(review.review)


def run(args: list[str]) -> int:
    """Run the app and turn every outcome into an exit code (never a traceback)."""
    try:
        app(args=args, prog_name="cjm")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except KeyboardInterrupt:
        sys.stderr.write("cjm: interrupted\n")
        return 130
    return 0
