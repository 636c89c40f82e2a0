"""The picture of what changed: each mark for a known set of changes, a valid and
deterministic SVG, escaped map text, and the CLI's -o FILE / -o FOLDER."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
import yaml
from maps import TRIAL, data, journey
from repos import GitRepo
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.model import JourneyMap
from cjm.render.changes import changes_dot, picture, render_changes
from cjm.render.info import map_info
from external import require_program

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


def _changed(document: dict[str, Any]) -> dict[str, Any]:
    """TRIAL with one change of each kind the picture marks."""
    awareness, consideration = document["stages"]
    awareness["steps"].insert(1, {"id": "podcast", "name": "Hears a podcast", "emotion": 1})
    awareness["steps"] = [s for s in awareness["steps"] if s["id"] != "reads-docs"]
    webinar = next(s for s in awareness["steps"] if s["id"] == "webinar")
    awareness["steps"].remove(webinar)
    consideration["steps"].insert(0, webinar)
    demo = next(s for s in consideration["steps"] if s["id"] == "demo-call")
    demo["emotion"] = 1
    demo["pain_points"] = [{"id": "slow-setup", "text": "Setup takes an hour"}]
    demo["opportunities"][0].update(status="done", addresses=[])
    next(s for s in consideration["steps"] if s["id"] == "drops-out")["id"] = "goes-quiet"
    return document


OLD = journey(data())
NEW = journey(_changed(data()))


def _svg(old: JourneyMap | None, new: JourneyMap) -> ElementTree.Element:
    drawn = render_changes(old, new, map_info(new, None), "svg", old_label="review-2026-q2",
                           new_label="working tree")
    assert drawn.warnings == ()
    return ElementTree.fromstring(drawn.data)


def _texts(root: ElementTree.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def _step_badge(root: ElementTree.Element, step_id: str) -> str:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"step-{step_id}")
    return " ".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))


def test_each_kind_of_change_has_its_own_mark() -> None:
    root = _svg(OLD, NEW)
    assert "+ ADDED" in _step_badge(root, "podcast")
    assert "→ MOVED" in _step_badge(root, "webinar") and "Awareness" in _step_badge(
        root, "webinar")
    assert "~ CHANGED" in _step_badge(root, "demo-call")
    assert "↻ RENAMED" in _step_badge(root, "goes-quiet")
    assert "drops-out" in _step_badge(root, "goes-quiet")
    assert "− REMOVED" in _step_badge(root, "reads-docs")  # the ghost, where it was
    assert "− REMOVED" not in _step_badge(root, "ad")


def test_a_removed_step_stands_where_it_was() -> None:
    shown = picture(OLD, NEW)
    assert [step.id for step in shown.journey.stages[0].steps] == ["ad", "podcast",
                                                                   "reads-docs"]
    assert shown.ghosts == {"reads-docs"}


def test_closed_pain_points_are_struck_and_statuses_tagged() -> None:
    root = _svg(OLD, NEW)
    text = _texts(root)
    assert "CLOSED · HIGH" in text and "NEW · MEDIUM" in text
    assert "IDEA → DONE" in text
    struck = [t for t in root.iter(f"{SVG}text")
              if t.get("text-decoration") == "line-through"]
    struck_text = " ".join("".join(t.itertext()) for t in struck)
    assert "CSV dates" in struck_text and "Reads the docs" in struck_text
    assert "Setup takes" not in struck_text


def _group_texts(root: ElementTree.Element, css_class: str) -> list[str]:
    """The words of each node of a class (its badges' texts joined), in drawing order."""
    return [" ".join(" ".join("".join(t.itertext()) for t in group.iter(f"{SVG}text")).split())
            for group in root.iter(f"{SVG}g")
            if css_class in (group.get("class") or "").split()]


def _with_whole_stage_and_journey(document: dict[str, Any], *, later: bool) -> dict[str, Any]:
    """TRIAL with pain points and opportunities of the consideration stage and of the
    whole journey; LATER: one of each closed, one of each opened, statuses moved on."""
    consideration = document["stages"][1]
    if not later:
        consideration["pain_points"] = [{"id": "pricing-unclear", "severity": "medium",
                                         "text": "Nobody can say what the plan costs"}]
        consideration["opportunities"] = [{"id": "price-page", "status": "idea",
                                           "text": "A price page per team size"}]
        document["pain_points"] = [{"id": "many-owners", "severity": "low",
                                    "text": "Three teams ask the same questions"}]
        document["opportunities"] = [{"id": "one-record", "status": "planned",
                                      "text": "One record every team reads"}]
        return document
    consideration["pain_points"] = [{"id": "price-shock", "severity": "high",
                                     "text": "The quote arrives with no warning"}]
    consideration["opportunities"] = [{"id": "price-page", "status": "planned",
                                       "text": "A price page per team size"}]
    document["pain_points"] = [{"id": "no-contact", "severity": "medium",
                                "text": "Nobody owns the customer"}]
    document["opportunities"] = [{"id": "one-record", "status": "done",
                                  "text": "One record every team reads"},
                                 {"id": "shared-inbox", "status": "idea",
                                  "text": "One shared inbox"}]
    return document


def test_a_stages_and_the_journeys_own_changes_are_marked_where_they_are_drawn() -> None:
    before = journey(_with_whole_stage_and_journey(data(), later=False))
    after = journey(_with_whole_stage_and_journey(data(), later=True))
    root = _svg(before, after)
    stage = next(words for words in _group_texts(root, "stage") if "Consideration" in words)
    assert "NEW · HIGH The quote arrives" in stage
    assert "CLOSED · MEDIUM Nobody can say" in stage
    assert "IDEA → PLANNED A price page" in stage
    journey_panels = " ".join(_group_texts(root, "journey"))
    assert "NEW · MEDIUM Nobody owns the customer" in journey_panels
    assert "CLOSED · LOW Three teams ask" in journey_panels
    assert "PLANNED → DONE One record" in journey_panels
    assert "NEW · IDEA One shared inbox" in journey_panels
    struck = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text")
                      if t.get("text-decoration") == "line-through")
    assert "Nobody can say" in struck and "Three teams ask" in struck
    assert "The quote arrives" not in struck and "Nobody owns" not in struck
    legend = " ".join(_group_texts(root, "legend"))
    assert "across a stage and across the journey" in legend


def test_the_earlier_curve_is_drawn_muted_behind() -> None:
    root = _svg(OLD, NEW)
    earlier = [g for g in root.iter(f"{SVG}g") if "compare-point" in g.get("class", "")]
    # ad, webinar, reads-docs (ghost), demo-call, goes-quiet had scores before
    assert len(earlier) == 5
    assert "emotion at review-2026-q2" in _texts(root)


def test_a_legend_explains_the_marks_and_the_title_names_both_sides() -> None:
    root = _svg(OLD, NEW)
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "legend")
    words = " ".join("".join(t.itertext()) for t in legend.iter(f"{SVG}text"))
    for mark in ("+ ADDED", "↻ RENAMED", "→ MOVED", "~ CHANGED", "− REMOVED", "CLOSED",
                 "PLANNED → DONE"):
        assert mark in words
    children = list(root)
    assert children[0].tag == f"{SVG}title"
    assert children[0].text == "SaaS trial: changes from review-2026-q2 to working tree"
    assert children[1].tag == f"{SVG}desc"
    assert "1 step added" in (children[1].text or "") and root.get("role") == "img"
    # The header counts the newer map's own steps, not the ghost put back.
    header = " ".join(_group_texts(root, "header"))
    assert f"{len(NEW.all_steps())} steps" in header and len(NEW.all_steps()) == 5


def test_the_same_changes_give_the_same_bytes() -> None:
    info = map_info(NEW, None)
    first = changes_dot(OLD, NEW, info, old_label="a", new_label="b")
    assert first == changes_dot(OLD, NEW, info, old_label="a", new_label="b")
    assert render_changes(OLD, NEW, info, "svg", old_label="a", new_label="b").data == \
        render_changes(OLD, NEW, info, "svg", old_label="a", new_label="b").data


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "&amp; & <b>", "]]> \\N \\G",
                                  'javascript:"x"'])
def test_map_text_in_ghosts_and_closed_pain_points_is_drawn_literally(text: str) -> None:
    before = data()
    before["stages"][0]["steps"][2]["name"] = text
    before["stages"][1]["steps"][0]["pain_points"][0]["text"] = text
    root = _svg(journey(before), NEW)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "polygon", "text", "path", "ellipse", "a",
                    "polyline"}
    assert "".join(text.split()) in "".join(_texts(root).split())


def test_a_new_map_is_all_added() -> None:
    shown = picture(None, NEW)
    assert {mark.text for mark in shown.marks.values()} == {"+ ADDED"}


def test_two_files_to_a_png_and_a_pdf(tmp_path: Path) -> None:
    old, new = tmp_path / "old.cjm.yaml", tmp_path / "new.cjm.yaml"
    shutil.copy(ROOT / "examples/maps/support-complaint.cjm.yaml", old)
    shutil.copy(ROOT / "examples/maps/support-complaint-future.cjm.yaml", new)
    runner = CliRunner()
    png, pdf = tmp_path / "changes.png", tmp_path / "changes.pdf"
    assert runner.invoke(app, ["diff", str(old), str(new), "-f", "png", "-o", str(png)]
                         ).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert runner.invoke(app, ["diff", str(old), str(new), "-f", "pdf", "-o", str(pdf)]
                         ).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_long_map_wraps_to_the_page_and_its_pdf_is_paged(tmp_path: Path) -> None:
    old, new = tmp_path / "old.cjm.yaml", tmp_path / "new.cjm.yaml"
    shutil.copy(ROOT / "examples/maps/first-online-purchase.cjm.yaml", old)
    shutil.copy(ROOT / "examples/maps/first-online-purchase.cjm.yaml", new)
    new.write_text(new.read_text(encoding="utf-8").replace("emotion: -2", "emotion: -1", 1),
                   encoding="utf-8")
    runner = CliRunner()
    one_row, a4 = tmp_path / "row.svg", tmp_path / "a4.svg"
    assert runner.invoke(app, ["diff", str(old), str(new), "-f", "svg", "-o", str(one_row)]
                         ).exit_code == 0
    assert runner.invoke(app, ["diff", str(old), str(new), "-f", "svg", "--page", "a4",
                               "-o", str(a4)]).exit_code == 0

    def width(path: Path) -> float:
        return float(ElementTree.parse(path).getroot().get("width", "").removesuffix("pt"))

    assert width(one_row) > 842 >= width(a4)
    assert "~ CHANGED" in _texts(ElementTree.parse(a4).getroot())
    pdf = tmp_path / "a4.pdf"
    assert runner.invoke(app, ["diff", str(old), str(new), "-f", "pdf", "--page", "a4",
                               "-o", str(pdf)]).exit_code == 0
    require_program("pdfinfo")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    sizes = [line for line in info.splitlines() if line.startswith("Page ") and "size" in line]
    assert len(sizes) > 1  # paged, each page within A4 landscape
    assert all(float(line.split(":")[1].split("x")[0]) <= 842 for line in sizes)
    result = runner.invoke(app, ["diff", str(old), str(new), "--page", "a4"])
    assert result.exit_code == 2 and "--page is for pictures" in result.stderr
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "svg", "--page", "a5",
                                 "-o", str(a4)])
    assert result.exit_code == 2 and "a4, a3, letter" in result.stderr


def test_pictures_need_somewhere_to_go_and_reports_do_not(tmp_path: Path) -> None:
    old = str(ROOT / "examples/maps/support-complaint.cjm.yaml")
    new = str(ROOT / "examples/maps/support-complaint-future.cjm.yaml")
    runner = CliRunner()
    result = runner.invoke(app, ["diff", old, new, "-f", "svg"])
    assert result.exit_code == 2 and "-o FILE" in result.stderr
    result = runner.invoke(app, ["diff", old, new, "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2 and "-o is for pictures" in result.stderr


def test_revisions_draw_each_changed_map_into_a_folder(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(git_repo.root)
    git_repo.write("maps/trial.cjm.yaml", TRIAL)
    git_repo.write("maps/other.cjm.yaml", TRIAL.replace("saas-trial", "other"))
    git_repo.write("maps/same.cjm.yaml", TRIAL.replace("saas-trial", "same"))
    git_repo.commit("maps", tag="review-2026-q2")
    git_repo.write("maps/trial.cjm.yaml", TRIAL.replace("emotion: -2", "emotion: 0"))
    git_repo.write("maps/other.cjm.yaml", TRIAL.replace("saas-trial", "other").replace(
        "Sees an ad", "Sees a video ad"))
    folder = tmp_path / "pictures"
    result = CliRunner().invoke(app, ["diff", "--rev", "review-2026-q2", "-f", "svg",
                                      "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["other.changes.svg",
                                                        "trial.changes.svg"]
    root = ElementTree.fromstring((folder / "trial.changes.svg").read_bytes())
    assert root.find(f"{SVG}title").text == (  # type: ignore[union-attr]
        "SaaS trial: changes from review-2026-q2 to working tree")


STAGES_BEFORE = """\
cjm: 1
kind: journey
title: Stage marks
stages:
  - id: look
    name: Look around
    steps: [{id: a, name: Sees an ad, emotion: 0}]
  - id: choose
    name: Choose
    goal: Pick one
    steps: [{id: b, name: Compares two, emotion: 1}]
  - name: Pay at the till
    steps: [{name: Pays by card, emotion: -1}]
  - id: gone
    name: Gone stage
    steps: [{id: g, name: Goes away, emotion: -2}]
"""
# Choose changed its goal and moved; look's id changed; the till stage (its id derived)
# was reworded; gone went with its step; after is new.
STAGES_AFTER = """\
cjm: 1
kind: journey
title: Stage marks
stages:
  - id: choose
    name: Choose
    goal: Pick the right one
    steps: [{id: b, name: Compares two, emotion: 1}]
  - id: discover
    name: Look around
    steps: [{id: a, name: Sees an ad, emotion: 0}]
  - name: Pay at the counter
    steps: [{name: Pays by card, emotion: -1}]
  - id: after
    name: Afterwards
    steps: [{id: h, name: Writes a review, emotion: 1}]
"""


def _stage_words(root: ElementTree.Element) -> dict[str, str]:
    """Each stage's words by its name (the first words after its badge)."""
    found = {}
    for words in _group_texts(root, "stage"):
        for name in ("Choose", "Look around", "Pay at the counter", "Gone stage",
                     "Afterwards"):
            if name in words:
                found[name] = words
    return found


def test_a_stage_that_changed_carries_its_own_mark() -> None:
    root = _svg(journey(yaml.safe_load(STAGES_BEFORE)), journey(yaml.safe_load(STAGES_AFTER)))
    stages = _stage_words(root)
    assert stages["Choose"].startswith("→ MOVED · ~ CHANGED (was stage 2)")
    assert stages["Look around"].startswith("↻ RENAMED · → MOVED (id was look; was stage 1)")
    # Its name is all a stage shows: a new name is a rename, though the id was derived.
    assert stages["Pay at the counter"].startswith("↻ RENAMED (was “Pay at the till”)")
    assert stages["Afterwards"].startswith("+ ADDED")
    assert stages["Gone stage"].startswith("− REMOVED")
    # Renaming a stage is not a change of the steps in it.
    assert _step_badge(root, "a") == "Sees an ad"


def _legend_words(root: ElementTree.Element) -> str:
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "legend")
    return " ".join("".join(t.itertext()) for t in legend.iter(f"{SVG}text"))


def test_the_legend_explains_only_the_marks_drawn() -> None:
    after = data()
    after["stages"][0]["steps"][0]["emotion"] = 2
    words = _legend_words(_svg(OLD, journey(after)))
    assert "~ CHANGED" in words
    for unused in ("+ ADDED", "↻ RENAMED", "→ MOVED", "− REMOVED", "CLOSED", "NEW:",
                   "PLANNED → DONE", "across the journey"):
        assert unused not in words
    after = data()
    after["stages"][1]["steps"][0]["opportunities"][0]["status"] = "done"
    words = _legend_words(_svg(OLD, journey(after)))
    assert "PLANNED → DONE: status changed" in words and "CHANGED:" not in words
    stages = _legend_words(_svg(journey(yaml.safe_load(STAGES_BEFORE)),
                                journey(yaml.safe_load(STAGES_AFTER))))
    assert all(mark in stages for mark in ("+ ADDED", "↻ RENAMED", "→ MOVED", "− REMOVED"))
    assert "CLOSED" not in stages and "pain point" not in stages
    after = data()
    after["owner"] = "sales"  # nothing the grid draws
    assert "none drawn: what changed is not in the grid" in _legend_words(
        _svg(OLD, journey(after)))


def test_a_reworded_pain_point_is_marked_changed() -> None:
    after = data()
    pain = after["stages"][1]["steps"][0]["pain_points"][0]
    pain["text"] = pain["text"] + " again"
    root = _svg(OLD, journey(after))
    assert "CHANGED · " in _texts(root)
    assert "CHANGED: pain point or opportunity changed" in _legend_words(root)


def test_a_file_name_for_several_pictures_asks_for_a_folder(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(git_repo.root)
    git_repo.write("maps/trial.cjm.yaml", TRIAL)
    git_repo.write("maps/other.cjm.yaml", TRIAL.replace("saas-trial", "other"))
    git_repo.commit("maps", tag="v1")
    git_repo.write("maps/trial.cjm.yaml", TRIAL.replace("emotion: -2", "emotion: 0"))
    git_repo.write("maps/other.cjm.yaml", TRIAL.replace("saas-trial", "other").replace(
        "emotion: -2", "emotion: -1"))
    result = CliRunner().invoke(app, ["diff", "--rev", "v1", "-f", "svg", "-o",
                                      "changes.svg"])
    assert result.exit_code == 2
    assert ("changes.svg names one SVG file, and there are 2 maps to draw; give a folder "
            "(-o changes/)") in result.stderr
    assert not (git_repo.root / "changes.svg").exists()
    result = CliRunner().invoke(app, ["diff", "--rev", "v1", "-f", "svg", "-o", "changes"])
    assert result.exit_code == 0 and (git_repo.root / "changes" / "trial.changes.svg").exists()


def test_a_picture_is_not_narrowed(tmp_path: Path) -> None:
    # The grid shows every change of a map: a picture narrowed to some of them would
    # hide marks without a word, so --only and --stage are for the reports.
    old = str(ROOT / "examples/maps/support-complaint.cjm.yaml")
    new = str(ROOT / "examples/maps/support-complaint-future.cjm.yaml")
    for narrowing in (["--only", "metrics"], ["--stage", "wait"]):
        result = CliRunner().invoke(app, ["diff", old, new, "-f", "svg", "-o",
                                          str(tmp_path / "x.svg"), *narrowing])
        assert result.exit_code == 2
        assert "--only and --stage narrow the reports" in result.stderr
        assert not (tmp_path / "x.svg").exists()
