'''A map is reviewed again before its review cadence runs out.

A journey map is only useful while it describes what customers go through today. Each
map records when it was last reviewed (`reviewed`, or the sign-off `cjm review` records
in `review:`, whichever is later) and how often it must be reviewed
(`review_every`: `monthly`, `quarterly`, `yearly` or a number of days such as `45d`). A
map that sets no cadence uses the workspace's `review_every` from `cjm.yaml`, and
quarterly when that is not set either.

The rule fires when the review is overdue — the day of the check is after `reviewed`
plus the cadence — and says by how many days and who owns the map. It also fires on a
map with no `reviewed` date at all: such a map has never been reviewed, and nothing
would ever remind its owner. Run `cjm validate --today YYYY-MM-DD` to check against a
fixed day (for reproducible CI runs and tests).

Passing (checked on 2026-11-24):

```yaml
cjm: 1
kind: journey
title: Renew a subscription
persona: {name: Small-shop owner}
owner: cx-team
reviewed: 2026-10-01
review_every: quarterly
stages:
  - name: Renew
    steps:
      - {name: Gets the renewal email, emotion: 0}
```

Failing (checked on 2026-11-24):

```yaml
cjm: 1
kind: journey
title: Renew a subscription
persona: {name: Small-shop owner}
owner: cx-team
reviewed: 2026-03-31   # the quarterly review was due on 2026-06-30
stages:
  - name: Renew
    steps:
      - {name: Gets the renewal email, emotion: 0}
```
'''

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cjm.load import Loc
from cjm.model import JourneyMap, review_due
from cjm.rules.base import Finding, RuleContext
from cjm.settings import RuleLevel

RULE_ID = "review-overdue"
DEFAULT_LEVEL: RuleLevel = "warning"


def cadence_words(every: str) -> str:
    """`quarterly` as it reads in a sentence; `45d` → `45-day`."""
    if every in ("monthly", "quarterly", "yearly"):
        return every
    return f"{every.rstrip('d')}-day"


def last_review(journey: JourneyMap) -> tuple[dt.date, Loc] | None:
    """The day of the map's last review and where it is written: the sign-off that
    `cjm review` records (`review: date:`), or the `reviewed:` date, whichever is later."""
    found: list[tuple[dt.date, Loc]] = []
    if journey.reviewed is not None:
        found.append((journey.reviewed, ("reviewed",)))
    if journey.review is not None:
        found.append((journey.review.date, ("review", "date")))
    return max(found, key=lambda item: item[0], default=None)


def check(journey: JourneyMap, context: RuleContext) -> Iterator[Finding]:
    every = journey.review_every or context.workspace.settings.review_every
    owner = f"{journey.owner} (the owner)" if journey.owner else None
    last = last_review(journey)
    if last is None:
        who = (f"review it with {owner}" if owner
               else "give it an owner (owner:), review it")
        yield Finding((), f"this map has never been reviewed (it has no reviewed: date); "
                          f"{who} and add reviewed: YYYY-MM-DD")
        return
    reviewed, loc = last
    due = review_due(reviewed, every)
    if context.today <= due:
        return
    days = (context.today - due).days
    who = (f"{owner} should review the map" if owner
           else "the map has no owner to do it: set owner: and review the map")
    yield Finding(loc,
        f"the review is {days} day{'s' * (days != 1)} overdue: last reviewed on "
        f"{reviewed.isoformat()}, the {cadence_words(every)} review was due on "
        f"{due.isoformat()}; {who}, then update reviewed:")
