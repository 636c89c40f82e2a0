'''Every pain point has an opportunity that addresses it.

A pain point that no opportunity answers is a known problem nobody plans to act on.
Link an opportunity to it with `addresses: [<pain point id>]` (the opportunity may sit
at any step of the map). An opportunity whose status is `dropped` does not count: the
team decided not to do it, so the pain point is unaddressed again.

Passing:

```yaml
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
          - {id: no-printer, text: Has no printer at home}
        opportunities:
          - text: QR code the post office scans instead of a label
            owner: logistics
            addresses: [no-printer]
```

Failing:

```yaml
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
          - {id: no-printer, text: Has no printer at home}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.entities import walk_kind
from cjm.model import JourneyMap, OpportunityStatus
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "unaddressed-pain-point"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    del context
    addressed = {
        pain_id
        for opportunity in walk_kind(journey, "opportunity")
        if opportunity.item.status is not OpportunityStatus.dropped
        for pain_id in opportunity.item.addresses
    }
    for placed in walk_kind(journey, "pain_point"):
        pain = placed.item
        if pain.id in addressed:
            continue
        yield Finding(placed.id_loc,
            f"no opportunity addresses the pain point {quoted(pain.text)}; add an opportunity "
            f"with addresses: [{pain.id}]")
