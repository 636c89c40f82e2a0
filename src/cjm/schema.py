"""JSON Schemas for editors (yaml-language-server) and other tools, from the models.

pydantic writes the shape; this module makes it read well in an editor: each field's own
description on hover (no titles, no descriptions of inner types stacked on it), no
`default: null` for snippets to insert, and values to complete with what each means —
the channel catalog, the emotion scale, the review cadences, the rule ids and levels.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from cjm.model import (
    EMOTION_WORDS,
    REVIEW_CADENCES,
    VALUE_MEANINGS,
    JourneyMap,
    Persona,
)
from cjm.rules import RULES, rule_summary
from cjm.settings import BUILTIN_CHANNELS, Workspace

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
# Where the schemas are published once contributed to SchemaStore (docs/format.md).
BASE_URL = "https://json.schemastore.org/"
CJM_FILE_SCHEMA = "cjm.schema.json"

Schema = dict[str, Any]


def _choices(values: list[Any], meanings: list[str], **extra: Any) -> Schema:
    """An enum whose values an editor completes, each with what it means."""
    return {**extra, "enum": values, "enumDescriptions": meanings,
            "markdownEnumDescriptions": meanings}


def _channels() -> Schema:
    builtin = [channel.id for channel in BUILTIN_CHANNELS]
    return {"oneOf": [
        _choices(builtin, [f"{c.label} (built-in channel)" for c in BUILTIN_CHANNELS]),
        {"type": "string", "pattern": _ID_PATTERN, "maxLength": 100,  # added in cjm.yaml
         "not": {"enum": builtin}},
    ]}


def _emotion() -> Schema:
    scores = sorted(EMOTION_WORDS)
    return _choices(scores, [EMOTION_WORDS[score] for score in scores], type="integer")


def _review_every() -> Schema:
    def every(months: int) -> str:
        return "every month" if months == 1 else f"every {months} months"

    return {"oneOf": [
        _choices(list(REVIEW_CADENCES), [every(m) for m in REVIEW_CADENCES.values()]),
        {"type": "string", "pattern": r"^[1-9][0-9]{0,4}d$",
         "description": "A number of days, like 45d."},
    ]}


def _rule_levels() -> Schema:
    levels = _choices(["error", "warning", "off", False],
                      ["fails the check", "reported, fails only with --strict",
                       "not checked", "off (YAML 1.1 reads an unquoted off as false)"])
    return {
        "type": "object",
        "properties": {rule_id: {**levels, "description": f"{rule_summary(rule_id)} "
                                 f"Default: {rule.DEFAULT_LEVEL}."}
                       for rule_id, rule in RULES.items()},
        "additionalProperties": False,
    }


# The fields whose values an editor should offer, (model, field) → their schema.
VALUES: dict[tuple[str, str], Callable[[], Schema]] = {
    ("Step", "channel"): _channels,
    ("Step", "emotion"): _emotion,
    ("JourneyMap", "review_every"): _review_every,
    ("Workspace", "review_every"): _review_every,
    ("Workspace", "rules"): _rule_levels,
}
_ID_PATTERN = JourneyMap.model_json_schema()["properties"]["id"]["pattern"]


def json_schema(model: type[BaseModel]) -> Schema:
    """The model's schema in draft-07 form (what yaml-language-server reads best)."""
    schema = model.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    definitions: dict[str, Schema] = schema.pop("$defs", {})
    enums = {name: node for name, node in definitions.items() if "enum" in node}
    for name, node in [(model.__name__, schema), *definitions.items()]:
        _tidy_model(name, node, enums)
    kept = {name: node for name, node in definitions.items() if name not in enums}
    return {"$schema": DRAFT_07, **schema, **({"definitions": kept} if kept else {})}


def _tidy_model(name: str, node: Schema, enums: dict[str, Schema]) -> None:
    for field, prop in list(node.get("properties", {}).items()):
        described = prop.get("description")
        values = VALUES.get((name, field))
        tidy = _tidy(prop, enums)
        if values is not None:
            tidy = values()
            if "anyOf" in prop and {"type": "null"} in prop["anyOf"]:
                tidy = _or_empty(tidy)
        # The field's own name and words on hover; no anyOf at the top, which
        # yaml-language-server's hover would show as "Title || Title".
        node["properties"][field] = {**tidy, "title": field,
                                     **({"description": described} if described else {})}


