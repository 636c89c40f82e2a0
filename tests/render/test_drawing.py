"""Drawings made by the real Graphviz: SVG structure, formats, determinism, hostile text."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from render_maps import generated_map, load_map

from cjm.entities import entities
from cjm.model import JourneyMap
from cjm.render.drawing import MapInfo, render, to_dot
from cjm.render.paths import curve_links, main_path, successors

SVG = "{http://www.w3.org/2000/svg}"


def _svg(journey: JourneyMap, info: MapInfo, view: str = "grid") -> ElementTree.Element:
    drawn = render(journey, view, "svg", info)
    assert drawn.warnings == (), drawn.warnings  # every cell is big enough for its text
    return ElementTree.fromstring(drawn.data)


def _groups(root: ElementTree.Element, css_class: str) -> list[ElementTree.Element]:
    return [g for g in root.iter(f"{SVG}g") if css_class in g.get("class", "").split()]


def _texts(root: ElementTree.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_grid_svg_has_every_step_the_curve_the_legend_and_a_title(
    sample: tuple[JourneyMap, MapInfo],
) -> None:
    journey, info = sample
    root = _svg(journey, info)
    children = list(root)
    assert children[0].tag == f"{SVG}title" and children[0].text == "First online purchase"
    assert children[1].tag == f"{SVG}desc"
    assert "5 steps" in (children[1].text or "") and "Busy parent" in (children[1].text or "")
    assert root.get("role") == "img"
    step_ids = {g.get("id") for g in _groups(root, "step")}
    assert step_ids == {f"step-{step.id}" for _, step in journey.all_steps()}
    points = _groups(root, "emotion-point")
    assert len(points) == 5
    assert len(_groups(root, "emotion-curve")) == 4
    assert len(_groups(root, "neutral-line")) == 1
    assert len(_groups(root, "legend")) == 1
    text = _texts(root)
    for expected in ("Busy parent", "cx-team", "2026-09-30", "Discover", "Emotion",
                     "HIGH", "PLANNED", "curious", "web-team"):
        assert expected in text


def test_flow_svg_has_a_box_per_step_and_arrows_for_order_and_branches(
    sample: tuple[JourneyMap, MapInfo],
) -> None:
    journey, info = sample
    root = _svg(journey, info, "flow")
    assert len(_groups(root, "step")) == 5
    assert len(_groups(root, "stage")) == 3
    # sees-ad→reads-reviews→checkout, checkout→confirmation (next) and back to
    # reads-reviews (next), confirmation→delivery
    assert len(_groups(root, "order")) == 4
    assert len(_groups(root, "back")) == 1
    assert len(_groups(root, "legend")) == 1


def test_blueprint_has_the_three_service_lanes_and_their_lines(
    sample: tuple[JourneyMap, MapInfo],
) -> None:
    journey, info = sample
    root = _svg(journey, info, "blueprint")
    assert len(_groups(root, "blueprint-line")) == 3
    text = _texts(root)
    for expected in ("line of visibility", "Frontstage", "Backstage", "Support",
                     "Audience targeting"):
        assert expected in text
    assert "line of visibility" not in _texts(_svg(journey, info, "grid"))


def test_only_http_links_become_svg_links(sample: tuple[JourneyMap, MapInfo]) -> None:
    journey, info = sample
    root = _svg(journey, info)
    links = sorted(a.get("{http://www.w3.org/1999/xlink}href") or ""
                   for a in root.iter(f"{SVG}a"))
    assert links == ["https://analytics.example.com/reports/42",
                     "https://tracker.example.com/WEB-123?a=1&b=2"]


@pytest.mark.parametrize("view", ["grid", "flow", "blueprint"])
def test_same_map_same_bytes(sample: tuple[JourneyMap, MapInfo], view: str) -> None:
    journey, info = sample
    assert render(journey, view, "svg", info) == render(journey, view, "svg", info)
    assert to_dot(journey, view, info) == to_dot(journey, view, info)


@pytest.mark.parametrize(("output_format", "magic"), [("png", b"\x89PNG\r\n\x1a\n"),
                                                      ("pdf", b"%PDF-")])
def test_png_and_pdf_come_from_graphviz(
    sample: tuple[JourneyMap, MapInfo], output_format: str, magic: bytes
) -> None:
    journey, info = sample
    data = render(journey, "grid", output_format, info).data
    assert data.startswith(magic)
    assert len(data) > 10_000


@pytest.mark.parametrize("view", ["grid", "flow", "blueprint"])
def test_sixty_steps_fit_their_cells_and_all_appear(
    sixty_steps: tuple[JourneyMap, MapInfo], view: str
) -> None:
    journey, info = sixty_steps
    root = _svg(journey, info, view)
    assert len(_groups(root, "step")) == 60
    if view != "flow":
        assert len(_groups(root, "emotion-point")) == 60
        # The curve: the main path plus the branches, one segment per link.
        links = curve_links(journey)
        assert len(_groups(root, "emotion-curve")) == len(links)
        main = [link for link in links if link.main]
        steps = [step for _, step in journey.all_steps()]
        assert len(main) == len(main_path(successors(steps, entities(journey)))) - 1
        assert len(_groups(root, "branch")) == len(links) - len(main)


def test_a_long_map_with_many_branches_still_draws(tmp_path: Path) -> None:
    path = tmp_path / "long.cjm.yaml"
    path.write_text(generated_map(300, branches=30), encoding="utf-8")
    journey, info = load_map(path)
    root = _svg(journey, info, "flow")
    assert len(_groups(root, "step")) == 300
    assert len(_groups(root, "branch")) >= 25


HOSTILE = [
    '<script>alert("x")</script>',
    "</TD></TR></TABLE>> ] ; node [image=\"/etc/passwd\"]",
    "<IMG SRC=\"/etc/passwd\"/>",
    "a \\N b \\G c \\L d \\E e \\T f \\H \\n \\l",
    "back\\slash\\\\ and \"quotes\" and 'single'",
    "&amp; &lt; &#60; &#x3C; &nbsp;",
    "]]> ]",
    "javascript:alert(1)",
    "שלום עולם — مرحبا بالعالم",
    "日本語のテキスト 🚀 ñ é ü",
    "{ } [ ] | @ % $ # ! ` ~",
]


def _hostile_map(text: str) -> str:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"""cjm: 1
kind: journey
title: {quoted}
persona: {{name: {quoted}}}
owner: {quoted}
description: {quoted}
stages:
  - id: stage
    name: {quoted}
    goal: {quoted}
    steps:
      - id: one
        name: {quoted}
        touchpoint: {quoted}
        actions: [{quoted}, {quoted}]
        thoughts: {quoted}
        emotion: -1
        feeling: {quoted}
        frontstage: {quoted}
        backstage: {quoted}
        support: {quoted}
        team: {quoted}
        pain_points:
          - id: pain
            text: {quoted}
            severity: high
        opportunities:
          - id: chance
            text: {quoted}
            owner: {quoted}
            addresses: [pain]
            link: "https://example.com/a?b=1&c=<x>\\"y"
