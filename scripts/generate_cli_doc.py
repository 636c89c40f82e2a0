"""Write docs/cli.md from the commands' `--help` (a test keeps it current).

    python scripts/generate_cli_doc.py           # write docs/cli.md
    python scripts/generate_cli_doc.py --check   # exit 1 when docs/cli.md is out of date

Every command registered on the Typer app is documented, in the order registered: its
help text, its usage line and a table of its arguments and options. The text comes from
the same objects `cjm COMMAND --help` prints, rendered at a fixed width without colour
or Rich boxes, so the file is the same on every machine.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

import typer

from cjm.cli.app import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = 88  # the terminal width usage lines are wrapped at

INTRO = """\
# Command-line reference

This file is generated from the commands' `--help` by `scripts/generate_cli_doc.py`; do not
edit it by hand (a test fails when it is out of date). `cjm COMMAND --help` prints the
same text in a terminal.

```
{usage}
```

{help}

## Global options

{global_options}

Every command also takes `-h`, `--help`.

## Exit codes

| code | meaning |
|---:|---|
| 0 | success |
| 1 | the check found problems (`validate`); `diff --exit-code` found changes |
| 2 | usage error, unreadable input, no file matched, missing Graphviz |
| 3 | an internal error, reported in one line (please report it) |
| 130 | interrupted (Ctrl-C, SIGINT) |
| 143 | terminated (SIGTERM: `kill`, a CI job cancelled) |

## Output and colour

Results go to stdout and messages to stderr; machine output (`--format json` and the
other machine formats) goes to stdout with nothing else mixed in. Human output (the
`text` formats) is coloured when it goes to a terminal. As other terminal tools do, cjm
reads the environment, first rule that applies wins:

| setting | colour |
|---|---|
| `--color` / `--no-color` (where a command offers it) | on / off |
| `NO_COLOR` set to anything but the empty string | off |
| `FORCE_COLOR` or `CLICOLOR_FORCE` set, and not `0` | on, even through a pipe |
| `TERM=dumb` | off |
| otherwise | on when the output is a terminal |

