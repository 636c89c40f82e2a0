"""Every drawing can be read: text contrast, text size, and no text over other text.

Checked on the real SVG Graphviz draws, for every example map and a generated map of
8 stages × 6 steps, in every view, in one row and wrapped to A4 and A3 pages.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from render_maps import generated_map, load_map

from cjm.model import JourneyMap
from cjm.render.compare import compare_states
from cjm.render.drawing import DrawOptions, MapInfo, Rendered, render
from cjm.render.layout import char_width
from cjm.render.style import MIN_POINT_SIZE, contrast
from cjm.render.views import VIEWS, page_width

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "maps").glob("*.cjm.yaml"))
SVG = "{http://www.w3.org/2000/svg}"
NAMED = {"white": "#FFFFFF", "black": "#000000"}

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Text:
    content: str
    rect: Rect
    size: float
    color: str
    background: str
    box: Rect | None  # the smallest filled shape it lies in


def _hex(color: str) -> str | None:
    color = NAMED.get(color, color)
    return color.upper() if re.fullmatch(r"#[0-9A-Fa-f]{6}", color) else None


def _points(element: ElementTree.Element) -> Rect:
    values = [float(v) for v in re.split(r"[ ,]+", element.get("points", "").strip())]
    xs, ys = values[0::2], values[1::2]
    return (min(xs), min(ys), max(xs), max(ys))


def _inside(x: float, y: float, rect: Rect) -> bool:
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def _width(text: str, size: float, bold: bool) -> float:
    return sum(char_width(char, bold) for char in text) * size / 1000


def texts_of(svg: bytes) -> list[Text]:
    """Each text of the SVG with its box, colour and the fill drawn behind it."""
    root = ElementTree.fromstring(svg)
    fills: list[tuple[Rect, str]] = []
    found: list[Text] = []
    for element in root.iter():
        if element.tag == f"{SVG}polygon":
            fill = _hex(element.get("fill", ""))
            if fill is not None:
                fills.append((_points(element), fill))
        elif element.tag == f"{SVG}text":
            content = "".join(element.itertext())
            if not content.strip():
                continue
            size = float(element.get("font-size", "14"))
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            width = _width(content, size, element.get("font-weight") == "bold")
            anchor = element.get("text-anchor", "start")
            left = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
            rect = (left, y - size * 0.72, left + width, y + size * 0.2)
            middle = (left + width / 2, y - size * 0.3)
            behind = [(r, f) for r, f in fills if _inside(*middle, r)]
            background = behind[-1][1] if behind else "#FFFFFF"
            box = min((r for r, _ in behind[1:]), default=None,
                      key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
            found.append(Text(content, rect, size, _hex(element.get("fill", "")) or "#000000",
                              background, box))
    return found


def _overlaps(texts: list[Text]) -> list[tuple[str, str]]:
    ordered = sorted(texts, key=lambda t: t.rect[0])
    clashes: list[tuple[str, str]] = []
    for number, a in enumerate(ordered):
        for b in ordered[number + 1:]:
            if b.rect[0] >= a.rect[2] - 0.5:
                break
            if b.rect[1] < a.rect[3] - 0.5 and a.rect[1] < b.rect[3] - 0.5:
                clashes.append((a.content, b.content))
    return clashes


@cache
def _maps() -> dict[str, tuple[JourneyMap, MapInfo]]:
    import tempfile

    maps = {path.name.removesuffix(".cjm.yaml"): load_map(path) for path in EXAMPLES}
    folder = Path(tempfile.mkdtemp())
    path = folder / "eight-by-six.cjm.yaml"
    path.write_text(generated_map(48, branches=8, per_stage=6), encoding="utf-8")
    maps["eight-by-six"] = load_map(path)
    return maps


MAP_NAMES = [path.name.removesuffix(".cjm.yaml") for path in EXAMPLES] + ["eight-by-six"]
PAGES = {"one-row": None, "a4": page_width("a4"), "a3": page_width("a3")}
CASES = [(name, view, page) for name in [p.name.removesuffix(".cjm.yaml") for p in EXAMPLES]
         + ["eight-by-six"] for view in VIEWS for page in PAGES]


@pytest.mark.parametrize(("name", "view", "page"), CASES)
def test_text_is_large_enough_contrasted_and_never_over_other_text(
    name: str, view: str, page: str
) -> None:
    journey, info = _maps()[name]
    _assert_legible(render(journey, view, "svg", info, options=DrawOptions(width=PAGES[page])))


@pytest.mark.parametrize("view", [name for name, entry in VIEWS.items() if entry.compares])
@pytest.mark.parametrize("page", PAGES)
def test_a_compared_picture_is_as_legible(view: str, page: str) -> None:
    """`--compare`: the current state's muted curve and its dropped steps, drawn muted."""
    (current, _), (future, info) = _maps()["support-complaint"], _maps()["support-complaint-future"]
    both = compare_states(current, future)
    assert both.ghosts
    _assert_legible(render(both.journey, view, "svg", info, options=both.options(PAGES[page])))


