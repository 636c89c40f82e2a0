"""Running the installed `cjm` with its standard error on a pseudo-terminal, as a person
at a terminal sees it (progress bars are drawn only there)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path


def run_on_a_terminal(command: list[str], cwd: Path,
                      env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `command` with stderr on a pseudo-terminal and stdout into a file; its exit
    code, what the terminal showed and what went to stdout."""
    import pty

    # stdout into a file, not a pipe: a pipe nobody reads fills up and blocks the program.
    with tempfile.TemporaryFile() as stdout:
        controller, terminal = pty.openpty()
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL,
                                   stdout=stdout, stderr=terminal,
                                   env={**os.environ, "TERM": "xterm-256color",
                                        "COLUMNS": "100", **(env or {})})
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end closed: the program is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(controller)
        code = process.wait(timeout=300)
        stdout.seek(0)
        written = stdout.read().decode("utf-8", "replace")
    return code, b"".join(chunks).decode("utf-8", "replace"), written
