"""Spreadsheets (CSV and XLSX), both ways: one row per step, in a layout a person edits.

The sheet starts with the map's own fields, one per row (`title` in column A, its value
in column B), then a header row, then one row per step. Columns may come in any order,
in any case, under common synonyms (`Phase` for Stage, `Score` for Emotion). Cells that
hold several things have one per line; pain points, opportunities, metrics and evidence
are one per line as `text | key: value | ...`. docs/convert.md shows the layout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cjm.convert import Exported, Imported, WriteOptions
from cjm.load import Loc, Position, Source
from cjm.model import InlinePersona, JourneyMap, Stage, Step, slugify
from cjm.problems import CjmError, Problem, Severity

Rows = list[list[Any]]

# column key → (header written, synonyms read)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stage": ("Stage", ("stage", "phase", "stage name", "phase name")),
    "stage_id": ("Stage id", ("stage id", "phase id")),
    "goal": ("Stage goal", ("stage goal", "goal", "customer goal", "expectation",
                            "expectations")),
    "stage_description": ("Stage description", ("stage description", "phase description")),
    "metrics": ("Stage metrics", ("stage metrics", "metrics", "kpis", "kpi")),
    "stage_pain_points": ("Stage pain points", ("stage pain points", "stage pains")),
    "stage_opportunities": ("Stage opportunities", ("stage opportunities", "stage ideas")),
    "step": ("Step", ("step", "step name", "task", "activity")),
    "id": ("Step id", ("step id", "id")),
    "channel": ("Channel", ("channel", "channels")),
    "touchpoint": ("Touchpoint", ("touchpoint", "touch point", "touchpoints", "touch points")),
    "actions": ("Actions", ("actions", "action", "doing", "does")),
    "thoughts": ("Thoughts", ("thoughts", "thought", "thinking", "questions")),
    "emotion": ("Emotion", ("emotion", "score", "emotion score", "sentiment", "mood")),
    "emotion_assumed": ("Emotion assumed", ("emotion assumed", "assumed emotion")),
    "feeling": ("Feeling", ("feeling", "feelings")),
    "team": ("Team", ("team", "owner", "step owner", "owning team")),
    "frontstage": ("Frontstage", ("frontstage", "front stage", "front-stage")),
    "backstage": ("Backstage", ("backstage", "back stage", "back-stage")),
    "support": ("Support", ("support", "support processes", "systems")),
    "tags": ("Tags", ("tags", "tag", "labels")),
    "next": ("Next", ("next", "next steps", "goes to")),
    "pain_points": ("Pain points", ("pain points", "pain point", "pains", "pain",
                                    "pain-points")),
    "opportunities": ("Opportunities", ("opportunities", "opportunity", "ideas")),
}
_SYNONYMS = {synonym.replace("_", " "): key for key, (_, names) in COLUMNS.items()
             for synonym in names}
ALWAYS = ["stage", "step", "channel", "touchpoint", "actions", "thoughts", "emotion",
          "feeling", "team", "frontstage", "backstage", "support", "pain_points",
          "opportunities"]
LIST_FIELDS = ("actions", "thoughts", "frontstage", "backstage", "support")
TEXT_FIELDS = ("touchpoint", "feeling", "team")
ID_LISTS = ("tags", "next")

# The map's own fields, in the rows above the header: row key → model field.
MAP_FIELDS = ["id", "title", "persona", "state", "owner", "reviewed", "review_every",
              "scenario", "description"]
PERSONA_FIELDS = ["id", "name", "description", "segment", "goals", "needs", "frustrations",
                  "quote", "expectations", "facts"]
PERSONA_LISTS = ("goals", "needs", "frustrations", "expectations")
# The stage's own fields, on its first row: column key → model field.
STAGE_ENTITIES = {"metrics": "metrics", "stage_pain_points": "pain_points",
                  "stage_opportunities": "opportunities"}
# The map's own lists, one row per entry above the header: row key → model field.
MAP_ENTITIES = {"pain point": "pain_points", "opportunity": "opportunities",
                "evidence": "evidence"}
YES = ("yes", "true", "y", "1", "x")
NO = ("no", "false", "n", "0", "")

# Parts of a `text | key: value` cell line, by entity: field → how it is read.
PARTS: dict[str, dict[str, str]] = {
    "pain_points": {"text": "text", "id": "text", "severity": "text", "evidence": "ids",
                    "assumed": "yes/no"},
    "opportunities": {"text": "text", "id": "text", "owner": "text", "status": "text",
                      "addresses": "ids", "link": "text"},
    "metrics": {"name": "text", "id": "text", "value": "number", "target": "number",
                "unit": "text", "better": "text", "owner": "text", "source": "text"},
    "evidence": {"title": "text", "id": "text", "kind": "text", "date": "text", "url": "text",
                 "description": "text"},
}
_FORMULA_START = tuple("=+-@\t\r'")
EMPTY = '""'  # an empty text, in a cell or a line of one
_QUOTED_EMPTY = re.compile(r'^\\*""$')
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
# A number in a fact cell of a CSV: `34`, `-2.5`, `1e-5` (YAML 1.2's and JSON's forms).
_FACT_NUMBER = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# A fact's row: `persona fact: <label>` in column A (any case and spacing).
_FACT_ROW = re.compile(r"^\s*persona[\s_]+fact\s*:(.*)$", re.I | re.S)
# An item of a fact's `[a, "b, c"]` list: in double quotes (JSON), or plain up to a comma.
_FACT_ITEM = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([^,\[\]"]*?))\s*(,|$)', re.S)


def _other_map_fields() -> list[str]:
    """The map's fields without a place of their own in the sheet (e.g. `review`)."""
    handled = {"cjm", "kind", "stages", *MAP_ENTITIES.values(), *MAP_FIELDS}
    return [name for name in JourneyMap.model_fields if name not in handled]


