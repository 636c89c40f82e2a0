"""References help the writer find the right name: did-you-mean and the ids there are."""

from __future__ import annotations

from cjm.validate import check_text
from cjm.workspace import load_context

MAP = """\
cjm: 1
kind: journey
title: Clinic check-in
persona: {name: Patient}
stages:
  - name: Arrive
    steps:
      - name: Checks in at the desk
        channel: Phone
        next: Waits in the room
      - name: Waits in the room
        next: [checks-in-at-desk]
        opportunities:
          - {text: Text when ready, addresses: [long-wait]}
        pain_points:
          - {id: long-Wait, text: The wait is long}
"""


def _errors(text: str) -> list[str]:
    checked = check_text(text, "m.cjm.yaml", load_context(None))
    return [f"{p.line}:{p.column} {p.message}" for p in checked.result().problems
            if p.severity == "error"]


def test_a_reference_suggests_the_id_meant_case_and_names_included() -> None:
    assert _errors(MAP) == [
        '9:18 step "checks-in-at-the-desk" uses the channel "Phone", which is not in the '
        'channel catalog; did you mean "phone"? (the closest channels: phone, partner, store, '
        "support, mobile-app, web, chat, event); add it under channels.add in cjm.yaml",
        '10:15 "Waits in the room" is a name, not an id; did you mean "waits-in-the-room"? '
        "References are written as the id of what they point to.",
        '12:16 step "waits-in-the-room" goes next to "checks-in-at-desk", which is not a step '
        'in this map; did you mean "checks-in-at-the-desk"? (the steps: '
        "checks-in-at-the-desk, waits-in-the-room)",
        '14:49 opportunity "text-when-ready" addresses "long-wait", which is not a pain point '
        'in this map; did you mean "long-Wait"? (the pain points: long-Wait)',
    ]


def test_many_candidates_list_the_closest_with_the_one_meant_first() -> None:
    steps = "\n".join(f"      - name: Step number {n}" for n in range(30))
    text = MAP.split("stages:")[0] + "stages:\n  - name: S\n    steps:\n" + steps + (
        "\n      - {name: Last, next: [step-number-29x]}\n")
    (error,) = _errors(text)
    assert 'did you mean "step-number-29"?' in error
    assert "(the closest steps: step-number-29," in error


def test_a_channel_that_is_no_id_says_it_must_be_in_the_catalog() -> None:
    error = _errors(MAP.replace("channel: Phone", "channel: Customer phone line"))[0]
    assert error.startswith('9:18 "channel" "Customer phone line" is not a channel of the catalog')