def _assert_legible(drawn: Rendered) -> None:
    assert drawn.warnings == ()
    texts = texts_of(drawn.data)
    assert texts
    small = [(t.content, t.size) for t in texts if t.size < MIN_POINT_SIZE]
    assert not small, small
    faint = [(t.content, t.color, t.background, round(contrast(t.color, t.background), 2))
             for t in texts if contrast(t.color, t.background) < 4.5]
    assert not faint, faint
    assert not _overlaps(texts)
    outside = [t.content for t in texts if t.box is not None and not (
        t.rect[0] >= t.box[0] - 1 and t.rect[2] <= t.box[2] + 1
        and t.rect[1] >= t.box[1] - 1 and t.rect[3] <= t.box[3] + 1)]
    assert not outside, outside


def _curve_points(root: ElementTree.Element, kind: str = "emotion-curve"
                  ) -> list[tuple[float, float]]:
    """Points along every drawn part of the emotion curve (or the compared map's
    curve, `compare-curve`), a point apart."""
    points: list[tuple[float, float]] = []
    for group in root.iter(f"{SVG}g"):
        if kind not in group.get("class", "").split():
            continue
        for path in group.iter(f"{SVG}path"):
            numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
            pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))
            for start in range(0, len(pairs) - 3, 3):  # each cubic Bézier, 200 points
                p0, p1, p2, p3 = pairs[start:start + 4]
                for n in range(201):
                    t = n / 200
                    points.append(tuple(  # type: ignore[arg-type]
                        (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c
                        + t ** 3 * d for a, b, c, d in zip(p0, p1, p2, p3, strict=True)))
    return points


def _labels(root: ElementTree.Element) -> list[Text]:
    wanted = [g for g in root.iter(f"{SVG}g")
              if {"feeling", "no-score"} & set(g.get("class", "").split())]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"".join(
        ElementTree.tostring(g) for g in wanted) + b"</svg>"
    return texts_of(svg)


@pytest.mark.parametrize("name", [*(p.name.removesuffix(".cjm.yaml") for p in EXAMPLES),
                                  "eight-by-six"])
@pytest.mark.parametrize("page", ["one-row", "a4"])
def test_feeling_labels_never_cross_the_curve(name: str, page: str) -> None:
    journey, info = _maps()[name]
    drawn = render(journey, "grid", "svg", info, options=DrawOptions(width=PAGES[page]))
    root = ElementTree.fromstring(drawn.data)
    points = _curve_points(root)
    labels = _labels(root)
    assert points and labels
    crossed = [label.content for label in labels
               if any(_inside(x, y, label.rect) for x, y in points)]
    assert not crossed, crossed


def _journey(tmp_path: Path, name: str, state: str, scores: list[int],
             feeling: str | None) -> tuple[JourneyMap, MapInfo]:
    steps = "".join(f"      - {{id: s{n}, name: Step {n}, emotion: {score}"
                    + (f", feeling: {feeling}" if feeling else "") + "}\n"
                    for n, score in enumerate(scores))
    path = tmp_path / f"{name}.cjm.yaml"
    path.write_text(f"cjm: 1\nkind: journey\ntitle: {name}\nstate: {state}\nstages:\n"
                    f"  - name: Only stage\n    steps:\n{steps}", encoding="utf-8")
    return load_map(path)


@pytest.mark.parametrize("view", [name for name, entry in VIEWS.items() if entry.compares])
@pytest.mark.parametrize(("current", "future"), [
    ([2, 1, 2, -1], [-2, -2, -2, -1]), ([0, -2, -1, 2], [1, 2, -1, 1]),
    ([2, -2, 0, 2], [2, -1, -1, 0])])
def test_feeling_labels_never_cross_the_compared_curve(
    tmp_path: Path, view: str, current: list[int], future: list[int]
) -> None:
    """The current state's muted curve is kept clear of the future state's feelings too."""
    before, _ = _journey(tmp_path, "Today", "current", current, None)
    after, info = _journey(tmp_path, "Planned", "future", future, "overwhelmed")
    both = compare_states(before, after)
    root = ElementTree.fromstring(
        render(both.journey, view, "svg", info, options=both.options(None)).data)
    points = _curve_points(root, "compare-curve")
    labels = _labels(root)
    assert points and len(labels) == len(future)
    crossed = [label.content for label in labels
               if any(_inside(x, y, label.rect) for x, y in points)]
    assert not crossed, crossed


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("page", ["a4", "a3"])
def test_wrapped_rows_fit_the_page(page: str, view: str) -> None:
    journey, info = _maps()["eight-by-six"]
    drawn = render(journey, view, "svg", info, options=DrawOptions(width=page_width(page)))
    root = ElementTree.fromstring(drawn.data)
    cells = [g for g in root.iter(f"{SVG}g") if "step" in g.get("class", "").split()]
    assert len(cells) == 48
    for cell in cells:
        polygon = cell.find(f"{SVG}polygon")
        assert polygon is not None
        assert _points(polygon)[2] <= page_width(page) + 1
    if view == "flow":  # the stages wrap into rows, each stage's name on its row
        stages = [t for t in texts_of(drawn.data) if t.content.startswith("Stage ")]
        assert len(stages) >= 8
        return
    labels = [t for t in texts_of(drawn.data) if t.content == "Emotion"]
    assert len(labels) > 2  # the lane labels repeat at the start of every row


def test_the_overlap_check_finds_text_over_text() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg">'
           b'<text x="0" y="10" font-size="10">overlapping words</text>'
           b'<text x="20" y="12" font-size="10">here</text></svg>')
    assert _overlaps(texts_of(svg)) == [("overlapping words", "here")]



