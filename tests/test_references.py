"""References help the writer find the right name: did-you-mean and the ids there are."""

from __future__ import annotations

from pathlib import Path

import pytest

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
        '10:15 "Waits in the room" is a name, not an id; did you mean "waits-in-the-room" '
        "(derived from the step's name: write it on the step as its id too)? References are "
        "written as the id of what they point to.",
        '12:16 step "waits-in-the-room" goes next to "checks-in-at-desk", which is not a step '
        'in this map; did you mean "checks-in-at-the-desk" (derived from the step\'s name: '
        'write it on the step as its id too)? (the steps: '
        "checks-in-at-the-desk, waits-in-the-room)",
        '14:49 opportunity "text-when-ready" addresses "long-wait", which is not a pain point '
        'in this map; did you mean "long-Wait"? (the pain points: long-Wait)',
    ]


def test_many_candidates_list_the_closest_with_the_one_meant_first() -> None:
    steps = "\n".join(f"      - name: Step number {n}" for n in range(30))
    text = MAP.split("stages:")[0] + "stages:\n  - name: S\n    steps:\n" + steps + (
        "\n      - {name: Last, next: [step-number-29x]}\n")
    (error,) = _errors(text)
    assert 'did you mean "step-number-29" (derived from the step\'s name' in error
    assert "(the closest steps: step-number-29," in error


def test_a_channel_that_is_no_id_says_it_must_be_in_the_catalog() -> None:
    error = _errors(MAP.replace("channel: Phone", "channel: Customer phone line"))[0]
    assert error.startswith('9:18 "channel" "Customer phone line" is not a channel of the catalog')


def _workspace_errors(tmp_path: Path, map_text: str, personas: dict[str, str]) -> list[str]:
    """The errors of MAP_TEXT in a workspace whose persona files are PERSONAS (id → name)."""
    (tmp_path / "cjm.yaml").write_text("cjm: 1\nkind: workspace\n", encoding="utf-8")
    (tmp_path / "personas").mkdir()
    for persona_id, name in personas.items():
        (tmp_path / "personas" / f"{persona_id}.cjm.yaml").write_text(
            f"cjm: 1\nkind: persona\nid: {persona_id}\nname: {name}\n", encoding="utf-8")
    checked = check_text(map_text, "m.cjm.yaml", load_context(tmp_path / "cjm.yaml"))
    return [f"{p.line}:{p.column} {p.message}" for p in checked.result().problems
            if p.severity == "error"]


PERSONA_MAP = """\
cjm: 1
kind: journey
title: Clinic check-in
persona: {persona}
stages:
  - name: Arrive
    steps:
      - name: Checks in at the desk
"""
FEW_PERSONAS = {"patient": "Patient", "busy-parent": "Busy parent", "carer": "Carer"}


@pytest.mark.parametrize(("written", "expected"), [
    ("Patient", '4:10 persona "Patient" is not a persona of this workspace; did you mean '
                '"patient"? (the personas: busy-parent, carer, patient); add a persona file '
                "or write the persona inline"),
    ("Busy parent", '4:10 "Busy parent" is a name, not an id; did you mean "busy-parent"? '
                    "References are written as the id of what they point to."),
    ("busy-parnet", '4:10 persona "busy-parnet" is not a persona of this workspace; did you '
                    'mean "busy-parent"? (the personas: busy-parent, carer, patient); add a '
                    "persona file or write the persona inline"),
    ("nurse", '4:10 persona "nurse" is not a persona of this workspace (the personas: '
              "busy-parent, carer, patient); add a persona file or write the persona inline"),
])
def test_a_persona_reference_suggests_the_persona_meant(
        tmp_path: Path, written: str, expected: str) -> None:
    text = PERSONA_MAP.format(persona=written)
    assert _workspace_errors(tmp_path, text, FEW_PERSONAS) == [expected]


def test_many_personas_list_the_closest_with_the_one_meant_first(tmp_path: Path) -> None:
    personas = {f"segment-{n:02}": f"Segment {n}" for n in range(20)} | {
        "weekend-shopper": "Weekend shopper"}
    (error,) = _workspace_errors(tmp_path, PERSONA_MAP.format(persona="weekend-shoper"),
                                 personas)
    assert 'did you mean "weekend-shopper"?' in error
    assert "(the closest personas: weekend-shopper, " in error
    assert error.count("segment-") == 7  # eight listed, not all 21