def _key(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower())


# ---------------------------------------------------------------------------- cells


def escape(text: str) -> str:
    """Text inside a one-per-line cell or a map row: backslash, line breaks and `|`
    escaped, spaces at either end written `\\s` (a reader trims the spaces around `|`),
    and an empty text written `""` (an empty line or cell is no value at all)."""
    if not text:
        return EMPTY
    text = (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            .replace("|", "\\|"))
    if not text.strip(" \t"):  # a line of only spaces and tabs would be skipped
        return text.replace(" ", "\\s").replace("\t", "\\t")
    core = text.strip(" ")
    if core != text:
        start = text.index(core)
        text = "\\s" * start + core + "\\s" * (len(text) - start - len(core))
    return "\\" + text if text == EMPTY else text  # the text of two quote marks


_ESCAPES = {"n": "\n", "r": "\r", "s": " ", "t": "\t", "\\": "\\", "|": "|", '"': '"'}


def _unescape(text: str) -> str:
    if text == EMPTY:
        return ""
    return re.sub(r'\\([\\nrst|"])', lambda m: _ESCAPES[m.group(1)], text)


# A backslash that would start an escape (before a carriage return, written `\r`, too;
# or at the end, before a `\s`) is doubled.
_ESCAPE_START = re.compile(r'\\(?=[\\nrst|"\r]|$)')


def row_text(text: str) -> str:
    """A text in column B of a map row (a title, a description, a persona's quote): as it
    is, with its line breaks as line breaks, but a backslash that would start an escape
    doubled, a carriage return `\\r`, spaces and tabs at either end `\\s` and `\\t` (the
    reader trims what a person types around a value) and an empty text `""`. Earlier
    versions wrote `\\n` for a line break; the reader decodes it the same way."""
    if not text:
        return EMPTY
    core = text.strip(" \t")
    start = text.index(core) if core else len(text)
    ends = {" ": "\\s", "\t": "\\t"}
    body = _ESCAPE_START.sub(r"\\\\", core).replace("\r", "\\r")
    text = ("".join(ends[c] for c in text[:start]) + body
            + "".join(ends[c] for c in text[start + len(core):]))
    return "\\" + text if text == EMPTY else text  # the text of two quote marks


def cell_text(text: str) -> str:
    """A text as a cell of its own (a name, a touchpoint): as it is, but an empty text is
    `""` and a text of backslashes and two quote marks gains a backslash."""
    return EMPTY if not text else "\\" + text if _QUOTED_EMPTY.match(text) else text


def _from_cell(text: str) -> str:
    return "" if text == EMPTY else text[1:] if _QUOTED_EMPTY.match(text) and text[0] == "\\" \
        else text


def _split_parts(line: str) -> list[str]:
    return [part.strip(" ") for part in
            re.split(r"(?<!\\)\|", line.replace("\\\\", "\x00"))]


