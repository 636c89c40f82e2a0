"""`cjm review`: a sign-off bound to the map's content.

A review record (`review:` in the map, see docs/review.md) says who reviewed the map, on
which day, and holds a hash of the map's *meaning*: the validated model in a canonical
form, without the review record itself (`review:` and `reviewed:`). Re-indenting,
re-ordering keys, editing comments or writing a default value out does not change the
hash; any change of content does.

Signing a map edits only its review record: every other byte, comment and blank line of
the file stays as it was, and the file is replaced atomically, keeping its permissions
(cjm.files.write_output). A record that is not valid (written by hand, half edited) is
the one error signing mends: the new record replaces it. A read-only file is left alone.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cjm.files import STDIN, kind_of, read_input, write_output
from cjm.model import JourneyMap, Review
from cjm.problems import CjmError, FileRule, Problem, Severity
from cjm.reviewed import RECORD_KEYS, content_hash, reviewed_version, still_holds
from cjm.shape import CheckedFile
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
# The errors of a record's shape, which writing a new record mends.
_RECORD_RULES = (FileRule.invalid_value, FileRule.unknown_key, FileRule.missing_field)
# A record standing in while the map without its old record is checked.
_STAND_IN = "sha256:" + "0" * 64


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
    mended: bool = False
    """Whether the map's review record was not valid, and the new one replaced it."""

    @property
    def ok(self) -> bool:
        return self.review is not None


def sign_off(path: str, by: str, note: str | None, day: dt.date) -> Signed:
    """Record in the map at PATH that BY reviewed it on DAY; refuse a map with errors."""
    by = " ".join(by.split())
    note = note.strip() if note is not None else None
    if not by:
        raise CjmError("--by needs a name: who signs the map off")
    if path == STDIN:  # what other commands read as standard input: nothing to edit
        return Signed(path, unreadable="standard input cannot be signed off: cjm review "
                      "writes the record into the map's file, so give its path")
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
    errors = _errors(checked)
    mended = bool(errors) and _is_journey(checked) and all(map(_in_record, errors))
    if errors and not mended:
        return Signed(path, problems=errors,
                      refused="has errors (fix them, then sign it off)")
    if not _is_journey(checked):
        return Signed(path, refused="is a persona file (cjm review signs off journey maps)")
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        # Replacing the file would work in a writable folder; read-only says "leave it".
        return Signed(path, failure=PermissionError(
            errno.EACCES, "the file is read-only; make it writable to sign it off", path))
    try:
        raw = read_input(path, context.settings.max_file_size, head=True)
    except OSError as exc:
        return Signed(path, failure=exc)
    record = Review(date=day, by=by, note=note or None, hash=_STAND_IN)
    try:
        if mended:  # the map as it reads with a valid record in place of the broken one
            checked = check_bytes(with_review_record(raw, record), path, context, today=day)
            errors = _errors(checked)
            if errors or not isinstance(checked.model, JourneyMap):
                return Signed(path, problems=errors,
                              refused="has errors (fix them, then sign it off)")
        assert isinstance(checked.model, JourneyMap)
        record = record.model_copy(update={"hash": content_hash(checked.model)})
        edited = with_review_record(raw, record)
    except _CannotEdit as exc:
        return Signed(path, refused=str(exc))
    if not _means_the_same(raw, edited, record):
        raise CjmError(f"{path}: the review record could not be written without changing "
                       "the map; the file was left as it was")
    try:
        write_output(Path(path), edited, replaces_input=True)
    except OSError as exc:  # a read-only folder, a full disk: the environment's fault
        return Signed(path, failure=exc)
    return Signed(path, review=record, mended=mended)


def _errors(checked: CheckedFile) -> list[Problem]:
    """The errors that keep a map from being signed off (not those a review answers)."""
    return [p for p in checked.problems
            if p.severity is Severity.error and p.rule not in REVIEW_RULES]


def _is_journey(checked: CheckedFile) -> bool:
    if checked.model is not None:
        return isinstance(checked.model, JourneyMap)
    data = checked.source.data if checked.source is not None else None
    return isinstance(data, dict) and data.get("kind") == "journey"


