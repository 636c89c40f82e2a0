"""`cjm render` through the real command line: outputs, refusals, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from render_maps import SAMPLE
from typer.testing import CliRunner

from cjm.cli.app import app
from external import require_program

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(SAMPLE, maps / "purchase.cjm.yaml")
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "id: first-online-purchase", "id: second-purchase")
    (maps / "second.cjm.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_one_map_is_drawn_next_to_itself_as_svg(workspace: Path) -> None:
    result = runner.invoke(app, ["render", str(workspace / "maps" / "purchase.cjm.yaml")])
    assert result.exit_code == 0, result.output
    svg = workspace / "maps" / "purchase.svg"
    assert svg.read_bytes().startswith(b"<?xml")
    assert "wrote" in result.stderr


def test_format_follows_the_output_file_extension(workspace: Path) -> None:
    target = workspace / "out.png"
    result = runner.invoke(app, ["render", str(workspace / "maps" / "purchase.cjm.yaml"),
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\x89PNG")


def test_several_maps_go_into_a_folder(workspace: Path) -> None:
    out = workspace / "drawn"
    result = runner.invoke(app, ["render", str(workspace / "maps"), "-o", str(out),
                                 "--view", "flow", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["purchase.pdf", "second.pdf"]
    assert (out / "second.pdf").read_bytes().startswith(b"%PDF-")


def test_a_file_name_for_several_maps_asks_for_a_folder(workspace: Path) -> None:
    out = workspace / "all.svg"
    result = runner.invoke(app, ["render", str(workspace / "maps"), "-o", str(out)])
    assert result.exit_code == 2
    assert "names one SVG file, and there are 2 maps to draw; give a folder" in result.stderr
    assert not out.exists()  # no folder named like a drawing


def test_dash_writes_to_stdout_and_nothing_else(workspace: Path) -> None:
    result = runner.invoke(app, ["render", str(workspace / "maps" / "purchase.cjm.yaml"),
                                 "-o", "-", "-f", "dot"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// cjm journey map first-online-purchase, grid view")
    assert result.stdout.rstrip().endswith("}")
    assert sorted(p.name for p in (workspace / "maps").iterdir()) == [
        "purchase.cjm.yaml", "second.cjm.yaml"]


def test_dash_refuses_several_maps(workspace: Path) -> None:
    result = runner.invoke(app, ["render", str(workspace / "maps"), "-o", "-"])
    assert result.exit_code == 2
    assert "one map" in result.stderr


def test_never_over_an_input_file(workspace: Path) -> None:
    source = workspace / "maps" / "purchase.cjm.yaml"
    before = source.read_bytes()
    result = runner.invoke(app, ["render", str(source), "-o", str(source), "-f", "svg"])
    assert result.exit_code == 2
    assert "overwrite the input" in result.stderr
    assert source.read_bytes() == before


def test_a_bad_map_gets_validates_positioned_problems_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cjm.yaml"
    bad.write_text("cjm: 1\nkind: journey\ntitle: Bad\nstages:\n  - name: A\n    steps:\n"
                   "      - name: Step\n        emotion: 5\n        next: [nowhere]\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["render", str(bad), "-o", str(tmp_path / "bad.svg")])
    assert result.exit_code == 1
    assert f"{bad}:8:18: error [invalid-value]" in result.stderr
    assert "nothing drawn" in result.stderr
    assert not (tmp_path / "bad.svg").exists()


def test_unknown_view_and_format_are_usage_errors(workspace: Path) -> None:
    path = str(workspace / "maps" / "purchase.cjm.yaml")
    assert runner.invoke(app, ["render", path, "--view", "swimlane"]).exit_code == 2
    assert runner.invoke(app, ["render", path, "--format", "gif"]).exit_code == 2
    assert runner.invoke(app, ["render", str(workspace / "missing.cjm.yaml")]).exit_code == 2


def test_without_graphviz_render_explains_how_to_install_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = workspace / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    path = str(workspace / "maps" / "purchase.cjm.yaml")
    result = runner.invoke(app, ["render", path, "-o", str(workspace / "x.svg")])
    assert result.exit_code == 2
    for hint in ("Graphviz", "apt install graphviz", "brew install graphviz",
                 "winget install graphviz", "--format dot"):
        assert hint in result.stderr
    assert not (workspace / "x.svg").exists()
    dot = runner.invoke(app, ["render", path, "-o", str(workspace / "x.dot")])
    assert dot.exit_code == 0, dot.output
    assert (workspace / "x.dot").read_text(encoding="utf-8").startswith("// cjm journey map")


def test_the_installed_command_runs_in_a_process_without_graphviz(workspace: Path) -> None:
    path = str(workspace / "maps" / "purchase.cjm.yaml")
    empty = workspace / "empty-bin"
    empty.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "cjm", "render", path, "-o", "-"],
        capture_output=True, env={"PATH": str(empty)}, check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert b"install Graphviz" in completed.stderr


EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "maps"


def test_scale_sharpens_a_png(workspace: Path) -> None:
    path = str(workspace / "maps" / "purchase.cjm.yaml")
    sizes = []
    for extra in ([], ["--scale", "2"], ["--dpi", "192"]):
        target = workspace / f"out{len(sizes)}.png"
        result = runner.invoke(app, ["render", path, "-o", str(target), *extra])
        assert result.exit_code == 0, result.output
        data = target.read_bytes()
        sizes.append(int.from_bytes(data[16:20], "big"))  # the PNG's width
    assert sizes[1] == sizes[2] and abs(sizes[1] - 2 * sizes[0]) <= 2
    both = runner.invoke(app, ["render", path, "--scale", "2", "--dpi", "96"])
    assert both.exit_code == 2


def test_page_wraps_the_grid_and_unknown_pages_are_refused(workspace: Path) -> None:
    path = str(workspace / "maps" / "purchase.cjm.yaml")
    one_row = runner.invoke(app, ["render", path, "-o", "-", "-f", "dot"]).stdout
    wrapped = runner.invoke(app, ["render", path, "-o", "-", "-f", "dot", "--page", "a4"])
    assert wrapped.exit_code == 0, wrapped.output
    assert "lane.step.r1" in wrapped.stdout and "lane.step.r1" not in one_row
    assert runner.invoke(app, ["render", path, "--page", "a5"]).exit_code == 2
    assert runner.invoke(app, ["render", path, "--page", "a4", "--width", "900"]).exit_code == 2


def test_compare_draws_the_current_curve_behind_the_future_one(tmp_path: Path) -> None:
    target = tmp_path / "compared.svg"
    result = runner.invoke(app, ["render", str(EXAMPLES / "support-complaint.cjm.yaml"),
                                 "--compare", str(EXAMPLES / "support-complaint-future.cjm.yaml"),
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    svg = target.read_text(encoding="utf-8")
    # The three steps the maps share, and the seven the redesign drops, drawn as ghosts.
    assert svg.count('class="node compare&#45;point"') == 3 + 7
    assert svg.count("− DROPPED") == 7
    assert "FUTURE STATE" in svg
    assert "have no match in" in result.stderr  # the current steps the redesign drops


CURRENT = """cjm: 1
kind: journey
title: Parcel, today
state: current
stages:
  - id: get
    name: Get it
    steps:
      - {id: orders, name: Orders the stroller, emotion: 1}
      - {id: calls, name: Calls the hotline, emotion: -2}
      - id: tracks
        name: Tracks the parcel on three sites
        touchpoint: Carrier tracking pages
        actions: [Copies the number into three sites]
        emotion: -1
      - {id: unpacks, name: Unpacks it, emotion: 0}
