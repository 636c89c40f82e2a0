"""PDF output is paged when the grid wraps: one page per row, or pages no larger than
the paper of `--page`; the same bytes every time."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from render_maps import generated_map, load_map

from cjm.render.canvas import Canvas
from cjm.render.drawing import DrawOptions, render
from cjm.render.pdf import join
from cjm.render.views import PAGES, VIEWS, page_height, page_width
from external import require_program


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    require_program("pdfinfo")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True,
                          text=True, check=True)
    assert "Syntax" not in info.stderr, info.stderr
    return [line for line in info.stdout.splitlines()
            if line.startswith("Page ") and "size" in line]


def test_a_wrapped_grid_is_one_pdf_page_per_row_within_the_page_width(tmp_path: Path) -> None:
    path = tmp_path / "eight.cjm.yaml"
    path.write_text(generated_map(48, branches=8, per_stage=6), encoding="utf-8")
    journey, info = load_map(path)
    options = DrawOptions(width=page_width("a3"))
    drawn = render(journey, "grid", "pdf", info, options=options)
    pages = _pages(drawn.data, tmp_path)
    assert len(pages) >= 8  # 8 stages of 6 steps: one or two stages a row
    for page in pages:
        width = float(page.split("size:")[1].split("x")[0])
        assert width <= 1191  # A3 landscape
    assert render(journey, "grid", "pdf", info, options=options).data == drawn.data


def test_one_row_is_one_page_and_deterministic(tmp_path: Path) -> None:
    path = tmp_path / "small.cjm.yaml"
    path.write_text(generated_map(6), encoding="utf-8")
    journey, info = load_map(path)
    first = render(journey, "grid", "pdf", info).data
    assert len(_pages(first, tmp_path)) == 1
    assert render(journey, "grid", "pdf", info).data == first
    assert b"/CreationDate" not in first


def test_joining_keeps_every_page(tmp_path: Path) -> None:
    path = tmp_path / "small.cjm.yaml"
    path.write_text(generated_map(3), encoding="utf-8")
    journey, info = load_map(path)
    one = render(journey, "flow", "pdf", info).data
    assert len(_pages(join([one, one, one]), tmp_path)) == 3


ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "maps").glob("*.cjm.yaml"))
_TABLE = re.compile(r'<TABLE FIXEDSIZE="TRUE" WIDTH="[\d.]+" HEIGHT="([\d.]+)"')


def _eight_by_six(tmp_path: Path) -> Path:
    path = tmp_path / "eight.cjm.yaml"
    path.write_text(generated_map(48, branches=8, per_stage=6), encoding="utf-8")
    return path


def _boxes(canvas: Canvas) -> list[tuple[str, float, float]]:
    """Each box of the drawing: its name, top and bottom."""
    found = []
    for node in canvas.nodes:
        match = _TABLE.match(node.label or "")
        if match:
            half = float(match.group(1)) / 2
            found.append((node.name, node.y - half, node.y + half))
    return found


@pytest.mark.parametrize("view", ["grid", "blueprint"])
@pytest.mark.parametrize("paper", ["a4", "a3", "letter"])
@pytest.mark.parametrize("name", [path.name for path in EXAMPLES] + ["eight-by-six"])
def test_pages_of_a_paper_size_fit_it_and_never_cut_a_box(
    tmp_path: Path, view: str, paper: str, name: str
) -> None:
    """A row taller than the page goes on over pages, each starting with the stage
    names again: no page is taller than the paper, no box is cut by a page's edge."""
    path = _eight_by_six(tmp_path) if name == "eight-by-six" else ROOT / "examples/maps" / name
    journey, info = load_map(path)
    options = DrawOptions(width=page_width(paper), height=page_height(paper))
    canvas = VIEWS[view].drawer()(journey, info, options)
    pages = canvas.pages()
    assert len(pages) > 1
    assert all(height <= page_height(paper) for _, height, _, _ in pages), pages
    boxes = _boxes(canvas)
    for at in canvas.page_breaks:
        assert not [box for box in boxes if box[1] < at - 0.5 and box[2] > at + 0.5]
        first = min((box for box in boxes if box[1] >= at), key=lambda box: box[1])
        # A page opens with a row's stage names (with their lane labels), the legend, or
        # a row of a header too tall for one page (persona panel, the whole journey's).
        assert first[0].startswith(("lane.stages", "legend", "evidence", "persona",
                                    "journey")), first


