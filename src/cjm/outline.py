"""A map as plain lines, one fact per line: what `cjm show` prints and git's textconv reads.

Every entity starts a line of its own (`stage discover: Discover`, `step sees-ad: Sees an
Instagram ad`) and each of its fields follows on a line indented beneath it, list items
one per line. So a line-by-line diff of two outlines (`git log -p`, `git show`,
`git blame` with cjm as textconv) shows a change as the fields that changed, under the
entity they belong to, whatever the YAML's layout, quoting or comments were.

A file that is not a valid map is shown as its problems, then its text as it is, so git
still shows what changed in it.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cjm.model import EMOTION_WORDS, Better, JourneyMap, Persona
from cjm.validate import check_file

INDENT = "  "
# Lists of entities: the word that starts each one's line, and the field that names it.
ENTITIES = {
    "stages": ("stage", "name"),
    "metrics": ("metric", "name"),
    "steps": ("step", "name"),
    "pain_points": ("pain point", "text"),
    "opportunities": ("opportunity", "text"),
    "evidence": ("evidence", "title"),
}
# Fields a heading line already shows.
_HEADING_FIELDS = frozenset({"cjm", "kind", "id", "title"})


def outline_file(path: str | Path) -> str:
    """The outline of the map or persona file at path (its problems when it is broken)."""
    checked = check_file(path, None)
    model = checked.model
    if isinstance(model, JourneyMap | Persona) and checked.ok:
        given_id = checked.source is not None and isinstance(checked.source.data, dict) \
            and "id" in checked.source.data
        return "\n".join(outline(model, show_id=given_id)) + "\n"
    lines = [str(problem) for problem in checked.problems] or [f"{path}: not a cjm file"]
    try:
        text = Path(path).read_bytes().decode("utf-8", "replace")
    except OSError:
        text = ""
    return "\n".join([*lines, "", text.rstrip("\n")]) + "\n"


def outline(model: JourneyMap | Persona, show_id: bool = True) -> list[str]:
    """The lines of a valid map or persona. show_id=False leaves out a map id that came
    from the file's name (git hands textconv a temporary file with another name)."""
    title = model.title if isinstance(model, JourneyMap) else model.name
    if isinstance(model, Persona):
        return [f"persona {model.id}: {title}", *_fields(model, 1, _HEADING_FIELDS | {"name"})]
    heading = f"journey {model.id}: {title}" if show_id else f"journey: {title}"
    return [heading, *_fields(model, 1, _HEADING_FIELDS)]


def _fields(model: BaseModel, depth: int, skip: frozenset[str] = frozenset()) -> list[str]:
    lines: list[str] = []
    pad = INDENT * depth
    for name in type(model).model_fields:
        if name in skip:
            continue
        value = getattr(model, name)
        if value is None or value == [] or value == {} or value is False or (
                name == "better" and value == Better.more):  # what goes without saying
            continue
        if name in ENTITIES and isinstance(value[0], BaseModel):
            word, label = ENTITIES[name]
            for entity in value:
                lines.append(f"{pad}{word} {entity.id}: {_one_line(getattr(entity, label))}")
                lines += _fields(entity, depth + 1, skip=frozenset({"id", label}))
        elif isinstance(value, BaseModel):  # an inline persona
            lines.append(f"{pad}{name}: {getattr(value, 'id', '')}")
            lines += _fields(value, depth + 1, skip=frozenset({"id"}))
        elif isinstance(value, list):
            lines += [f"{pad}{name}: {_text(item)}" for item in value]
        elif isinstance(value, dict):  # a persona's facts, one a line under its label
            lines += [f"{pad}{name} {label}: "
                      + (", ".join(map(_text, fact)) if isinstance(fact, list) else _text(fact))
                      for label, fact in value.items()]
        elif value is True:
            lines.append(f"{pad}{name}: yes")
        elif name == "emotion":
            lines.append(f"{pad}emotion: {value:+d} ({EMOTION_WORDS[value]})" if value
                         else f"{pad}emotion: 0 ({EMOTION_WORDS[0]})")
        else:
            lines += [f"{pad}{name}: {line}" for line in _text(value).splitlines() or [""]]
    return lines


def _text(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).rstrip("\n")


def _one_line(value: Any) -> str:
    return " ".join(_text(value).split())
