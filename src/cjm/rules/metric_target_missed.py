'''Every metric that has a value and a target meets it.

A stage's metrics are how the team knows whether the journey works. A value that misses
its target — below it, or above it for a metric where lower is better (`better: lower`,
an average call time) — is a number the review should talk about, and usually what an
opportunity addresses. The rule says which metrics miss, by how much, so a missed
target is seen in `cjm validate` as it is in the drawings and in `cjm diff`. A metric
without a value or without a target is not checked. Where a team tracks missed targets
elsewhere, `rules: {metric-target-missed: off}` in `cjm.yaml` leaves them out.

Passing:

```yaml
cjm: 1
kind: journey
title: Support call
persona: {name: Customer}
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Call
    metrics:
      - {name: First-call resolution, value: 0.82, target: 0.8}
      - {name: Average call time, value: 1.8, target: 2, unit: min, better: lower}
    steps:
      - {name: Calls the hotline, emotion: 0}
```

Failing:

```yaml
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
    steps:
      - {name: Calls the hotline, emotion: 0}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import Better, JourneyMap, Metric
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "metric-target-missed"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    for placed in context.entities(journey).of_kind("metric"):
        metric: Metric = placed.item
        if metric.meets_target is not False:
            continue
        stage = f" in the stage {quoted(placed.parent.name)}" if placed.parent else ""
        bound = "at most" if metric.better == Better.less else "at least"
        unit = f" {metric.unit}" if metric.unit else ""
        yield Finding((*placed.loc, "value"),
            f"the metric {quoted(metric.name)}{stage} is {_number(metric.value)}{unit}, and "
            f"its target is {bound} {_number(metric.target)}{unit}: not met")


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""