def _in_record(problem: Problem) -> bool:
    """Whether PROBLEM is of the shape of the review record, which a new one replaces."""
    top = re.split(r"[.\[]", problem.location, maxsplit=1)[0]
    return top in RECORD_KEYS and problem.rule in _RECORD_RULES


class _CannotEdit(Exception):
    """The file's layout leaves no safe place for the review record."""


def with_review_record(raw: bytes, record: Review) -> bytes:
    """RAW with its review record set to RECORD: `review:` replaced or added after the
    header, `reviewed:` (if present) set to the same day; nothing else changes."""
    text = raw.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    top = _top_level_keys(body)
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.split("\n")
    if "reviewed" in top:
        _set_scalar(lines, top["reviewed"], record.date.isoformat())
    block = [line + newline.removesuffix("\n") for line in _record_lines(record)]
    if "review" in top:
        entry = top["review"]
        start, end = entry.key.start_mark.line, _last_line(lines, entry)
        if entry.flow and entry.start.line == entry.end.line == start:
            # `review: {…}  # Q3 sign-off`: the author's one line, its comment kept.
            line = lines[start]
            lines[start] = (line[:entry.start.column] + _flow_record(record)
                            + line[entry.end.column:])
        else:
            cr = newline.removesuffix("\n")
            old = [line.removesuffix("\r") for line in lines[start:end + 1]]
            written = [line + cr for line in _with_comments(_record_lines(record), old)]
            if end == len(lines) - 1:  # the last line, without a newline of its own
                written[-1] = written[-1].removesuffix("\r")
            lines[start:end + 1] = written
    else:
        after = _insertion_line(lines, top)
        if after == len(lines) - 1:  # the last line, without a newline of its own
            lines[after] += newline.removesuffix("\n")
            lines += block
            lines[-1] = lines[-1].removesuffix("\r")
        else:
            lines[after + 1:after + 1] = block
    return (bom + "\n".join(lines)).encode("utf-8")


@dataclass
class _Entry:
    """Where a top-level key and its value are in the text (YAML's marks)."""

    key: Any
    start: Any
    end: Any
    scalar: bool
    flow: bool = False
    """Whether the value is a mapping written {…}."""


def _top_level_keys(body: str) -> dict[str, _Entry]:
    """The top-level keys of the map in BODY, from libyaml's events: no node is built
    and no scalar resolved (the map was just checked, it loads)."""
    top: dict[str, _Entry] = {}
    depth = 0  # of the collections open around the next event
    key: Any = None  # the top-level key whose value comes next
    start: Any = None  # where that value, a collection, starts
    flow = False  # whether that collection is a mapping written {…}
    for event in yaml.parse(body, Loader=yaml.CSafeLoader):
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent,
                              yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if depth == 0:
            if not isinstance(event, yaml.MappingStartEvent) or event.flow_style:
                raise _CannotEdit("is written as one {…} mapping (cjm review edits "
                                  "block-style maps)")
            depth = 1
        elif depth == 1 and key is None:
            if isinstance(event, yaml.CollectionEndEvent):
                depth = 0
            else:
                key = event  # a valid map's keys are text
        elif depth == 1 and isinstance(event, yaml.CollectionStartEvent):
            start, depth = event.start_mark, 2
            flow = isinstance(event, yaml.MappingStartEvent) and bool(event.flow_style)
        elif depth == 1:
            top[key.value] = _Entry(key, event.start_mark, event.end_mark,
                                    isinstance(event, yaml.ScalarEvent))
            key = None
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 1:
                top[key.value] = _Entry(key, start, event.end_mark, False, flow)
                key = None
    return top


