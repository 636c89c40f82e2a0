"""YAML → plain data plus a source map, safely.

The loader reads libyaml's event stream (never PyYAML's pure-Python parser) and builds
the data itself, with an explicit stack instead of recursion. That way it can:

- refuse deep nesting before it costs anything (libyaml's own composer recurses in C
  and crashes the process at about 25,000 levels);
- refuse aliases and merge keys, so no small file expands into a huge one;
- keep every value's and key's 1-based line and column;
- report duplicate keys (PyYAML silently keeps the last);
- never construct Python objects from tags (`!!python/...`);
- remember which unquoted scalars YAML 1.1 turned into something other than text
  (`no` → false, `2026-01-01` → a date, `1_000` → 1000), so a text field can say
  "put it in quotes" instead of keeping a mangled value.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from cjm.files import NotARegularFile, TooLarge, read_input
from cjm.problems import FileRule, Problem, Severity

try:
    from yaml import CSafeLoader as _CLoader
except ImportError as exc:  # pragma: no cover - depends on how PyYAML was built
    raise ImportError(
        "cjm needs PyYAML built with libyaml (yaml.CSafeLoader); reinstall PyYAML from a wheel"
    ) from exc

DEFAULT_MAX_BYTES = 16_000_000
MAX_DEPTH = 64
MAX_CONTROL_CHARACTER_REPORTS = 20

Loc = tuple[str | int, ...]
Position = tuple[int, int]

# C0 and C1 control characters other than tab, newline and carriage return
# (libyaml folds CRLF into newlines); U+0085 is YAML's own next-line break.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_TAB_INDENT = re.compile(r"^ *\t")
# MAX_DEPTH flow openers in a row: the depth check's limit inside the top-level mapping.
_BRACKET_RUN = re.compile(r"[\[{](?:\s*[\[{]){" + str(MAX_DEPTH - 1) + "}")

# YAML 1.1 implicit types, as PyYAML resolves them (its SafeLoader is the reference).
_BOOL_TRUE = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_BOOL_FALSE = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
# Floats: YAML 1.1's forms, and YAML 1.2's (and JSON's) that 1.1 reads as text: an
# exponent without a dot or its sign (`1e-5`, `5e-324`, `1E5`, `1.5e3`), a sign before a
# leading dot (`-.5`). Editors and other tools read those as numbers, and so does cjm.
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)
    |[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+
    |[-+]?\.[0-9]+)$""",
    re.X,
)
_TIMESTAMP = re.compile(
    r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}
     (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""",
    re.X,
)
_STR_TAGS = {"tag:yaml.org,2002:str", "!"}
_COMMENT_AFTER = re.compile(r"[ \t]*(#[^\r\n]*?)[ \t]*$")


@dataclass(slots=True)
class Source:
    """A loaded YAML file: its data and where each value came from."""

    path: str
    data: dict[str, Any]
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    # Unquoted scalars that YAML 1.1 read as something other than text, by location.
    coerced: dict[Loc, str] = field(default_factory=dict)
    # Empty values followed by a comment (`color: #AA3377`), by location: the comment.
    comments: dict[Loc, str] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of `loc`, or of its nearest enclosing value that exists."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            found = self.values.get(loc)
            if found is not None:
                return found
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, rule: str, message: str, *, key: bool = False,
                severity: Severity = Severity.error) -> Problem:
        """The problem at `loc` (its key with `key=True`): the one way a place in the
        document becomes a positioned Problem with its location string."""
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, severity, rule, message, self.location(loc))

    def location(self, loc: Loc) -> str:
        """A readable path to `loc`: `stages[id=pay].next[0]`."""
        text = ""
        node: Any = self.data
        for part in loc:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    text += f"[id={item['id']}]"
                else:
                    text += f"[{part}]"
                node = item
            else:
                text += f".{part}" if text else part
                node = node.get(part) if isinstance(node, dict) else None
        return text


@dataclass(slots=True)
class Loaded:
    """The outcome of loading one file: the source when it could be read, and problems."""

    source: Source | None
    problems: list[Problem]


class _Refused(Exception):
    """Stops loading: the file cannot be read any further."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def load_file(path: str | Path, *, display: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load a cjm file from disk. Never raises for bad content; problems say what is wrong."""
    shown = display if display is not None else str(path)
    try:
        raw = read_input(path, max_bytes)
    except TooLarge as large:
        size = f"{large.size:,} bytes" if large.size is not None else "larger than that"
        return Loaded(None, [_problem(shown, 1, 1, FileRule.too_complex,
            f"the file is {size}; cjm reads files up to {max_bytes:,} bytes "
            "(split the map, or raise max_file_size in cjm.yaml)")])
    except NotARegularFile as exc:
        return Loaded(None, [_problem(shown, 1, 1, FileRule.unreadable,
            f"{exc.strerror}; cjm reads only regular files")])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Loaded(None, [_problem(shown, 1, 1, FileRule.unreadable,
                                      f"cannot read the file: {reason}")])
    return load_bytes(raw, shown, max_bytes=max_bytes)


def load_bytes(raw: bytes, path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load cjm YAML from bytes (UTF-8, with or without a byte-order mark)."""
    if len(raw) > max_bytes:
        return Loaded(None, [_problem(path, 1, 1, FileRule.too_complex,
            f"the file is over {max_bytes:,} bytes; cjm reads files up to that size")])
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        return Loaded(None, [_problem(path, line, column, FileRule.encoding,
            "this looks like a binary file, not YAML text (it contains a NUL byte)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position_of(raw, exc.start)
        return Loaded(None, [_problem(path, line, column, FileRule.encoding,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read); "
            "save it as UTF-8")])
    return load_text(text, path)


def load_text(text: str, path: str) -> Loaded:
    """Load cjm YAML from text."""
    controls = _control_characters(text, path)
    if controls:
        return Loaded(None, controls)
    builder = _Builder(path, text)
    try:
        builder.run()
    except _Refused as refused:
        loaded = Loaded(None, [*builder.problems, refused.problem])
    else:
        assert builder.source is not None
        loaded = Loaded(builder.source, builder.problems)
    if _YAML_ONLY_BREAK.search(text):
        _as_editors_count(loaded, text)
    return loaded


# libyaml starts a new line at U+0085, U+2028 and U+2029 too; editors and `cjm` users
# count lines by \n, \r\n and \r alone.
_YAML_ONLY_BREAK = re.compile("[\x85\u2028\u2029]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile("\r\n|[\r\n]")


def _as_editors_count(loaded: Loaded, text: str) -> None:
    """Every position of loaded moved from libyaml's lines to the lines an editor shows."""
    yaml_starts = [0, *(match.end() for match in _YAML_BREAK.finditer(text))]
    editor_starts = [0, *(match.end() for match in _EDITOR_BREAK.finditer(text))]

    def moved(position: Position) -> Position:
        line, column = position
        offset = yaml_starts[min(line, len(yaml_starts)) - 1] + column - 1
        index = bisect.bisect_right(editor_starts, offset) - 1
        return index + 1, offset - editor_starts[index] + 1

    loaded.problems[:] = [replace(p, line=moved((p.line, p.column))[0],
                                  column=moved((p.line, p.column))[1])
                          for p in loaded.problems]
    if loaded.source is not None:
        for table in (loaded.source.values, loaded.source.keys):
            for loc, position in table.items():
                table[loc] = moved(position)


def _problem(path: str, line: int, column: int, rule: str, message: str,
             location: str = "") -> Problem:
    return Problem(path, line, column, Severity.error, rule, message, location)


def _text_position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _mark_position(exc: yaml.MarkedYAMLError) -> Position:
    """Where libyaml says its error is (1-based), or the start of the file."""
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _position_of(raw: bytes, offset: int) -> Position:
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _control_characters(text: str, path: str) -> list[Problem]:
    problems = []
    for match in _CONTROL.finditer(text):
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(_problem(path, line, column, FileRule.invalid_value,
            f"the text contains the invisible control character U+{ord(match.group()):04X}; "
            "remove it"))
        if len(problems) >= MAX_CONTROL_CHARACTER_REPORTS:
            break
    return problems


def resolve_plain(value: str) -> Any:
    """What YAML 1.1 (PyYAML's SafeLoader) makes of an unquoted scalar."""
    first = value[:1]
    if value in _NULL:
        return None
    if first in "yYnNtTfFoO" and (value in _BOOL_TRUE or value in _BOOL_FALSE):
        return value in _BOOL_TRUE
    if first in "-+0123456789.":
        try:
            if _INT.match(value):
                return _to_int(value)
            if _FLOAT.match(value):
                return _to_float(value)
        except ValueError:
            # What the patterns let through but no number is (`0x_`, `0b_`, a number of
            # thousands of digits): text, which a number field reports at its position.
            return value
        if _TIMESTAMP.match(value):
            return _to_timestamp(value)
    return value


def _to_int(value: str) -> int:
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    if text == "0":
        return 0
    if text.startswith("0b"):
        return sign * int(text[2:], 2)
    if text.startswith("0x"):
        return sign * int(text[2:], 16)
    if text[0] == "0":
        return sign * int(text, 8)
    if ":" in text:
        total = 0
        for part in text.split(":"):
            total = total * 60 + int(part)
        return sign * total
    return sign * int(text)


def _to_float(value: str) -> float:
    text = value.replace("_", "").lower()
    sign = -1.0 if text[0] == "-" else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    if ":" in text:
        total = 0.0
        for part in text.split(":"):
            total = total * 60 + float(part)
        return sign * total
    return sign * float(text)


def _to_timestamp(value: str) -> Any:
    node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", value)
    try:
        result: dt.date = yaml.SafeLoader.construct_yaml_timestamp(
            yaml.SafeLoader(""), node
        )
    except ValueError:  # e.g. 2026-02-30: not a date, so keep the text
        return value
    return result


class _Frame:
    __slots__ = ("container", "count", "is_map", "key", "key_mark", "loc")

    def __init__(self, container: Any, loc: Loc, is_map: bool) -> None:
        self.container = container
        self.loc = loc
        self.is_map = is_map
        self.key: str | None = None
        self.key_mark: Position = (0, 0)
        self.count = 0


class _Builder:
    """Builds plain data from libyaml events with an explicit stack."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self.source: Source | None = None
        self._lines: list[str] | None = None

    def refuse(self, line: int, column: int, rule: str, message: str) -> _Refused:
        return _Refused(_problem(self.path, line, column, rule, message))

    def run(self) -> None:
        loader = _CLoader(self.text)
        # The document is a tree (no aliases), so building it makes no reference cycles
        # for the collector to find; yet it would scan everything built so far many
        # times over, which costs up to a third of loading a large file.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(loader)
        except yaml.MarkedYAMLError as exc:
            if exc.problem and "nesting depth" in exc.problem:
                raise self._too_deep(exc) from None
            raise self._syntax_error(exc) from None
        except yaml.YAMLError as exc:
            raise self.refuse(1, 1, FileRule.yaml_syntax,
                              f"the YAML cannot be read: {exc}") from None
        finally:
            loader.dispose()
            if collecting:
                gc.enable()

    def refuse_too_deep(self, line: int, column: int) -> _Refused:
        return self.refuse(line, column, FileRule.too_complex,
            f"the data is nested more than {MAX_DEPTH} levels deep; "
            "a journey map never needs that many")

    def _too_deep(self, exc: yaml.MarkedYAMLError) -> _Refused:
        # Newer libyaml stops at its own depth limit while scanning ahead, before the
        # events reach our check; report the place our check would have named when the
        # nesting is a plain run of brackets, else where libyaml stopped.
        run = _BRACKET_RUN.search(self.text)
        if run is not None:
            return self.refuse_too_deep(*_text_position(self.text, run.end() - 1))
        return self.refuse_too_deep(*_mark_position(exc))

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> _Refused:
        line, column = _mark_position(exc)
        lines = self.text.splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        if _TAB_INDENT.match(source_line) or "'\\t'" in str(exc.problem):
            return self.refuse(line, column, FileRule.yaml_syntax,
                "a tab is used for indentation; YAML only allows spaces there")
        # Imported here, not at the top: only a file that cannot be read needs it.
        from cjm.yaml_mistakes import explain

        explained = explain(exc, self.text)
        if explained is not None:
            return self.refuse(explained.line, explained.column, FileRule.yaml_syntax,
                               explained.message)
        problem = (exc.problem or "unexpected text").rstrip(".")
        context = f", {exc.context}" if exc.context else ""
        return self.refuse(line, column, FileRule.yaml_syntax,
            "the YAML cannot be read here; check the indentation and quoting around this "
            f"line (the YAML reader says: {problem}{context})")

    def _comment_after(self, line: int, column: int) -> tuple[int, str] | None:
        """The comment that starts right after an empty value at (line, column), 0-based:
        `color: #AA3377` is a key with no value and a comment."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        text = self._lines[line] if line < len(self._lines) else ""
        found = _COMMENT_AFTER.match(text, column)
        return (found.start(1), found.group(1)) if found else None

    def _build(self, loader: Any) -> None:
        values: dict[Loc, Position] = {}
        keys: dict[Loc, Position] = {}
        coerced: dict[Loc, str] = {}
        comments: dict[Loc, str] = {}
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        get_event = loader.get_event
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                position = (mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    raise self.refuse(*position, FileRule.too_complex,
                        f"anchors (&{event.anchor}) are not supported in cjm files; "
                        "write the value out in full")
                tag = event.tag
                if tag is not None and tag not in _STR_TAGS and not (
                    kind is not scalar_event and tag in (
                        "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
                ):
                    shown_tag = tag.replace("tag:yaml.org,2002:", "!!")
                    raise self.refuse(*position, FileRule.invalid_value,
                        f"the tag {shown_tag} is not supported in cjm files; remove it")

                frame = stack[-1] if stack else None
                # A scalar in key position of a mapping: remember the key, wait for its value.
                if frame is not None and frame.is_map and frame.key is None:
                    if kind is not scalar_event:
                        raise self.refuse(*position, FileRule.invalid_value,
                            "a key must be plain text, not a list or mapping")
                    key = event.value
                    if key == "<<" and not event.style:
                        raise self.refuse(*position, FileRule.too_complex,
                            "merge keys (<<) are not supported in cjm files; "
                            "write the keys out in full")
                    if key in frame.container:
                        first = keys[(*frame.loc, key)]
                        self.problems.append(_problem(self.path, *position, FileRule.duplicate_key,
                            f'the key "{key}" appears twice in this mapping (first on line '
                            f"{first[0]}); keep one of them"))
                        key = _DUPLICATE
                    frame.key = key
                    frame.key_mark = position
                    continue

                if frame is None:
                    loc: Loc = ()
                elif frame.is_map:
                    loc = (*frame.loc, frame.key)  # type: ignore[arg-type]
                else:
                    loc = (*frame.loc, frame.count)

                if kind is scalar_event:
                    value: Any = event.value
                    if event.style == '"' and _CONTROL.search(value):
                        raise self.refuse(*position, FileRule.invalid_value,
                            "the text contains an escaped control character (such as \\a or "
                            "\\x1b); remove it")
                    if not event.style and tag is None:
                        value = resolve_plain(value)
                        if value.__class__ is not str:
                            coerced[loc] = event.value
                        if value is None and not event.value:
                            comment = self._comment_after(mark.line, mark.column)
                            if comment is not None:
                                comments[loc] = comment[1]
                                position = (mark.line + 1, comment[0] + 1)
                elif kind is mapping_start:
                    value = {}
                else:
                    value = []

                if frame is None:
                    root = value
                elif frame.is_map:
                    if frame.key is not _DUPLICATE:
                        frame.container[frame.key] = value
                        values[loc] = position
                        keys[loc] = frame.key_mark
                    frame.key = None
                else:
                    frame.container.append(value)
                    values[loc] = position
                    frame.count += 1
                if frame is None:
                    values[loc] = position

                if kind is not scalar_event:
                    if len(stack) >= MAX_DEPTH:
                        raise self.refuse_too_deep(*position)
                    stack.append(_Frame(value, loc, kind is mapping_start))
            elif kind in collection_end:
                stack.pop()
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                raise self.refuse(mark.line + 1, mark.column + 1, FileRule.too_complex,
                    f"aliases (*{event.anchor}) are not supported in cjm files; "
                    "write the value out in full")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise self.refuse(mark.line + 1, mark.column + 1, FileRule.yaml_syntax,
                        "a second YAML document starts here (after ---); "
                        "a cjm file holds exactly one")
            elif kind is yaml.StreamEndEvent:
                break

        if root is None:  # no document, or an empty one
            raise self.refuse(1, 1, FileRule.empty_file,
                "the file is empty; a cjm file starts with `cjm: 1` and a `kind`")
        if not isinstance(root, dict):
            what = "a list" if isinstance(root, list) else "a single value"
            raise self.refuse(1, 1, FileRule.invalid_value,
                f"the file holds {what}; a cjm file is a mapping that starts with `cjm: 1` "
                "and a `kind`")
        self.source = Source(self.path, root, values, keys, coerced, comments)


class _DuplicateKey(str):
    """Marks the value of a repeated key, which is reported and then skipped."""

    __slots__ = ()


_DUPLICATE = _DuplicateKey("<duplicate>")