def neutralise(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a leading apostrophe)."""
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def _unneutralise(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 and (
            value != 0 or math.copysign(1.0, value) > 0):  # -0.0 keeps its sign
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _fact_label(label: str) -> str:
    """A fact's label after `persona fact: `: as it is, or in JSON's double quotes when
    reading it back would trim it or take it for quoted text."""
    if label == label.strip() and not re.search(r"[\r\n]", label) and not (
            label.startswith('"') and label.endswith('"')):
        return label
    return json.dumps(label, ensure_ascii=False)


def _fact_cell(fact: Any) -> Any:
    """A fact's value cell: a number as a number, a list as `[a, b]`, a text as it is or,
    where it would read as something else, in JSON's double quotes (docs/convert.md). A
    text that reads as a number is quoted in XLSX too, where its text cell would say it
    is text, so that it stays text in a CSV a spreadsheet saves from the workbook."""
    if isinstance(fact, int | float):
        return fact
    if isinstance(fact, list):
        return "[" + ", ".join(item if item and item == item.strip() and not re.search(
            r'[,\[\]"\r\n]', item) else json.dumps(item, ensure_ascii=False)
            for item in fact) + "]"
    text = str(fact)
    plain = (text and text == text.strip() and "\r" not in text
             and not (text.startswith('"') and text.endswith('"'))
             and not (text.startswith("[") and text.endswith("]"))
             and not _FACT_NUMBER.match(text))
    return text if plain else json.dumps(text, ensure_ascii=False)


def _entity_line(values: dict[str, Any], first: str) -> str:
    """`text | key: value | … | id: …`: the id last, as docs/convert.md shows it."""
    parts = [escape(str(values[first]))]
    ordered = {name: value for name, value in values.items() if name != "id"}
    if "id" in values:
        ordered["id"] = values["id"]
    for name, value in ordered.items():
        if name == first or value is None or value == [] or value is False:
            continue
        if isinstance(value, list):
            shown = ", ".join(value)
        elif value is True:
            shown = "yes"
        elif isinstance(value, float | int):
            shown = _number_text(value)
        else:
            shown = escape(str(value))
        parts.append(f"{name}: {shown}")
    return " | ".join(parts)


# ---------------------------------------------------------------------------- writing


def rows_of(journey: JourneyMap) -> Rows:
    """The sheet's rows for a map: its fields, a blank row, the header, one row per step."""
    rows: Rows = []
    for name in MAP_FIELDS:
        value = getattr(journey, name)
        if name == "persona" and isinstance(value, InlinePersona):
            for field_name in PERSONA_FIELDS:
                part = getattr(value, field_name)
                if field_name == "id" and part == _slug(value.name):
                    continue
                if field_name == "facts":  # one row per fact, its label in column A
                    rows.extend([f"persona fact: {_fact_label(label)}",
                                 _fact_cell(fact)]
                                for label, fact in part.items())
                elif part is not None and part != [] and part != {}:
                    rows.append([f"persona {field_name}",
                                 "\n".join(map(escape, part)) if isinstance(part, list)
                                 else row_text(part)])
            continue
        if value is None or (name == "id" and value == "") or (
                name == "state" and value.value == "current"):
            continue
        rows.append([name.replace("_", " "), value.isoformat() if isinstance(value, dt.date)
                     else row_text(str(getattr(value, "value", value)))])
    for name in _other_map_fields():
        value = getattr(journey, name)
        if value is not None and value != []:
            # A field the sheet has no layout for travels as JSON in its row.
            dumped = ([_dump(item) for item in value] if isinstance(value, list)
                      else journey.model_dump(mode="json", include={name})[name])
            rows.append([name.replace("_", " "), json.dumps(dumped, ensure_ascii=False)])
    for row_key, name in MAP_ENTITIES.items():
        for entity in getattr(journey, name):
            rows.append([row_key, _entity_line(_dump(entity), next(iter(PARTS[name])))])
    rows.append([])
    columns = _columns_used(journey)
    rows.append([COLUMNS[key][0] for key in columns])
    for stage in journey.stages:
        if not stage.steps:
            rows.append([_cell(stage, None, key, first=True) for key in columns])
        for index, step in enumerate(stage.steps):
            rows.append([_cell(stage, step, key, first=index == 0) for key in columns])
    return [[neutralise(cell) if isinstance(cell, str) else cell for cell in row]
            for row in rows]


def _slug(name: str) -> str:
    return slugify(name)


def _columns_used(journey: JourneyMap) -> list[str]:
    steps = [step for _, step in journey.all_steps()]
    optional = {
        "stage_id": any(not stage.id_derived for stage in journey.stages),
        "goal": any(stage.goal is not None for stage in journey.stages),
        "stage_description": any(stage.description is not None for stage in journey.stages),
        **{key: any(getattr(stage, name) for stage in journey.stages)
           for key, name in STAGE_ENTITIES.items()},
        "emotion_assumed": any(step.emotion_assumed for step in steps),
        "id": any(not step.id_derived for step in steps),
        "tags": any(step.tags for step in steps),
        "next": any(step.next for step in steps),
    }
    return [key for key in COLUMNS if key in ALWAYS or optional.get(key)]


