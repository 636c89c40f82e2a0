"""The diff reports: the JSON contract, Markdown a reviewer reads, text for a terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from maps import data, journey, step

from cjm.cli.streams import styled_text
from cjm.diff import DiffOutcome, DiffReport, diff_maps
from cjm.problems import Problem, Severity
from cjm.report import DIFF_REPORTERS


def outcome_of(edit: Any, *, text_edit: Any = None) -> DiffOutcome:
    before, after = data(), data()
    edit(after)
    result = diff_maps(journey(before), journey(after), path="maps/trial.cjm.yaml")
    return DiffOutcome(DiffReport([result]))


def review_quarter(document: dict[str, Any]) -> None:
    """The edits of a quarter, as the DESIGN's JSON example shows them."""
    awareness, consideration = document["stages"]
    webinar = awareness["steps"].pop(1)
    consideration["steps"].insert(0, webinar)
    step(document, "drops-out")["id"] = "goes-quiet"
    step(document, "demo-call")["emotion"] = 1
    demo = step(document, "demo-call")
    demo["opportunities"][0]["status"] = "done"
    demo["opportunities"][0]["addresses"] = []
    demo["pain_points"] = []
    document["reviewed"] = "2026-09-30"


def test_json_follows_the_contract() -> None:
    document = json.loads(DIFF_REPORTERS["json"](outcome_of(review_quarter)))
    assert document["version"] == 1
    [map_record] = document["maps"]
    assert {key: map_record[key] for key in ("path", "id", "status")} == {
        "path": "maps/trial.cjm.yaml", "id": "saas-trial", "status": "modified"}
    records = {(c["entity"], c["id"], c["change"], c.get("field")): c
               for c in map_record["changes"]}
    assert records["step", "webinar", "moved", None]["from"] == {"stage": "awareness",
                                                                 "index": 1}
    assert records["step", "webinar", "moved", None]["to"] == {"stage": "consideration",
                                                               "index": 0}
    assert records["step", "goes-quiet", "renamed", None]["old_id"] == "drops-out"
    emotion = records["step", "demo-call", "modified", "emotion"]
    assert (emotion["old"], emotion["new"], emotion["delta"]) == (-1, 1, 2)
    status = records["opportunity", "nurture", "modified", "status"]
    assert (status["old"], status["new"]) == ("idea", "done")
    assert ("pain_point", "csv-dates", "removed", None) in records
    assert document["summary"] == {
        "maps_compared": 1, "maps_changed": 1, "maps_added": 0, "maps_removed": 0,
        "maps_renamed": 0, "maps_modified": 1, "added": 0, "removed": 1, "moved": 1,
        "renamed": 1, "modified": 4, "pain_points_opened": 0, "pain_points_closed": 1,
        "opportunities_done": 1, "opportunities_dropped": 0, "personas_compared": 0,
        "maps_not_compared": 0}
    assert document["problems"] == []


def test_json_lists_problems_of_files_not_compared() -> None:
    problem = Problem("old.cjm.yaml", 3, 5, Severity.error, "yaml-syntax", "bad")
    document = json.loads(DIFF_REPORTERS["json"](DiffOutcome(DiffReport(), [problem])))
    assert document["problems"][0]["line"] == 3
    assert document["maps"] == []


def test_markdown_tells_a_reviewer_what_changed_for_the_customer() -> None:
    markdown = DIFF_REPORTERS["markdown"](outcome_of(review_quarter))
    assert markdown.startswith("## Journey map changes\n")
    assert "**1 map compared, 1 changed: 1 modified**" in markdown
    assert "pain points: 0 opened, 1 closed; opportunities: 1 done" in markdown
    assert "| Awareness | +0.7 → +0.5 ▼0.2 (steps moved) |" in markdown
    assert "| Consideration | -1.5 → 0.0 ▲1.5 (steps moved, scores changed) |" in markdown
    assert ('- Step "Joins a webinar" moved from stage "Awareness" to stage "Consideration" '
            "(position 1)") in markdown
    assert "- Step \"Drops out of the trial\": id `drops-out` → `goes-quiet`" in markdown
    assert '- Step "Demo call": emotion -1 → +1, ▲2' in markdown
    assert "status `idea` → `done`" in markdown
    assert '- Pain point "CSV dates are read as US dates" closed at step "Demo call"' \
        in markdown
    assert "- Map: reviewed `2026-06-30` → `2026-09-30`" in markdown


def test_markdown_keeps_map_text_literal() -> None:
    def hostile(document: dict[str, Any]) -> None:
        step(document, "ad")["name"] = "<script>alert(1)</script> **bold** [x](javascript:y) | a"

    markdown = DIFF_REPORTERS["markdown"](outcome_of(hostile))
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    assert "\\*\\*bold\\*\\*" in markdown
    assert "\\[x\\](javascript:y)" in markdown
    assert "\\| a" in markdown


