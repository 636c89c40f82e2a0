"""Small journey maps for diff tests, built from YAML text and edited as plain data."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from cjm.model import JourneyMap

TRIAL = """\
cjm: 1
kind: journey
id: saas-trial
title: SaaS trial
owner: growth
reviewed: 2026-06-30
stages:
  - id: awareness
    name: Awareness
    metrics:
      - {id: signups, name: Trial sign-ups, value: 120, target: 150}
    steps:
      - {id: ad, name: Sees an ad, emotion: 0}
      - {id: webinar, name: Joins a webinar, emotion: 1}
      - {id: reads-docs, name: Reads the docs, emotion: 1}
  - id: consideration
    name: Consideration
    steps:
      - id: demo-call
        name: Demo call
        emotion: -1
        pain_points:
          - {id: csv-dates, text: CSV dates are read as US dates, severity: high,
             evidence: [tickets]}
        opportunities:
          - {id: nurture, text: Nurture emails after the call, owner: growth, status: idea,
             addresses: [csv-dates]}
      - id: drops-out
        name: Drops out of the trial
        channel: email
        actions: [Ignores the reminder emails]
        thoughts: [Too busy this month]
        feeling: indifferent
        emotion: -2
evidence:
  - {id: tickets, kind: support, title: Support tickets about imports}
"""


def data(text: str = TRIAL) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(text)
    return copy.deepcopy(loaded)


def journey(document: dict[str, Any]) -> JourneyMap:
    return JourneyMap.model_validate(document)


def step(document: dict[str, Any], step_id: str) -> dict[str, Any]:
    for stage in document["stages"]:
        for item in stage["steps"]:
            if item["id"] == step_id:
                found: dict[str, Any] = item
                return found
    raise KeyError(step_id)
