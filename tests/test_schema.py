"""The committed JSON Schemas are what the models produce, and they accept valid maps."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.load import load_file
from cjm.schema import schema_files
from cjm.validate import check_workspace_file

ROOT = Path(__file__).parent.parent
VALID = sorted((Path(__file__).parent / "cases" / "valid").glob("*.cjm.yaml"))


def test_committed_schemas_are_in_sync_with_the_models() -> None:
    for name, text in schema_files().items():
        committed = ROOT / "schemas" / name
        assert committed.read_text() == text, (
            f"schemas/{name} is out of date: run `cjm schema -o schemas`")


def test_schema_command_writes_the_same_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for name, text in schema_files().items():
        assert (tmp_path / "out" / name).read_text() == text


def test_schemas_are_valid_draft_07() -> None:
    for text in schema_files().values():
        jsonschema.Draft7Validator.check_schema(json.loads(text))


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_files_pass_the_json_schema(case: Path) -> None:
    loaded = load_file(case)
    assert loaded.source is not None
    data = json.loads(json.dumps(loaded.source.data, default=str))
    name = f"{data['kind']}.schema.json"
    jsonschema.validate(data, json.loads(schema_files()[name]))


def test_every_field_has_a_description() -> None:
    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                assert "description" in value, f"{where}.{key} has no description"
            for key, value in node.items():
                if key != "if":  # the test that picks journey or persona, not a field
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for name, text in schema_files().items():
        walk(json.loads(text), name)


# `rules:` of cjm.yaml as written → whether it is a valid setting. The editor (through
# the JSON Schema) and `cjm validate` must give the same verdict on every row.
RULE_SETTINGS = [
    ("review-overdue: error", True),
    ("missing-emotion: warning", True),
    ("missing-emotion: off", True),  # YAML 1.1 reads it as false; it means off
    ('missing-emotion: "off"', True),
    ("missing-emotions: off", False),  # a typo
    ("missing-emotions: error", False),
    ("yaml-syntax: off", False),  # a file rule: always an error
    ("yaml-syntax: error", False),
    ("duplicate-id: warning", False),
    ("review-overdue: loud", False),
    ("review-overdue: 1", False),
    ("review-overdue: true", False),
    ("Review-Overdue: error", False),
]


@pytest.mark.parametrize(("rules", "valid"), RULE_SETTINGS, ids=[r for r, _ in RULE_SETTINGS])
def test_the_schema_and_validate_agree_on_rule_settings(rules: str, valid: bool,
                                                        tmp_path: Path) -> None:
    config = tmp_path / "cjm.yaml"
    config.write_text(f"cjm: 1\nrules:\n  {rules}\n", encoding="utf-8")
    loaded = load_file(config)
    assert loaded.source is not None
    schema = json.loads(schema_files()["workspace.schema.json"])
    by_schema = jsonschema.Draft7Validator(schema).is_valid(loaded.source.data)
    _, problems = check_workspace_file(config)
    assert (by_schema, not problems) == (valid, valid), [str(p) for p in problems]
