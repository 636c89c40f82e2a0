"""`cjm diff --brief`: the summary, then one line per changed map."""

from __future__ import annotations

from cjm.diff.brief import brief
from cjm.diff.changes import DiffOutcome
from cjm.report.diff_words import summary_sentence


def render(outcome: DiffOutcome) -> str:
    lines = [summary_sentence(outcome.report.summary())]
    lines += [f"{diff.path}: {brief(diff)}" for diff in outcome.report.maps
              if diff.status != "unchanged"]
    return "\n".join(lines) + "\n"
