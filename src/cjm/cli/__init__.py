"""The `cjm` command. `--version` answers before anything heavy is imported."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from cjm import __version__

        sys.stdout.write(f"cjm {__version__}\n")
        sys.exit(0)
    if args[:1] == ["validate"]:  # the common case, without Typer's start-up cost
        from cjm.cli.quick import validate_quickly

        code = validate_quickly(args[1:])
        if code is not None:
            sys.exit(code)
    from cjm.cli.app import run

    sys.exit(run(args))