def _or_empty(schema: Schema) -> Schema:
    """The schema of a value that may also be left empty (null)."""
    if "oneOf" in schema:
        return {**schema, "oneOf": [*schema["oneOf"], {"type": "null"}]}
    meanings = [*schema["enumDescriptions"], "empty: not known yet"]
    return {**_choices([*schema["enum"], None], meanings), "type": [schema["type"], "null"]}


def _tidy(prop: Schema, enums: dict[str, Schema]) -> Schema:
    """One property's schema as an editor should see it."""
    tidy = {key: value for key, value in prop.items()
            if key not in ("title", "description")
            and not (key == "default" and value in (None, ""))}
    ref = str(tidy.get("$ref", "")).removeprefix("#/definitions/")
    if ref in enums:  # inline a choice, so its values and their meanings come with it
        del tidy["$ref"]
        tidy = {**_enum(enums[ref]), **tidy}
    if "anyOf" in tidy:
        branches = [_tidy(branch, enums) for branch in tidy["anyOf"]]
        others = [b for b in branches if b != {"type": "null"}]
        if len(others) == 1 and len(branches) == 2 and isinstance(others[0].get("type"), str):
            # `X | None` is one type that may be left empty: [X, "null"] reads better.
            del tidy["anyOf"]
            tidy = {**others[0], **tidy, "type": [others[0]["type"], "null"]}
        else:
            tidy["anyOf"] = branches
    if isinstance(tidy.get("items"), dict):
        tidy["items"] = _tidy(tidy["items"], enums)
    return tidy


def _enum(definition: Schema) -> Schema:
    values = definition["enum"]
    meanings = next((m for enum, m in VALUE_MEANINGS.items()
                     if enum.__name__ == definition.get("title")), {})
    if not meanings:
        return {"type": definition.get("type", "string"), "enum": values}
    return _choices(values, [meanings[str(v)] for v in values],
                    type=definition.get("type", "string"))


def cjm_file_schema() -> Schema:
    """One schema for every `*.cjm.yaml`: a journey map or a persona file, by its `kind`."""
    journey, persona = json_schema(JourneyMap), json_schema(Persona)
    definitions: dict[str, Schema] = {}
    for part in (journey, persona):
        for name, node in part.pop("definitions", {}).items():
            assert definitions.setdefault(name, node) == node, name
        del part["$schema"]
    definitions.update({"JourneyMap": journey, "Persona": persona})
    kinds = {"journey": "A journey map: one persona's path through stages and steps.",
             "persona": "A persona file, shared by many maps."}
    return {
        "$schema": DRAFT_07,
        "title": "cjm file",
        "description": "A cjm journey map or persona file (*.cjm.yaml).",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": _choices(list(kinds), list(kinds.values()), type="string",
                                        description="What the file holds.")},
        "if": {"properties": {"kind": {"const": "persona"}}, "required": ["kind"]},
        "then": {"$ref": "#/definitions/Persona"},
        "else": {"$ref": "#/definitions/JourneyMap"},
        "definitions": definitions,
    }


def _with_id(name: str, schema: Schema) -> Schema:
    """The schema with its `$id`: its address once published ("cjm-journey.json", …)."""
    published = "cjm.json" if name == CJM_FILE_SCHEMA else f"cjm-{name.split('.')[0]}.json"
    return {"$schema": schema["$schema"], "$id": BASE_URL + published,
            **{key: value for key, value in schema.items() if key != "$schema"}}


SCHEMAS: dict[str, Callable[[], Schema]] = {
    CJM_FILE_SCHEMA: cjm_file_schema,
    "journey.schema.json": lambda: json_schema(JourneyMap),
    "persona.schema.json": lambda: json_schema(Persona),
    "workspace.schema.json": lambda: json_schema(Workspace),
}


def schema_files() -> dict[str, str]:
    """File name → JSON text, exactly as `cjm schema` writes them."""
    return {
        name: json.dumps(_with_id(name, build()), indent=2,
                         ensure_ascii=False, sort_keys=True) + "\n"
        for name, build in SCHEMAS.items()
    }