def _means_the_same(raw: bytes, edited: bytes, record: Review) -> bool:
    """Whether EDITED reads as RAW does but for its review record, which reads as RECORD.

    Compared as libyaml's events (no node built, no scalar resolved): every event
    outside the record is the same in both texts, so the map's content, and its hash,
    are unchanged; the record's events are those of RECORD written alone."""
    written = [*_record_lines(record), f"reviewed: {record.date.isoformat()}"]
    try:
        before = _without_record(_events(raw))
        after = _without_record(_events(edited))
        alone = _without_record(_events("\n".join(written).encode("utf-8")))
    except yaml.YAMLError:
        return False
    return (before.rest == after.rest and after.review == alone.review
            and after.reviewed == (alone.reviewed if before.reviewed else []))


_Event = tuple[str, Any, Any, Any, Any]
_OPENS = ("MappingStartEvent", "SequenceStartEvent")
_CLOSES = ("MappingEndEvent", "SequenceEndEvent")


def _events(raw: bytes) -> list[_Event]:
    """The YAML events of RAW without their positions."""
    return [(type(event).__name__, getattr(event, "tag", None),
             getattr(event, "implicit", None), getattr(event, "value", None),
             getattr(event, "style", None))
            for event in yaml.parse(raw.decode("utf-8-sig"), Loader=yaml.CSafeLoader)]


@dataclass
class _Split:
    rest: list[_Event]
    review: list[_Event]
    reviewed: list[_Event]


def _without_record(events: list[_Event]) -> _Split:
    """EVENTS without the top-level keys `review:` and `reviewed:`, and their values."""
    rest: list[_Event] = []
    taken: dict[str, list[_Event]] = {"review": [], "reviewed": []}
    index, top, key_next = 0, False, True
    while index < len(events):
        event = events[index]
        if not top:
            rest.append(event)
            top = event[0] == "MappingStartEvent"
            index += 1
        elif event[0] == "MappingEndEvent" and key_next:
            rest.append(event)
            top = False
            index += 1
        elif key_next and event[0] == "ScalarEvent" and event[3] in taken:
            end = _value_end(events, index + 1)
            taken[event[3]] = events[index + 1:end]
            index = end
        else:  # a key, or its value
            end = _value_end(events, index)
            rest += events[index:end]
            index, key_next = end, not key_next
    return _Split(rest, taken["review"], taken["reviewed"])


def _value_end(events: list[_Event], index: int) -> int:
    """The index after the value whose first event is at INDEX."""
    depth = 0
    while True:
        kind = events[index][0]
        index += 1
        depth += (kind in _OPENS) - (kind in _CLOSES)
        if depth == 0:
            return index


def _record_lines(record: Review) -> list[str]:
    lines = ["review:", f"  date: {record.date.isoformat()}", f"  by: {_scalar(record.by)}"]
    if record.note:
        lines.append(f"  note: {_scalar(record.note)}")
    lines.append(f"  hash: {record.hash}")
    return lines


def _flow_record(record: Review) -> str:
    """RECORD as one {…} mapping, for a record its author wrote on one line."""
    return "{" + ", ".join(line.strip() for line in _record_lines(record)[1:]) + "}"


def _with_comments(record: list[str], old: list[str]) -> list[str]:
    """The lines RECORD of a new review record, carrying the comments of the OLD
    record's lines: each on the line of the field it was on (or before), those of
    fields the new record has not before the next field, the rest after it."""
    fields = _record_fields(old)
    trailing: dict[str, list[str]] = {}  # a field's comment after its value
    leading: dict[str, list[str]] = {}  # comment lines before a field
    for number, (comment, whole) in _comments(old).items():
        if whole:
            owner = next((name for line, name in fields if line > number), "")
            leading.setdefault(owner, []).append(comment)
        else:
            owner = next((name for line, name in reversed(fields) if line <= number),
                         "review")
            trailing.setdefault(owner, []).append(comment)
    names = ["review", *(line.strip().split(":", 1)[0] for line in record[1:])]
    dropped = [name for name in dict.fromkeys([*leading, *trailing]) if name not in names]
    for name in dropped:  # a field the new record has not: its comments go on lines
        moved = leading.pop(name, []) + ["  " + c.strip() for c in trailing.pop(name, [])]
        after = next((n for line, n in fields if n in names
                      and line > _line_of(fields, name)), "")
        leading[after] = (moved + leading.get(after, []) if after
                          else leading.get(after, []) + moved)
    written: list[str] = []
    for name, line in zip(names, record, strict=True):
        comments = trailing.get(name, [])
        written += leading.get(name, [])
        written += ["  " + c.strip() for c in comments[1:]]
        written.append(line + (comments[0] if comments else ""))
    return written + leading.get("", [])


