'''Every pain point has an opportunity that addresses it.

A pain point that no opportunity answers is a known problem nobody plans to act on.
Link an opportunity to it with `addresses: [<pain point id>]` (the opportunity may sit
at any step of the map), after giving the pain point an `id` of its own: the id cjm
derives from its text changes whenever the text does. An opportunity whose status is
`dropped` does not count: the team decided not to do it, so the pain point is
unaddressed again.

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

from cjm.model import JourneyMap, OpportunityStatus
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "unaddressed-pain-point"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    found = context.entities(journey)
    addressed = {
        id(pain)
        for opportunity in found.of_kind("opportunity")
        if opportunity.item.status is not OpportunityStatus.dropped
        for pain in found.targets(opportunity.item, "addresses")
    }
    for placed in found.of_kind("pain_point"):
        pain = placed.item
        if id(pain) in addressed:
            continue
        if placed.derived:
            # A derived id changes with the text: the writer is told to set one first.
            yield Finding(placed.id_loc,
                f"no opportunity addresses the pain point {quoted(pain.text)}; give it an "
                f"`id` (such as {pain.id}) and add an opportunity with addresses: [that id]")
        else:
            yield Finding(placed.id_loc,
                f"no opportunity addresses the pain point {quoted(pain.text)}; add an "
                f"opportunity with addresses: [{pain.id}]")
