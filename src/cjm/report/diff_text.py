"""`cjm diff` for a terminal: a summary, then each changed map, one change per line."""

from __future__ import annotations

from cjm.diff.changes import DiffOutcome, MapDiff
from cjm.report.diff_words import (
    MARKS,
    count_sentence,
    described,
    emotion_trend,
    map_heading,
    review_sentence,
    sides_sentence,
    summary_sentence,
)
from cjm.report.text import problem_line

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_MARK_STYLES = {"added": "\x1b[32m", "removed": "\x1b[31m", "moved": "\x1b[36m",
                "renamed": "\x1b[35m", "modified": "\x1b[33m"}


def render(outcome: DiffOutcome, color: bool) -> str:
    report = outcome.report
    summary = report.summary()

    def bold(text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if color else text

    sides = sides_sentence(report.old_label, report.new_label)
    lines = [bold(sides)] if sides else []
    lines.append(bold(summary_sentence(summary)))
    counts = count_sentence(summary)
    if counts:
        lines.append(counts)
    for diff in report.maps:
        if diff.status != "unchanged":
            lines += ["", bold(map_heading(diff)), *_map_lines(diff, color)]
    if outcome.problems:
        lines += ["", bold("Not compared (errors):")]
        lines += [f"  {path}" for path in report.not_compared]
        lines += [f"  {problem_line(problem, color)}" for problem in outcome.problems]
    return "\n".join(lines) + "\n"


def _map_lines(diff: MapDiff, color: bool) -> list[str]:
    lines = []
    if any(row.changed for row in diff.emotion_by_stage):
        lines.append("  Average emotion by stage (-2 … +2), before → after:")
        width = max(len(row.name) for row in diff.emotion_by_stage)
        lines += [f"    {row.name.ljust(width)}  {emotion_trend(row)}"
                  for row in diff.emotion_by_stage]
    if diff.review is not None:
        lines.append(f"  ✓ {review_sentence(diff.review)}")
    for change, sentence, details in described(diff.changes, _quote, _as_is):
        mark = MARKS[change]
        if color:
            mark = f"{_MARK_STYLES[change]}{mark}{_RESET}"
        lines.append(f"  {mark} {sentence}")
        lines += [f"      {detail}" for detail in details]
    return lines


def _quote(text: str) -> str:
    return f'"{" ".join(text.split())}"'


def _as_is(text: str) -> str:
    return text