EVIDENCE_MAP = """\
cjm: 1
kind: journey
title: Clinic check-in
persona: {{name: Patient}}
stages:
  - name: Arrive
    steps:
      - name: Waits in the room
        pain_points:
          - {{id: long-wait, text: The wait is long, evidence: [{cited}]}}
evidence:
{evidence}
"""


@pytest.mark.parametrize(("cited", "expected"), [
    ("Survey-Q3", '10:64 pain point "long-wait" cites the evidence "Survey-Q3", which is not '
                  'in the map\'s evidence list; did you mean "survey-q3"? (the evidence: '
                  "interviews, survey-q3)"),
    ("Patient survey", '10:64 "Patient survey" is a name, not an id; did you mean "survey-q3"? '
                       "References are written as the id of what they point to."),
    ("survy-q3", '10:64 pain point "long-wait" cites the evidence "survy-q3", which is not in '
                 'the map\'s evidence list; did you mean "survey-q3"? (the evidence: '
                 "interviews, survey-q3)"),
    ("tickets", '10:64 pain point "long-wait" cites the evidence "tickets", which is not in '
                "the map's evidence list (the evidence: interviews, survey-q3)"),
])
def test_an_evidence_reference_suggests_the_evidence_meant(cited: str, expected: str) -> None:
    evidence = ("  - {id: survey-q3, kind: survey, title: Patient survey}\n"
                "  - {id: interviews, kind: interview, title: Ten patients}")
    assert _errors(EVIDENCE_MAP.format(cited=cited, evidence=evidence)) == [expected]


def test_much_evidence_lists_the_closest_with_the_one_meant_first() -> None:
    evidence = "\n".join(f"  - {{id: study-{n:02}, title: Study {n}}}" for n in range(20))
    evidence += "\n  - {id: waiting-room-log, title: Waiting room log}"
    (error,) = _errors(EVIDENCE_MAP.format(cited="Waiting room log", evidence=evidence))
    assert error == ('10:64 "Waiting room log" is a name, not an id; did you mean '
                     '"waiting-room-log"? References are written as the id of what they point '
                     "to.")
    (error,) = _errors(EVIDENCE_MAP.format(cited="waiting-room-logs", evidence=evidence))
    assert 'did you mean "waiting-room-log"? (the closest evidence: waiting-room-log, ' in error
    assert error.count("study-") == 7


NOT_ID = " References are written as the id of what they point to."


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("next: Waits in the room", "next: Goes home early",
     '10:15 "Goes home early" is a name, not an id, and no step is called that (the steps: '
     "checks-in-at-the-desk, waits-in-the-room)." + NOT_ID),
    ("addresses: [long-wait]", "addresses: [Rude staff]",
     '14:49 "Rude staff" is a name, not an id, and no pain point is called that (the pain '
     "points: long-Wait)." + NOT_ID),
    ("channel: Phone", "channel: Carrier pigeon",
     '9:18 "channel" "Carrier pigeon" is not a channel of the catalog: use a channel id such '
     "as web, phone or email (docs/format.md lists them), or add the channel under "
     "channels.add in cjm.yaml"),
])
def test_a_name_matching_nothing_still_lists_the_ids_there_are(
        old: str, new: str, expected: str) -> None:
    assert expected in _errors(MAP.replace(old, new))


def test_evidence_written_as_an_unknown_name_lists_the_evidence() -> None:
    evidence = "  - {id: survey-q3, kind: survey, title: Patient survey}"
    assert _errors(EVIDENCE_MAP.format(cited="Phone calls", evidence=evidence)) == [
        '10:64 "Phone calls" is a name, not an id, and no evidence item is called that '
        "(the evidence: survey-q3)." + NOT_ID]


def test_a_persona_written_as_an_unknown_name_lists_the_personas(tmp_path: Path) -> None:
    text = PERSONA_MAP.format(persona="Zebra keeper")
    assert _workspace_errors(tmp_path, text, FEW_PERSONAS) == [
        '4:10 "Zebra keeper" is a name, not an id, and no persona is called that (the '
        "personas: busy-parent, carer, patient)." + NOT_ID]


def test_a_persona_name_in_a_workspace_without_personas_says_how_to_add_one(
        tmp_path: Path) -> None:
    text = PERSONA_MAP.format(persona="Zebra keeper")
    assert _workspace_errors(tmp_path, text, {}) == [
        '4:10 "Zebra keeper" is a name, not an id, and no persona is called that (there are '
        "no persona files: add one, or write the persona inline)." + NOT_ID]
