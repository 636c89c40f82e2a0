"""JSON Schemas for editors (yaml-language-server) and other tools, from the models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from cjm.model import JourneyMap, Persona
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
    return {"$schema": DRAFT_07, **converted}


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
