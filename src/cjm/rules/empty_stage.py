'''Every stage has at least one step.

A stage without steps shows up as an empty column: the map claims the customer passes
through it but says nothing about what happens there. Add the steps, or remove the
stage until the team knows them.

Passing:

```yaml
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
    steps:
      - {name: Shows ID in a video call, emotion: -1}
```

Failing:

```yaml
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
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "empty-stage"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    for stage in context.entities(journey).of_kind("stage"):
        if stage.item.steps:
            continue
        yield Finding((*stage.loc, "name"),
            f"the stage {quoted(stage.name)} has no steps; add what the customer does in "
            "it, or remove the stage")
