"""The round trips: map → Mermaid → map, map → CSV → map, map → XLSX → map, map → JSON →
map and map → YAML → map, over maps Hypothesis draws with tricky text."""

from __future__ import annotations

import json
import math

import pytest
from convert_helpers import (
    DIAGRAMS,
    EXAMPLE_MAPS,
    convert_map,
    dumped,
    journeys,
    mermaid_parse,
)
from hypothesis import HealthCheck, example, given, settings

from cjm.convert import FORMATS, WriteOptions, read_map
from cjm.convert.mermaid import js_number
from cjm.model import InlinePersona, JourneyMap
from cjm.workspace import context_for

PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _what_mermaid_keeps(journey: JourneyMap) -> object:
    persona = journey.persona
    return {
        "id": journey.id, "title": journey.title, "description": journey.description,
        "persona": persona.model_dump() if isinstance(persona, InlinePersona) else persona,
        "stages": [(stage.id, stage.name, [(step.id, step.name, step.emotion,
                                                            step.emotion_assumed, step.team)
                                           for step in stage.steps])
                   for stage in journey.stages],
    }


@PROPERTY
@given(journeys())
@example(JourneyMap.model_validate({  # a name whose `%` starts the line once trimmed
    "cjm": 1, "kind": "journey", "id": "m", "title": "T",
    "stages": [{"id": "c", "name": "S", "steps": [{"id": "z", "name": " %"}]}]}))
def test_map_to_mermaid_to_map_keeps_stages_steps_names_ids_and_emotions(
        journey: JourneyMap) -> None:
    back = convert_map(journey, "mermaid")
    assert _what_mermaid_keeps(back) == _what_mermaid_keeps(journey)


@pytest.mark.parametrize("target", ["csv", "xlsx", "json", "yaml"])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journeys(rich=True))
def test_map_to_sheet_json_or_yaml_to_map_is_the_same_map(journey: JourneyMap,
                                                           target: str) -> None:
    assert dumped(convert_map(journey, target)) == dumped(journey)


@pytest.mark.parametrize("path", EXAMPLE_MAPS, ids=lambda p: p.stem)
@pytest.mark.parametrize("target", ["csv", "xlsx", "json", "yaml"])
def test_the_example_maps_come_back_the_same(path: object, target: str) -> None:
    read = read_map(path.read_bytes(), str(path), FORMATS["yaml"], context_for(path))  # type: ignore[attr-defined]
    assert read.journey is not None
    assert dumped(convert_map(read.journey, target)) == dumped(read.journey)


def test_exported_diagrams_parse_with_mermaids_own_parser() -> None:
    """Every diagram cjm writes is read by Mermaid's grammar into the same tasks."""
    from hypothesis import find
    from hypothesis import strategies as st

    samples = find(st.lists(journeys(), min_size=60, max_size=60), lambda _: True,
                   settings=settings(database=None, max_examples=1))
    # The examples, the maps the diagrams of the suite give, and the edge values.
    for path in [*EXAMPLE_MAPS, *sorted(DIAGRAMS.glob("*.cjm.yaml"))]:
        read = read_map(path.read_bytes(), str(path), FORMATS["yaml"], context_for(path))
        assert read.journey is not None
        samples.append(read.journey)
    samples.extend(EDGE_MAPS.values())
    texts = [FORMATS["mermaid"].write(j, WriteOptions()).data.decode() for j in samples]
    for journey, text, result in zip(samples, texts, mermaid_parse(texts), strict=True):
        assert result["ok"], (text, result)
        steps = [step for _, step in journey.all_steps()]
        assert len(result["tasks"]) == len(steps), text
        assert len(result["sections"]) == len(journey.stages)
        for step, task in zip(steps, result["tasks"], strict=True):
            assert task["score"] == (3 if step.emotion is None else step.emotion + 3)
        assert result["title"] == (text.split("\n  title ", 1)[1].split("\n")[0]
                                   if "\n  title " in text else None)


def test_random_text_reads_here_as_mermaid_reads_it() -> None:
    """Differential test: fragments of the grammar in random order; cjm's reader accepts
    and refuses what Mermaid does, with the same tasks, scores and actors."""
    import random

    from test_mermaid_suite import _as_read_by_mermaid, _as_read_here

    fragments = ["journey", "journey\n", "title ", "section ", "accTitle:", "accDescr:",
                 "accDescr {", "}", "\n", "\n", "  ", ":", ": ", ":5", ": 2.5", ":x", "Me",
                 ", ", ",", "#", "#35;", ";", "%%", "%% c\n", "%", "%%{init: {}}%%", "日本",
                 "🙂", "Task", "Pay the bill", "-1", "\t", "journeyman", "Title search",
                 "0x4", "section", "title"]
    generator = random.Random(16)
    texts = []
    for _ in range(1500):
        body = "".join(generator.choice(fragments) for _ in range(generator.randint(1, 25)))
        texts.append(("journey\n" if generator.random() < 0.8 else "") + body)
    for text, theirs in zip(texts, mermaid_parse(texts), strict=True):
        ours, mermaid = _as_read_here(text), _as_read_by_mermaid(theirs)
        assert ours["ok"] == mermaid["ok"], text
        if ours["ok"]:
            assert ours["tasks"] == mermaid["tasks"], text


