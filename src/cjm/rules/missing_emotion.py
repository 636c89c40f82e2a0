'''Every step says how the customer feels.

The emotion curve is what most readers look at first. A step without an `emotion`
score (-2 very negative … 2 very positive) leaves a gap in the curve and hides whether
the step is a high or a low point. Use 0 for a step that is neutral.

Passing:

```yaml
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
      - {name: Pays by invoice, emotion: 1}
```

Failing:

```yaml
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
      - {name: Pays by invoice}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "missing-emotion"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    for step in context.entities(journey).of_kind("step"):
        if step.item.emotion is not None:
            continue
        yield Finding((*step.loc, "name"),
            f"the step {quoted(step.name)} has no emotion, so the emotion curve has a gap "
            "here; add emotion: from -2 (very negative) to 2 (very positive)")
