"""What the convert tests share: maps drawn by Hypothesis, conversions, Mermaid's parser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from cjm.convert import FORMATS, read_map
from cjm.model import JourneyMap
from external import require_node_module

HERE = Path(__file__).parent
DIAGRAMS = HERE / "diagrams"
EXAMPLES = HERE.parent.parent / "examples"
EXAMPLE_MAPS = sorted((EXAMPLES / "maps").glob("*.cjm.yaml"))

# Text with everything a format could trip on: separators of Mermaid, CSV and cjm's cells,
# YAML's indicators, other scripts, emoji, line breaks of every kind, surrounding spaces,
# a byte-order mark, and the empty text (an empty cell is no value at all).
TRICKY = st.text(st.sampled_from(list("abc XYZ:#;%,|\\=+-@'\"{}[]\n\r\t日本Жب🙂é\ufeff_")),
                 max_size=20)
PLAIN = st.sampled_from(["Sees an ad", "Pays", "Reads reviews", "Title search", "section A",
                         "50% off", "Q&A: pricing", "Waits #2", "=SUM(A1)", "-1", "no", "yes",
                         "2026-01-01", "待合室で待つ", "Платит картой", "🙂 Happy", "", " ",
                         '""', '\\""', "_x000D_", "a\r\nb", "Two lines\nand a break\n",
                         "C:\\new\\"])
names = PLAIN | TRICKY
# A persona's facts: free labels (some YAML would misread unquoted) and values of each kind.
FACT_LABELS = st.sampled_from(["age", "@home", "=x", "+1", "- a", "tools", "no", "日本",
                               "a: b", "#tag"]) | st.text(st.sampled_from("ab @=+:#-'"),
                                                          min_size=1, max_size=6)
# Floats at the edges: the smallest and largest, a negative zero, whole and inexact ones.
EDGE_FLOATS = st.sampled_from([5e-324, 1.7976931348623157e308, -1.7976931348623157e308,
                               -0.0, 0.0, 34.0, 1e16, 1e-5, 0.1 + 0.2, -2.5e3])
# Fact texts that read as something else unless written with care.
FACT_TEXTS = names | st.sampled_from(["34", "-2.5", "1e-5", "[a]", "[]", '"q"', '""', "- a",
                                      " 34 ", "a, b", "[Excel, Slack]", ".5", "0o17"])
FACTS = (st.integers(-1000, 1000) | st.integers() | st.floats(-1e6, 1e6, allow_nan=False)
         | EDGE_FLOATS | FACT_TEXTS | st.lists(FACT_TEXTS, max_size=2))
ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def journeys(draw: st.DrawFn, *, rich: bool = False) -> JourneyMap:
    """Valid maps with tricky names; `rich` adds every field a spreadsheet carries."""
    used: set[str] = set()

    def fresh_id() -> str:
        value = draw(ids.filter(lambda v: v not in used))
        used.add(value)
        return value

    stages = []
    for _ in range(draw(st.integers(1, 4))):
        stage: dict[str, Any] = {"id": fresh_id(), "name": draw(names), "steps": []}
        if rich and draw(st.booleans()):
            stage["goal"] = draw(names)
            stage["description"] = draw(st.none() | names)
            stage["metrics"] = [{"id": fresh_id(), "name": draw(names),
                                 "value": draw(st.floats(0, 1e6, allow_nan=False)
                                               | EDGE_FLOATS),
                                 "target": draw(st.integers(0, 100)), "unit": draw(names),
                                 "better": draw(st.sampled_from(["higher", "lower"])),
                                 "owner": draw(st.none() | names),
                                 "source": draw(st.none() | names)}]
        if rich and draw(st.booleans()):
            stage["pain_points"] = [{"id": fresh_id(), "text": draw(names),
                                     "assumed": draw(st.booleans())}]
            stage["opportunities"] = [{"text": draw(names), "status": "idea"}]
        for _ in range(draw(st.integers(0, 4))):
            step: dict[str, Any] = {"id": fresh_id(), "name": draw(names),
                                    "emotion": draw(st.none() | st.integers(-2, 2))}
            if step["emotion"] is not None and draw(st.booleans()):
                step["emotion_assumed"] = True
            if draw(st.booleans()):
                step["team"] = draw(names)
            if rich:
                step["channel"] = draw(st.sampled_from(["web", "email", "phone"]))
                step["touchpoint"] = draw(names)
                step["actions"] = draw(st.lists(names, max_size=3))
                step["thoughts"] = draw(st.lists(names, max_size=2))
                step["feeling"] = draw(st.none() | names)
                step["frontstage"] = draw(st.lists(names, max_size=2))
                step["backstage"] = draw(st.lists(names, max_size=2))
                step["support"] = draw(st.lists(names, max_size=2))
                step["tags"] = draw(st.lists(ids, max_size=2, unique=True))
                if draw(st.booleans()):
                    pain = fresh_id()
                    step["pain_points"] = [{"id": pain, "text": draw(names),
                                            "severity": draw(st.sampled_from(
                                                ["low", "medium", "high"])),
                                            "assumed": draw(st.booleans())}]
                    step["opportunities"] = [{"text": "Fix " + pain, "owner": draw(names),
                                              "status": "planned", "addresses": [pain],
                                              "link": "https://example.com/a?b=1|2"}]
            stage["steps"].append(step)
        stages.append(stage)
    data: dict[str, Any] = {"cjm": 1, "kind": "journey", "id": "m", "title": draw(names),
                            "stages": stages}
    persona = draw(st.none() | ids | names.map(lambda n: {"name": n, "id": "p"}) | (
        st.fixed_dictionaries({"name": names, "id": st.just("p")}, optional={
            "description": names, "segment": names, "quote": names,
            "goals": st.lists(names, max_size=2), "needs": st.lists(names, max_size=2),
            "frustrations": st.lists(names, max_size=2),
            "expectations": st.lists(names, max_size=2),
            "facts": st.dictionaries(FACT_LABELS, FACTS, max_size=3)}) if rich
        else st.nothing()))
    if persona is not None:
        data["persona"] = persona
    if rich:
        data["scenario"] = draw(st.none() | names)
        if draw(st.booleans()):
            data["pain_points"] = [{"id": fresh_id(), "text": draw(names),
                                    "severity": "high", "assumed": draw(st.booleans())}]
            data["opportunities"] = [{"text": draw(names), "owner": draw(names),
                                      "addresses": [data["pain_points"][0]["id"]]}]
        data["owner"] = draw(names)
        data["description"] = draw(names)
        data["evidence"] = [{"id": "ev", "kind": "survey", "title": draw(names),
                             "date": "2026-09-15", "description": draw(st.none() | names)}]
        for stage in stages:
            for step in stage["steps"]:
                for pain in step.get("pain_points", []):
                    pain["evidence"] = ["ev"]
    return JourneyMap.model_validate(data)


def convert_map(journey: JourneyMap, target: str, path: str = "map") -> JourneyMap:
    """journey → format → journey, failing on any error."""
    fmt = FORMATS[target]
    exported = fmt.write(journey, __import__("cjm.convert").convert.WriteOptions())
    read = read_map(exported.data, f"{path}{fmt.suffixes[0]}", fmt, None)
    assert read.journey is not None, "\n".join(map(str, read.problems))
    return read.journey


def dumped(journey: JourneyMap) -> Any:
    """The map's data, with each float tagged by its exact text, so that a comparison
    tells 34 from 34.0 and -0.0 from 0.0 (Python's `==` does not)."""
    return _typed(journey.model_dump(mode="json"))


def _typed(value: Any) -> Any:
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return value


def mermaid_parse(texts: list[str]) -> list[dict[str, Any]]:
    """Each text as Mermaid's own journey parser reads it (tests/convert/mermaid_journey.mjs)."""
    folder = require_node_module("mermaid")
    completed = subprocess.run(
        ["node", str(HERE / "mermaid_journey.mjs"), str(folder)], input=json.dumps(texts),
        capture_output=True, text=True, timeout=300, check=True)
    results: list[dict[str, Any]] = json.loads(completed.stdout)
    return results