def _cell(stage: Stage, step: Step | None, key: str, *, first: bool) -> Any:
    if key == "stage":
        return cell_text(stage.name)
    if key == "stage_id":
        return "" if stage.id_derived else stage.id
    if key in ("goal", "stage_description", *STAGE_ENTITIES):
        if not first:
            return ""
        if key in STAGE_ENTITIES:
            return "\n".join(_entity_line(_dump(item), "name" if key == "metrics" else "text")
                             for item in getattr(stage, STAGE_ENTITIES[key]))
        text = stage.goal if key == "goal" else stage.description
        return "" if text is None else cell_text(text)
    if step is None:
        return ""
    if key == "step":
        return cell_text(step.name)
    if key == "id":
        return "" if step.id_derived else step.id
    if key == "emotion":
        return "" if step.emotion is None else step.emotion
    if key == "emotion_assumed":
        return "yes" if step.emotion_assumed else ""
    if key in LIST_FIELDS:
        return "\n".join(escape(item) for item in getattr(step, key))
    if key in ID_LISTS:
        return ", ".join(getattr(step, key))
    if key in ("pain_points", "opportunities"):
        return "\n".join(_entity_line(_dump(item), "text") for item in getattr(step, key))
    text = getattr(step, key)
    return "" if text is None else cell_text(text)


def _dump(entity: Any) -> dict[str, Any]:
    data: dict[str, Any] = entity.model_dump(mode="json")
    if data.get("better") == "higher":  # a metric's default direction goes without saying
        del data["better"]
    if getattr(entity, "id_derived", False):
        del data["id"]
    return data


# ---------------------------------------------------------------------------- reading


@dataclass
class _Reader:
    path: str
    problems: list[Problem] = field(default_factory=list)
    positions: dict[Loc, Position] = field(default_factory=dict)

    def error(self, row: int, column: int, message: str, rule: str = "invalid-value") -> None:
        self.problems.append(Problem(self.path, row, column, Severity.error, rule, message))

    def warning(self, row: int, column: int, message: str, rule: str) -> None:
        self.problems.append(Problem(self.path, row, column, Severity.warning, rule, message))


def data_of(rows: Rows, path: str, *, typed: bool = False) -> Imported:
    """Rows of a sheet → cjm data, every bad cell reported with its row and column.
    `typed`: the sheet's number cells are numbers and its text cells text (XLSX)."""
    reader = _Reader(path)
    cells = [[_text(value) for value in row] for row in rows]
    header_index = next((i for i, row in enumerate(cells) if _is_header(row)), None)
    if header_index is None:
        reader.error(1, 1, "no header row found: the sheet needs a row with at least a "
                           "Stage and a Step column", "missing-field")
        return Imported(None, None, reader.problems)
    data: dict[str, Any] = {"cjm": 1, "kind": "journey"}
    _map_rows(cells[:header_index], rows[:header_index], data, reader, typed=typed)
    columns = _header(cells[header_index], header_index + 1, reader)
    headed = {index for index, cell in enumerate(cells[header_index]) if cell.strip()}
    stages = _step_rows(cells[header_index + 1:], header_index + 2, columns, headed, reader)
    data["stages"] = stages
    if "title" not in data:
        reader.error(1, 1, "the sheet has no title: add a row above the header with `title` "
                           "in column A and the map's title in column B", "missing-field")
    source = Source(path, data, reader.positions)
    return Imported(data, source, reader.problems)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number_text(value)
    return _unneutralise(str(value))


def _is_header(row: list[str]) -> bool:
    keys = {_SYNONYMS.get(_key(cell)) for cell in row}
    return "stage" in keys and "step" in keys


