"""Rules of the layout a reader relies on, checked on the drawings themselves."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from render_maps import generated_map, load_map

from cjm.model import Metric
from cjm.render.drawing import DrawOptions, render, to_dot
from cjm.render.grid import metric_met
from cjm.render.layout import text_width, without_orphans, wrap
from cjm.render.views import page_height, page_width

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
MAPS = [*sorted((ROOT / "examples" / "maps").glob("*.cjm.yaml"))]


def _rect(element: ElementTree.Element) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.split(r"[ ,]+", element.get("points", "").strip())]
    return (min(values[0::2]), min(values[1::2]), max(values[0::2]), max(values[1::2]))


def _flow_paths(path: Path, paper: str | None = None
                ) -> tuple[list[tuple[float, float, float, float]],
                           list[list[tuple[float, float]]]]:
    journey, info = load_map(path)
    options = DrawOptions() if paper is None else DrawOptions(width=page_width(paper),
                                                             height=page_height(paper))
    root = ElementTree.fromstring(render(journey, "flow", "svg", info, options=options).data)
    boxes, routes = [], []
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if "step" in classes:
            polygon = group.find(f"{SVG}polygon")
            assert polygon is not None
            boxes.append(_rect(polygon))
        elif {"order", "branch"} & set(classes):
            for drawn in group.iter(f"{SVG}path"):
                numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", drawn.get("d", ""))]
                routes.append(list(zip(numbers[0::2], numbers[1::2], strict=True)))
    return boxes, routes


@pytest.mark.parametrize("paper", [None, "a4", "a3"])
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_flow_arrows_never_cross_a_box(path: Path, paper: str | None) -> None:
    """Also when the stages wrap into rows for a page: arrows between rows run down the
    left margin and come in above the boxes."""
    boxes, routes = _flow_paths(path, paper)
    assert boxes and routes
    for route in routes:
        for (ax, ay), (bx, by) in itertools.pairwise(route):
            for step in range(21):
                x, y = ax + (bx - ax) * step / 20, ay + (by - ay) * step / 20
                inside = [box for box in boxes
                          if box[0] + 2 < x < box[2] - 2 and box[1] + 2 < y < box[3] - 2]
                assert not inside, (route, inside)


@pytest.fixture
def branching_map(tmp_path: Path) -> Path:
    """A generated map of 48 steps with 10 branches, six steps a stage."""
    path = tmp_path / "branches.cjm.yaml"
    path.write_text(generated_map(48, branches=10, per_stage=6), encoding="utf-8")
    return path


@pytest.mark.parametrize("paper", [None, "a4", "a3"])
def test_flow_arrows_of_a_branching_generated_map_never_cross_a_box(
    branching_map: Path, paper: str | None
) -> None:
    test_flow_arrows_never_cross_a_box(branching_map, paper)


def test_a_paragraph_never_ends_with_one_lone_word() -> None:
    text = "From seeing an ad to the first walk with the new stroller, step by step today"
    for width in range(120, 420, 7):
        lines = without_orphans(wrap(text, width, 11), width, 11)
        assert " ".join(lines) == text
        assert all(text_width(line, 11) <= width for line in lines)
        if len(lines) > 1 and len(lines[-2].split()) > 2:
            assert len(lines[-1].split()) > 1, lines


def test_header_facts_stay_whole_and_pains_come_by_severity(tmp_path: Path) -> None:
    path = tmp_path / "m.cjm.yaml"
    path.write_text(
        "cjm: 1\nkind: journey\ntitle: T\nowner: cx-team\nreviewed: 2026-10-20\nstages:\n"
        "  - name: A\n    steps:\n      - id: one\n        name: One\n        pain_points:\n"
        "          - {id: a, text: Small thing, severity: low}\n"
        "          - {id: b, text: Big thing, severity: high}\n"
        "          - {id: c, text: Middle thing, severity: medium}\n", encoding="utf-8")
    journey, info = load_map(path)
    dot = to_dot(journey, "grid", info)
    assert "Last\u00a0review:\u00a02026-10-20" in dot  # no line break inside a fact
    assert dot.index("Big thing") < dot.index("Middle thing") < dot.index("Small thing")


@pytest.mark.parametrize(("value", "target", "better", "met"), [
    (0.4, 0.8, "higher", False), (0.9, 0.8, "higher", True),
    (2.5, 2.0, "lower", False), (1.5, 2.0, "lower", True), (None, 2.0, "higher", None)])
def test_a_metric_is_met_the_way_its_direction_says(
    value: float | None, target: float, better: str, met: bool | None
) -> None:
    metric = Metric(name="Call time", value=value, target=target)
    if better == "lower":  # a metric's direction, held as the model holds its fields
        object.__setattr__(metric, "__dict__", {**metric.__dict__, "better": "lower"})
    assert metric_met(metric) is met


def _flow_stages(svg: bytes) -> list[tuple[float, float, float]]:
    """Each stage of a flow drawing: its left and right edge and its header's lowest text
    (in SVG coordinates, y down)."""
    stages = []
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        if "stage" in group.get("class", "").split():
            polygon = group.find(f"{SVG}polygon")
            assert polygon is not None
            left, _, right, _ = _rect(polygon)
            lowest = max(float(text.get("y", "0")) for text in group.iter(f"{SVG}text"))
            stages.append((left, right, lowest))
    return stages


@pytest.mark.parametrize("paper", [None, "a3"])
def test_flow_steps_begin_right_under_their_own_stage_header(
    tmp_path: Path, paper: str | None
) -> None:
    """A stage with a short header has no gap under it because another stage of its row
    has a tall one (stage pain points and opportunities)."""
    stage = ("  - name: {name}\n    goal: {goal}\n{extra}    steps:\n"
             "      - {{id: {id}1, name: First step of {name}, emotion: 1}}\n"
             "      - {{id: {id}2, name: Second step of {name}, emotion: -1}}\n")
    tall = ("    pain_points:\n" + "".join(
        f"      - {{id: p{n}, text: A pain felt across the whole stage number {n}, "
        "severity: medium}\n" for n in range(3)) +
        "    opportunities:\n      - {text: Something that would help the stage, "
        "status: idea}\n")
    path = tmp_path / "m.cjm.yaml"
    path.write_text(
        "cjm: 1\nkind: journey\ntitle: Headers of many heights\nstages:\n"
        + stage.format(name="Short", goal="Quick", extra="", id="a")
        + stage.format(name="Tall", goal="Many things across the stage", extra=tall, id="b")
        + stage.format(name="Plain", goal="One line", extra="", id="c"),
        encoding="utf-8")
    journey, info = load_map(path)
    options = DrawOptions() if paper is None else DrawOptions(width=page_width(paper),
                                                             height=page_height(paper))
    svg = render(journey, "flow", "svg", info, options=options).data
    boxes, _ = _flow_paths(path, paper)
    stages = _flow_stages(svg)
    assert len(stages) == 3
    heights = [lowest for _, _, lowest in stages]
    assert max(heights) - min(heights) > 100  # the tall header is much taller
    for left, right, lowest in stages:
        first = min(top for x0, top, x1, _ in boxes if left <= x0 and x1 <= right)
        assert 0 < first - lowest < 50, (left, first, lowest)


@pytest.mark.parametrize("view", ["grid", "blueprint"])
def test_a_branch_of_the_curve_runs_level_into_a_row_edge(tmp_path: Path, view: str) -> None:
    """A branch of the emotion curve that goes on in the next row leaves (and comes back)
    without bowing back up to its point's height: that would read as a change of feeling."""
    path = tmp_path / "m.cjm.yaml"
    path.write_text(generated_map(48, branches=8, per_stage=6), encoding="utf-8")
    journey, info = load_map(path)
    options = DrawOptions(width=page_width("a3"), height=page_height("a3"))
    root = ElementTree.fromstring(render(journey, view, "svg", info, options=options).data)
    pieces = 0
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if ("branch" not in group.get("class", "").split() or title is None
                or "neutral" not in (title.text or "")):
            continue
        drawn = group.find(f"{SVG}path")
        assert drawn is not None
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", drawn.get("d", ""))]
        ys = numbers[1::2]
        pieces += 1
        assert ys == sorted(ys) or ys == sorted(ys, reverse=True), (title.text, ys)
    assert pieces


