"""Changes in a map's own words, shared by the text and Markdown diff reports.

Each function takes `quote` (how a piece of map text is shown) and `code` (how an id is
shown), so the same sentences serve a terminal and a Markdown document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cjm.diff.changes import Change, MapDiff, Place, ReviewChange, StageEmotion, Summary
from cjm.entities import ENTITY_KINDS
from cjm.model import Better, target_met

Show = Callable[[str], str]

# How an entity sits in its parent, for "in stage …" and "at step …".
_PREPOSITIONS = {"stage": "in", "step": "at"}
# Fields holding ids or labels: shown as what was added and removed.
_ID_LISTS = {"tags", "next", "addresses", "evidence"}
# Fields holding a word, a date or a link: shown as they are, not quoted as prose.
_PLAIN_FIELDS = {"state", "status", "severity", "kind", "reviewed", "review_every", "channel",
                 "date", "persona", "owner", "team", "link", "url", "unit", "value", "target"}
# Where a pain point or opportunity of the map itself (not of a stage or step) is.
WHOLE_JOURNEY = "for the whole journey"
MARKS = {"added": "+", "removed": "-", "moved": "→", "renamed": "↻", "modified": "~"}


def summary_sentence(summary: Summary) -> str:
    """The line that leads a report: how many maps changed and how."""
    compared = summary.maps_compared
    maps = f"{compared} map{'s' * (compared != 1)}"
    if summary.personas_compared:
        personas = summary.personas_compared
        maps += f" and {personas} persona{'s' * (personas != 1)}"
    maps += " compared"
    if summary.maps_not_compared:
        maps += f", {summary.maps_not_compared} not compared (errors)"
    if not summary.maps_changed:
        return f"{maps}, no changes"
    kinds = [f"{count} {status}" for count, status in (
        (summary.maps_modified, "modified"), (summary.maps_added, "added"),
        (summary.maps_removed, "removed"), (summary.maps_renamed, "renamed")) if count]
    return f"{maps}, {summary.maps_changed} changed: {', '.join(kinds)}"


def count_sentence(summary: Summary) -> str:
    """Counts per kind of change, then what matters most in a review."""
    counts = [f"{getattr(summary, kind)} {kind}" for kind in
              ("added", "removed", "moved", "renamed") if getattr(summary, kind)]
    if summary.modified:
        counts.append(f"{summary.modified} field change{'s' * (summary.modified != 1)}")
    highlights = []
    if summary.pain_points_opened or summary.pain_points_closed:
        highlights.append(f"pain points: {summary.pain_points_opened} opened, "
                          f"{summary.pain_points_closed} closed")
    if summary.opportunities_done or summary.opportunities_dropped:
        done = f"opportunities: {summary.opportunities_done} done"
        if summary.opportunities_dropped:
            done += f", {summary.opportunities_dropped} dropped"
        highlights.append(done)
    return "; ".join(filter(None, [", ".join(counts), *highlights]))


def map_heading(diff: MapDiff) -> str:
    """`First online purchase (maps/x.cjm.yaml): modified`."""
    kind = "Persona " if diff.kind == "persona" else ""
    return f"{kind}{diff.title} ({diff.path}): {map_status(diff)}"


def map_status(diff: MapDiff) -> str:
    """`modified`, `renamed from old/path.cjm.yaml`, `added (3 stages, 12 steps)`."""
    if diff.status == "renamed" and diff.old_path:
        return f"renamed from {diff.old_path}" + ("" if diff.changes else ", no other change")
    if diff.status in ("added", "removed") and diff.kind == "journey":
        return (f"{diff.status} ({diff.stages} stage{'s' * (diff.stages != 1)}, "
                f"{diff.steps} step{'s' * (diff.steps != 1)})")
    return diff.status


def described(changes: list[Change], quote: Show, code: Show) -> list[tuple[str, str, list[str]]]:
    """Changes as (change kind, sentence, details): an entity's field changes in a row
    become one sentence with one detail per field."""
    lines: list[tuple[str, str, list[str]]] = []
    index = 0
    while index < len(changes):
        change = changes[index]
        end = index + 1
        while (change.change == "modified" and end < len(changes)
               and changes[end].change == "modified"
               and (changes[end].entity, changes[end].id) == (change.entity, change.id)):
            end += 1
        if end - index > 1:
            lines.append(("modified", f"{_subject(change, quote, code)} changed:",
                          [field_change(item, quote, code) for item in changes[index:end]]))
        else:
            lines.append((change.change, change_sentence(change, quote, code), []))
        index = end
    return lines


def _subject(change: Change, quote: Show, code: Show) -> str:
    if change.entity == "map":
        return "Map"
    shown = quote(change.name) if change.name else code(change.id)
    return f"{ENTITY_KINDS[change.entity].title} {shown}"


def change_sentence(change: Change, quote: Show, code: Show) -> str:
    """One change as a sentence, e.g. `Step "Demo call": emotion -1 → +1 ▲2`."""
    subject = _subject(change, quote, code)
    where = ""
    if change.parent_kind in _PREPOSITIONS:
        parent = ENTITY_KINDS[change.parent_kind].singular
        # Only cjm's own words change: the names are shown as written.
        preposition = ("from" if change.change == "removed" and change.entity != "pain_point"
                       else _PREPOSITIONS[change.parent_kind])
        where = f" {preposition} {parent} {quote(change.parent_name)}"
    elif len(ENTITY_KINDS[change.entity].parents) > 1:  # of the map itself
        where = (" from the whole journey" if change.change == "removed"
                 and change.entity != "pain_point" else f" {WHOLE_JOURNEY}")
    if change.change == "added":
        verb = "opened" if change.entity == "pain_point" else "added"
        return f"{subject} {verb}{where}"
    if change.change == "removed":
        if change.entity == "pain_point":
            return f"{subject} closed{where}"
        return f"{subject} removed{where}"
    if change.change == "renamed":
        return f"{subject}: id {code(change.old_id or '')} → {code(change.id)}"
    if change.change == "moved":
        assert change.moved_from is not None and change.moved_to is not None
        return f"{subject} moved {_move(change.moved_from, change.moved_to, quote)}"
    # A name that repeats under other parents (its id is qualified by its parent's, as
    # in `visit/conversion`) says where it is.
    return f"{subject}{where if '/' in change.id else ''}: {field_change(change, quote, code)}"


def _move(before: Place, after: Place, quote: Show) -> str:
    if before.parent_kind is None:
        return f"from position {before.index + 1} to {after.index + 1}"
    if (before.parent_kind, before.parent) == (after.parent_kind, after.parent):
        within = ("within the whole journey" if after.parent_kind == "map"
                  else f"within {after.parent_kind} {quote(after.parent_name)}")
        return f"{within} from position {before.index + 1} to {after.index + 1}"
    return (f"from {_place(before, quote)} to {_place(after, quote)} "
            f"(position {after.index + 1})")


def _place(place: Place, quote: Show) -> str:
    """`step "Pays"`, `stage "Arrive"`, or the whole journey."""
    if place.parent_kind == "map":
        return "the whole journey"
    return f"{place.parent_kind} {quote(place.parent_name)}"


def field_change(change: Change, quote: Show, code: Show) -> str:
    """`field old → new`, with emotion's direction and a metric's target."""
    name = (change.field or "").replace("_", " ")
    old, new = change.old, change.new
    if change.field == "emotion":
        text = f"emotion {emotion(old)} → {emotion(new)}"
        if change.delta:
            text += f", {'▲' if change.delta > 0 else '▼'}{abs(change.delta)}"
        return text
    if isinstance(old, list) or isinstance(new, list):
        return f"{name} {_list_change(change.field or '', old or [], new or [], quote, code)}"
    show = code if change.field in _PLAIN_FIELDS else quote
    text = f"{name} {_value(old, show)} → {_value(new, show)}"
    if change.entity == "metric" and change.field == "value" and change.target is not None:
        text += f" ({_target(old, new, change.target, change.lower_is_better)})"
    return text


def _list_change(field_name: str, old: list[Any], new: list[Any], quote: Show,
                 code: Show) -> str:
    if field_name in _ID_LISTS:
        added = [str(item) for item in new if item not in old]
        removed = [str(item) for item in old if item not in new]
        parts = [f"+{code(item)}" for item in added] + [f"-{code(item)}" for item in removed]
        return " ".join(parts) if parts else "reordered"
    shown_old = "; ".join(quote(str(item)) for item in old) or "(none)"
    shown_new = "; ".join(quote(str(item)) for item in new) or "(none)"
    return f"{shown_old} → {shown_new}"


def _target(old: Any, new: Any, target: float, lower_is_better: bool = False) -> str:
    better = Better.less if lower_is_better else Better.more

    def meets(value: Any) -> bool | None:
        return target_met(value, target, better) if isinstance(value, int | float) else None

    before, after = meets(old), meets(new)
    if after and not before:
        return f"target {_number(target)}{' or less' * lower_is_better}: now met"
    if before and after is False:
        return f"target {_number(target)}{' or less' * lower_is_better}: no longer met"
    if after:
        return f"target {_number(target)}{' or less' * lower_is_better}: met"
    return f"target {_number(target)}{' or less' * lower_is_better}: not met yet"


def emotion(score: Any) -> str:
    if not isinstance(score, int):
        return "(none)"
    return f"{score:+d}" if score else "0"


def average(score: float | None) -> str:
    if score is None:
        return "–"
    return f"{score:+.1f}" if round(score, 1) else "0.0"


def emotion_trend(row: StageEmotion) -> str:
    """`-1.5 → +0.5 ▲2.0` for a stage's average emotion."""
    text = f"{average(row.before)} → {average(row.after)}"
    step = emotion_step(row)
    if step:
        text += f" {step}"
    if row.changed and row.because:
        text += f" ({', '.join(row.because)})"
    return text