CAP_HEIGHT = 0.72  # of the font size: how far capitals reach above the baseline


@dataclass(frozen=True)
class Badge:
    rect: Rect
    fill: str
    texts: list[ElementTree.Element]
    classes: frozenset[str]  # of its node

    @property
    def words(self) -> str:
        return " ".join("".join(text.itertext()) for text in self.texts)


def badges_of(svg: bytes) -> list[Badge]:
    """Each filled shape drawn over its node's background, with the texts inside it."""
    root = ElementTree.fromstring(svg)
    found: list[Badge] = []
    for group in root.iter(f"{SVG}g"):
        classes = frozenset(group.get("class", "").split())
        if "node" not in classes:
            continue
        shapes = [element for element in group if element.tag == f"{SVG}polygon"]
        texts = [element for element in group if element.tag == f"{SVG}text"
                 and "".join(element.itertext()).strip()]
        for shape in shapes[1:]:
            fill = _hex(shape.get("fill", ""))
            rect = _points(shape)
            inside = [text for text in texts
                      if _inside(float(text.get("x", "0")), float(text.get("y", "0")), rect)]
            if fill is not None and inside:
                found.append(Badge(rect, fill, inside, classes))
    return found


def _room(badge: Badge) -> tuple[float, float, float, float]:
    """The room around a badge's text: above its capitals, below its last baseline,
    left and right of its first line."""
    size = max(float(text.get("font-size", "14")) for text in badge.texts)
    baselines = [float(text.get("y", "0")) for text in badge.texts]
    first = badge.texts[0]
    x = float(first.get("x", "0"))
    width = _width("".join(first.itertext()), float(first.get("font-size", "14")),
                   first.get("font-weight") == "bold")
    return (min(baselines) - CAP_HEIGHT * size - badge.rect[1], badge.rect[3] - max(baselines),
            x - badge.rect[0], badge.rect[2] - x - width)


@pytest.mark.parametrize(("name", "view"), [(name, view) for name in MAP_NAMES
                                            for view in VIEWS])
def test_badges_centre_their_label(name: str, view: str) -> None:
    """A badge's capitals sit in the middle of its fill, as much room above as below;
    a channel's label has as much room left as right."""
    journey, info = _maps()[name]
    drawn = render(journey, view, "svg", info)
    channels = {channel.label: channel.color.upper() for channel in info.channels.values()}
    found = badges_of(drawn.data)
    assert found
    for badge in found:
        above, below, left, right = _room(badge)
        assert above > 2 and below > 2, (badge.words, above, below)
        assert abs(above - below) <= 1.5, (badge.words, above, below)
    # A step's channel (the legend's chips are lined up at their left).
    labels = [badge for badge in found if channels.get(badge.words) == badge.fill
              and {"channel", "step"} & badge.classes]
    assert labels
    for badge in labels:
        # Graphviz centres by the width of the font it finds, which may be up to a
        # quarter wider than Helvetica's: centred means centred for some such width.
        _, _, left, right = _room(badge)
        # With text of width w centred, right - left = w - (Helvetica's width).
        estimate = badge.rect[2] - badge.rect[0] - left - right
        assert -1 <= right - left <= estimate * 0.25 + 1, (badge.words, left, right)


def test_the_badge_check_finds_a_label_at_the_top_edge() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><g class="node">'
           b'<polygon fill="#ffffff" points="0,0 100,0 100,40 0,40"/>'
           b'<polygon fill="#cc6677" points="2,2 98,2 98,21 2,21"/>'
           b'<text x="6" y="10" font-size="10" font-weight="bold">Social</text></g></svg>')
    (badge,) = badges_of(svg)
    above, below, left, right = _room(badge)
    assert above < 1 and below == 11
    assert right - left > 30  # and left of the middle
