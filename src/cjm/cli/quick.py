"""`cjm validate` without Typer, for the invocations pre-commit and CI make.

Importing Typer and building its parameters costs about a third of checking one small
map, and pre-commit runs `cjm validate` on every commit. So the plain invocations —
paths, `--format`, `--strict`, `--today`, `--color`/`--no-color` — are read here and
run the very same code as the Typer command (`run_validate`). Anything else (`--help`,
an unknown option, a bad value, `--`) returns None and goes to Typer, which gives its
usual help and error messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FORMATS = ["text", "json", "github", "junit", "sarif"]


@dataclass
class ValidateArguments:
    paths: list[str] = field(default_factory=list)
    output_format: str = "text"
    strict: bool = False
    today: dt.date | None = None
    color: bool | None = None


def parse_validate(args: list[str]) -> ValidateArguments | None:
    """The arguments after `validate`, or None when Typer should read them."""
    parsed = ValidateArguments()
    tokens = iter(args)
    for token in tokens:
        name, has_value, inline_value = token.partition("=")
        if not token.startswith("-"):
            parsed.paths.append(token)
        elif token == "--strict":
            parsed.strict = True
        elif token in ("--color", "--no-color"):
            parsed.color = token == "--color"
        elif name in ("--format", "-f", "--today"):
            if name == "-f" and has_value:
                return None  # "-f=json" means the value "=json" to Typer
            value = inline_value if has_value else next(tokens, None)
            if value is None or value.startswith("-"):
                return None
            if name == "--today":
                try:
                    parsed.today = dt.date.fromisoformat(value)
                except ValueError:
                    return None
            elif value in FORMATS:
                parsed.output_format = value
            else:
                return None
        else:
            return None
    return parsed


def validate_quickly(args: list[str]) -> int | None:
    """Run `cjm validate ARGS` and return its exit code, or None to leave it to Typer."""
    parsed = parse_validate(args)
    if parsed is None:
        return None
    from cjm.cli.streams import report_failure

    try:
        return run_validate(parsed)
    except (Exception, KeyboardInterrupt) as exc:
        return report_failure(exc)


def run_validate(arguments: ValidateArguments) -> int:
    """Check the files, print the report, return the exit code (the command's body)."""
    from cjm.cli.streams import use_color, write
    from cjm.parallel import map_in_order
    from cjm.report import VALIDATE_REPORTERS
    from cjm.validate import check_paths
    from cjm.workspace import default_paths

    report = check_paths(arguments.paths or default_paths(), today=arguments.today,
                         map_file=map_in_order)
    reporter = VALIDATE_REPORTERS[arguments.output_format]
    colored = use_color(arguments.color) and arguments.output_format in ("text", "github")
    # The github format's own lines are workflow commands; it makes the rest inert itself.
    write(reporter(report, colored), commands=arguments.output_format == "github")
    if report.broken:
        return 3
    if report.unreadable:
        return 2
    return 1 if report.failed(arguments.strict) else 0