"""


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("view", ["grid", "flow", "blueprint"])
def test_hostile_text_is_drawn_literally(tmp_path: Path, text: str, view: str) -> None:
    path = tmp_path / "hostile.cjm.yaml"
    path.write_text(_hostile_map(text), encoding="utf-8")
    journey, info = load_map(path)
    data = render(journey, view, "svg", info).data
    root = ElementTree.fromstring(data)  # well-formed, whatever the text
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == text  # type: ignore[union-attr]
    # No element or attribute came from the map: only Graphviz's own vocabulary.
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "polygon", "text", "path", "ellipse",
                    "a", "polyline"}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert "javascript" not in value.lower()
            assert not name.lower().startswith("on")
    for link in root.iter(f"{SVG}a"):
        href = link.get("{http://www.w3.org/1999/xlink}href") or ""
        assert href.startswith("https://example.com/") or href.startswith("http")
    # Lines are wrapped and may be cut inside words: compare without the breaks.
    drawn = "".join(_texts(root).split())
    for piece in text.split():
        assert piece in drawn, piece


@pytest.mark.parametrize("svg", [b"<html>no svg here</html>",
                                 b"<svg><g></svg>", b"<svg><text>a & b</text></svg>"])
def test_an_svg_that_is_not_well_formed_is_never_written(svg: bytes) -> None:
    from cjm.render.graphviz import GraphvizFailed, accessible_svg

    with pytest.raises(GraphvizFailed):
        accessible_svg(svg, "title", "description")


def test_the_svg_gets_a_title_and_description_first() -> None:
    from cjm.render.graphviz import accessible_svg

    data = accessible_svg(b'<svg width="1pt"><g/></svg>', "A <map>", "What it shows")
    root = ElementTree.fromstring(data)
    assert root.attrib["role"] == "img"
    assert [child.tag for child in root][:2] == ["title", "desc"]
    assert root[0].text == "A <map>"


FIELDS_MAP = """\
cjm: 1
kind: journey
title: Fields
scenario: Moving house with two children and one free Saturday
persona:
  name: Mover
  expectations: [One call sorts it]
  facts:
    age: 38
    tools: [Phone, Laptop]
