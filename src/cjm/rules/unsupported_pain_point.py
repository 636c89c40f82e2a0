'''Every high-severity pain point cites evidence.

A pain point marked `severity: high` asks the company to act. Say what it rests on —
interviews, survey results, analytics, support tickets — by citing entries of the map's
`evidence` list, so readers can tell research from opinion.

Passing:

```yaml
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
            evidence: [crash-reports]
        opportunities:
          - {text: Keep the boarding pass offline, owner: app-team, addresses: [app-crash]}
evidence:
  - {id: crash-reports, kind: analytics, title: "App crash reports, October"}
```

Failing:

```yaml
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
        opportunities:
          - {text: Keep the boarding pass offline, owner: app-team, addresses: [app-crash]}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap, Severity
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "unsupported-pain-point"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    for placed in context.entities(journey).of_kind("pain_point"):
        pain = placed.item
        if pain.severity is not Severity.high or pain.evidence:
            continue
        yield Finding((*placed.loc, "severity"),
            f"the high-severity pain point {quoted(pain.text)} cites no evidence; add the "
            "research, data or tickets behind it to the map's evidence list and cite them "
            "with evidence: [...]")
