"""Output streams, colour and the exit code of a failure, without typer.

Kept apart from `common` so that what runs before a command (the `--version` answer,
the streams' set-up, an interrupted start) needs no Typer.

Encodings: into a file or a pipe cjm writes UTF-8 (every format it writes is UTF-8,
whatever the system's locale, e.g. cp1252 on Windows); on a terminal it uses the
terminal's encoding, and a character the terminal cannot show becomes `?`.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from typing import TYPE_CHECKING, Any, TypeVar

from cjm import interrupts
from cjm.printable import in_github_actions, inert_text, printable, shown_path
from cjm.problems import CjmError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cjm.problems import Problem
    from cjm.report import Reporter
    from cjm.report.styled import Styled

Result = TypeVar("Result")


class OutputFailed(CjmError):
    """Standard output is closed, full or gone: what cjm had to say could not be written."""


def configure_streams() -> None:
    """UTF-8 into files and pipes, the terminal's encoding on a terminal; never a crash
    on a character the encoding lacks."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):  # a closed or odd stream: leave it as it is
            continue


def error(message: str) -> None:
    """A line for the user on standard error, its hidden characters shown escaped."""
    say(f"cjm: {message}")


def say(line: str) -> None:
    """A line on standard error (progress, hints), never a workflow command in Actions."""
    shown = printable(line)
    if in_github_actions():
        shown = inert_text(shown)
    try:
        if sys.stderr is not None:
            sys.stderr.write(shown + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):  # nowhere left to say it; the exit code still tells
        pass


def use_color(choice: bool | None, stream: Any = None) -> bool:
    """Whether to colour what goes to `stream` (default stdout), as terminal tools agree:

    `--color` / `--no-color` decide; else a non-empty NO_COLOR turns colour off
    (no-color.org); else FORCE_COLOR or CLICOLOR_FORCE, set and not "0", turn it on
    even through a pipe; else TERM=dumb turns it off; else colour on a terminal.
    """
    if choice is not None:
        return choice
    environ = os.environ
    if environ.get("NO_COLOR"):
        return False
    if any(environ.get(name, "0") not in ("", "0") for name in ("FORCE_COLOR", "CLICOLOR_FORCE")):
        return True
    if environ.get("TERM") == "dumb":
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


def write(text: str, *, commands: bool = False) -> None:
    """Print text on standard output.

    Under GitHub Actions no line of it can run as a workflow command, unless `commands`
    says the text holds cjm's own commands (the github format, which makes the rest of
    its lines inert itself).
    """
    if not commands and in_github_actions():
        text = inert_text(text)
    stream = sys.stdout
    if stream is None:
        raise OutputFailed("standard output is closed; nothing could be written",
                           hint="run cjm with its output going to a terminal, file or pipe")
    stream.write(text)
    if text and not text.endswith("\n"):
        stream.write("\n")
    stream.flush()


def styled_text(document: Styled, color: bool, width: int | None = None) -> str:
    """A styled report as text: drawn by rich when colour is on (tables with their
    columns, `width` columns wide, default the terminal's), else its plain lines."""
    if not color:
        return document.plain()
    # Imported here, not at the top: rich is loaded only when colour is on (start-up time).
    from cjm.cli.terminal import ansi

    return ansi(document, width or shutil.get_terminal_size().columns)


def write_styled(document: Styled, color: bool, *, stderr: bool = False,
                 commands: bool = False) -> None:
    """Print a styled report on standard output (or error), coloured when `color`.

    Under GitHub Actions no line of it can run as a workflow command, unless `commands`
    says the document holds cjm's own commands (and has made the rest inert itself).
    """
    if not commands and in_github_actions():
        document = document.inert()
    text = styled_text(document, color)
    if not stderr:
        write(text, commands=True)
        return
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):  # nowhere left to say it; the exit code still tells
        pass


def write_report(reporter: Reporter[Result], result: Result, color: bool | None) -> None:
    """A command's report on standard output, coloured when the format is and
    `use_color` says so (`--color`/`--no-color` is `color`)."""
    if reporter.colored and use_color(color):
        write_styled(reporter.styled(result), True, commands=reporter.workflow_commands)
    else:
        write(reporter(result), commands=reporter.workflow_commands)


def write_problems(problems: Iterable[Problem], color: bool | None = None) -> None:
    """Problems on standard error, a line each, coloured as `use_color` says for it."""
    # Imported here, not at the top: only a run that found problems needs them.
    from cjm.report.styled import Styled
    from cjm.report.text import problem_spans

    document = Styled([problem_spans(problem) for problem in problems])
    if document.blocks:
        write_styled(document, use_color(color, sys.stderr), stderr=True)


def report_failure(exc: BaseException) -> int:
    """Say in one line what went wrong and return the exit code of the CLI contract."""
    if isinstance(exc, CjmError):
        error(exc.message)
        if exc.hint:
            say(f"  {exc.hint}")
        return exc.exit_code
    stop = exc if isinstance(exc, KeyboardInterrupt) else interrupts.stop_within(exc)
    if stop is not None:  # Ctrl-C, SIGTERM
        code, word = interrupts.exit_code_and_word(stop)
        error(word)
        return code
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        error("the output was closed before cjm had written it all (broken pipe)")
        return 2
    if isinstance(exc, OSError):  # the surroundings: a full disk, a read-only folder, ...
        error(environment_failure(exc))
        return 2
    # The contract: one line, exit 3, never a traceback.
    error(f"internal error: {type(exc).__name__}: {exc} "
          "(please report this with the file that caused it)")
    return 3


def environment_failure(exc: OSError) -> str:
    """An OSError as a sentence: what could not be done to which file, and why."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return f"cannot write the output: {reason}"
    name = shown_path(os.fsdecode(exc.filename))
    if exc.filename2 is not None:
        return f"{name} → {shown_path(os.fsdecode(exc.filename2))}: {reason}"
    return f"{name}: {reason}"


def _silence_stdout() -> None:
    # Python flushes stdout once more on exit; into a closed pipe that prints a warning.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
