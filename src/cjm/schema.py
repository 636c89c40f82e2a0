"""JSON Schemas for editors (yaml-language-server) and other tools, from the models,
with the quality rules' ids (so an editor refuses a rule id `cjm validate` refuses)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from cjm.model import JourneyMap, Persona
from cjm.rules import RULES, rule_summary
from cjm.settings import Workspace

SCHEMAS: dict[str, type[BaseModel]] = {
    "journey.schema.json": JourneyMap,
    "persona.schema.json": Persona,
    "workspace.schema.json": Workspace,
}
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's schema in draft-07 form (what yaml-language-server reads best)."""
    schema = model.model_json_schema(mode="validation")
    text = json.dumps(schema).replace('"#/$defs/', '"#/definitions/')
    converted: dict[str, Any] = json.loads(text)
    if "$defs" in converted:
        converted["definitions"] = converted.pop("$defs")
    _drop_empty_defaults(converted)
    if model is Workspace:
        _name_the_rules(converted["properties"]["rules"])
    return {"$schema": DRAFT_07, **converted}


def _name_the_rules(rules: dict[str, Any]) -> None:
    """`rules:` takes the quality rules' ids alone, each with its level: `false` too,
    which is how YAML 1.1 readers (PyYAML among them) read an unquoted `off`."""
    level = rules.pop("additionalProperties")
    level = {"enum": [*level["enum"], False]}
    rules["properties"] = {rule_id: {**level, "description": rule_summary(rule_id)}
                           for rule_id in RULES}
    rules["additionalProperties"] = False


def _drop_empty_defaults(node: Any) -> None:
    """Optional ids default to "" internally; an editor should not suggest that."""
    if isinstance(node, dict):
        if node.get("default") == "":
            del node["default"]
        for value in node.values():
            _drop_empty_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_empty_defaults(value)


def schema_files() -> dict[str, str]:
    """File name → JSON text, exactly as `cjm schema` writes them."""
    return {
        name: json.dumps(json_schema(model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, model in SCHEMAS.items()
    }