@pytest.mark.parametrize(("text", "number"), [
    ("5", 5.0), (" 4 ", 4.0), ("", 0.0), ("3.5", 3.5), ("0x4", 4.0), ("1e0", 1.0),
    ("-1", -1.0), (".5", 0.5), ("5.", 5.0), ("Infinity", math.inf)])
def test_scores_are_numbers_as_javascript_reads_them(text: str, number: float) -> None:
    assert js_number(text) == number


@pytest.mark.parametrize("text", ["five", "1_000", "0x", "5e", "--1", "infinity"])
def test_what_javascript_cannot_read_is_not_a_number(text: str) -> None:
    assert math.isnan(js_number(text))


def test_json_export_is_the_whole_validated_model() -> None:
    path = EXAMPLE_MAPS[0]
    read = read_map(path.read_bytes(), str(path), FORMATS["yaml"], context_for(path))
    assert read.journey is not None
    data = json.loads(FORMATS["json"].write(read.journey, WriteOptions()).data)
    assert data == read.journey.model_dump(mode="json")
    assert all("id" in step for stage in data["stages"] for step in stage["steps"])


def _edge_map(step: dict[str, object] | None = None, **top: object) -> JourneyMap:
    stage: dict[str, object] = {"id": "s", "name": "S", "steps": [
        {"id": "a", "name": "A", **(step or {})}]}
    stage.update(top.pop("stage", {}))  # type: ignore[call-overload]
    return JourneyMap.model_validate({"cjm": 1, "kind": "journey", "id": "m", "title": "T",
                                      "stages": [stage], **top})


# Values a sheet's cells could lose or mistake for something else: empty texts (an empty
# cell is a missing value), texts that look like cjm's own markers, line breaks of every
# kind, a byte-order mark, OOXML's own escapes.
EDGE_MAPS = {
    "empty thought": _edge_map({"thoughts": [""]}),
    "empty texts among others": _edge_map({"actions": ["", "a", ""], "support": ["", ""]}),
    "a list of blanks": _edge_map({"thoughts": [" ", "\t", "  \t "]}),
    "empty touchpoint, feeling and team": _edge_map({"touchpoint": "", "feeling": "",
                                                     "team": ""}),
    "empty step name": _edge_map({"name": ""}),
    "texts of quote marks": _edge_map({"touchpoint": '""', "feeling": '\\""',
                                       "thoughts": ['""', '\\""', '"']}),
    "empty stage name, goal and description": _edge_map(stage={"name": "", "goal": "",
                                                               "description": ""}),
    "empty pain point and opportunity parts": _edge_map({
        "pain_points": [{"id": "p", "text": ""}],
        "opportunities": [{"id": "o", "text": "", "owner": ""}]}),
    "empty metric parts": _edge_map(stage={"metrics": [{"id": "k", "name": "", "unit": "",
                                                        "source": ""}]}),
    "empty map fields": _edge_map(owner="", description=""),
    "empty persona parts": _edge_map(persona={"id": "p", "name": "", "description": "",
                                              "goals": [""], "quote": ""}),
    "carriage returns": _edge_map({"touchpoint": "a\rb\r", "thoughts": ["\r", "x\r\ny"],
                                   "feeling": "\r\n"}),
    "a byte-order mark": _edge_map({"touchpoint": "\ufeffx", "thoughts": ["\ufeff"]}),
    "line breaks and backslashes in the map's texts": _edge_map(
        title="T\\\r\n", scenario="a\n\nb\n", description="\n", owner="C:\\new\\ ",
        persona={"id": "p", "name": " \\", "description": "x\r\ny\n", "quote": "\\n\t"},
        stage={"goal": "g\n", "description": "d\n\n"},
        step={"touchpoint": "t\n", "feeling": "\nf", "team": "a\\nb\n"}),
    "OOXML escapes as text": _edge_map({"touchpoint": "_x000D_ and _x005F_",
                                        "thoughts": ["_x0041_"]}),
}


@pytest.mark.parametrize("target", ["csv", "xlsx", "json", "yaml"])
@pytest.mark.parametrize("case", EDGE_MAPS)
def test_edge_values_come_back_the_same(case: str, target: str) -> None:
    journey = EDGE_MAPS[case]
    assert dumped(convert_map(journey, target)) == dumped(journey)


def test_json_numbers_without_a_dot_are_numbers() -> None:
    # YAML 1.1 reads 1e-05 (no dot) as text; in JSON it is a number.
    document = {"cjm": 1, "kind": "journey", "title": "T", "stages": [
        {"name": "S", "metrics": [{"name": "M", "value": 1e-05, "target": 5e-324}],
         "steps": [{"name": "A"}]}]}
    read = read_map(json.dumps(document).encode(), "map.json", FORMATS["json"], None)
    assert read.journey is not None, read.problems
    [metric] = read.journey.stages[0].metrics
    assert (metric.value, metric.target) == (1e-05, 5e-324)