def _map_rows(rows: list[list[str]], raw_rows: Rows, data: dict[str, Any], reader: _Reader,
              *, typed: bool) -> None:
    persona: dict[str, Any] = {}
    fact_rows: dict[str, int] = {}
    for number, (row, raw) in enumerate(zip(rows, raw_rows, strict=True), start=1):
        if not any(row):
            continue
        fact_row = _FACT_ROW.match(row[0])
        if fact_row is not None:
            _fact_row(fact_row.group(1), row, raw, number, persona, fact_rows, reader,
                      typed=typed)
            continue
        key = _key(row[0]).replace(" ", "_")
        value = row[1] if len(row) > 1 else ""
        extra = next((i for i in range(2, len(row)) if row[i]), None)
        if extra is not None:
            reader.warning(number, extra + 1, "only column B is read in the rows above the "
                                              "header; this cell is left out", "unknown-key")
        if key.replace("_", " ") in MAP_ENTITIES:
            name = MAP_ENTITIES[key.replace("_", " ")]
            index = len(data.setdefault(name, []))
            entity = _entity(value, name, number, 2, reader, (name, index))
            if entity is not None:
                data[name].append(entity)
        elif key.startswith("persona_") and key[8:] in PERSONA_FIELDS:
            name = key[8:]
            if name == "facts":
                try:
                    persona[name] = json.loads(value)
                except json.JSONDecodeError:
                    persona[name] = value  # the model says what is wrong with it
            else:
                persona[name] = ([_unescape(v) for v in value.split("\n") if v.strip()]
                                 if name in PERSONA_LISTS else _unescape(value.strip(" \t")))
            reader.positions[("persona", name)] = (number, 2)
        elif key in _other_map_fields():
            try:
                data[key] = json.loads(value)
            except json.JSONDecodeError:
                data[key] = value
            reader.positions[(key,)] = (number, 2)
        elif key in MAP_FIELDS:
            if value.strip(" \t"):
                data[key] = _unescape(value.strip(" \t"))
                reader.positions[(key,)] = (number, 2)
        else:
            reader.warning(number, 1, f"{row[0]!r} is not a field of a map ({', '.join(MAP_FIELDS)}"
                                      ", evidence, persona name, …); the row is left out",
                           "unknown-key")
    if persona:
        if "persona" in data:
            reader.error(reader.positions[("persona",)][0], 2,
                         "the map has both a persona id and persona rows; keep one")
        data["persona"] = persona


def _fact_row(label_text: str, row: list[str], raw: list[Any], number: int,
              persona: dict[str, Any], fact_rows: dict[str, int], reader: _Reader, *,
              typed: bool) -> None:
    """A `persona fact: <label>` row: the label after the colon, the value in column B."""
    label = _quoted_text(label_text.strip())
    if not label:
        reader.error(number, 1, "the fact has no label: write it after the colon, like "
                                "`persona fact: age`", "missing-field")
        return
    if label in fact_rows:
        reader.error(number, 1, f"the fact {label!r} is already on row {fact_rows[label]}; "
                                "keep one", "duplicate-key")
        return
    value = raw[1] if len(raw) > 1 else None
    extra = next((i for i in range(2, len(row)) if row[i]), None)
    if extra is not None:
        reader.warning(number, extra + 1, "only column B is read in the rows above the "
                                          "header; this cell is left out", "unknown-key")
    if value is None or value == "":  # an empty cell is no value at all
        return
    fact_rows[label] = number
    if isinstance(value, int | float) and not isinstance(value, bool):
        fact: Any = value
    else:
        try:
            fact = _fact_value(row[1], typed=typed)
        except ValueError as exc:
            reader.error(number, 2, f"the fact {label!r} {exc}")
            return
    persona.setdefault("facts", {})[label] = fact
    reader.positions.setdefault(("persona", "facts"), (number, 2))
    reader.positions[("persona", "facts", label)] = (number, 2)


def _quoted_text(text: str) -> str:
    """`"…"` is the text inside, read as JSON reads it; any other text is itself."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        try:
            inside = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(inside, str):
            return inside
    return text


def _fact_value(cell: str, *, typed: bool) -> Any:
    """A fact cell's text: `[a, b]` a list, `"…"` a text, a number in a CSV a number."""
    text = cell.strip()
    if text.startswith("[") and text.endswith("]"):
        return _fact_list(text[1:-1])
    if not typed and _FACT_NUMBER.match(text):
        return float(text) if re.search(r"[.eE]", text) else int(text)
    return _quoted_text(text)


def _fact_list(inside: str) -> list[str]:
    if not inside.strip():
        return []
    items: list[str] = []
    position = 0
    while True:
        found = _FACT_ITEM.match(inside, position)
        if found is None:
            raise ValueError('has an item that cannot be read; write a list as `[a, b]`, '
                             'with an item that holds a comma, a bracket or a quote mark '
                             'in double quotes (`["Ghent, BE", Slack]`)')
        quoted, plain, end = found.groups()
        if quoted is not None:
            items.append(json.loads(quoted))
        elif plain:
            items.append(plain)
        else:
            raise ValueError("has an empty item in its list; remove the extra comma, or "
                             'write an empty text as ""')
        if not end:
            return items
        position = found.end()


