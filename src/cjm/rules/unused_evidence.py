'''Every evidence entry supports at least one pain point.

The `evidence` list says where the map's claims come from. An entry that no pain point
cites (`evidence: [<id>]` under a pain point) backs nothing: either cite it where it
applies, or remove it so the list shows what the map really rests on.

Passing:

```yaml
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
          - id: long-wait
            text: Waits 25 minutes on hold
            evidence: [hotline-stats]
        opportunities:
          - {text: Cancel online, owner: web-team, addresses: [long-wait]}
evidence:
  - {id: hotline-stats, kind: analytics, title: "Hotline wait times, Q3"}
```

Failing:

```yaml
cjm: 1
kind: journey
title: Cancel a contract
persona: {name: Mobile customer}
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Cancel
    steps:
      - {name: Calls the hotline, emotion: -2}
evidence:
  - {id: hotline-stats, kind: analytics, title: "Hotline wait times, Q3"}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "unused-evidence"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    found = context.entities(journey)
    cited = {id(evidence) for pain in found.of_kind("pain_point")
             for evidence in found.targets(pain.item, "evidence")}
    for placed in found.of_kind("evidence"):
        evidence = placed.item
        if id(evidence) in cited:
            continue
        yield Finding((*placed.loc, "id"),
            f"the evidence {quoted(evidence.title)} ({evidence.id}) is not cited by any pain "
            f"point; cite it with evidence: [{evidence.id}] where it applies, or remove it")
