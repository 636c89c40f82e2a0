"""PDF output is paged when the grid wraps: one page per row, the same bytes every time."""

from __future__ import annotations

import subprocess
from pathlib import Path

from render_maps import generated_map, load_map

from cjm.render.drawing import DrawOptions, render
from cjm.render.pdf import join
from cjm.render.views import page_width
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