def _header(row: list[str], number: int, reader: _Reader) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        if not cell.strip():
            continue
        key = _SYNONYMS.get(_key(cell))
        if key is None:
            known = ", ".join(header for header, _ in COLUMNS.values())
            reader.warning(number, index + 1, f"the column {cell!r} is not a cjm column, so it "
                                              f"is not read (cjm reads: {known})",
                           "unknown-column")
        elif key in columns:
            reader.error(number, index + 1, f"the column {cell!r} repeats the "
                                            f"{COLUMNS[key][0]} column; keep one",
                         "duplicate-key")
        else:
            columns[key] = index
    return columns


def _step_rows(rows: list[list[str]], first_number: int, columns: dict[str, int],
               headed: set[int], reader: _Reader) -> list[dict[str, Any]]:
    stages: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for number, row in enumerate(rows, start=first_number):
        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else ""

        if not any(value.strip() for value in row):
            continue
        for place, text in enumerate(row):
            if place not in headed and text.strip():
                reader.warning(number, place + 1, "this cell is under no column header, so "
                                                  "it is not read; give its column a header "
                                                  "or move the text", "unknown-column")
        stage_name, stage_id = cell("stage"), cell("stage_id").strip()
        stage_key = stage_id or stage_name.strip()
        if stage_key:
            current = by_key.get(stage_key)
            if current is None:
                current = {"name": _from_cell(stage_name) if stage_name else stage_id,
                           "steps": []}
                if stage_id:
                    current["id"] = stage_id
                index = len(stages)
                reader.positions[("stages", index)] = (number, columns["stage"] + 1)
                reader.positions[("stages", index, "name")] = (number, columns["stage"] + 1)
                if stage_id:
                    reader.positions[("stages", index, "id")] = (number,
                                                                 columns["stage_id"] + 1)
                current["_index"] = index
                stages.append(current)
                by_key[stage_key] = current
                by_key.setdefault(stage_name.strip(), current)
        elif current is None:
            reader.error(number, columns["stage"] + 1,
                         "this step has no stage: write the stage's name in this cell")
            continue
        stage_loc: Loc = ("stages", current["_index"])
        for key, target in (("goal", "goal"), ("stage_description", "description")):
            value = _from_cell(cell(key)) if cell(key) else None
            if value is not None:
                if current.get(target) not in (None, value):
                    reader.error(number, columns[key] + 1, f"the stage {current['name']!r} has "
                                 f"another {COLUMNS[key][0].lower()} on an earlier row; keep one")
                current[target] = value
                reader.positions[(*stage_loc, target)] = (number, columns[key] + 1)
        for key, name in STAGE_ENTITIES.items():
            for line in _lines(cell(key)):
                index = len(current.setdefault(name, []))
                entity = _entity(line, name, number, columns[key] + 1, reader,
                                 (*stage_loc, name, index))
                if entity is not None:
                    current[name].append(entity)
        step_name = cell("step")
        if not step_name.strip() and not any(
                cell(key) for key in columns if key not in ("stage", "stage_id", "goal",
                                                            "stage_description",
                                                            *STAGE_ENTITIES)):
            continue
        step_loc: Loc = (*stage_loc, "steps", len(current["steps"]))
        current["steps"].append(_step(cell, columns, number, step_loc, reader))
    for stage in stages:
        del stage["_index"]
    return stages


