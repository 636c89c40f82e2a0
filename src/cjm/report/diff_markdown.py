"""`cjm diff --format markdown`: for a pull-request comment or the review document.

Map text is escaped so that nothing in a map turns into markup, links or HTML.
"""

from __future__ import annotations

import re
from itertools import groupby

from cjm.diff.changes import WORKING_TREE, DiffOutcome, MapDiff
from cjm.entities import ENTITY_KINDS
from cjm.problems import Problem
from cjm.report.diff_words import (
    count_sentence,
    described,
    emotion_trend,
    map_status,
    review_sentence,
    summary_sentence,
)

# What starts markup in the middle of a line (lines here never start with map text).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def text(value: str) -> str:
    """Map text as literal Markdown: punctuation escaped, one line."""
    value = " ".join(value.split())
    return _SPECIAL.sub(r"\\\1", value.replace("&", "&amp;"))


def code(value: str) -> str:
    """An id or a word in code font, whatever characters it holds."""
    value = " ".join(value.split()).replace("|", "\\|")
    fence = "``" if "`" in value else "`"
    padding = " " if "`" in value else ""
    return f"{fence}{padding}{value}{padding}{fence}"


def quote(value: str) -> str:
    return f'"{text(value)}"'


def render(outcome: DiffOutcome) -> str:
    report = outcome.report
    summary = report.summary()
    heading = "## Journey map changes"
    if report.old_label and report.new_label:
        new = (text(report.new_label) if report.new_label == WORKING_TREE
               else code(report.new_label))  # words, not a revision's name
        heading += f": {code(report.old_label)} → {new}"
    lines = [heading, "",
             f"**{text(summary_sentence(summary))}**"]
    counts = count_sentence(summary)
    if counts:
        lines += ["", text(counts)]
    for diff in report.maps:
        if diff.status != "unchanged":
            lines += ["", *_map_section(diff)]
    if outcome.problems:
        lines += ["", "### Files that could not be compared", ""]
        listed: set[int] = set()
        for entry in report.not_compared:  # each file with its problems under it
            lines.append(f"- {code(entry)}")
            for problem in outcome.problems:
                if _names(problem.path, entry):
                    lines.append(f"  - {_problem(problem)}")
                    listed.add(id(problem))
        # Files that could not be read at all are no pair to compare: each on its own.
        lines += [f"- {_problem(p)}" for p in outcome.problems if id(p) not in listed]
    return "\n".join(lines) + "\n"


def _names(path: str, entry: str) -> bool:
    """Whether a problem's PATH (`file`, or `REV:file` from a revision) is a file of the
    not-compared ENTRY (`file`, or `old → new` for a renamed file)."""
    return any(path == name or path.endswith(f":{name}") for name in entry.split(" → "))


def _problem(problem: Problem) -> str:
    return (f"{code(f'{problem.path}:{problem.line}:{problem.column}')} "
            f"{text(problem.message)} ({code(problem.rule)})")


def _map_section(diff: MapDiff) -> list[str]:
    kind = "Persona " if diff.kind == "persona" else ""
    lines = [f"### {kind}{text(diff.title)}", "", f"{code(diff.path)}: {text(map_status(diff))}"]
    if any(row.changed for row in diff.emotion_by_stage):
        lines += ["", "| Stage | Average emotion (-2 … +2), before → after |", "|---|---|"]
        lines += [f"| {text(row.name)} | {emotion_trend(row)} |"
                  for row in diff.emotion_by_stage]
    if diff.review is not None and diff.review.worth_a_line:
        lines += ["", f"**Review:** {text(review_sentence(diff.review))}"]
    for entity, changes in groupby(diff.changes, key=lambda change: change.entity):
        lines += ["", f"**{_heading(entity)}**", ""]
        for _, sentence, details in described(list(changes), quote, code):
            lines.append(f"- {sentence}")
            lines += [f"  - {detail}" for detail in details]
    return lines


def _heading(entity: str) -> str:
    """What a group of changes is headed: the plural, but the map and a persona as such."""
    kind = ENTITY_KINDS[entity]
    return kind.title if not kind.parents else kind.plural_title
