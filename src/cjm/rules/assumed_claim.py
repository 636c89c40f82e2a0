'''Lists the claims marked as assumed: research has not confirmed them yet.

A map is often written before the research is done. `emotion_assumed: true` on a step
and `assumed: true` on a pain point say so honestly; this rule lists each such claim
where it is written, so a team can count what is left to check (`cjm validate
--format json` gives one problem per claim with this rule id) and plan the research.
Confirm the claim — an interview, a survey, analytics — then remove the mark (and cite
the evidence on a pain point). Set the rule to `off` in `cjm.yaml` while a map is a
first draft that is all assumption.

Passing:

```yaml
cjm: 1
kind: journey
title: Renew a contract
persona: {name: Operations manager}
owner: revenue-operations
reviewed: 2026-10-15
stages:
  - name: Renew
    steps:
      - name: Signs the renewal
        emotion: 1
        pain_points:
          - id: late-quote
            text: The renewal quote arrives a week before the contract ends
            evidence: [churn-interviews]
        opportunities:
          - {text: Send the quote 90 days ahead, owner: sales, addresses: [late-quote]}
evidence:
  - {id: churn-interviews, kind: interview, title: Interviews with five churned customers}
```

Failing:

```yaml
cjm: 1
kind: journey
title: Renew a contract
persona: {name: Operations manager}
owner: revenue-operations
reviewed: 2026-10-15
stages:
  - name: Renew
    steps:
      - name: Signs the renewal
        emotion: 1
        emotion_assumed: true
        pain_points:
          - id: late-quote
            text: The renewal quote arrives a week before the contract ends
            assumed: true
        opportunities:
          - {text: Send the quote 90 days ahead, owner: sales, addresses: [late-quote]}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.entities import walk
from cjm.model import EMOTION_WORDS, JourneyMap
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "assumed-claim"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    del context
    for placed in walk(journey):
        item = placed.item
        if placed.kind.kind == "step" and item.emotion_assumed:
            feeling = (f" ({EMOTION_WORDS[item.emotion]})" if item.emotion is not None
                       else "")
            yield Finding((*placed.loc, "emotion_assumed"),
                f"the emotion of the step {quoted(item.name)}{feeling} is assumed, not yet "
                "observed; confirm it in research, then remove emotion_assumed")
        elif placed.kind.kind == "pain_point" and item.assumed:
            yield Finding((*placed.loc, "assumed"),
                f"the pain point {quoted(item.text)} is assumed, not yet backed by research; "
                "confirm it, cite the evidence and remove assumed: true")
