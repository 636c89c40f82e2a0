"""docs/format.md and docs/json-output.md say what the code does."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from cjm.model import JourneyMap, Persona
from cjm.problems import FileRule, Problem, Severity
from cjm.report.json_report import problem_dict
from cjm.rules import RULES
from cjm.settings import BUILTIN_CHANNELS, Workspace
from cjm.validate import check_file, check_paths
from cjm.workspace import context_for

ROOT = Path(__file__).parent.parent
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
JSON_OUTPUT = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
FILE_RULES = [
    "yaml-syntax", "encoding", "empty-file", "duplicate-key", "unknown-key",
    "missing-field", "invalid-value", "duplicate-id", "unknown-reference", "too-complex",
]


SMALL_MAP = (
    "# yaml-language-server: $schema=../schemas/journey.schema.json\n"
    "cjm: 1\nkind: journey\ntitle:"
)


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def _yaml_example(starting_with: str) -> str:
    found = [block for block in _blocks(FORMAT, "yaml") if block.startswith(starting_with)]
    assert len(found) == 1, starting_with
    return found[0]


def test_the_channel_table_is_the_builtin_catalog() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \| `(#[0-9A-F]{6})` \|$", FORMAT, re.M)
    assert rows == [(c.id, c.label, c.color) for c in BUILTIN_CHANNELS]


@pytest.mark.parametrize("model", [JourneyMap, Persona, Workspace])
def test_every_field_has_a_row_in_a_table(model: type[BaseModel]) -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", FORMAT, re.M))
    pending: list[type[BaseModel]] = [model]
    seen: set[type[BaseModel]] = set()
    missing = []
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            if name not in documented:
                missing.append(f"{current.__name__}.{name}")
            for arg in _nested_models(info.annotation):
                pending.append(arg)
    assert missing == []


def _nested_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested_models(arg)]


def test_the_complete_map_example_validates_in_the_example_workspace(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    path = tmp_path / "examples" / "maps" / "small.cjm.yaml"
    path.write_text(_yaml_example(SMALL_MAP),
                    encoding="utf-8")

    checked = check_file(path, context_for(path), today=dt.date(2026, 11, 24))

    assert isinstance(checked.model, JourneyMap)
    assert checked.problems == []


def test_the_persona_file_example_validates(tmp_path: Path) -> None:
    path = tmp_path / "busy-parent.cjm.yaml"
    path.write_text(_yaml_example("# yaml-language-server: $schema=../schemas/persona"),
                    encoding="utf-8")

    checked = check_file(path, context_for(path))

    assert isinstance(checked.model, Persona)
    assert checked.problems == []


def test_the_workspace_example_is_a_valid_cjm_yaml(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text(
        _yaml_example("# yaml-language-server: $schema=schemas/workspace"), encoding="utf-8")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "m.cjm.yaml").write_text(
        "cjm: 1\nkind: journey\ntitle: M\nstages: [{name: S}]\n", encoding="utf-8")

    report = check_paths([str(tmp_path / "maps")])

    assert [p for p in report.problems if p.path.endswith("cjm.yaml")
            and not p.path.endswith(".cjm.yaml")] == []


def test_every_file_rule_is_explained_in_the_json_contract() -> None:
    for rule in FILE_RULES:
        assert re.search(rf"^\| `{rule}` \|", JSON_OUTPUT, re.M), rule


def test_the_json_example_has_the_fields_cjm_writes() -> None:
    example = json.loads(_blocks(JSON_OUTPUT, "json")[0])
    problem = Problem("m.cjm.yaml", 1, 1, Severity.error, "unknown-key", "m", "title")

    assert set(example) == {"version", "files", "errors", "warnings", "problems"}
    assert all(set(p) == set(problem_dict(problem)) for p in example["problems"])


def test_the_exit_codes_of_the_contract_are_documented() -> None:
    codes = re.findall(r"^\| `(\d+)` \|", JSON_OUTPUT, re.M)
    assert codes == ["0", "1", "2", "3", "130", "143"]


def _quality_rule_list(text: str, lead: str) -> list[str]:
    """The rule ids of the sentence that starts with LEAD, in their order."""
    sentence = text[text.index(lead):].split(")", 1)[0] if lead.endswith("(") else \
        text[text.index(lead):].split("(", 1)[0]
    return re.findall(r"`([a-z-]+)`", sentence)


def test_the_file_rule_table_is_the_rule_registry() -> None:
    documented = re.findall(r"^\| `([a-z-]+)` \|", JSON_OUTPUT.split("## File rules", 1)[1]
                            .split("\n## ", 1)[0], re.M)
    assert documented == [rule.value for rule in FileRule]


def test_the_quality_rule_lists_are_the_rule_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _quality_rule_list(JSON_OUTPUT, "The quality rules (") == list(RULES)
    assert _quality_rule_list(readme, "runs quality rules on every\nmap:") == list(RULES)


def test_the_yaml_surprises_are_the_messages_of_the_case_suite() -> None:
    section = FORMAT.split("## When YAML surprises you\n", 1)[1].split("\n## ", 1)[0]
    documented = [re.sub(r"^[^:]+:(\d+:\d+):", r"\1:", line)
                  for block in _blocks(section, "text") for line in block.splitlines()]
    cases = ROOT / "tests" / "cases" / "invalid"
    produced = {f"{line.split(' ', 1)[0]}: error [{line.split(' ')[1]}] {line.split(' ', 2)[2]}"
                for expected in cases.glob("yaml-*.expected")
                for line in expected.read_text(encoding="utf-8").splitlines()}
    assert len(documented) >= 12
    assert [line for line in documented if line not in produced] == []