def test_text_is_plain_without_colour_and_coloured_with_it() -> None:
    outcome = outcome_of(review_quarter)
    plain = DIFF_REPORTERS["text"](outcome)
    assert "\x1b[" not in plain
    assert "  → Step \"Joins a webinar\" moved" in plain
    assert "  ↻ Step" in plain
    coloured = styled_text(DIFF_REPORTERS["text"].styled(outcome), True, width=100)
    assert "\x1b[36m→\x1b[0m Step \"Joins a webinar\" moved" in coloured
    assert "\x1b[35m↻\x1b[0m Step" in coloured
    assert "\x1b[1m" in coloured.splitlines()[0]  # the summary leads, bold
    shown = re.sub("\x1b\\[[0-9;]*m", "", coloured).splitlines()
    changes = [line for line in plain.splitlines() if line[:3] in ("  ~", "  →", "  ↻", "  -")]
    assert changes and all(line in shown for line in changes)  # the same words, coloured


def test_the_emotion_table_has_columns_on_a_terminal_and_lines_in_a_pipe() -> None:
    outcome = outcome_of(review_quarter)
    plain = DIFF_REPORTERS["text"](outcome)
    assert "  Average emotion by stage (-2 … +2), before → after:\n" in plain
    assert ("    Awareness      +0.7 → +0.5 ▼0.2 (steps moved)\n"
            "    Consideration  -1.5 → 0.0 ▲1.5 (steps moved, scores changed)\n") in plain
    coloured = styled_text(DIFF_REPORTERS["text"].styled(outcome), True, width=100)
    shown = re.sub("\x1b\\[[0-9;]*m", "", coloured)
    header = next(line for line in shown.splitlines() if "Before" in line)
    assert header.split() == ["Stage", "Before", "After", "Change", "Because"]
    assert "─" in shown  # the header's rule
    rows = {line.split()[0]: line.split()[1:] for line in shown.splitlines()
            if line.startswith("    ") and line.split()[0] in ("Awareness", "Consideration")}
    assert rows == {"Awareness": ["+0.7", "+0.5", "▼0.2", "steps", "moved"],
                    "Consideration": ["-1.5", "0.0", "▲1.5", "steps", "moved,", "scores",
                                      "changed"]}
    assert re.search("\x1b\\[32m *▲1.5", coloured)  # up in green
    assert re.search("\x1b\\[31m *▼0.2", coloured)  # down in red


def test_unchanged_maps_are_counted_but_not_listed() -> None:
    same = diff_maps(journey(data()), journey(data()), path="a.cjm.yaml")
    outcome = DiffOutcome(DiffReport([same]))
    assert DIFF_REPORTERS["text"](outcome) == "1 map compared, no changes\n"
    document = json.loads(DIFF_REPORTERS["json"](outcome))
    assert document["maps"][0]["status"] == "unchanged"
    assert document["maps"][0]["changes"] == []


def test_the_json_example_in_the_docs_is_what_cjm_prints() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    example = docs.split("```json\n", 1)[1].split("```", 1)[0]

    def quarter_with_metric(document: dict[str, Any]) -> None:
        review_quarter(document)
        document["reviewed"] = "2026-06-30"
        document["stages"][0]["metrics"][0]["value"] = 160

    printed = DIFF_REPORTERS["json"](outcome_of(quarter_with_metric))
    assert json.loads(example) == json.loads(printed)


def test_every_json_key_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    table = docs.split("| key | meaning |", 1)[1]
    printed = json.loads(DIFF_REPORTERS["json"](outcome_of(review_quarter)))
    keys = set(printed) | set(printed["maps"][0]) | set(printed["summary"])
    keys |= {key for change in printed["maps"][0]["changes"] for key in change}
    keys |= set(printed["maps"][0]["emotion_by_stage"][0])
    missing = sorted(key for key in keys if not re.search(rf"\b{key}\b", table))
    assert not missing, f"docs/diff.md does not describe {missing}"


def test_the_counts_are_a_table_of_maps_on_a_terminal_and_a_sentence_in_a_pipe() -> None:
    def one_step(document: dict[str, Any]) -> None:
        step(document, "demo-call")["emotion"] = 1

    changes = [diff_maps(journey(data()), journey(edited), path=path)
               for path, edited in (("maps/a.cjm.yaml", _edited(review_quarter)),
                                    ("maps/b.cjm.yaml", _edited(one_step)))]
    outcome = DiffOutcome(DiffReport(changes))
    plain = DIFF_REPORTERS["text"](outcome)
    assert plain.splitlines()[1] == ("1 removed, 1 moved, 1 renamed, 5 field changes; pain "
                                     "points: 0 opened, 1 closed; opportunities: 1 done")
    shown = re.sub("\x1b\\[[0-9;]*m", "", styled_text(DIFF_REPORTERS["text"].styled(outcome),
                                                      True, width=120))
    rows = {line.split()[0]: line.split()[1:] for line in shown.splitlines()[:9]
            if line.startswith(("maps/", "2 maps"))}
    # Added, Removed, Moved, Renamed, Fields, Pain points opened (none: no column), closed,
    # Opportunities done.
    assert rows == {"maps/a.cjm.yaml": ["modified", "1", "1", "1", "4", "1", "1"],
                    "maps/b.cjm.yaml": ["modified", "1"],
                    "2": ["maps", "1", "1", "1", "5", "1", "1"]}
    header = " ".join(shown.splitlines()[1:4])
    assert "Removed" in header and "Added" not in header and "Fields" in header


def _edited(edit: Any) -> dict[str, Any]:
    document = data()
    edit(document)
    return document