"""
FUTURE = """cjm: 1
kind: journey
title: Parcel, planned
state: future
stages:
  - id: get
    name: Get it
    steps:
      - {id: orders, name: Orders the stroller, emotion: 1}
      - id: follows
        name: Tracks the parcel on three sites
        touchpoint: Carrier tracking pages
        actions: [Copies the number into three sites]
        emotion: 1
      - {id: unpacks, name: Unpacks it, emotion: 2}
"""


def _group(root: ElementTree.Element, element_id: str) -> ElementTree.Element:
    found = [g for g in root.iter(f"{SVG}g") if g.get("id") == element_id]
    assert len(found) == 1, element_id
    return found[0]


def test_compare_draws_the_steps_the_future_drops_as_ghosts(tmp_path: Path) -> None:
    (tmp_path / "current.cjm.yaml").write_text(CURRENT, encoding="utf-8")
    (tmp_path / "future.cjm.yaml").write_text(FUTURE, encoding="utf-8")
    target = tmp_path / "compared.svg"
    result = runner.invoke(app, ["render", str(tmp_path / "current.cjm.yaml"), "--compare",
                                 str(tmp_path / "future.cjm.yaml"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    # The diff matches `tracks` to `follows` (same content, new id): only `calls` is gone.
    assert "1 step(s)" in result.stderr and "Calls the hotline" in result.stderr
    root = ElementTree.fromstring(target.read_bytes())
    ghost = _group(root, "step-calls")
    words = ["".join(text.itertext()) for text in ghost.iter(f"{SVG}text")]
    assert words == ["− DROPPED", "Calls the hotline"]
    name = [text for text in ghost.iter(f"{SVG}text") if "".join(text.itertext()) == words[1]]
    assert name[0].get("fill") == "#555555" and name[0].get("text-decoration") == "line-through"
    outline = [p for p in ghost.iter(f"{SVG}polygon") if p.get("stroke-dasharray")]
    assert outline  # a dashed outline, unlike the future's own steps
    assert "stroke-dasharray" not in _xml(_group(root, "step-orders"))
    # The current curve scores every current step, the ghost where it was drawn ...
    assert len([g for g in root.iter(f"{SVG}g") if "compare-point" in g.get("class", "")]) == 4
    # ... and the future curve runs past it, solid, without a "no score" mark.
    curve = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge emotion-curve"]
    assert len(curve) == 2
    assert all("stroke-dasharray" not in _xml(g) for g in curve)
    assert not [g for g in root.iter(f"{SVG}g") if "no-score" in g.get("class", "")]
    # The header counts the future's own steps, not the ghost put back.
    future_steps = sum(len(stage.get("steps", [])) for stage in
                       yaml.safe_load(FUTURE)["stages"])
    header = " ".join("".join(t.itertext()) for t in _group(root, "header").iter(f"{SVG}text"))
    assert f"{future_steps} steps" in header.replace("\u00a0", " ")


def _xml(element: ElementTree.Element) -> str:
    return ElementTree.tostring(element, encoding="unicode")


@pytest.mark.parametrize("view", ["flow"])
def test_compare_is_refused_for_a_view_without_an_emotion_curve(tmp_path: Path,
                                                                view: str) -> None:
    (tmp_path / "current.cjm.yaml").write_text(CURRENT, encoding="utf-8")
    (tmp_path / "future.cjm.yaml").write_text(FUTURE, encoding="utf-8")
    result = runner.invoke(app, ["render", str(tmp_path / "current.cjm.yaml"), "--compare",
                                 str(tmp_path / "future.cjm.yaml"), "--view", view])
    assert result.exit_code == 2
    assert (f"--compare draws both emotion curves in one grid, and the {view} view has no "
            "emotion curve: give --view grid or --view blueprint") in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current.cjm.yaml", "future.cjm.yaml"]
    blueprint = runner.invoke(app, ["render", str(tmp_path / "current.cjm.yaml"), "--compare",
                                    str(tmp_path / "future.cjm.yaml"), "--view", "blueprint"])
    assert blueprint.exit_code == 0, blueprint.output


def test_compare_names_its_file_after_the_future_map(tmp_path: Path) -> None:
    for name in ("support-complaint.cjm.yaml", "support-complaint-future.cjm.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    shutil.copy(EXAMPLES.parent / "cjm.yaml", tmp_path / "cjm.yaml")
    shutil.copytree(EXAMPLES.parent / "personas", tmp_path / "personas")
    result = runner.invoke(app, ["render", str(tmp_path / "support-complaint.cjm.yaml"),
                                 "--compare", str(tmp_path / "support-complaint-future.cjm.yaml"),
                                 "-f", "dot"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "support-complaint-future.compared.dot").is_file()


def test_a_blueprint_says_once_which_lanes_it_leaves_out(tmp_path: Path) -> None:
    path = tmp_path / "plain.cjm.yaml"
    path.write_text("cjm: 1\nkind: journey\ntitle: Plain\nstages:\n  - name: A\n    steps:\n"
                    "      - name: One\n        emotion: 1\n      - name: Two\n"
                    "        frontstage: A clerk\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "-v", "blueprint", "-f", "dot", "-o", "-"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert len(notes) == 1
    assert "backstage, support processes" in notes[0] and "frontstage" not in notes[0]
    assert "line of visibility" not in result.stdout  # no lane under it
    assert "line of interaction" in result.stdout


@pytest.mark.parametrize(("layers", "lines"), [
    ("", []),
    ("        support: A ticketing tool\n", ["line of internal interaction"]),
    ("        backstage: Billing runs\n        support: A ticketing tool\n",
     ["line of visibility", "line of internal interaction"]),
])
def test_a_blueprint_draws_only_the_lines_that_bound_a_layer(
    tmp_path: Path, layers: str, lines: list[str]
) -> None:
    """No three lines stacked with nothing between them: a dividing line is drawn right
    above a layer it bounds, and none when the map fills no layer."""
    path = tmp_path / "plain.cjm.yaml"
    path.write_text("cjm: 1\nkind: journey\ntitle: Plain\nstages:\n  - name: A\n    steps:\n"
                    "      - name: One\n        emotion: 1\n"
                    "        pain_points: [{text: Slow, severity: low}]\n" + layers,
                    encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "-v", "blueprint", "-f", "dot", "-o", "-"])
    assert result.exit_code == 0, result.output
    drawn = [line for line in ("line of interaction", "line of visibility",
                               "line of internal interaction")
             if f">{line}<" in result.stdout.replace("<I>", "").replace("</I>", "")]
    assert drawn == lines
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert len(notes) == 1
    assert ("with the lines between them" in notes[0]) == (not lines)


def test_a_pdf_for_a4_paper_has_a4_pages(tmp_path: Path) -> None:
    require_program("pdfinfo")
    target = tmp_path / "purchase.pdf"
    result = runner.invoke(app, ["render", str(EXAMPLES / "first-online-purchase.cjm.yaml"),
                                 "--page", "a4", "-o", str(target)])
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(target)], check=True,
                          capture_output=True, text=True).stdout
    sizes = [line.split("size:")[1].split("pts")[0].split("x") for line in info.splitlines()
             if line.startswith("Page ") and "size:" in line]
    assert len(sizes) > 5  # rows taller than A4 go on over pages
    assert all(float(wide) <= 842 and float(tall) <= 596 for wide, tall in sizes), sizes