@pytest.mark.parametrize("paper", [None, "a4", "a3"])
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_flow_arrows_never_run_along_a_stage_outline(path: Path, paper: str | None) -> None:
    """An arrow between two stages runs in the space between their outlines, where it
    can be seen, not on top of one; so does one beside a row's last stage, where the
    page leaves room for it."""
    _, routes = _flow_paths(path, paper)
    journey, info = load_map(path)
    options = DrawOptions() if paper is None else DrawOptions(width=page_width(paper),
                                                             height=page_height(paper))
    svg = render(journey, "flow", "svg", info, options=options).data
    outlines = []
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        if "stage" in group.get("class", "").split():
            polygon = group.find(f"{SVG}polygon")
            assert polygon is not None
            outlines.append(_rect(polygon))
    along = []
    for route in routes:
        for (ax, ay), (bx, by) in itertools.pairwise(route):
            if abs(ax - bx) > 0.5 or abs(ay - by) < 1:
                continue
            low, high = sorted((ay, by))
            along += [(ax, outline) for outline in outlines
                      if (abs(ax - outline[0]) < 4 or (abs(ax - outline[2]) < 4 and (
                          paper is None or outline[2] + 40 <= page_width(paper)
                          or any(other[0] > outline[2] and other[1] < outline[3]
                                 and other[3] > outline[1] for other in outlines))))
                      and low < outline[3] and high > outline[1]]
    assert not along, along


@pytest.mark.parametrize("paper", [None, "a4", "a3"])
def test_flow_arrows_of_a_generated_map_never_run_along_a_stage_outline(
    branching_map: Path, paper: str | None
) -> None:
    test_flow_arrows_never_run_along_a_stage_outline(branching_map, paper)
