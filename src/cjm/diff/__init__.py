"""`cjm diff`: what changed between two versions of journey maps, by meaning.

`engine` compares two models (pure); `sources` reads the two sides from files or git
revisions and checks them as `cjm validate` does.
"""

from cjm.diff.changes import Change, DiffOutcome, DiffReport, MapDiff, Place, StageEmotion, Summary
from cjm.diff.engine import compare, diff_maps

__all__ = ["Change", "DiffOutcome", "DiffReport", "MapDiff", "Place", "StageEmotion",
           "Summary", "compare", "diff_maps"]
