"""`cjm review`: a sign-off bound to the map's content.

A review record (`review:` in the map, see docs/review.md) says who reviewed the map, on
which day, and holds a hash of the map's *meaning*: the validated model in a canonical
form, without the review record itself (`review:` and `reviewed:`). Re-indenting,
re-ordering keys, editing comments or writing a default value out does not change the
hash; any change of content does.

Signing a map edits only its review record: every other byte, comment and blank line of
the file stays as it was, and the file is replaced atomically, keeping its permissions
(cjm.files.write_output).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cjm.files import kind_of, read_input, write_output
from cjm.model import JourneyMap, Review
from cjm.problems import CjmError, Problem, Severity
from cjm.reviewed import RECORD_KEYS, content_hash, reviewed_version, still_holds
from cjm.validate import check_bytes, check_file
from cjm.workspace import context_for

__all__ = ["RECORD_KEYS", "Signed", "content_hash", "reviewed_version", "sign_off",
           "still_holds", "with_review_record"]

# Rules that a review answers: they never keep a map from being signed off.
REVIEW_RULES = ("review-overdue", "changed-since-review")
# After which header key a new review record goes, most wanted first.
_ANCHORS = ("reviewed", "review_every", "owner", "state", "persona", "title")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._@'()/-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


@dataclass
class Signed:
    """The outcome of signing one map off: the record written, or why not."""

    path: str
    review: Review | None = None
    problems: list[Problem] = field(default_factory=list)
    refused: str = ""
    failure: OSError | None = None
    """Why the signed map could not be read back or written (the surroundings)."""
    unreadable: str = ""
    """Why PATH is no map file to read at all (missing, a folder), as `cjm validate`
    says it: input that cannot be read, not a map refused."""

    @property
    def ok(self) -> bool:
        return self.review is not None


def sign_off(path: str, by: str, note: str | None, day: dt.date) -> Signed:
    """Record in the map at PATH that BY reviewed it on DAY; refuse a map with errors."""
    by = " ".join(by.split())
    note = note.strip() if note is not None else None
    if not by:
        raise CjmError("--by needs a name: who signs the map off")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Signed(path, unreadable="no such file or folder (give map files)")
    except OSError as exc:
        return Signed(path, failure=exc)
    if not stat.S_ISREG(mode):
        return Signed(path, unreadable=f"is {kind_of(mode)} (give map files)")
    context = context_for(path)
    checked = check_file(path, context, today=day)
    errors = [p for p in checked.problems
              if p.severity is Severity.error and p.rule not in REVIEW_RULES]
    if errors:
        return Signed(path, problems=errors,
                      refused="has errors (fix them, then sign it off)")
    if not isinstance(checked.model, JourneyMap):
        return Signed(path, refused="is a persona file (cjm review signs off journey maps)")
    record = Review(date=day, by=by, note=note or None, hash=content_hash(checked.model))
    try:
        raw = read_input(path, context.settings.max_file_size, head=True)
    except OSError as exc:
        return Signed(path, failure=exc)
    try:
        edited = with_review_record(raw, record)
    except _CannotEdit as exc:
        return Signed(path, refused=str(exc))
    rechecked = check_bytes(edited, path, None, max_bytes=len(edited))
    if not (isinstance(rechecked.model, JourneyMap) and rechecked.model.review == record
            and content_hash(rechecked.model) == record.hash):
        raise CjmError(f"{path}: the review record could not be written without changing "
                       "the map; the file was left as it was")
    try:
        write_output(Path(path), edited, replaces_input=True)
    except OSError as exc:  # a read-only folder, a full disk: the environment's fault
        return Signed(path, failure=exc)
    return Signed(path, review=record)


class _CannotEdit(Exception):
    """The file's layout leaves no safe place for the review record."""


def with_review_record(raw: bytes, record: Review) -> bytes:
    """RAW with its review record set to RECORD: `review:` replaced or added after the
    header, `reviewed:` (if present) set to the same day; nothing else changes."""
    text = raw.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    root = yaml.compose(body, Loader=yaml.CSafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise _CannotEdit("is written as one {…} mapping (cjm review edits block-style "
                          "maps)")
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.split("\n")
    top = {key.value: (key, value) for key, value in root.value
           if isinstance(key, yaml.ScalarNode)}
    if "reviewed" in top:
        _set_scalar(lines, top["reviewed"][1], record.date.isoformat())
    block = [line + newline.removesuffix("\n") for line in _record_lines(record)]
    if "review" in top:
        key, value = top["review"]
        start, end = key.start_mark.line, _last_line(lines, key, value)
        lines[start:end + 1] = block
    else:
        after = _insertion_line(lines, top)
        if after == len(lines) - 1:  # the last line, without a newline of its own
            lines[after] += newline.removesuffix("\n")
            lines += block
            lines[-1] = lines[-1].removesuffix("\r")
        else:
            lines[after + 1:after + 1] = block
    return (bom + "\n".join(lines)).encode("utf-8")


def _record_lines(record: Review) -> list[str]:
    lines = ["review:", f"  date: {record.date.isoformat()}", f"  by: {_scalar(record.by)}"]
    if record.note:
        lines.append(f"  note: {_scalar(record.note)}")
    lines.append(f"  hash: {record.hash}")
    return lines


def _scalar(text: str) -> str:
    """Text as a YAML scalar that reads back as exactly this text."""
    if (_PLAIN.fullmatch(text) and not text.endswith(" ")
            and text.lower() not in _YAML_WORDS):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # Line and paragraph separators are line breaks to YAML: keep them escaped.
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace(
        "\u0085", "\\u0085")


def _set_scalar(lines: list[str], node: Any, value: str) -> None:
    start, end = node.start_mark, node.end_mark
    if not isinstance(node, yaml.ScalarNode) or start.line != end.line:
        raise _CannotEdit("has a reviewed: value that is not a date on one line")
    line = lines[start.line]
    lines[start.line] = line[:start.column] + value + line[end.column:]


def _last_line(lines: list[str], key: Any, value: Any) -> int:
    """The last line of a top-level key's value, without the comments and blank lines
    that follow it (they belong to the next key)."""
    end = value.end_mark
    last: int = end.line if end.column > 0 else end.line - 1
    last = min(last, len(lines) - 1)
    while last > key.start_mark.line and (
            not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    return last


def _insertion_line(lines: list[str], top: dict[str, Any]) -> int:
    """The line after which a new review record goes: after the header key it belongs
    with (`reviewed:`, else `review_every:`, …)."""
    for name in _ANCHORS:
        if name in top:
            key, value = top[name]
            return _last_line(lines, key, value)
    raise _CannotEdit("has no title:")  # not reached: a valid map has one
