"""The JSON contract of `cjm diff --format json` (docs/diff.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from cjm.diff.changes import Change, DiffOutcome, MapDiff
from cjm.printable import machine_json
from cjm.report.json_report import problem_dict

VERSION = 1


def change_dict(change: Change) -> dict[str, Any]:
    shown: dict[str, Any] = {"entity": change.entity, "id": change.id, "change": change.change}
    if change.name:
        shown["name"] = change.name
    if change.change == "renamed":
        shown["old_id"] = change.old_id
    if change.change == "moved" and change.moved_from and change.moved_to:
        shown["from"] = change.moved_from.as_json()
        shown["to"] = change.moved_to.as_json()
    if change.change == "modified":
        shown.update({"field": change.field, "old": change.old, "new": change.new})
        if change.delta is not None:
            shown["delta"] = change.delta
        if change.target is not None:
            shown["target"] = change.target
            if change.lower_is_better:
                shown["better"] = "lower"
    return shown


def map_dict(diff: MapDiff) -> dict[str, Any]:
    shown: dict[str, Any] = {"path": diff.path, "id": diff.id, "kind": diff.kind,
                             "title": diff.title, "status": diff.status}
    if diff.old_path is not None:
        shown["old_path"] = diff.old_path
    if diff.old_id is not None:
        shown["old_id"] = diff.old_id
    shown["changes"] = [change_dict(change) for change in diff.changes]
    shown["emotion_by_stage"] = [
        {"stage": row.stage, "name": row.name, "before": row.before, "after": row.after,
         "because": list(row.because)}
        for row in diff.emotion_by_stage]
    if diff.review is not None:
        shown["review"] = {"change": diff.review.change, "by": diff.review.by,
                           "date": diff.review.date, "note": diff.review.note,
                           "holds": diff.review.holds}
    return shown


def render(outcome: DiffOutcome) -> str:
    document = {
        "version": VERSION,
        "old": outcome.report.old_label or None,
        "new": outcome.report.new_label or None,
        "maps": [map_dict(diff) for diff in outcome.report.maps],
        "not_compared": outcome.report.not_compared,
        "summary": asdict(outcome.report.summary()),
        "problems": [problem_dict(problem) for problem in outcome.problems],
    }
    return machine_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
