"""The `cjm` command: the Typer app in `cjm.cli.app` reads every command line.

`cjm --version` alone is answered before anything heavy is imported (the option is
declared on the app too, where `--help` shows it). Every other command line goes to
Typer, and each command imports the library only after its arguments are read.
"""

from __future__ import annotations

import gc
import os
import sys
import types

from cjm import interrupts


def main(argv: list[str] | None = None) -> None:
    interrupts.install()
    # The collector looks for reference cycles every 700 new objects by default; starting
    # cjm makes hundreds of thousands (classes, schemas, validators) and next to no
    # garbage, and a batch of files pauses it anyway (`cjm.parallel`). Every 100,000
    # keeps what cycles hold bounded, and a one-map run 3 % shorter.
    gc.set_threshold(COLLECT_AFTER_NEW_OBJECTS)
    try:
        code = _main(sys.argv[1:] if argv is None else argv)
    except (interrupts.Stopped, KeyboardInterrupt) as exc:  # while cjm still imports
        code, word = interrupts.exit_code_and_word(exc)
        sys.stderr.write(f"cjm: {word}\n")
    # Python's exit collects once more through every object, which cjm is done with:
    # frozen, they are left out (5 % of a one-map run).
    gc.freeze()
    sys.exit(code)


COLLECT_AFTER_NEW_OBJECTS = 100_000


def _main(args: list[str]) -> int:
    if args in (["--version"], ["-V"]):
        # Imported here, not at the top, for start-up time.
        from cjm import __version__

        sys.stdout.write(f"cjm {__version__}\n")
        return 0
    from cjm.cli.streams import configure_streams

    configure_streams()
    without_pydantic_plugins()
    from cjm.cli.app import run

    return run(args)


def without_pydantic_plugins() -> None:
    """Keep pydantic from looking for plugins in every installed distribution.

    On its first validator pydantic imports `importlib.metadata` and reads the entry
    points of every package in the environment, which costs a tenth of checking a map
    and would run any third-party pydantic plugin inside cjm. The command line has
    none to load: it sets pydantic's documented switch `PYDANTIC_DISABLE_PLUGINS`
    (unless the environment sets it), and answers "no plugins" itself in place of the
    loader module, which pydantic imports only when it makes a validator — so
    `importlib.metadata` is not imported either. Only the `cjm` process is affected;
    the library, imported by other programs, leaves pydantic as it is.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if PYDANTIC_PLUGIN_LOADER in sys.modules:
        return
    loader = types.ModuleType(PYDANTIC_PLUGIN_LOADER,
                              "cjm: pydantic plugins are not loaded by the cjm command")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[PYDANTIC_PLUGIN_LOADER] = loader


# The module `pydantic.plugin._schema_validator` imports `get_plugins` from.
PYDANTIC_PLUGIN_LOADER = "pydantic.plugin._loader"
