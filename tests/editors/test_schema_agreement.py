"""The editor and the CLI agree: each value is run through `cjm validate` and through the
JSON Schema an editor uses, and both accept it or both refuse it.

The schema sees one file, so what needs the workspace (a channel added in cjm.yaml, a
persona id) is left to `cjm validate`, and so is `.nan`, which JSON cannot hold;
everything else a single file can say is in this table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.load import load_text
from cjm.schema import schema_files

SCHEMAS = {name: json.loads(text) for name, text in schema_files().items()}

STEP_MAP = """\
cjm: 1
kind: journey
title: Buying
stages:
  - name: Choose
    metrics:
      - name: Conversion
        {metric}
    steps:
      - name: Compare plans
        {step}
"""
WORKSPACE = "cjm: 1\n{setting}\n"
PERSONA = "cjm: 1\nkind: persona\nid: parent\nname: Busy parent\n{field}\n"

# (where, the line written there, accepted)
CASES = [
    ("step", "emotion: -1", True),
    ("step", "emotion: -1.0", True),
    ("step", "emotion: 2", True),
    ("step", "emotion:", True),
    ("step", "emotion: 1.5", False),
    ("step", "emotion: 3", False),
    ("step", 'emotion: "1"', False),
    ("step", "emotion: yes", False),
    ("step", "channel: web", True),
    ("step", "channel: Web site", False),
    ("step", "channel: 12", False),
    ("step", "feeling: relieved", True),
    ("step", "feeling: no", False),  # YAML 1.1 reads it as false, not the word
    ("step", "next: [compare-plans]", True),
    ("step", "next: [Compare plans]", False),
    ("step", "pain_points: [{text: Too many plans, severity: high}]", True),
    ("step", "pain_points: [{text: Too many plans, severity: huge}]", False),
    ("step", "opportunities: [{text: Fewer plans, status: in-progress}]", True),
    ("step", "opportunities: [{text: Fewer plans, status: started}]", False),
    ("step", "feelings: relieved", False),
    ("step", '"a[b": 1', False),
    ("step", '"a.b": 1', False),
    ("metric", "value: 0.5", True),
    ("metric", "value: 3", True),
    ("metric", 'value: "0.5"', False),
    ("metric", "value: yes", False),
    ("map", "review_every: quarterly", True),
    ("map", "review_every: 45d", True),
    ("map", "review_every: weekly", False),
    ("map", "review_every: 0d", False),
    ("map", "state: future", True),
    ("map", "state: past", False),
    ("map", "reviewed: 2026-01-31", True),
    ("map", "owner: Growth team", True),
    ("map", "owners: Growth team", False),
    ("workspace", "rules: {missing-emotion: off}", True),
    ("workspace", "rules: {missing-emotion: error, no-persona: warning}", True),
    ("workspace", "rules: {no-such-rule: error}", False),
    ("workspace", "rules: {missing-emotion: loud}", False),
    ("workspace", "review_every: yearly", True),
    ("workspace", "review_every: sometimes", False),
    ("workspace", "max_file_size: 1000", True),
    ("workspace", 'max_file_size: "1000"', False),
    ("workspace", "max_file_size: 0", False),
    ("workspace", "channels: {add: [{id: kiosk, label: Kiosk}]}", True),
    ("workspace", "channels: {add: [{id: kiosk, label: Kiosk, color: red}]}", False),
    ("persona", "segment: Families", True),
    ("persona", "goals: [Save time]", True),
    ("persona", "age: 41", False),
]


def _write(folder: Path, where: str, line: str) -> tuple[Path, str]:
    """The file holding the line, and the schema an editor would check it with."""
    if where == "workspace":
        path = folder / "cjm.yaml"
        path.write_text(WORKSPACE.format(setting=line), encoding="utf-8")
        return path, "workspace.schema.json"
    path = folder / "a.cjm.yaml"
    if where == "persona":
        path.write_text(PERSONA.format(field=line), encoding="utf-8")
    else:
        text = STEP_MAP.format(step=line if where == "step" else "emotion: 0",
                               metric=line if where == "metric" else "value: 1")
        if where == "map":
            text = text.replace("title: Buying\n", f"title: Buying\n{line}\n")
        path.write_text(text, encoding="utf-8")
    return path, "cjm.schema.json"


def _cjm_accepts(path: Path) -> tuple[bool, list[str]]:
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.output
    errors = [f"{p['line']}:{p['column']} {p['message']}"
              for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    return not errors, errors


def _schema_accepts(path: Path, schema: str) -> tuple[bool, list[str]]:
    loaded = load_text(path.read_text(encoding="utf-8"), str(path))
    assert loaded.source is not None, loaded.problems
    # YAML's dates are text to JSON (and to the editor, which reads YAML as JSON).
    data: Any = json.loads(json.dumps(loaded.source.data, default=str))
    validator = jsonschema.Draft7Validator(SCHEMAS[schema])
    errors = [error.message for error in validator.iter_errors(data)]
    return not errors, errors


@pytest.mark.parametrize(("where", "line", "accepted"), CASES,
                         ids=[f"{where}: {line}" for where, line, _ in CASES])
def test_cjm_and_the_schema_accept_and_refuse_alike(
    tmp_path: Path, where: str, line: str, accepted: bool,
) -> None:
    path, schema = _write(tmp_path, where, line)
    by_cjm, cjm_errors = _cjm_accepts(path)
    by_schema, schema_errors = _schema_accepts(path, schema)
    assert by_cjm is accepted, cjm_errors
    assert by_schema is accepted, schema_errors


@pytest.mark.parametrize("key", ["a[b", "a.b", "Name", "str"])
def test_a_key_is_reported_by_its_own_name_at_its_own_line(tmp_path: Path, key: str) -> None:
    path, _ = _write(tmp_path, "step", f'"{key}": 1')
    _, errors = _cjm_accepts(path)
    assert errors == [f'11:9 "{key}" is not a key of a step; ' + (
        'did you mean "name"?' if key == "Name" else
        "allowed keys are: id, name, channel, touchpoint, actions, thoughts, emotion, "
        "emotion_assumed, feeling, frontstage, backstage, support, team, tags, next, "
        "pain_points, opportunities")]


def test_the_one_schema_picks_journey_or_persona_by_kind() -> None:
    schema = SCHEMAS["cjm.schema.json"]
    persona = {"cjm": 1, "kind": "persona", "id": "parent", "name": "Busy parent"}
    journey = {"cjm": 1, "kind": "journey", "title": "Buying",
               "stages": [{"name": "Choose", "steps": [{"name": "Compare"}]}]}
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(persona)) == []
    assert list(validator.iter_errors(journey)) == []
    # A persona's keys are wrong in a journey and the reverse.
    assert list(validator.iter_errors({**persona, "kind": "journey"}))
    assert list(validator.iter_errors({**journey, "kind": "persona"}))
    assert schema["$id"].startswith("https://")
    assert len({s["$id"] for s in SCHEMAS.values()}) == len(SCHEMAS)


def test_snippets_never_insert_null_and_values_say_what_they_mean() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            assert node.get("default", "set") is not None, f"{where}: default: null"
            if "enum" in node and not where.endswith("/not"):
                assert len(node["markdownEnumDescriptions"]) == len(node["enum"]), where
                assert all(node["markdownEnumDescriptions"]), where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    for name, schema in SCHEMAS.items():
        walk(schema, name)


def test_the_docs_schemastore_entries_name_the_schemas_ids() -> None:
    text = (Path(__file__).parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
                 if '"fileMatch"' in b)
    entries = {entry["url"]: entry["fileMatch"] for entry in json.loads(block)}
    assert entries == {
        SCHEMAS["cjm.schema.json"]["$id"]: ["*.cjm.yaml", "*.cjm.yml"],
        SCHEMAS["workspace.schema.json"]["$id"]: ["cjm.yaml"],
    }
    for name, schema in SCHEMAS.items():
        assert f"`{name}`" in text and schema["$id"].rsplit("/", 1)[1] in text, name
