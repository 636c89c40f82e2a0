'''A signed-off map still has the content that was signed off.

`cjm review MAP --by WHO` records a sign-off in the map (`review:`): the day, who, and
a hash of the map's content. Any later change of content — a step added, a pain point
reworded, an emotion score changed — no longer matches the hash, and this rule says so,
with a one-line summary of what changed since the signed version when git history holds
it. Reformatting, re-ordering keys and editing comments are not changes of content.

Review the changes (`cjm diff --rev <the review's commit>`), then sign the map off again
with `cjm review`. See docs/review.md.

Passing (the hash is the map's own):

```yaml
cjm: 1
kind: journey
title: Renew a subscription
persona: {name: Small-shop owner}
owner: cx-team
review:
  date: 2026-10-01
  by: Ana Lima
  hash: sha256:bc1ae5fb5327f3d5841ca3e87b0ff603482d03676295b61e383608afd7e7b8ff
stages:
  - name: Renew
    steps:
      - {name: Gets the renewal email, emotion: 0}
```

Failing (a step was added after the sign-off):

```yaml
cjm: 1
kind: journey
title: Renew a subscription
persona: {name: Small-shop owner}
owner: cx-team
review:
  date: 2026-10-01
  by: Ana Lima
  hash: sha256:bc1ae5fb5327f3d5841ca3e87b0ff603482d03676295b61e383608afd7e7b8ff
stages:
  - name: Renew
    steps:
      - {name: Gets the renewal email, emotion: 0}
      - {name: Pays the renewal, emotion: 1}
```
'''

from __future__ import annotations

from collections.abc import Iterator

from cjm.model import JourneyMap
from cjm.reviewed import content_hash, reviewed_version
from cjm.rules.base import Finding, RuleContext
from cjm.settings import RuleLevel

RULE_ID = "changed-since-review"
DEFAULT_LEVEL: RuleLevel = "warning"


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    signed = journey.review
    if signed is None or signed.hash == content_hash(journey):
        return
    # Here, not at the top: only a map changed since its sign-off needs the diff engine,
    # and importing it costs every other run of cjm validate (start-up time).
    from cjm.diff.brief import changes_line
    from cjm.diff.engine import compare

    what = "its content changed"
    before = reviewed_version(context.path, signed.hash) if context.path else None
    if before is not None:
        what = changes_line(compare(before, journey)) or what
    yield Finding(("review", "hash"),
        f"the map changed since {signed.by} signed it off on {signed.date.isoformat()} "
        f"({what}); review the changes, then sign it off again with cjm review")
