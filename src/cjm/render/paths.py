"""The journey's main path and its branches, from the steps' order and their `next:` lists.

The main path starts at the first step and follows each step's first forward successor
(its first `next:` id, or the following step); every other forward link is a branch.
Links that go back to an earlier step are loops, not part of the curve.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from cjm.entities import Entities, entities
from cjm.model import JourneyMap, Step


@dataclass(frozen=True)
class Link:
    """A part of the emotion curve between two scored steps (by their place in the journey)."""

    tail: int
    head: int
    main: bool     # on the main path (else a branch)
    bridged: bool  # passes over steps that have no score


def successors(steps: list[Step], resolved: Entities) -> list[list[int]]:
    """Each step's following steps by place: the steps its `next:` ids resolve to (in
    RESOLVED, the map's entities), else the next step in order."""
    place = {id(step): index for index, step in enumerate(steps)}
    found: list[list[int]] = []
    for index, step in enumerate(steps):
        if step.next:
            found.append([place[id(target)] for target in resolved.targets(step, "next")
                          if id(target) in place])
        else:
            found.append([index + 1] if index + 1 < len(steps) else [])
    return found


def main_path(following: list[list[int]]) -> list[int]:
    """The places of the main path's steps, in order."""
    if not following:
        return []
    path = [0]
    while True:
        forward = [target for target in following[path[-1]] if target > path[-1]]
        if not forward:
            return path
        path.append(forward[0])


def curve_links(journey: JourneyMap, leave_out: frozenset[str] = frozenset()) -> list[Link]:
    """The curve's parts: scored step to the next scored steps, forward only, stable order.

    Steps in `leave_out` (keys of steps the map no longer has, drawn where they were) are
    not on the path at all: the curve runs past them as if they were not drawn.
    """
    found = entities(journey)
    everything = [step for _, step in journey.all_steps()]
    kept = [place for place, step in enumerate(everything)
            if found.key_of(step) not in leave_out]
    links = _links([everything[place] for place in kept], found)
    if len(kept) == len(everything):
        return links
    return [Link(kept[link.tail], kept[link.head], link.main, link.bridged) for link in links]


def _links(steps: list[Step], resolved: Entities) -> list[Link]:
    following = successors(steps, resolved)
    on_main = main_path(following)
    main_next = dict(itertools.pairwise(on_main))
    links: dict[tuple[int, int], Link] = {}
    for tail, step in enumerate(steps):
        if step.emotion is None:
            continue
        # Walk forward through steps without a score to the first scored ones.
        stack = [(target, target == main_next.get(tail), False)
                 for target in reversed(following[tail]) if target > tail]
        seen: set[int] = set()
        while stack:
            head, main, bridged = stack.pop()
            if head in seen:
                continue
            seen.add(head)
            if steps[head].emotion is not None:
                if (tail, head) not in links or main:
                    links[(tail, head)] = Link(tail, head, main, bridged)
                continue
            stack.extend((target, main and target == main_next.get(head), True)
                         for target in reversed(following[head]) if target > head)
    return sorted(links.values(), key=lambda link: (link.tail, link.head))