def _step(cell: Callable[[str], str], columns: dict[str, int], number: int, loc: Loc,
          reader: _Reader) -> dict[str, Any]:
    step: dict[str, Any] = {}

    def at(key: str, target: str | None = None) -> None:
        reader.positions[(*loc, target or key)] = (number, columns[key] + 1)

    reader.positions[loc] = (number, columns.get("step", 0) + 1)
    name = _from_cell(cell("step"))
    step_id = cell("id").strip()
    if not name.strip() and not step_id:
        reader.error(number, columns.get("step", 0) + 1, "this step has no name")
    if step_id:
        step["id"] = step_id
        at("id")
    step["name"] = name
    if "step" in columns:
        at("step", "name")
    channel = cell("channel").strip()
    if channel:
        step["channel"] = channel
        at("channel")
    for key in TEXT_FIELDS:
        if cell(key):
            step[key] = _from_cell(cell(key))
            at(key)
    for key in LIST_FIELDS:
        if cell(key):
            step[key] = [_unescape(line) for line in _lines(cell(key))]
            at(key)
    for key in ID_LISTS:
        if cell(key):
            step[key] = [part.strip() for part in re.split(r"[,\n]", cell(key)) if part.strip()]
            at(key)
    emotion = cell("emotion").strip()
    if emotion:
        value = _emotion(emotion)
        if value is None:
            reader.error(number, columns["emotion"] + 1,
                         f"the emotion {emotion!r} is not a whole number from -2 (very "
                         "negative) to 2 (very positive)")
        else:
            step["emotion"] = value
            at("emotion")
    assumed = _yes_no(cell("emotion_assumed"))
    if assumed is None:
        reader.error(number, columns["emotion_assumed"] + 1, _NOT_YES_NO.format(
            what="Emotion assumed", value=cell("emotion_assumed").strip()))
    elif assumed:
        step["emotion_assumed"] = True
        at("emotion_assumed")
    for key in ("pain_points", "opportunities"):
        if cell(key):
            items: list[dict[str, Any]] = []
            for line in _lines(cell(key)):
                entity = _entity(line, key, number, columns[key] + 1, reader,
                                 (*loc, key, len(items)))
                if entity is not None:
                    items.append(entity)
            step[key] = items
            at(key)
    return step


_NOT_YES_NO = ("{what} is {value!r}; write yes or no (true/false, y/n, 1/0 and an empty "
               "cell read too)")


def _yes_no(text: str) -> bool | None:
    """A yes/no cell: True, False (empty too), or None when it is neither."""
    word = text.strip().lower()
    return True if word in YES else False if word in NO else None


def _emotion(text: str) -> int | None:
    try:
        number = float(text.replace("\u2212", "-"))
    except ValueError:
        return None
    if not number.is_integer() or not -2 <= number <= 2:
        return None
    return int(number)


def _lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n", "\n").split("\n") if line.strip(" \t\r")]


def _entity(line: str, kind: str, row: int, column: int, reader: _Reader,
            loc: Loc) -> dict[str, Any] | None:
    """One `text | key: value` line of a pain point, opportunity, metric or evidence."""
    parts = [part.replace("\x00", "\\\\") for part in _split_parts(line)]
    allowed = PARTS[kind]
    first = next(iter(allowed))
    entity: dict[str, Any] = {first: _unescape(parts[0])}
    reader.positions[loc] = reader.positions[(*loc, first)] = (row, column)
    ok = True
    for part in parts[1:]:
        name, colon, value = part.partition(":")
        name = _key(name).replace(" ", "_")
        value = value.strip(" ")
        if not colon or name not in allowed or name == first:
            what = {"pain_points": "a pain point", "opportunities": "an opportunity",
                    "metrics": "a metric", "evidence": "an evidence entry"}[kind]
            reader.error(row, column, f"{part!r} is not a part of {what}; write "
                         f"`text | key: value` with the keys "
                         f"{', '.join([*(k for k in allowed if k not in (first, 'id')), 'id'])}")
            ok = False
            continue
        if allowed[name] == "ids":
            entity[name] = [v.strip() for v in value.split(",") if v.strip()]
        elif allowed[name] == "number":
            try:
                entity[name] = float(value) if "." in value or "e" in value.lower() \
                    else int(value)
            except ValueError:
                reader.error(row, column, f"the {name} {value!r} is not a number")
                ok = False
        elif allowed[name] == "yes/no":
            answer = _yes_no(value)
            if answer is None:
                reader.error(row, column, _NOT_YES_NO.format(what=f"`{name}:`", value=value))
                ok = False
            elif answer:
                entity[name] = True
        else:
            entity[name] = _unescape(value)
        reader.positions[(*loc, name)] = (row, column)
    return entity if ok else None


# ---------------------------------------------------------------------------- CSV


