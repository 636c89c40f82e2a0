"""One line for one map's changes, e.g. `1 step added, 2 steps changed, 1 pain point
closed`: for `cjm diff --brief` and for the rule that says what changed since a review."""

from __future__ import annotations

from cjm.diff.changes import Change, MapDiff

_WORDS = {"map": ("map", "map"), "persona": ("persona", "persona"),
          "stage": ("stage", "stages"), "step": ("step", "steps"),
          "metric": ("metric", "metrics"), "pain_point": ("pain point", "pain points"),
          "opportunity": ("opportunity", "opportunities"),
          "evidence": ("evidence entry", "evidence entries")}
_VERBS = {"added": "added", "removed": "removed", "moved": "moved", "renamed": "renamed",
          "modified": "changed"}
_PAIN_VERBS = {"added": "opened", "removed": "closed"}


def brief(diff: MapDiff) -> str:
    """The changes of one map in one line, by kind of entity in the order they come."""
    if diff.status in ("added", "removed"):
        line = diff.status
    else:
        line = changes_line(diff.changes) or ("no change of content"
                                              if diff.status != "renamed"
                                              else "renamed, no other change")
    if diff.review is not None and diff.review.holds is False:
        line += ", sign-off no longer holds"
    return line


def changes_line(changes: list[Change]) -> str:
    """`1 step added, 2 steps changed`: each entity counted once per kind of change."""
    counted: dict[tuple[str, str], set[str]] = {}
    for item in changes:
        counted.setdefault((item.entity, item.change), set()).add(item.id)
    parts = []
    for (entity, change), ids in counted.items():
        if entity in ("map", "persona") and change == "modified":
            fields = dict.fromkeys(c.field or "" for c in changes
                                   if c.entity == entity and c.change == "modified")
            parts.append(f"{', '.join(f.replace('_', ' ') for f in fields)} changed")
            continue
        one, many = _WORDS.get(entity, (entity, entity))
        verb = (_PAIN_VERBS.get(change) if entity == "pain_point" else None) or _VERBS[change]
        parts.append(f"{len(ids)} {one if len(ids) == 1 else many} {verb}")
    return ", ".join(parts)
