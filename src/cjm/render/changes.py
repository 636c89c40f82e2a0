"""The picture of what changed: the newer map's grid with every change marked.

Steps added, changed, moved and renamed each carry their own badge, and so do stages
(a stage whose name changed is renamed); removed steps are drawn as struck-through
ghosts where they were; closed pain points are put back, struck through, at their step;
new pain points and opportunities say NEW, changed ones CHANGED; an opportunity whose
status changed shows the transition (`PLANNED → DONE`); the earlier emotion curve is
drawn muted behind the new one. A legend leads with the marks this picture uses.
Everything else is the grid of `cjm render`, with its escaping, determinism and
accessible SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from cjm.diff.brief import changes_line
from cjm.diff.changes import Change
from cjm.diff.engine import compare, compare_matched
from cjm.entities import entities, walk
from cjm.model import JourneyMap, Opportunity, OpportunityStatus, PainPoint, Stage, Step
from cjm.render import graphviz
from cjm.render.canvas import Canvas, Para
from cjm.render.compare import Ghost, match_steps, put_back_removed_steps
from cjm.render.drawing import Rendered
from cjm.render.grid import OPPORTUNITIES, PAINS, STEP, Lane, draw
from cjm.render.info import DrawOptions, ItemMark, MapInfo, StepMark
from cjm.render.parts import Chip, opportunity_paras, pain_paras
from cjm.render.style import MUTED, STATUS_LEADS, text_color

# Each kind of change to a step: its badge's words and colour (Tol's "light" scheme);
# the words tell the change, so nothing is told by colour alone.
MARKS = {
    "added": ("+ ADDED", "#44BB99"),
    "renamed": ("↻ RENAMED", "#AA4499"),
    "moved": ("→ MOVED", "#77AADD"),
    "changed": ("~ CHANGED", "#EEDD88"),
    "removed": ("− REMOVED", "#BBBBBB"),
}
NEW_LEAD = "NEW"
CLOSED_LEAD = "CLOSED"
CHANGED_LEAD = "CHANGED"


@dataclass(frozen=True)
class ChangePicture:
    """What the grid draws: the newer map with the removed steps and closed pain points
    put back where they were, and how each step, pain point and opportunity is marked.
    Entities are named by their keys in `journey` (`cjm.entities`: the id, unless it
    repeats); `key_of` gives the key of one of its entities."""

    journey: JourneyMap
    marks: dict[str, StepMark]
    ghosts: frozenset[str]          # step keys: removed steps drawn where they were
    closed: frozenset[str]          # pain point keys, struck through
    opened: frozenset[str]          # pain point and opportunity keys, marked NEW
    statuses: dict[str, tuple[OpportunityStatus, OpportunityStatus]]  # by opportunity key
    changes: list[Change]
    key_of: Callable[[Any], str]
    ghost_steps: tuple[Ghost, ...] = ()
    stage_marks: dict[str, StepMark] = field(default_factory=dict)  # by stage id
    changed: frozenset[str] = frozenset()  # pain point and opportunity keys, CHANGED

    def used(self) -> set[str]:
        """The marks drawn: the kinds of MARKS, and "closed", "new", "status" and
        "item-changed" for the leads of pain points and opportunities."""
        found = {kind for kind, (text, _) in MARKS.items()
                 if any(text in mark.text for mark in
                        [*self.marks.values(), *self.stage_marks.values()])}
        leads = {"closed": self.closed, "new": self.opened, "status": self.statuses,
                 "item-changed": self.changed}
        return found | {lead for lead, keys in leads.items() if keys}


def picture(old: JourneyMap | None, new: JourneyMap) -> ChangePicture:
    """How the changes from OLD to NEW are drawn on NEW (OLD None: every step is new)."""
    if old is None:
        found = entities(new)
        marks = {found.key_of(step): _mark("added") for _, step in new.all_steps()}
        return ChangePicture(new, marks, frozenset(), frozenset(), frozenset(), {}, [],
                             found.key_of)
    changes, matches = compare_matched(old, new)
    journey = new.model_copy(deep=True)
    # The changes name NEW's entities by NEW's keys; the copy gets ghosts, which may
    # make a name repeat: each key is carried over to the entity's key in the picture.
    copies = {(placed.kind.kind, placed.key): placed.item for placed in walk(journey)}
    stage_renames = matches.get("stage", {})
    kinds: dict[str, list[str]] = {}
    details: dict[str, list[str]] = {}
    for change in changes:
        if change.entity != "step" or change.change == "removed":
            continue
        kind = "changed" if change.change == "modified" else change.change
        if kind not in kinds.setdefault(change.id, []):
            kinds[change.id].append(kind)
        if change.change == "renamed":
            details.setdefault(change.id, []).append(f"was {change.old_id}")
        if change.change == "moved" and change.moved_from and change.moved_to:
            details.setdefault(change.id, []).append(
                f"from {change.moved_from.parent_name}"
                if change.moved_from.parent != change.moved_to.parent
                else f"was step {change.moved_from.index + 1}")
    ghosts = put_back_removed_steps(old, journey, changes, stage_renames)
    stage_marks = _stage_marks(changes, {stage.id for stage in new.stages}, journey)
    closed = _put_back_closed_pain_points(old, journey, changes, matches, copies, ghosts)
    key_of = entities(journey).key_of

    def shown(kind: str, key: str) -> str:
        item = copies.get((kind, key))
        return key_of(item) if item is not None else key

    marks = {shown("step", step_id): _badge(found, details.get(step_id, []))
             for step_id, found in kinds.items()}
    marks.update((key_of(ghost), _mark("removed")) for _, ghost in ghosts)
    opened = frozenset(shown(c.entity, c.id) for c in changes if c.change == "added"
                       and c.entity in ("pain_point", "opportunity"))
    statuses = {shown(c.entity, c.id): (OpportunityStatus(c.old), OpportunityStatus(c.new))
                for c in changes if c.entity == "opportunity" and c.field == "status"}
    # (An opportunity whose status changed shows its transition instead.)
    changed = frozenset(shown(c.entity, c.id) for c in changes if c.change == "modified"
                        and c.entity in ("pain_point", "opportunity")) - set(statuses)
    return ChangePicture(journey, marks, frozenset(key_of(ghost) for _, ghost in ghosts),
                         frozenset(key_of(pain) for pain in closed), opened, statuses,
                         changes, key_of, tuple(ghosts), stage_marks, changed)


def _stage_marks(changes: list[Change], kept: set[str], journey: JourneyMap
                 ) -> dict[str, StepMark]:
    """Each stage's badge by its id in the picture. A stage's name is all the picture
    shows of it, so a new name is a rename, whether or not its id changed; a stage
    put back for its removed steps (in KEPT's complement) is removed."""
    kinds: dict[str, list[str]] = {}
    details: dict[str, list[str]] = {}
    for change in changes:
        if change.entity != "stage" or change.change == "removed":
            continue
        kind = change.change
        if change.change == "modified":
            kind = "renamed" if change.field == "name" else "changed"
        if kind not in kinds.setdefault(change.id, []):
            kinds[change.id].append(kind)
        if change.field == "name":
            details.setdefault(change.id, []).append(f"was “{change.old}”")
        elif change.change == "renamed":
            details.setdefault(change.id, []).append(f"id was {change.old_id}")
        elif change.change == "moved" and change.moved_from is not None:
            details.setdefault(change.id, []).append(
                f"was stage {change.moved_from.index + 1}")
    marks = {stage_id: _badge(found, details.get(stage_id, []))
             for stage_id, found in kinds.items()}
    marks.update((stage.id, _mark("removed")) for stage in journey.stages
                 if stage.id not in kept)
    return marks


def _mark(kind: str) -> StepMark:
    text, fill = MARKS[kind]
    return StepMark(text, fill)


def _badge(kinds: list[str], details: list[str]) -> StepMark:
    ordered = [kind for kind in MARKS if kind in kinds]
    words = " · ".join(MARKS[kind][0] for kind in ordered)
    if details:
        words += f" ({'; '.join(details)})"
    return StepMark(words, MARKS[ordered[0]][1])


def _put_back_closed_pain_points(old: JourneyMap, journey: JourneyMap, changes: list[Change],
                                 renames: dict[str, dict[str, str]],
                                 copies: dict[tuple[str, str], Any],
                                 ghosts: list[Ghost]) -> list[PainPoint]:
    """Closed pain points put back where they were: at their step (or its ghost),
    across their stage (or its ghost stage), across the whole journey; the id written
    as it was or derived again. Returns them. COPIES: the picture's entities by kind and
    the newer map's keys; RENAMES: the diff's matches, old key to new, by kind."""
    closed = {c.id for c in changes if c.entity == "pain_point" and c.change == "removed"}
    if not closed:
        return []
    found = entities(old)
    ghost_of = {id(step): ghost for step, ghost in ghosts}
    ghost_stages = {stage.id: stage for stage in journey.stages}

    def counterpart(kind: str, item: Stage | Step) -> Any:
        key = found.key_of(item)
        return copies.get((kind, renames.get(kind, {}).get(key, key)))

    holders: list[tuple[list[PainPoint], Any]] = [(old.pain_points, journey)]
    for stage in old.stages:
        holders.append((stage.pain_points,
                        counterpart("stage", stage) or ghost_stages.get(stage.id)))
    holders += [(step.pain_points, ghost_of.get(id(step)) or counterpart("step", step))
                for _, step in old.all_steps()]
    put_back: list[PainPoint] = []
    for pains, target in holders:
        for pain in pains:
            if found.key_of(pain) in closed and target is not None:
                again = (PainPoint(text=pain.text, severity=pain.severity) if pain.id_derived
                         else PainPoint(id=pain.id, text=pain.text, severity=pain.severity))
                target.pain_points.append(again)
                put_back.append(again)
    return put_back


def _item_mark(shown: ChangePicture) -> ItemMark:
    """How a pain point's or opportunity's badge says what changed, wherever it is
    drawn (at a step, across a stage, across the whole journey)."""

    def mark(item: PainPoint | Opportunity, para: Para) -> Para:
        key = shown.key_of(item)
        if isinstance(item, PainPoint) and key in shown.closed:
            return replace(para, lead=f"{CLOSED_LEAD} · {para.lead}", strike=True)
        if isinstance(item, Opportunity) and key in shown.statuses:
            before, after = shown.statuses[key]
            return replace(para, lead=f"{STATUS_LEADS[before]} → {STATUS_LEADS[after]}")
        if key in shown.opened:
            return replace(para, lead=f"{NEW_LEAD} · {para.lead}")
        if key in shown.changed:
            return replace(para, lead=f"{CHANGED_LEAD} · {para.lead}")
        return para

    return mark


def _lanes(shown: ChangePicture, mark: ItemMark) -> dict[str, Lane]:
    """The step, pain point and opportunity lanes of the grid, with the changes marked."""

    def step_paras(step: Step, info: MapInfo) -> list[Para]:
        if shown.key_of(step) in shown.ghosts:
            return [Para(step.name, size=12, bold=True, strike=True, color=MUTED)]
        return STEP.content(step, info)

    def step_pains(step: Step, info: MapInfo) -> list[Para]:
        return pain_paras(step.pain_points, mark)

    def step_opportunities(step: Step, info: MapInfo) -> list[Para]:
        return opportunity_paras(step.opportunities, mark)

    return {STEP.key: Lane(STEP.key, STEP.title, STEP.hint, step_paras, always=True),
            PAINS.key: Lane(PAINS.key, PAINS.title, "by severity; struck: closed",
                            step_pains),
            OPPORTUNITIES.key: Lane(OPPORTUNITIES.key, OPPORTUNITIES.title,
                                    "by status; A → B: status changed", step_opportunities)}


# What the leads of pain points and opportunities say, for the legend.
_LEADS = {"closed": f"{CLOSED_LEAD}, struck: pain point closed",
          "new": f"{NEW_LEAD}: pain point opened, opportunity added",
          "item-changed": f"{CHANGED_LEAD}: pain point or opportunity changed",
          "status": "PLANNED → DONE: status changed"}


def _legend(used: set[str]) -> list[tuple[str, list[Chip]]]:
    """The marks this picture uses, and no other: a mark explained but not drawn would
    send a meeting looking for it."""
    chips = [Chip(text, fill, bold=True, color=text_color(fill))
             for kind, (text, fill) in MARKS.items() if kind in used]
    chips += [Chip(words, color=MUTED) for lead, words in _LEADS.items() if lead in used]
    if used & set(_LEADS):
        chips.append(Chip("alike at a step, across a stage and across the journey",
                          color=MUTED))
    if not chips:
        chips.append(Chip("none drawn: what changed is not in the grid (see cjm diff)",
                          color=MUTED))
    return [("Changes", chips)]


def draw_changes(old: JourneyMap | None, new: JourneyMap, info: MapInfo, *,
                 old_label: str, new_label: str, width: float | None = None,
                 height: float | None = None) -> Canvas:
    """The newer map's grid with the changes since OLD marked (pure); rows no wider
    than WIDTH, PDF pages no taller than HEIGHT, as `cjm render` draws them."""
    shown = picture(old, new)
    journey = shown.journey.model_copy(
        update={"title": f"{new.title}: changes from {old_label} to {new_label}"})
    scores = (match_steps(old, shown.journey, shown.ghost_steps).scores if old is not None
              else {})
    mark = _item_mark(shown)
    options = DrawOptions(marks=shown.marks, stage_marks=shown.stage_marks,
                          width=width, height=height,
                          compare_scores=scores,
                          size=(len(new.stages), len(new.all_steps())),
                          compare_label=f"emotion at {old_label}", ghosts=shown.ghosts,
                          mark_item=mark)
    return draw(journey, info, options, lanes=_lanes(shown, mark),
                legend=_legend(shown.used()))


def describe_changes(old: JourneyMap | None, new: JourneyMap, old_label: str,
                     new_label: str) -> str:
    """One sentence for screen readers: which map, which two versions, what changed."""
    if old is None:
        return f"Journey map {new.title}, added at {new_label}: every step is new."
    what = changes_line(compare(old, new)) or "no change of content"
    return f"Changes to the journey map {new.title} from {old_label} to {new_label}: {what}."


def changes_dot(old: JourneyMap | None, new: JourneyMap, info: MapInfo, *,
                old_label: str, new_label: str, width: float | None = None,
                height: float | None = None) -> str:
    canvas = draw_changes(old, new, info, old_label=old_label, new_label=new_label,
                          width=width, height=height)
    return canvas.to_dot(f"cjm changes {new.id or 'journey'}, {old_label} to {new_label}")


def render_changes(old: JourneyMap | None, new: JourneyMap, info: MapInfo, format_name: str,
                   *, old_label: str, new_label: str, width: float | None = None,
                   height: float | None = None, dpi: float | None = None) -> Rendered:
    """The picture of the changes as SVG, PNG or PDF."""
    canvas = draw_changes(old, new, info, old_label=old_label, new_label=new_label,
                          width=width, height=height)
    dot_text = canvas.to_dot(f"cjm changes {new.id or 'journey'}, {old_label} to {new_label}")
    drawing = graphviz.draw(dot_text, format_name,
                            title=f"{new.title}: changes from {old_label} to {new_label}",
                            description=describe_changes(old, new, old_label, new_label),
                            dpi=dpi, pages=canvas.pages())
    return Rendered(drawing.data, drawing.warnings)