def test_a_row_taller_than_the_page_repeats_its_stage_names(tmp_path: Path) -> None:
    journey, info = load_map(ROOT / "examples/maps/first-online-purchase.cjm.yaml")
    options = DrawOptions(width=page_width("a4"), height=page_height("a4"))
    canvas = VIEWS["grid"].drawer()(journey, info, options)
    one_page = VIEWS["grid"].drawer()(journey, info, DrawOptions(width=page_width("a4")))
    # Each row of the A4 grid is taller than an A4 page: it goes on, "(continued)".
    assert all(height > page_height("a4") for _, height, _, _ in one_page.pages()[1:-1])
    continued = [node.name for node in canvas.nodes if node.name.startswith("stage.discover")]
    assert continued[0] == "stage.discover" and len(continued) == 2
    assert continued[1].startswith("stage.discover.continued.p")
    assert "Discover (continued)" in (next(node.label for node in canvas.nodes
                                           if node.name == continued[1]) or "")


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_a_pdf_of_a_paper_size_has_pages_no_larger_than_the_paper(
    tmp_path: Path, paper: str
) -> None:
    journey, info = load_map(_eight_by_six(tmp_path))
    options = DrawOptions(width=page_width(paper), height=page_height(paper))
    drawn = render(journey, "grid", "pdf", info, options=options)
    pages = _pages(drawn.data, tmp_path)
    wide, tall = PAGES[paper]
    assert len(pages) > 8
    for page in pages:
        width, height = (float(v) for v in page.split("size:")[1].split("pts")[0].split("x"))
        assert width <= wide and height <= tall, page
    assert render(journey, "grid", "pdf", info, options=options).data == drawn.data


@pytest.mark.parametrize(("name", "most"), [("first-online-purchase", 9),
                                            ("support-complaint", 8)])
def test_an_a4_pdf_has_no_page_for_nothing(tmp_path: Path, name: str, most: int) -> None:
    """Rows taller than a page start where the page before ends, so pages are full:
    five stages of two or three steps and a persona panel fill at most nine A4 pages,
    not one and a bit for each stage."""
    journey, info = load_map(ROOT / "examples/maps" / f"{name}.cjm.yaml")
    options = DrawOptions(width=page_width("a4"), height=page_height("a4"))
    canvas = VIEWS["grid"].drawer()(journey, info, options)
    pages = canvas.pages()
    assert len(pages) <= most
    # Every page but the last is at least half full.
    assert all(height > page_height("a4") / 2 for _, height, _, _ in pages[:-1]), pages


@pytest.mark.parametrize("paper", ["a4", "a3"])
@pytest.mark.parametrize("name", [path.name for path in EXAMPLES] + ["eight-by-six"])
def test_a_flow_for_a_paper_size_wraps_into_rows_that_fit_its_pages(
    tmp_path: Path, paper: str, name: str
) -> None:
    """The flow view wraps its stages into rows no wider than the page, stacks a
    column's boxes no higher than it, and starts each row on a new page unless it fits
    under the one before: no page is larger than the paper, no box is cut."""
    path = _eight_by_six(tmp_path) if name == "eight-by-six" else ROOT / "examples/maps" / name
    journey, info = load_map(path)
    options = DrawOptions(width=page_width(paper), height=page_height(paper))
    canvas = VIEWS["flow"].drawer()(journey, info, options)
    pages = canvas.pages()
    assert len(pages) > 1
    assert canvas.width <= page_width(paper)
    assert all(height <= page_height(paper) for _, height, _, _ in pages), pages
    for at in canvas.page_breaks:
        assert not [box for box in _boxes(canvas) if box[1] < at - 0.5 and box[2] > at + 0.5]
    if paper == "a4":
        drawn = render(journey, "flow", "pdf", info, options=options)
        wide, tall = PAGES[paper]
        for page in _pages(drawn.data, tmp_path):
            width, height = (float(v) for v in page.split("size:")[1].split("pts")[0].split("x"))
            assert width <= wide and height <= tall, page


@pytest.mark.parametrize("view", ["grid", "blueprint"])
def test_a_row_taller_than_a_page_is_cut_as_few_times_as_a_new_page_allows(view: str) -> None:
    """A tall row starts under what is before it, unless there it would be cut twice
    where a new page cuts it once: no page then holds only its names and a lane."""
    journey, info = load_map(ROOT / "examples/maps/first-online-purchase.cjm.yaml")
    options = DrawOptions(width=page_width("a4"), height=page_height("a4"))
    canvas = VIEWS[view].drawer()(journey, info, options)
    cuts = Counter(node.name.split(".continued")[0] for node in canvas.nodes
                   if node.name.startswith("stage.") and ".continued" in node.name)
    assert cuts and max(cuts.values()) == 1, cuts
    assert all(height > page_height("a4") / 2 for _, height, _, _ in canvas.pages()[:-1])