stages:
  - name: Plan
    steps:
      - name: Books a van
        emotion: 1
        emotion_assumed: true
        feeling: hopeful
        pain_points:
          - {text: Prices change at checkout, severity: high, assumed: true}
      - name: Packs
        emotion: -1
        feeling: tired
    pain_points:
      - {text: Nobody says what to do first, severity: medium}
    opportunities:
      - {text: A moving checklist, status: idea, owner: web}
pain_points:
  - {text: Every firm asks for the same inventory, severity: low}
opportunities:
  - {text: One shared inventory, status: planned, owner: ops}
"""


@pytest.mark.parametrize("view", ["grid", "blueprint", "flow"])
def test_the_persona_scenario_assumed_claims_and_wider_pains_are_drawn(
    tmp_path: Path, view: str
) -> None:
    path = tmp_path / "fields.cjm.yaml"
    path.write_text(FIELDS_MAP, encoding="utf-8")
    journey, info = load_map(path)
    root = _svg(journey, info, view)
    texts = _texts(root)
    # The whole journey's and the stage's pain points and opportunities.
    for words in ("Pain points across the journey", "Every firm",
                  "Opportunities across the journey", "One shared",
                  "Across the stage", "Nobody says", "A moving", "HIGH · ASSUMED"):
        assert words in texts, words
    assert "1 stage, 2 steps" in texts.replace("\u00a0", " ")  # one stage, not "1 stages"
    legend = " ".join("".join(t.itertext()) for group in _groups(root, "legend")
                      for t in group.iter(f"{SVG}text"))
    assert "ASSUMED: not yet backed by research" in legend
    if view == "flow":
        assert "hopeful · assumed" in texts
        assert "assumed: a score not yet researched" in legend
        return
    for words in ("Scenario", "Moving house", "Expectations", "One call sorts it",
                  "age:", "38", "Phone, Laptop"):
        assert words in texts, words
    assumed = _groups(root, "assumed")
    assert len(assumed) == 1  # the assumed score: a hollow, dashed point
    ellipse = assumed[0].find(f"{SVG}ellipse")
    assert ellipse is not None
    assert ellipse.get("fill") == "#ffffff" and ellipse.get("stroke-dasharray")
    observed = [g for g in _groups(root, "emotion-point") if g not in assumed]
    assert observed
    for group in observed:
        point = group.find(f"{SVG}ellipse")
        assert point is not None and point.get("stroke-dasharray") is None
    assert "hopeful · assumed" in texts and "assumed, not yet researched" in texts
