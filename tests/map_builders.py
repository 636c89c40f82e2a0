"""Maps for tests, written once: a clean journey map and the small edits tests make to it.

`clean_map()` is a map that passes `cjm validate --strict` on the days the tests check
it (a persona, an owner, a recent review, a score on every step); its keywords change
what a test is about, and the text is what a writer would type.
"""

from __future__ import annotations

from collections.abc import Sequence

ORDER_STEPS = ("{name: Searches for toner, emotion: 0}", "{name: Pays by invoice, emotion: 1}")


def clean_map(*, title: str = "First order", persona: str = "Office manager",
              owner: str = "cx-team", reviewed: str = "2026-10-01", stage: str = "Order",
              steps: Sequence[str] = ORDER_STEPS, extra: str = "") -> str:
    """A journey map's YAML text: one stage of one-line steps (flow mappings)."""
    lines = ["cjm: 1", "kind: journey", f"title: {title}", f"persona: {{name: {persona}}}",
             f"owner: {owner}", f"reviewed: {reviewed}", *extra.splitlines(),
             "stages:", f"  - name: {stage}", "    steps:",
             *(f"      - {step}" for step in steps)]
    return "\n".join(lines) + "\n"
