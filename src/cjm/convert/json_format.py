"""The validated map as JSON: every field, every default filled in, every id explicit —
but an id derived from a name that repeats under other parents (a `Conversion` metric
in every stage), which written out would be the same id twice.

Export is lossless: reading the JSON back gives the same map. Import reads any cjm map
written as JSON (the same fields as the YAML); JSON is read through cjm's YAML loader
when it can be, so that every problem has a line and column.
"""

from __future__ import annotations

import json
from typing import Any

from cjm.convert import Exported, Imported, WriteOptions
from cjm.entities import walk
from cjm.load import load_text
from cjm.model import JourneyMap
from cjm.problems import Problem, Severity


def write(journey: JourneyMap, options: WriteOptions) -> Exported:
    data = journey.model_dump(mode="json")
    if not data["id"]:
        del data["id"]  # the map's id is its file's name then, as in YAML
    for placed in walk(journey):
        if placed.key != placed.id or not placed.id:  # derived again when read
            node: Any = data
            for part in placed.loc:
                node = node[part]
            del node["id"]
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return Exported((text + "\n").encode("utf-8"))


def read(raw: bytes, path: str) -> Imported:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Imported(None, None, [Problem(path, 1, exc.start + 1, Severity.error, "encoding",
                                             "the file is not UTF-8 text; save it as UTF-8")])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Imported(None, None, [Problem(path, exc.lineno, exc.colno, Severity.error,
                                             "json-syntax", f"this is not valid JSON: {exc.msg}")])
    except RecursionError:
        return Imported(None, None, [Problem(path, 1, 1, Severity.error, "too-complex",
                                             "the JSON is nested too deeply")])
    if not isinstance(data, dict):
        return Imported(None, None, [Problem(path, 1, 1, Severity.error, "invalid-value",
                                             "a cjm map in JSON is an object ({...}), not "
                                             f"{type(data).__name__}")])
    # JSON is YAML: cjm's loader gives positions, duplicate keys and size limits.
    loaded = load_text(text, path)
    if loaded.source is not None and not loaded.problems:
        # The values are JSON's: YAML 1.1 reads a number such as 1e-05 (no dot) as text.
        return Imported(data, loaded.source, [])
    if any(p.rule in ("duplicate-key", "too-complex") for p in loaded.problems):
        return Imported(None, None, loaded.problems)
    return Imported(data, None, [])