def emotion_step(row: StageEmotion) -> str:
    """`▲2.0`, `▼0.5`, or "" when the average stayed or one side has none."""
    if row.before is None or row.after is None or row.after == row.before:
        return ""
    step = row.after - row.before
    return f"{'▲' if step > 0 else '▼'}{abs(step):.1f}"


def _value(value: Any, quote: Show) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    return quote(str(value))


def _number(value: float) -> str:
    return f"{value:g}"


def review_sentence(review: ReviewChange) -> str:
    """`Signed off by Ana Lima on 2026-12-01: "Q4" (still holds)`."""
    if review.change == "removed":
        return f"Sign-off by {review.by} on {review.date} removed"
    if review.change == "unchanged":
        holds = "still holds" if review.holds else "no longer holds: the content changed since"
        return f"Sign-off by {review.by} on {review.date} {holds}"
    verb = "Signed off" if review.change == "added" else "Signed off again"
    note = f': "{" ".join(review.note.split())}"' if review.note else ""
    holds = "still holds" if review.holds else "no longer matches the content"
    return f"{verb} by {review.by} on {review.date}{note} ({holds})"


def sides_sentence(old_label: str, new_label: str) -> str:
    """`Changes from review-2026-q3 to the working tree` ("" when the sides are unknown)."""
    return f"Changes from {old_label} to {new_label}" if old_label and new_label else ""
