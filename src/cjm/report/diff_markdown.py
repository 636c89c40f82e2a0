"""`cjm diff --format markdown`: for a pull-request comment or the review document.

Map text is escaped so that nothing in a map turns into markup, links or HTML.
"""

from __future__ import annotations

import re
from itertools import groupby

from cjm.diff.changes import DiffOutcome, MapDiff
from cjm.entities import ENTITY_KINDS
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
        heading += f": {code(report.old_label)} → {code(report.new_label)}"
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
        lines += [f"- {code(path)}" for path in report.not_compared]
        lines += [""]
        lines += [f"- {code(f'{p.path}:{p.line}:{p.column}')} {text(p.message)} "
                  f"({code(p.rule)})" for p in outcome.problems]
    return "\n".join(lines) + "\n"


def _map_section(diff: MapDiff) -> list[str]:
    kind = "Persona " if diff.kind == "persona" else ""
    lines = [f"### {kind}{text(diff.title)}", "", f"{code(diff.path)}: {text(map_status(diff))}"]
    if any(row.changed for row in diff.emotion_by_stage):
        lines += ["", "| Stage | Average emotion (-2 … +2), before → after |", "|---|---|"]
        lines += [f"| {text(row.name)} | {emotion_trend(row)} |"
                  for row in diff.emotion_by_stage]
    if diff.review is not None:
        lines += ["", f"**Sign-off:** {text(review_sentence(diff.review))}"]
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
