"""`cjm diff --brief`: the summary, then one line per changed map and per file that
could not be compared (its problems go to standard error, as `cjm validate` writes them)."""

from __future__ import annotations

from cjm.diff.brief import brief
from cjm.diff.changes import DiffOutcome
from cjm.report.diff_words import summary_sentence


def render(outcome: DiffOutcome) -> str:
    lines = [summary_sentence(outcome.report.summary())]
    lines += [f"{diff.path}: {brief(diff)}" for diff in outcome.report.maps
              if diff.status != "unchanged"]
    lines += [f"{path}: not compared (errors)" for path in outcome.report.not_compared]
    return "\n".join(lines) + "\n"
