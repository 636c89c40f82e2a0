'''A reference points at an entity whose id is written in the map, not derived.

An id left out is derived from the name or text (`The wait is long` → `the-wait-is-long`),
which is fine until something refers to it: rewording the text then changes the id, and
every `addresses:`, `next:` or `evidence:` that used it stops resolving. Give an entity an
`id` of its own as soon as another one refers to it — the id it has now keeps the
references as they are.

Passing:

```yaml
cjm: 1
kind: journey
title: Clinic check-in
persona: {name: Patient}
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Arrive
    steps:
      - name: Waits in the room
        emotion: -1
        pain_points:
          - {id: long-wait, text: The wait is long}
        opportunities:
          - {text: Text when ready, owner: front-desk, addresses: [long-wait]}
```

Failing:

```yaml
cjm: 1
kind: journey
title: Clinic check-in
persona: {name: Patient}
owner: cx-team
reviewed: 2026-10-01
stages:
  - name: Arrive
    steps:
      - name: Waits in the room
        emotion: -1
        pain_points:
          - text: The wait is long
        opportunities:
          - {text: Text when ready, owner: front-desk, addresses: [the-wait-is-long]}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap
from cjm.rules.base import Finding, RuleContext
from cjm.settings import RuleLevel

RULE_ID = "derived-id-reference"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    for reference in context.entities(journey).references:
        target = reference.target
        if target is None or not target.derived:
            continue
        word, named_by = target.kind.singular, target.kind.name_field
        yield Finding(reference.loc,
            f'"{reference.written}" is the id cjm derives from the {named_by} of the {word} '
            f'"{target.name}", so rewording that {named_by} would break this reference; give '
            f"the {word} an id of its own: id: {reference.written}")