def _line_of(fields: list[tuple[int, str]], name: str) -> int:
    return next((line for line, field_name in fields if field_name == name), -1)


def _record_fields(old: list[str]) -> list[tuple[int, str]]:
    """The line and name of each key of the old record (OLD: its lines, `review:` first)."""
    fields: list[tuple[int, str]] = []
    depth, tokens = 0, list(_tokens(old))
    for index, token in enumerate(tokens):
        if isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
                              yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
            depth += 1
        elif isinstance(token, (yaml.BlockEndToken, yaml.FlowMappingEndToken,
                                yaml.FlowSequenceEndToken)):
            depth -= 1
        elif (depth == 2 and isinstance(token, yaml.KeyToken) and index + 1 < len(tokens)
              and isinstance(tokens[index + 1], yaml.ScalarToken)):
            fields.append((token.start_mark.line, str(tokens[index + 1].value)))
    return fields


def _comments(old: list[str]) -> dict[int, tuple[str, bool]]:
    """The comment of each line of OLD that has one: the text from the spaces before
    `#` on, and whether it is the whole line. YAML's tokens say where values end, so a
    `#` inside a value is no comment."""
    inside: set[int] = set()  # lines inside a value written over several lines
    ends: dict[int, int] = {}  # where the last value on a line ends
    for token in _tokens(old):
        first, last = token.start_mark, token.end_mark
        if (first.line, first.column) == (last.line, last.column):
            continue  # a token YAML adds where a key or block starts
        inside.update(range(first.line + 1, last.line))
        if last.column == 0:  # a value that ends with its line break
            inside.add(last.line - 1)
        else:
            ends[last.line] = max(ends.get(last.line, 0), last.column)
    comments: dict[int, tuple[str, bool]] = {}
    for number, line in enumerate(old):
        if number in ends:
            rest = line[ends[number]:]
            if rest.strip().startswith("#"):
                comments[number] = (rest.rstrip(), False)
        elif number not in inside and line.strip().startswith("#"):
            comments[number] = (line.rstrip(), True)
    return comments


def _tokens(old: list[str]) -> Any:
    return yaml.scan("\n".join(old) + "\n", Loader=yaml.CSafeLoader)


def _scalar(text: str) -> str:
    """Text as a YAML scalar that reads back as exactly this text."""
    if (_PLAIN.fullmatch(text) and not text.endswith(" ")
            and text.lower() not in _YAML_WORDS):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # Line and paragraph separators are line breaks to YAML: keep them escaped.
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace(
        "\u0085", "\\u0085")


def _set_scalar(lines: list[str], entry: _Entry, value: str) -> None:
    start, end = entry.start, entry.end
    if not entry.scalar or start.line != end.line:
        raise _CannotEdit("has a reviewed: value that is not a date on one line")
    line = lines[start.line]
    lines[start.line] = line[:start.column] + value + line[end.column:]


def _last_line(lines: list[str], entry: _Entry) -> int:
    """The last line of a top-level key's value, without the comments and blank lines
    that follow it (they belong to the next key)."""
    end = entry.end
    last: int = end.line if end.column > 0 else end.line - 1
    last = min(last, len(lines) - 1)
    while last > entry.key.start_mark.line and (
            not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    return last


def _insertion_line(lines: list[str], top: dict[str, _Entry]) -> int:
    """The line after which a new review record goes: after the header key it belongs
    with (`reviewed:`, else `review_every:`, …)."""
    for name in _ANCHORS:
        if name in top:
            return _last_line(lines, top[name])
    raise _CannotEdit("has no title:")  # not reached: a valid map has one
