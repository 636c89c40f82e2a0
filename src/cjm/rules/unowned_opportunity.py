'''Every open opportunity has an owner.

An opportunity without an owner is a wish: nobody is answerable for moving it forward.
Set `owner` to the team or person responsible. Opportunities that are `done` or
`dropped` need no owner any more and are not checked.

Passing:

```yaml
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
            owner: web-team
            status: planned
```

Failing:

```yaml
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
            status: planned
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap, OpportunityStatus
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "unowned-opportunity"
DEFAULT_LEVEL: RuleLevel = "warning"

_CLOSED = (OpportunityStatus.done, OpportunityStatus.dropped)


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    for placed in context.entities(journey).of_kind("opportunity"):
        opportunity = placed.item
        if opportunity.owner or opportunity.status in _CLOSED:
            continue
        yield Finding(placed.id_loc,
            f"the opportunity {quoted(opportunity.text)} ({opportunity.status}) has no "
            "owner, so nobody is answerable for it; add owner: with the team or "
            "person responsible")
