"""The `cjm` command. `--version` answers before anything heavy is imported."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    try:
        code = _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # Ctrl-C while cjm was still importing what it needs
        sys.stderr.write("cjm: interrupted\n")
        code = 130
    sys.exit(code)


def _main(args: list[str]) -> int:
    if args in (["--version"], ["-V"]):
        from cjm import __version__

        sys.stdout.write(f"cjm {__version__}\n")
        return 0
    from cjm.cli.streams import configure_streams

    configure_streams()
    if args[:1] == ["validate"]:  # the common case, without Typer's start-up cost
        from cjm.cli.quick import validate_quickly

        code = validate_quickly(args[1:])
        if code is not None:
            return code
    from cjm.cli.app import run

    return run(args)