The same decision draws the tables of a report (`cjm diff`'s average emotion by stage)
with columns when colour is on, and writes them as aligned lines when it is off, so
that what a script or a log reads never changes with the terminal. Colour is drawn
with [rich](https://github.com/Textualize/rich), which cjm loads only when colour is on.
A long `cjm validate` (and every `cjm site`) shows a progress bar on standard error when
that is a terminal; never in a CI log, a pipe or a file, nor with a machine's format.
`cjm validate` draws it once the batch has run for half a second; the environment
variable `CJM_PROGRESS_DELAY` sets another number of seconds (`0`: at once).

## Shell completion

`cjm --install-completion` adds completion of commands, options and their values (the
`--format` choices) to your shell's start-up file (bash, zsh, fish or PowerShell);
`cjm --show-completion` prints the script instead, to put where you keep such things.
Open a new shell afterwards.

## Commands

{contents}
"""


def cli_markdown() -> str:
    """The whole of docs/cli.md."""
    group = typer.main.get_command(app)
    context = _context(group, "cjm", None)
    commands = _commands(group, context)
    text = INTRO.format(
        usage=_usage(group, context),
        help=_help_text(group, group.help or ""),
        global_options=_options_table(group, context),
        contents="\n".join(
            f"- [`cjm {name}`](#cjm-{name}) — {_inline(_summary(command))}"
            for name, command in commands
        ),
    )
    sections = [_command_section(name, command, context) for name, command in commands]
    return text + "".join(f"\n{section}" for section in sections)


def command_names() -> list[str]:
    """The names of the app's commands (hidden ones left out), in the order registered."""
    group = typer.main.get_command(app)
    return [name for name, _ in _commands(group, _context(group, "cjm", None))]


def _commands(group: Any, context: Any) -> list[tuple[str, Any]]:
    found = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is not None and not getattr(command, "hidden", False):
            found.append((name, command))
    return found


def _context(command: Any, name: str, parent: Any) -> Any:
    # The command's own context class: Typer may bring its own copy of click.
    settings = dict(getattr(command, "context_settings", None) or {})
    settings.update(terminal_width=WIDTH, max_content_width=WIDTH)
    return command.context_class(command, info_name=name, parent=parent, **settings)


def _command_section(name: str, command: Any, parent: Any) -> str:
    context = _context(command, name, parent)
    parts = [f"## cjm {name}", ""]
    if getattr(command, "deprecated", False):
        parts += ["**Deprecated.**", ""]
    parts += ["```", _usage(command, context), "```", ""]
    parts += [_help_text(command, command.help or ""), ""]
    table = _options_table(command, context)
    if table:
        parts += [table, ""]
    epilog = getattr(command, "epilog", None)
    if epilog:
        parts += [_help_text(command, epilog), ""]
    return "\n".join(parts)


def _usage(command: Any, context: Any) -> str:
    return str(command.get_usage(context)).strip()


def _summary(command: Any) -> str:
    text = _plain(command, command.short_help or command.help or "")
    paragraph = text.strip().split("\n\n")[0]
    return " ".join(paragraph.split())


def _help_text(command: Any, text: str) -> str:
    """The help text as Markdown paragraphs; click's `\\b` blocks stay as they are."""
    blocks = []
    for paragraph in _plain(command, text).strip().split("\n\n"):
        if paragraph.startswith("\b"):
            blocks.append("```\n" + paragraph.lstrip("\b").strip("\n") + "\n```")
        else:
            blocks.append("\n".join(_line(line.strip()) for line in paragraph.splitlines()))
    return "\n\n".join(block for block in blocks if block.strip())


def _plain(command: Any, text: str) -> str:
    """The text `--help` shows: without the Rich markup tags it may contain."""
    text = inspect.cleandoc(text)
    if getattr(command, "rich_markup_mode", None) == "rich":
        from rich.text import Text

        text = Text.from_markup(text).plain
    return text


def _options_table(command: Any, context: Any) -> str:
    rows = []
    help_names = set(getattr(context, "help_option_names", None) or [])
    for param in command.get_params(context):
        if getattr(param, "hidden", False) or set(param.opts) & help_names:
            continue
        rows.append((_names(param), _param_help(command, param), _default(param)))
    if not rows:
        return ""
    lines = ["| argument or option | what it does | default |", "|---|---|---|"]
    for names, text, default in rows:
        lines.append(f"| {_bars(names)} | {_cell(text)} | {_bars(default)} |")
    return "\n".join(lines)


def _names(param: Any) -> str:
    metavar = getattr(param, "metavar", None)
    if param.param_type_name == "argument":
        if metavar:  # as the command spells it
            many = param.nargs == -1 and not metavar.endswith("...")
            return f"`{metavar}...`" if many else f"`{metavar}`"
        name = param.name.upper()
        return f"`{name}...`" if param.nargs == -1 else f"`{name}`"
    names = ", ".join(f"`{opt}`" for opt in param.opts)
    if param.secondary_opts:
        names += " / " + ", ".join(f"`{opt}`" for opt in param.secondary_opts)
    if metavar and not getattr(param, "is_flag", False):
        names += f" `{metavar}`"
    return names


def _param_help(command: Any, param: Any) -> str:
    return " ".join(_plain(command, getattr(param, "help", None) or "").split())


def _default(param: Any) -> str:
    if param.required:
        return "required"
    default = param.default
    if callable(default) or not getattr(param, "show_default", True):
        return "—"
    if isinstance(default, list | tuple):
        default = " ".join(str(item) for item in default) or None
    if default is None:
        return "—"
    if getattr(param, "is_flag", False) and isinstance(default, bool) and not param.secondary_opts:
        return "on" if default else "off"
    if getattr(param, "is_flag", False) and isinstance(default, bool):
        opts = param.opts if default else param.secondary_opts
        return f"`{opts[0]}`"
    return f"`{getattr(default, 'value', default)}`"


def _inline(text: str) -> str:
    """Escape what Markdown would read as markup, outside `code` spans."""
    pieces = re.split(r"(`[^`]*`)", text)
    return "".join(
        piece if piece.startswith("`") else re.sub(r"([\\*_<>\[\]|~])", r"\\\1", piece)
        for piece in pieces
    )


def _line(text: str) -> str:
    """A line of a paragraph: inline Markdown, and no list or heading where it starts."""
    text = _inline(text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^([-+#=])", r"\\\1", text)


def _cell(text: str) -> str:
    """Table cells: inline Markdown, and no bar a table would split at."""
    return _bars(_inline(text))


def _bars(text: str) -> str:
    """Bars inside `code` spans of a table cell (outside them `_inline` escaped them)."""
    pieces = re.split(r"(`[^`]*`)", text)
    return "".join(piece.replace("|", "\\|") if piece.startswith("`") else piece
                   for piece in pieces)


def main(argv: list[str]) -> int:
    text = cli_markdown()
    if argv == ["--check"]:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            sys.stderr.write(f"{DOC.name} is out of date: run python scripts/generate_cli_doc.py\n")
            return 1
        return 0
    if argv:
        sys.stderr.write("usage: python scripts/generate_cli_doc.py [--check]\n")
        return 2
    DOC.write_text(text, encoding="utf-8")
    print(DOC.relative_to(Path.cwd()) if DOC.is_relative_to(Path.cwd()) else DOC)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
