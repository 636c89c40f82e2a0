"""Hostile text made safe to show: file names, revisions and map text on a terminal or a log.

A file name may hold an escape sequence that recolours or clears the terminal, a newline
that forges a second line of output, or a bidirectional override that shows it reversed.
`printable` escapes every such character (`\\x1b`, `\\n`, `\\u202e`); `shown_path` quotes a
name only when it needs it, so ordinary names read as they always have.
"""

from __future__ import annotations

import os
import unicodedata

MAX_SHOWN = 120


def is_hidden(char: str) -> bool:
    """Cc: terminal controls; Cf: bidirectional overrides and zero-width; Zl/Zp: line
    breaks; Cs: halves of a character (a file name that is not UTF-8)."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def printable(text: str) -> str:
    """text with every hidden character escaped (`\\x1b`, `\\u2028`)."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if is_hidden(char) else char for char in text)


def quoted(text: str, limit: int | None = MAX_SHOWN) -> str:
    """text in double quotes with control, format and line characters escaped."""
    shown = text if limit is None or len(text) <= limit else text[:limit] + "…"
    return '"' + printable(shown.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def shown_path(path: str) -> str:
    """A file name as printed: as it is when it is plain, quoted when it hides something."""
    if path.isprintable() or not any(is_hidden(char) for char in path):
        return path
    return quoted(path, limit=None)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# GitHub Actions reads every line a step prints: a line that starts with `::` (after
# spaces) is a workflow command, and so is `##[` anywhere in a line (the older form).
_LEGACY_COMMAND = "##["


def inert_line(line: str) -> str:
    """A line that GitHub Actions shows as it is and never runs as a workflow command."""
    line = line.replace(_LEGACY_COMMAND, "##\\[")
    rest = line.lstrip()
    if rest.startswith("::"):
        return line[: len(line) - len(rest)] + "\\" + rest
    return line


def inert_text(text: str) -> str:
    """Every line of text made inert (see `inert_line`)."""
    if "::" not in text and _LEGACY_COMMAND not in text:
        return text
    return "\n".join(inert_line(line) for line in text.split("\n"))


def inert_json(document: str) -> str:
    """JSON text in which `##[` never appears; `#` in a string is written `\\u0023`.

    `##[` can only occur inside a JSON string, where the escape means the same character,
    so the document parses to the same data. Pretty-printed JSON never starts a line with
    `::`, and its strings hold no raw newlines.
    """
    return document.replace(_LEGACY_COMMAND, "#\\u0023[")


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def valid_unicode(text: str) -> str:
    """text that encodes as UTF-8: the halves of characters Python uses for the bytes of a
    file name that is not UTF-8 (`\\udcff`) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)
    return text


def machine_json(document: str) -> str:
    """A JSON document as cjm prints it: valid UTF-8 whatever the file names, and inert
    in a GitHub Actions log."""
    return inert_json(valid_unicode(document))
