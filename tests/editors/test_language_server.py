"""The real yaml-language-server (what VS Code, Neovim, Helix and JetBrains run for YAML),
driven over stdio as an editor drives it, with the schemas `cjm schema` writes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsp import LanguageServer

from cjm.schema import schema_files
from external import require_node_module

EXAMPLES = Path(__file__).parents[2] / "examples"
MODELINE = "# yaml-language-server: $schema=../schemas/cjm.schema.json\n"
# What docs/format.md tells writers to set; the catalog is off so that nothing is fetched.
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True,
                     "yamlVersion": "1.1", "schemaStore": {"enable": False}}}

MAP = MODELINE + """\
cjm: 1
kind: journey
title: Buying a plan
stages:
  - name: Choose
    steps:
      - name: Compare plans
        channel: web
        emotion: 5
        feelings: unsure
        feeling: no
        pain_points:
          - text: Too many plans
            severity: huge
      - name: Pay
        emotion: 1
""" + " " * 8 + "\n"  # where a new key of the step is typed


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workspace")
    (folder / "schemas").mkdir()
    for name, text in schema_files().items():
        (folder / "schemas" / name).write_text(text, encoding="utf-8")
    (folder / "maps").mkdir()
    return folder


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[LanguageServer]:
    require_node_module("yaml-language-server")
    program = Path(__file__).parents[1] / "node" / "node_modules" / ".bin" / "yaml-language-server"
    with LanguageServer([str(program), "--stdio"], workspace, SETTINGS) as running:
        yield running


def _line_of(text: str, fragment: str) -> int:
    """The 0-based line on which fragment is written."""
    return next(n for n, line in enumerate(text.splitlines()) if fragment in line)


def test_the_editor_marks_each_mistake_at_its_line(server: LanguageServer,
                                                   workspace: Path) -> None:
    uri = server.open(workspace / "maps" / "buying.cjm.yaml", MAP)
    found = {(d["range"]["start"]["line"], d["message"]) for d in server.wait_for_diagnostics(uri)}
    lines = {line for line, _ in found}

    assert _line_of(MAP, "emotion: 5") in lines  # out of the scale
    assert _line_of(MAP, "feelings:") in lines  # not a key of a step
    assert _line_of(MAP, "severity: huge") in lines  # not a severity
    assert _line_of(MAP, "feeling: no") in lines  # YAML 1.1 reads `no` as false, as cjm does
    assert lines == {_line_of(MAP, f) for f in ("emotion: 5", "feelings:", "severity: huge",
                                                 "feeling: no")}, found


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*/*.cjm.yaml")), ids=lambda p: p.name)
def test_journeys_and_personas_under_the_one_schema_have_no_false_errors(
    server: LanguageServer, workspace: Path, example: Path,
) -> None:
    text = MODELINE + example.read_text(encoding="utf-8").split("\n", 1)[1]
    uri = server.open(workspace / "maps" / example.name, text)
    assert server.wait_for_diagnostics(uri) == []


def test_completion_in_a_step_offers_its_keys_without_null(server: LanguageServer,
                                                          workspace: Path) -> None:
    uri = server.open(workspace / "maps" / "keys.cjm.yaml", MAP)
    items = server.completion(uri, _line_of(MAP, "emotion: 1") + 1, 8)
    offered = {item["label"]: item.get("insertText", "") for item in items}

    assert {"channel", "touchpoint", "feeling", "pain_points", "opportunities"} <= set(offered)
    assert "emotion" not in offered and "name" not in offered  # already written
    assert not [text for text in offered.values() if "null" in text], offered


def _values(server: LanguageServer, workspace: Path, key: str) -> dict[str, str]:
    """What completion offers after `key: ` in the last step, with what each means."""
    pay = "      - name: Pay\n"
    text = MAP.replace(f"{pay}        emotion: 1\n", f"{pay}        {key}: \n")
    uri = server.open(workspace / "maps" / f"{key}.cjm.yaml", text)
    line = text.splitlines().index(f"        {key}: ")
    items = server.completion(uri, line, len(f"        {key}: "))
    return {item["label"]: _documentation(item) for item in items}


def _documentation(item: dict[str, object]) -> str:
    doc = item.get("documentation", "")
    return str(doc["value"] if isinstance(doc, dict) else doc)


def test_completion_offers_the_channels_of_the_catalog(server: LanguageServer,
                                                       workspace: Path) -> None:
    values = _values(server, workspace, "channel")

    assert values["web"] == "Web (built-in channel)"
    assert values["sales-rep"] == "Sales rep (built-in channel)"
    assert len([v for v in values if v != "null"]) == 16


def test_completion_offers_the_emotion_scale_with_its_meanings(server: LanguageServer,
                                                               workspace: Path) -> None:
    values = _values(server, workspace, "emotion")

    assert values == {"-2": "very negative", "-1": "negative", "0": "neutral",
                      "1": "positive", "2": "very positive", "null": "empty: not known yet"}


def test_hover_shows_the_fields_own_description(server: LanguageServer,
                                                workspace: Path) -> None:
    uri = server.open(workspace / "maps" / "hover.cjm.yaml", MAP)
    emotion = server.hover(uri, _line_of(MAP, "emotion: 1"), 10)
    channel = server.hover(uri, _line_of(MAP, "channel: web"), 10)

    assert emotion.startswith("#### emotion\n\nHow the customer feels: -2 very negative, "
                              "0 neutral, 2 very positive.\n"), emotion
    assert "||" not in emotion
    assert re.search(r"`1`: positive", emotion), emotion
    assert channel.startswith("#### channel\n\nA channel id from the channel catalog."), channel
    assert "short stable identifier" not in channel


def _docs_block(language: str, containing: str) -> str:
    text = (Path(__file__).parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)
    return next(block for block in blocks if containing in block)


def test_the_vs_code_settings_of_the_docs_pick_each_schema_by_file_name(
    workspace: Path,
) -> None:
    require_node_module("yaml-language-server")
    settings = json.loads(_docs_block("json", '"yaml.schemas"'))
    assert settings["yaml.yamlVersion"] == "1.1"
    program = Path(__file__).parents[1] / "node" / "node_modules" / ".bin" / "yaml-language-server"
    yaml_settings = {"yaml": {"schemas": settings["yaml.schemas"], "yamlVersion": "1.1",
                              "validate": True, "schemaStore": {"enable": False}}}
    persona = "cjm: 1\nkind: persona\nid: parent\nname: Busy parent\nage: 41\n"
    journey = "cjm: 1\nkind: journey\ntitle: T\nstages:\n  - name: S\n    feeling: no\n"
    config = "cjm: 1\nrules:\n  missing-emotions: off\n"
    with LanguageServer([str(program), "--stdio"], workspace, yaml_settings) as server:
        found = {}
        for name, text in [("personas/parent.cjm.yaml", persona),
                           ("maps/deep/t.cjm.yml", journey), ("cjm.yaml", config)]:
            uri = server.open(workspace / name, text)
            found[name] = [(d["range"]["start"]["line"], d["message"])
                           for d in server.wait_for_diagnostics(uri)]

    assert found == {
        "personas/parent.cjm.yaml": [(4, "Property age is not allowed.")],
        "maps/deep/t.cjm.yml": [(5, "Property feeling is not allowed.")],
        "cjm.yaml": [(2, "Property missing-emotions is not allowed.")],
    }
