'''Every map says whose journey it is.

One generic map for every customer is rarely useful: a first-time buyer and a
purchasing manager go through different steps and feel different things at them. Set
`persona` to the id of a persona file of the workspace (`personas/*.cjm.yaml`), or
describe the persona inline.

Passing:

```yaml
cjm: 1
kind: journey
title: Claim a warranty repair
persona: {name: Home-office worker, segment: consumer}
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Claim
    steps:
      - {name: Fills in the claim form, emotion: -1}
```

Failing:

```yaml
cjm: 1
kind: journey
title: Claim a warranty repair
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Claim
    steps:
      - {name: Fills in the claim form, emotion: -1}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap
from cjm.rules.base import Finding, RuleContext, quoted
from cjm.settings import RuleLevel

RULE_ID = "no-persona"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    del context
    if journey.persona is not None:
        return
    yield Finding(("title",),
        f"the map {quoted(journey.title)} does not say whose journey it is; set persona: to "
        "a persona of the workspace, or describe the persona inline")
