"""Maps for the render tests: the sample map and generated maps of any size."""

from __future__ import annotations

from pathlib import Path

from cjm.model import JourneyMap
from cjm.render.info import MapInfo, map_info
from cjm.validate import check_file
from cjm.workspace import context_for

HERE = Path(__file__).parent
SAMPLE = HERE / "sample.cjm.yaml"
CHANNELS = ["web", "email", "social", "store", "phone", "chat", "mobile-app", "partner"]


def generated_map(steps: int, branches: int = 0, per_stage: int = 10) -> str:
    """A valid map of `steps` steps, with `branches` extra `next` links across stages."""
    lines = ["cjm: 1", "kind: journey", f"title: Generated journey of {steps} steps",
             "persona: {name: Test persona}", "owner: qa", "reviewed: 2026-01-15", "stages:"]
    branch_from = {(number * 7919) % steps: (number * 7919 * 31 + 17) % steps
                   for number in range(branches)}
    for index in range(steps):
        if index % per_stage == 0:
            lines += [f"  - name: Stage {index // per_stage + 1}",
                      f"    goal: Goal of stage {index // per_stage + 1}", "    steps:"]
        lines += [
            f"      - id: s{index}",
            f"        name: Step number {index} of the generated journey",
            f"        channel: {CHANNELS[index % len(CHANNELS)]}",
            f"        touchpoint: Touchpoint {index}",
            f"        actions: [Does thing {index}, Then another rather longer thing to wrap]",
            f"        thoughts: Thinks about step {index}",
            f"        emotion: {(index % 5) - 2}",
            f"        feeling: feeling{index}",
        ]
        if index in branch_from and branch_from[index] != index:
            lines.append(f"        next: [s{branch_from[index]}]")
        if index % 4 == 0:
            lines += ["        pain_points:", f"          - id: p{index}",
                      f"            text: Pain at step {index}", "            severity: high",
                      "        opportunities:", f"          - text: Fix pain {index}",
                      "            owner: team", "            status: planned",
                      f"            addresses: [p{index}]"]
    return "\n".join(lines) + "\n"


def load_map(path: Path) -> tuple[JourneyMap, MapInfo]:
    context = context_for(path)
    checked = check_file(path, context)
    assert checked.ok, [str(p) for p in checked.problems]
    assert isinstance(checked.model, JourneyMap)
    return checked.model, map_info(checked.model, context)
