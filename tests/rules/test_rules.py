"""Each quality rule: a map written to break it → the rule at the expected line:column.

The positions point at the value at fault: the overdue `reviewed:` date, the pain
point's id (or its text when it has no id), the step's name.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from cjm.problems import Severity
from cjm.rules import RULES, rules_markdown
from cjm.validate import check_text
from cjm.workspace import load_context

TODAY = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parents[2]


def problems_of(text: str, today: dt.date = TODAY) -> list[tuple[str, int, int, str]]:
    checked = check_text(textwrap.dedent(text), "map.cjm.yaml", load_context(None), today=today)
    return [(p.rule, p.line, p.column, p.message) for p in checked.problems]


def positions(text: str, rule: str, today: dt.date = TODAY) -> list[tuple[int, int]]:
    return [(line, column) for r, line, column, _ in problems_of(text, today) if r == rule]


CLEAN = """\
    cjm: 1
    kind: journey
    title: Renew a subscription
    persona: {name: Small-shop owner}
    owner: cx-team
    reviewed: 2026-10-01
    stages:
      - name: Renew
        steps:
          - {name: Gets the renewal email, emotion: 0}
    """

CASES = [
    pytest.param("review-overdue", """\
        cjm: 1
        kind: journey
        title: Renew a subscription
        persona: {name: Small-shop owner}
        owner: cx-team
        reviewed: 2026-03-31
        stages:
          - name: Renew
            steps:
              - {name: Gets the renewal email, emotion: 0}
        """, [(6, 11)], id="review-overdue"),
    pytest.param("review-overdue", """\
        cjm: 1
        kind: journey
        title: Renew a subscription
        persona: {name: Small-shop owner}
        owner: cx-team
        stages:
          - name: Renew
            steps:
              - {name: Gets the renewal email, emotion: 0}
        """, [(1, 1)], id="review-overdue-never-reviewed"),
    pytest.param("review-overdue", """\
        cjm: 1
        kind: journey
        title: Renew a subscription
        persona: {name: Small-shop owner}
        owner: cx-team
        reviewed: 2026-11-01
        review_every: 14d
        stages:
          - name: Renew
            steps:
              - {name: Gets the renewal email, emotion: 0}
        """, [(6, 11)], id="review-overdue-days-cadence"),
    pytest.param("unaddressed-pain-point", """\
        cjm: 1
        kind: journey
        title: Return an item
        persona: {name: Online shopper}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Return
            steps:
              - name: Prints the return label
                emotion: -1
                pain_points:
                  - id: no-printer
                    text: Has no printer at home
                  - text: The label is in English only
                opportunities:
                  - {text: Send a QR code instead, owner: logistics, addresses: [no-printer],
                     status: dropped}
        """, [(13, 17), (15, 19)], id="unaddressed-pain-point"),
    pytest.param("unowned-opportunity", """\
        cjm: 1
        kind: journey
        title: Book a table
        persona: {name: Regular guest}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Book
            steps:
              - name: Calls the restaurant
                emotion: 0
                opportunities:
                  - text: Online booking on the website
                  - id: waitlist
                    text: A waiting list by SMS
                    status: in-progress
                  - {text: Answer the phone at lunch, status: done}
        """, [(13, 19), (14, 17)], id="unowned-opportunity"),
    pytest.param("changed-since-review", """\
        cjm: 1
        kind: journey
        title: Renew a subscription
        persona: {name: Small-shop owner}
        owner: cx-team
        reviewed: 2026-10-01
        review:
          date: 2026-10-01
          by: Ana Lima
          hash: sha256:0000000000000000000000000000000000000000000000000000000000000000
        stages:
          - name: Renew
            steps:
              - {name: Gets the renewal email, emotion: 0}
        """, [(10, 9)], id="changed-since-review"),
    pytest.param("empty-stage", """\
        cjm: 1
        kind: journey
        title: Open a bank account
        persona: {name: Student}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Apply
            steps:
              - {name: Fills in the online form, emotion: 0}
          - name: Verify
            steps: []
        """, [(11, 11)], id="empty-stage"),
    pytest.param("missing-emotion", """\
        cjm: 1
        kind: journey
        title: First order
        persona: {name: Office manager}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Order
            steps:
              - {name: Searches for toner, emotion: 0}
              - name: Pays by invoice
          - name: Receive
            steps:
              - {name: Unpacks the toner}
        """, [(11, 15), (14, 16)], id="missing-emotion"),
    pytest.param("no-persona", """\
        # yaml-language-server: $schema=../schemas/journey.schema.json
        cjm: 1
        kind: journey
        title: Claim a warranty repair
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Claim
            steps:
              - {name: Fills in the claim form, emotion: -1}
        """, [(4, 8)], id="no-persona"),
    pytest.param("unused-evidence", """\
        cjm: 1
        kind: journey
        title: Cancel a contract
        persona: {name: Mobile customer}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Cancel
            steps:
              - name: Calls the hotline
                emotion: -2
                pain_points:
                  - {id: long-wait, text: Waits on hold, evidence: [hotline-stats]}
                opportunities:
                  - {text: Cancel online, owner: web-team, addresses: [long-wait]}
        evidence:
          - {id: hotline-stats, kind: analytics, title: Hotline wait times}
          - id: interviews-q2
            kind: interview
            title: Ten churned customers
        """, [(18, 9)], id="unused-evidence"),
    pytest.param("unsupported-pain-point", """\
        cjm: 1
        kind: journey
        title: Check in for a flight
        persona: {name: Business traveller}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Check in
            steps:
              - name: Opens the app at the gate
                emotion: -2
                pain_points:
                  - id: app-crash
                    text: The boarding pass does not load offline
                    severity: high
                  - {id: slow, text: The app starts slowly, severity: medium}
                opportunities:
                  - {text: Offline pass, owner: app-team, addresses: [app-crash, slow]}
        """, [(15, 23)], id="unsupported-pain-point"),
    pytest.param("derived-id-reference", """\
        cjm: 1
        kind: journey
        title: Clinic check-in
        persona: {name: Patient}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Arrive
            steps:
              - name: Checks in at the desk
                emotion: 0
                next: [waits-in-the-room]
              - name: Waits in the room
                emotion: -1
                pain_points:
                  - text: The wait is long
                opportunities:
                  - text: Text when ready
                    owner: front-desk
                    addresses: [the-wait-is-long]
        """, [(12, 16), (20, 25)], id="derived-id-reference"),
    pytest.param("assumed-claim", """\
        cjm: 1
        kind: journey
        title: Renew a contract
        persona: {name: Operations manager}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Renew
            steps:
              - name: Signs the renewal
                emotion: 1
                emotion_assumed: true
                pain_points:
                  - id: late-quote
                    text: The quote arrives a week before the contract ends
                    assumed: true
                  - {id: price, text: The price went up, assumed: false}
                opportunities:
                  - {text: Quote 90 days ahead, owner: sales, addresses: [late-quote, price]}
            pain_points:
              - {id: who-approves, text: Nobody knows who approves it, assumed: true}
            opportunities:
              - {text: Name the approver, owner: sales, addresses: [who-approves]}
        """, [(12, 26), (16, 22), (21, 73)], id="assumed-claim"),
    pytest.param("metric-target-missed", """\
        cjm: 1
        kind: journey
        title: Support call
        persona: {name: Customer}
        owner: cx-team
        reviewed: 2026-10-01
        stages:
          - name: Call
            metrics:
              - {name: Average call time, value: 2.5, target: 2, unit: min, better: lower}
              - {name: Call time met, value: 2, target: 2, unit: min, better: lower}
              - {name: First-call resolution, value: 0.74, target: 0.8}
              - {name: Resolution met, value: 0.8, target: 0.8}
              - {name: No target yet, value: 0.1}
              - {name: No value yet, target: 0.9}
            steps:
              - {name: Calls the hotline, emotion: 0}
        """, [(10, 42), (12, 46)], id="metric-target-missed"),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_rule_fires_at_the_value_at_fault(
    rule: str, text: str, expected: list[tuple[int, int]]
) -> None:
    assert positions(text, rule) == expected


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_a_broken_map_breaks_only_its_own_rule(
    rule: str, text: str, expected: list[tuple[int, int]]
) -> None:
    del expected
    assert {r for r, *_ in problems_of(text)} == {rule}


def test_a_complete_map_passes_every_rule() -> None:
    assert problems_of(CLEAN) == []


def test_every_rule_has_a_table_case() -> None:
    assert {case.values[0] for case in CASES} == set(RULES)


@pytest.mark.parametrize(
    ("today", "fires"),
    [
        (dt.date(2026, 12, 31), False),  # reviewed 2026-10-01, quarterly: due 2027-01-01
        (dt.date(2027, 1, 1), False),  # due today is not overdue yet
        (dt.date(2027, 1, 2), True),
    ],
)
def test_review_is_overdue_the_day_after_it_is_due(today: dt.date, fires: bool) -> None:
    assert bool(positions(CLEAN, "review-overdue", today)) is fires


MESSAGES = {
    "changed-since-review": [
        "the map changed since Ana Lima signed it off on 2026-10-01 (its content changed); "
        "review the changes, then sign it off again with cjm review"],
    "review-overdue": [
        'the review is 147 days overdue: last reviewed on 2026-03-31, the quarterly review '
        'was due on 2026-06-30; cx-team (the owner) should review the map, then update '
        'reviewed:',
    ],
    "review-overdue-never-reviewed": [
        "this map has never been reviewed (it has no reviewed: date); review it with cx-team "
        "(the owner) and add reviewed: YYYY-MM-DD",
    ],
    "review-overdue-days-cadence": [
        "the review is 9 days overdue: last reviewed on 2026-11-01, the 14-day review was due "
        "on 2026-11-15; cx-team (the owner) should review the map, then update reviewed:",
    ],
    "unaddressed-pain-point": [
        'no opportunity addresses the pain point "Has no printer at home"; add an opportunity '
        "with addresses: [no-printer]",
        'no opportunity addresses the pain point "The label is in English only"; give it an '
        "`id` (such as the-label-is-in-english-only) and add an opportunity with addresses: "
        "[that id]",
    ],
    "unowned-opportunity": [
        'the opportunity "Online booking on the website" (idea) has no owner, so nobody is '
        "answerable for it; add owner: with the team or person responsible",
        'the opportunity "A waiting list by SMS" (in-progress) has no owner, so nobody is '
        "answerable for it; add owner: with the team or person responsible",
    ],
    "empty-stage": [
        'the stage "Verify" has no steps; add what the customer does in it, or remove the '
        "stage",
    ],
    "missing-emotion": [
        'the step "Pays by invoice" has no emotion, so the emotion curve has a gap here; add '
        "emotion: from -2 (very negative) to 2 (very positive)",
        'the step "Unpacks the toner" has no emotion, so the emotion curve has a gap here; add '
        "emotion: from -2 (very negative) to 2 (very positive)",
    ],
    "no-persona": [
        'the map "Claim a warranty repair" does not say whose journey it is; set persona: to a '
        "persona of the workspace, or describe the persona inline",
    ],
    "unused-evidence": [
        'the evidence "Ten churned customers" (interviews-q2) is not cited by any pain point; '
        "cite it with evidence: [interviews-q2] where it applies, or remove it",
    ],
    "derived-id-reference": [
        '"waits-in-the-room" is the id cjm derives from the name of the step "Waits in the '
        'room", so rewording that name would break this reference; give the step an id of its '
        "own: id: waits-in-the-room",
        '"the-wait-is-long" is the id cjm derives from the text of the pain point "The wait is '
        'long", so rewording that text would break this reference; give the pain point an id '
        "of its own: id: the-wait-is-long",
    ],
    "assumed-claim": [
        'the emotion of the step "Signs the renewal" (positive) is assumed, not yet observed; '
        "confirm it in research, then remove emotion_assumed",
        'the pain point "The quote arrives a week before the contract ends" is assumed, not '
        "yet backed by research; confirm it, cite the evidence and remove assumed: true",
        'the pain point "Nobody knows who approves it" is assumed, not yet backed by research; '
        "confirm it, cite the evidence and remove assumed: true",
    ],
    "metric-target-missed": [
        'the metric "Average call time" in the stage "Call" is 2.5 min, and its target is at '
        "most 2 min: not met",
        'the metric "First-call resolution" in the stage "Call" is 0.74, and its target is at '
        "least 0.8: not met",
    ],
    "unsupported-pain-point": [
        'the high-severity pain point "The boarding pass does not load offline" cites no '
        "evidence; add the research, data or tickets behind it to the map's evidence list and "
        "cite them with evidence: [...]",
    ],
}


@pytest.mark.parametrize(
    ("case_id", "rule", "text"),
    [pytest.param(case.id, *case.values[:2], id=case.id) for case in CASES],
)
def test_messages_speak_to_the_map_owner(case_id: str, rule: str, text: str) -> None:
    assert [m for r, _, _, m in problems_of(text) if r == rule] == MESSAGES[case_id]


def test_an_overdue_map_without_owner_asks_for_one() -> None:
    text = CLEAN.replace("    owner: cx-team\n", "").replace("2026-10-01", "2026-01-10")
    [(rule, _, _, message)] = problems_of(text)
    assert rule == "review-overdue"
    assert "the map has no owner to do it: set owner:" in message


def test_an_empty_stage_without_steps_key_points_at_its_name() -> None:
    text = CLEAN.rstrip(" ") + "      - name: Leave\n"
    assert positions(text, "empty-stage") == [(11, 11)]


def test_rules_are_warnings_by_default() -> None:
    checked = check_text(textwrap.dedent(CASES[0].values[1]), "m.cjm.yaml", load_context(None),
                         today=TODAY)
    assert [p.severity for p in checked.problems] == [Severity.warning]
    assert checked.ok


def test_rules_do_not_run_on_a_map_with_errors() -> None:
    text = CLEAN.replace("reviewed: 2026-10-01", "reviewed: 2020-01-01\n    colour: red")
    assert [r for r, *_ in problems_of(text)] == ["unknown-key"]


def _doc_examples(rule_id: str) -> tuple[str, str]:
    passing, failing = re.findall(r"```yaml\n(.*?)```", RULES[rule_id].__doc__ or "", re.S)
    return passing, failing


@pytest.mark.parametrize("rule_id", list(RULES))
def test_documented_examples_are_true(rule_id: str) -> None:
    """Each rule's docstring (its docs page) has a passing and a failing example."""
    passing, failing = _doc_examples(rule_id)
    assert problems_of(passing) == []
    assert {r for r, *_ in problems_of(failing)} == {rule_id}


def test_rules_doc_is_current() -> None:
    """docs/rules.md is generated: run scripts/generate_rules_doc.py after changing a rule."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()