def write_csv(journey: JourneyMap, options: WriteOptions) -> Exported:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows_of(journey):
        writer.writerow([cell if isinstance(cell, str) else repr(cell)
                         if isinstance(cell, float) else _text(cell) for cell in row])
    # The byte-order mark makes Excel read the file as UTF-8.
    return Exported(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def read_csv(raw: bytes, path: str) -> Imported:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Imported(None, None, [Problem(path, line, 1, Severity.error, "encoding",
                                             "the sheet is not UTF-8 text; save it as "
                                             "“CSV UTF-8”")])
    if "\x00" in text:
        return Imported(None, None, [Problem(path, 1, 1, Severity.error, "encoding",
                                             "this looks like a binary file, not a CSV sheet")])
    rows: Rows = []
    for delimiter in (",", ";", "\t"):  # Excel in many locales writes `;`
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            return Imported(None, None, [Problem(path, 1, 1, Severity.error, "csv-syntax",
                                                 f"the CSV cannot be read: {exc}")])
        if any(_is_header([_text(cell) for cell in row]) for row in rows):
            break
    return data_of(rows, path)


# ---------------------------------------------------------------------------- XLSX


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise CjmError("XLSX needs the openpyxl package",
                       hint="install it with: pip install 'cjm[xlsx]'") from None
    return openpyxl


def write_xlsx(journey: JourneyMap, options: WriteOptions) -> Exported:
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Journey"
    rows = rows_of(journey)
    header_row = next(i for i, row in enumerate(rows) if row and row[0] == "Stage") + 1
    for row in rows:
        sheet.append([_to_ooxml(cell) if isinstance(cell, str) else cell for cell in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # text that looks like a formula stays text
                cell.data_type = "s"
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                # openpyxl writes 16 digits (`%.16g`): 0.1 + 0.2 would come back 0.3, the
                # largest float as infinity, 34.0 as the whole number 34 and 2**53 + 1 as
                # 2**53; repr is exact (a spreadsheet program keeps 15 digits of its own).
                cell._value = repr(cell.value)
            cell.alignment = wrap
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for cell in sheet["A"][: header_row - 1]:
        cell.font = Font(bold=True)
    # A fact's number sits where its text would (a number cell is right-aligned otherwise,
    # far from its label in column A).
    for cell in sheet["B"][: header_row - 1]:
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(line) for cell in column for line in str(cell.value or "").split("\n")),
                      default=8)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = min(
            max(longest + 2, 10), 40)
    for number, row in enumerate(sheet.iter_rows(), start=1):
        # A text's last line break (a YAML block's) starts no line of its own to show.
        shown = [str(cell.value or "").removesuffix("\n") for cell in row]
        lines = max((text.count("\n") + 1 + len(text) // 40 for text in shown), default=1)
        sheet.row_dimensions[number].height = 15 * lines
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return Exported(buffer.getvalue())


def _looks_like_text(raw: bytes) -> bool:
    try:
        raw[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 4093:  # not just a character cut at the end of the sample
            return False
    return b"\x00" not in raw[:4096]


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _to_ooxml(text: str) -> str:
    """A text as an XLSX file stores it: XML turns a carriage return into a line break,
    so it is written `_x000D_`, OOXML's escape (Excel and LibreOffice read it so), and
    text that reads like such an escape gets its underscore escaped (`_x005F_`)."""
    return _OOXML_ESCAPE.sub(r"_x005F\g<0>", text).replace("\r", "_x000D_")


def _from_ooxml(text: str) -> str:
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def read_xlsx(raw: bytes, path: str) -> Imported:
    openpyxl = _openpyxl()
    import zipfile

    def refused(message: str) -> Imported:
        return Imported(None, None, [Problem(path, 1, 1, Severity.error, "encoding", message)])

    if not raw:
        return refused("the file is empty; an XLSX workbook is never empty")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # the container of Excel 97-2003 workbooks
        return refused("this is an older Excel workbook (.xls), not XLSX; save it as "
                       "“Excel Workbook (.xlsx)” or as CSV")
    if b"application/vnd.oasis.opendocument" in raw[:200]:  # the `mimetype` entry, first
        return refused("this is an OpenDocument sheet (.ods), not XLSX; save it as XLSX "
                       "or CSV")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        if _looks_like_text(raw):
            return refused("this is text, not an XLSX workbook; if it is a CSV sheet, name it "
                           ".csv or give --from csv")
        return refused("this is not an XLSX workbook (an XLSX file is a zip archive, and "
                       "this file is not one, or it is cut short); save the sheet as XLSX "
                       "again")
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                return refused("the workbook has no sheet")
            sheet = book["Journey"] if "Journey" in book.sheetnames else book.worksheets[0]
            rows: Rows = [[_from_ooxml(cell) if isinstance(cell, str) else cell
                           for cell in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as exc:
        # A damaged workbook fails deep inside openpyxl with whatever its XML, zip or
        # number parsing raises (KeyError, ParseError, ValueError, …): all mean the same.
        return refused("the workbook cannot be read: it is damaged, or it is a zip archive "
                       f"but not an XLSX workbook ({type(exc).__name__}: {exc}); open it "
                       "in a spreadsheet program and save it as XLSX again")
    return data_of(rows, path, typed=True)

