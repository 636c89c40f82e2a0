"""cjm YAML as a person would write it: the order of docs/format.md, block style, long
text folded, quotes only where YAML needs them, the schema modeline, and a comment at
each place where a converter had to guess.

Reading cjm YAML is `cjm.load`'s job; `read` only hands it over.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel

from cjm.convert import Exported, Imported, WriteOptions
from cjm.load import Loc, load_bytes, resolve_plain
from cjm.model import InlinePersona, JourneyMap, slugify

WIDTH = 80  # yamllint's default line length
INDENT = 2
# Lists of ids read best on one line: `next: [pays]`.
FLOW_FIELDS = {"tags", "next", "addresses", "evidence"}
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
# What YAML 1.2 reads as a number and YAML 1.1 as text (an octal `0o17`): quoted as text.
_YAML12_NUMBER = re.compile(r"^[-+]?0o[0-7]+$")
_PRINTABLE = re.compile(r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]*$")


def read(raw: bytes, path: str) -> Imported:
    loaded = load_bytes(raw, path)
    source = loaded.source
    return Imported(source.data if source else None, source, loaded.problems)


def write(journey: JourneyMap, options: WriteOptions) -> Exported:
    return Exported(dump(journey, options.schema, options.guesses).encode("utf-8"))


def dump(journey: JourneyMap, schema: str, guesses: Mapping[Loc, str] | None = None) -> str:
    """The map as YAML text (ends with a newline)."""
    lines = [f"# yaml-language-server: $schema={schema}", "---"]
    writer = _Writer(guesses or {}, lines)
    writer.mapping(plain_data(journey), 0, ())
    return "\n".join(lines) + "\n"


def plain_data(model: BaseModel) -> dict[str, Any]:
    """A model as the data a person would write: fields in the model's order (which is
    docs/format.md's), defaults and derived ids left out."""
    data: dict[str, Any] = {}
    defaults = _defaults(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "id" and _derived(model):
            continue
        if name in ("cjm", "kind"):
            data[name] = value.value if isinstance(value, Enum) else value
            continue
        if name in defaults and value == defaults[name]:
            continue
        data[name] = _plain(value)
    if isinstance(model, InlinePersona) and "id" in data:
        data = {"id": data.pop("id"), **data}  # an entity's id comes first, as elsewhere
    return data


@functools.cache
def _defaults(model_class: type[BaseModel]) -> dict[str, Any]:
    """Each optional field's default (pydantic inspects a factory on every call)."""
    return {name: info.get_default(call_default_factory=True)
            for name, info in model_class.model_fields.items() if not info.is_required()}


def _derived(model: BaseModel) -> bool:
    """Whether the entity's id is the one cjm derives when it is left out."""
    if isinstance(model, InlinePersona):
        return model.id == slugify(model.name)
    return bool(getattr(model, "id_derived", False))


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return plain_data(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


class _Writer:
    def __init__(self, guesses: Mapping[Loc, str], lines: list[str]) -> None:
        self.guesses = guesses
        self.lines = lines

    def comment(self, loc: Loc, indent: int) -> None:
        note = self.guesses.get(loc)
        if note:
            for line in _wrap(f"cjm convert: {note}", WIDTH - indent - 2):
                self.lines.append(" " * indent + "# " + line)

    def mapping(self, data: Mapping[str, Any], indent: int, loc: Loc,
                first_prefix: str | None = None) -> None:
        """Write `data`'s keys at `indent`; the first line may start with `- `."""
        for index, (key, value) in enumerate(data.items()):
            prefix = first_prefix if (index == 0 and first_prefix is not None) else " " * indent
            here = (*loc, key)
            if index > 0 or first_prefix is None:
                self.comment(here, indent)
            self.entry(prefix, key, value, indent, here)

    def entry(self, prefix: str, key: str, value: Any, indent: int, loc: Loc) -> None:
        head = f"{prefix}{_key_text(key)}:"
        if isinstance(value, dict):
            self.lines.append(head)
            self.mapping(value, indent + INDENT, loc)
        elif isinstance(value, list):
            if not value:  # a fact's empty list: `key:` alone would be nothing at all
                self.lines.append(f"{head} []")
                return
            if key in FLOW_FIELDS and all(_flow_safe(item) for item in value):
                items = ", ".join(_quoted_if_needed(item) for item in value)
                if len(head) + len(items) + 3 <= WIDTH:
                    self.lines.append(f"{head} [{items}]")
                    return
            self.lines.append(head)
            self.sequence(value, indent + INDENT, loc)
        else:
            # A fact is a whole number or a float (34 or 34.0); a metric is always a float.
            exact = len(loc) >= 2 and loc[-2] == "facts"
            self.lines.extend(_scalar_lines(head, value, indent, exact=exact))

    def sequence(self, items: list[Any], indent: int, loc: Loc) -> None:
        for index, item in enumerate(items):
            here = (*loc, index)
            self.comment(here, indent)
            if isinstance(item, dict):
                if item:
                    self.comment((*here, next(iter(item))), indent)
                self.mapping(item, indent + INDENT, here, first_prefix=" " * indent + "- ")
            else:
                self.lines.extend(_scalar_lines(" " * indent + "-", item, indent + INDENT))


def _scalar_lines(head: str, value: Any, indent: int, *, exact: bool = False) -> list[str]:
    """`head value`, folded or quoted as needed; `indent` is the block's content indent;
    `exact`: a whole float is written as a float (`34.0`), not as a whole number."""
    if isinstance(value, bool):
        return [f"{head} {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{head} {value}"]
    if isinstance(value, float):
        return [f"{head} {_float(value, exact=exact)}"]
    if isinstance(value, dt.date):
        return [f"{head} {value.isoformat()}"]
    text = str(value)
    content_indent = " " * (indent + INDENT)
    line_end = text.endswith("\n") and "\n" not in text[:-1]
    if line_end and len(head) + len(text) > WIDTH and _foldable(text[:-1]):
        return [f"{head} >", *[content_indent + line
                               for line in _wrap(text[:-1], WIDTH - len(content_indent))]]
    if "\n" in text and _block_safe(text):
        chomp = "" if text.endswith("\n") else "-"
        body = text[:-1] if chomp == "" else text
        return [f"{head} |{chomp}", *[(content_indent + line).rstrip() if line else ""
                                    for line in body.split("\n")]]
    if len(head) + 1 + len(text) > WIDTH and _foldable(text):
        return [f"{head} >-", *[content_indent + line
                                for line in _wrap(text, WIDTH - len(content_indent))]]
    return [f"{head} {_quoted_if_needed(text)}"]


def _float(value: float, *, exact: bool = False) -> str:
    """A float as YAML 1.1 and 1.2 both read it back as this very float: the shortest
    digits that give it (repr), with a dot and a signed exponent, which YAML 1.1 needs
    (`5.0e-324`, `1.0e+16`); a whole float as a whole number (`3`) unless `exact`."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    if value == 0 and math.copysign(1.0, value) < 0:
        return "-0.0"
    if not exact and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent if exponent[0] in '+-' else '+' + exponent}"
    return text


def _key_text(key: str) -> str:
    """A mapping key (a persona fact's label is free text): quoted when YAML needs it, and
    when it starts with `=` or `+`, which YAML 1.1 may read as a value or a number."""
    if _plain_safe(key) and not key.startswith(("=", "+")):
        return key
    if "'" not in key and _PRINTABLE.match(key) and "\n" not in key:
        return "'" + key + "'"
    return json.dumps(key, ensure_ascii=False)


def _quoted_if_needed(text: str) -> str:
    if _plain_safe(text):
        return text
    if "'" not in text and _PRINTABLE.match(text) and "\n" not in text:
        return "'" + text + "'"
    return json.dumps(text, ensure_ascii=False)


def _plain_safe(text: str) -> bool:
    """Whether YAML reads `text` unquoted as this very string."""
    if not text or text != text.strip() or not _PRINTABLE.match(text) or "\n" in text:
        return False
    if "\t" in text or text[0] in _INDICATORS or ": " in text or " #" in text:
        return False
    if text.endswith(":") or text.startswith(("---", "...")):
        return False
    return bool(resolve_plain(text) == text) and not _YAML12_NUMBER.match(text)


def _flow_safe(item: Any) -> bool:
    return isinstance(item, str) and not _FLOW_UNSAFE.search(item)


def _block_safe(text: str) -> bool:
    """A literal block keeps the text exactly (no leading spaces to confuse indentation,
    no trailing spaces lost, printable)."""
    if text.endswith("\n\n"):
        return False
    lines = text.rstrip("\n").split("\n")
    return (bool(lines[0]) and not lines[0][0].isspace() and _PRINTABLE.match(text) is not None
            and all(line == line.rstrip() for line in lines) and "\t" not in text)


def _foldable(text: str) -> bool:
    """A folded block gives back the text when its words are joined by single spaces."""
    return (_PRINTABLE.match(text) is not None and "\t" not in text and "  " not in text
            and text == text.strip() and "\n" not in text)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines

