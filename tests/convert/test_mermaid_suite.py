"""Real-world shaped Mermaid journeys, each with the map it must give, and what Mermaid
refuses, each with its position."""

from __future__ import annotations

import html
import math
import subprocess
import sys
from pathlib import Path

import pytest
from convert_helpers import DIAGRAMS, mermaid_parse

from cjm.convert import FORMATS, WriteOptions, convert, read_map
from cjm.convert.mermaid import js_number, parse
from cjm.validate import check_bytes

DIAGRAM_FILES = sorted(DIAGRAMS.glob("*.mmd"))


@pytest.mark.parametrize("diagram", DIAGRAM_FILES, ids=lambda p: p.stem)
def test_each_diagram_gives_its_map(diagram: Path) -> None:
    expected = diagram.with_suffix(".cjm.yaml")
    converted = convert(diagram.read_bytes(), diagram.name, FORMATS["mermaid"], FORMATS["yaml"])
    assert converted.data is not None, converted.problems
    assert converted.data.decode() == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("diagram", DIAGRAM_FILES, ids=lambda p: p.stem)
def test_each_expected_map_is_valid_and_passes_yamllint(diagram: Path) -> None:
    expected = diagram.with_suffix(".cjm.yaml")
    checked = check_bytes(expected.read_bytes(), str(expected), None)
    assert checked.ok, checked.problems
    lint = subprocess.run([sys.executable, "-m", "yamllint", "-f", "parsable", str(expected)],
                          capture_output=True, text=True)
    assert lint.returncode == 0 and lint.stdout == "", lint.stdout


def _as_read_here(text: str) -> dict[str, object]:
    diagram, _problems = parse(text, "x.mmd")
    if diagram is None:
        return {"ok": False}
    tasks = []
    for section in diagram.sections:
        for task in section.tasks:
            pieces = task.data[1:].split(":")
            score = js_number(pieces[0])
            people = [p.strip() for p in pieces[1].split(",")] if len(pieces) > 1 else []
            tasks.append((section.name, task.name, "NaN" if math.isnan(score) else score,
                          people))
    return {"ok": True, "title": diagram.title, "tasks": tasks}


def _as_read_by_mermaid(result: dict[str, object]) -> dict[str, object]:
    if not result["ok"]:
        return {"ok": False}
    tasks = [(html.unescape(t["section"]), html.unescape(t["task"]), t["score"],
              [html.unescape(p) for p in t["people"]]) for t in result["tasks"]]  # type: ignore[attr-defined]
    title = result["title"]
    return {"ok": True, "title": html.unescape(title) if isinstance(title, str) else None,
            "tasks": tasks}


def test_the_suite_reads_as_mermaid_reads_it() -> None:
    texts = [path.read_text(encoding="utf-8") for path in DIAGRAM_FILES]
    for text, theirs in zip(texts, mermaid_parse(texts), strict=True):
        ours = _as_read_here(text)
        mermaid = _as_read_by_mermaid(theirs)
        assert ours["ok"] and mermaid["ok"], (text, theirs)
        assert ours["tasks"] == mermaid["tasks"], text
        if mermaid["title"] is not None:
            assert (ours["title"] or "").strip() == mermaid["title"].strip()  # type: ignore[union-attr]


REFUSED = [
    ("journey\n  section Buy\n    Pays the bill\n", 3, 18, "needs a colon and a score"),
    ("journey\n  Pays:\n", 2, 7, "colon must be followed by a score"),
    ("journey\n  Pays; then leaves: 3\n", 2, 7, "cannot read this character"),
    ("journey\n  : 3: Me\n", 2, 3, "name is missing"),
    ("flowchart TD\n  A --> B\n", 1, 1, "not a Mermaid journey"),
    ("%% a comment\n\njourney\n  journey\n", 4, 3, "may only start"),
    ("journey\n  accDescr {\n    never closed\n", 4, 1, "never closed"),
    ("journey\n  title Fine\n  accTitle:", 3, 12, "needs its text"),
    ("journey\n  Task #1: 5\n", 2, 8, "starts a comment"),
    ("---\ntitle: [unclosed\n---\njourney\n", 3, 1, "front-matter"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), REFUSED,
                         ids=[r[3] for r in REFUSED])
def test_what_mermaid_refuses_is_refused_with_its_position(
        text: str, line: int, column: int, words: str) -> None:
    read = read_map(text.encode(), "bad.mmd", FORMATS["mermaid"], None)
    assert read.journey is None
    errors = [p for p in read.problems if p.severity == "error"]
    assert (errors[0].line, errors[0].column) == (line, column), errors
    assert words in errors[0].message
    assert str(errors[0]).startswith(f"bad.mmd:{line}:{column}: error [mermaid-syntax]")


def test_mermaid_refuses_the_same_diagrams() -> None:
    # (The harness does not read front-matter as YAML, so the last case is left out.)
    results = mermaid_parse([text for text, *_ in REFUSED[:-1]])
    assert [r["ok"] for r in results] == [False] * (len(REFUSED) - 1)


def test_every_bad_line_is_reported_in_one_run() -> None:
    text = "journey\n  section A\n    One\n    Two: 3\n    Three;\n"
    read = read_map(text.encode(), "bad.mmd", FORMATS["mermaid"], None)
    assert [(p.line, p.column) for p in read.problems] == [(3, 8), (5, 10)]


def test_a_score_mermaid_cannot_read_is_a_warning_with_its_position() -> None:
    text = "journey\n  section A\n    Waits: 2.5: Me\n    Pays: lots: Me\n"
    read = read_map(text.encode(), "odd.mmd", FORMATS["mermaid"], None)
    assert read.journey is not None
    assert [(p.line, p.column, p.severity) for p in read.problems] == [
        (3, 10, "warning"), (4, 9, "warning")]
    steps = read.journey.stages[0].steps
    assert [s.emotion for s in steps] == [0, None]  # 2.5 rounds half up to 3


def test_binary_and_non_utf8_files_are_refused_not_crashed() -> None:
    for raw in (b"\x00\x01journey", b"journey\n  \xff: 3\n"):
        read = read_map(raw, "x.mmd", FORMATS["mermaid"], None)
        assert read.journey is None and read.problems[0].rule == "encoding"


def test_the_diagram_in_the_docs_is_what_cjm_writes_and_mermaid_reads() -> None:
    """docs/convert.md's exported diagram: Mermaid's grammar reads it, and it is the start
    of what cjm writes for a map with that step."""
    docs = (Path(__file__).parents[2] / "docs" / "convert.md").read_text(encoding="utf-8")
    shown = docs.split("### cjm → Mermaid", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    result, = mermaid_parse([shown])
    assert result["ok"], result
    assert [(t["section"], t["task"], t["score"], t["people"]) for t in result["tasks"]] == [
        ("Discover", "Sees ad ＃1", 4, ["busy-parent", "growth"])]
    journey = read_map(shown.encode(), "docs.mmd", FORMATS["mermaid"], None).journey
    assert journey is not None
    assert (journey.id, journey.persona, journey.stages[0].id) == (
        "first-online-purchase", "busy-parent", "discover")
    assert [(s.id, s.name, s.emotion, s.team) for s in journey.stages[0].steps] == [
        ("sees-ad", "Sees ad #1", 1, "growth")]
    written = FORMATS["mermaid"].write(journey, WriteOptions()).data.decode()
    assert [line for line in written.splitlines() if not line.startswith("  %% Written")] == \
        shown.splitlines()
