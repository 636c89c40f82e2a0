"""Workspaces for the site tests: one of hostile text in every field, and the examples."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import yaml

from external import require_program

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = dt.date(2026, 12, 1)

HOSTILE = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "'; background:url(javascript:alert(1)); x='",
    "</style><style>body{display:none}</style>",
    "</title></head><body onload=alert(1)>",
    "javascript:alert(1)",
    "&amp; &lt; &#60; &#x3C; &nbsp; \ue0000\ue001",
    "{{ x }} ${x} $x %(x)s",
    "שלום עולם — مرحبا بالعالم 日本語 🚀",
    "<a href=\"javascript:alert(1)\">click</a> <svg onload=alert(1)>",
    # Words far wider than a phone: they must wrap, never widen the page.
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt" * 3,
    "https://example.com/" + "very-long-path-segment/" * 12,
    "مرحبا" * 30 + " " + "שלוםעולם" * 20,
    # Right to left alone: a map title, ': ' and a step name must stay in that order.
    "חנות מקוונת",
    # Bidirectional controls that would reverse the rest of the page's line.
    "\u202eevil.exe\u202c \u2067injected\u2069 \u202dforced\u202b embedded\u2066",
]
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
RIGHT_TO_LEFT_ONLY = HOSTILE.index("חנות מקוונת")
WITH_BIDI_CONTROLS = len(HOSTILE) - 1


def shown(text: str) -> str:
    """What a page shows of `text`: its bidirectional controls left out, spaces collapsed."""
    return " ".join(BIDI_CONTROLS.sub("", text).split())


def hostile_map(index: int, text: str) -> dict[str, object]:
    """A valid map with `text` in every text field."""
    return {
        "cjm": 1, "kind": "journey", "id": f"hostile-{index}", "title": text,
        "persona": {"name": text, "description": text, "goals": [text], "quote": text,
                    "expectations": [text], "facts": {text[:100]: text, "age": 34,
                                                      "tools": [text, "Excel"]}},
        "state": "current", "owner": text, "reviewed": "2026-11-01", "scenario": text,
        "description": text,
        "stages": [{
            "id": "stage", "name": text, "goal": text, "description": text,
            "metrics": [{"id": "metric", "name": text, "value": 3, "target": 2, "unit": text,
                         "better": "lower", "owner": text, "source": text}],
            "steps": [{
                "id": "one", "name": text, "touchpoint": text, "actions": [text, text],
                "thoughts": text, "emotion": -1, "emotion_assumed": True, "feeling": text,
                "frontstage": text, "backstage": text, "support": text, "team": text,
                "tags": ["tag"],
                "pain_points": [{"id": "pain", "text": text, "severity": "high",
                                 "evidence": ["source"], "assumed": True}],
                "opportunities": [{"id": "chance", "text": text, "owner": text,
                                   "status": "planned", "addresses": ["pain"],
                                   "link": 'https://example.com/a?b=1&c=<x>"y\'z'}],
            }, {"id": "two", "name": text, "emotion": 1}],
            "pain_points": [{"id": "stage-pain", "text": text, "severity": "medium",
                             "assumed": True}],
            "opportunities": [{"id": "stage-chance", "text": text, "owner": text,
                               "status": "idea", "addresses": ["stage-pain"],
                               "link": "https://example.com/\"><script>x</script>"}],
        }],
        "pain_points": [{"id": "map-pain", "text": text, "severity": "low",
                         "evidence": ["source"]}],
        "opportunities": [{"id": "map-chance", "text": text, "status": "in-progress",
                           "addresses": ["map-pain", "pain"]}],
        "evidence": [{"id": "source", "kind": "interview", "title": text,
                      "url": "mailto:research@example.com?subject=<x>\"", "description": text}],
    }


def write_hostile_workspace(folder: Path, count: int = len(HOSTILE)) -> Path:
    """A workspace of hostile maps, a hostile persona file and a map with errors."""
    (folder / "maps").mkdir(parents=True)
    (folder / "personas").mkdir()
    (folder / "cjm.yaml").write_text("cjm: 1\nkind: workspace\nmaps: [maps]\n"
                                     "personas: [personas]\n", encoding="utf-8")
    for index, text in enumerate(HOSTILE[:count]):
        (folder / "maps" / f"hostile-{index}.cjm.yaml").write_text(
            yaml.safe_dump(hostile_map(index, text), allow_unicode=True), encoding="utf-8")
    persona = {"cjm": 1, "kind": "persona", "id": "shared", "name": HOSTILE[0],
               "segment": HOSTILE[1], "needs": [HOSTILE[2]], "frustrations": HOSTILE[3],
               "expectations": [HOSTILE[5]], "facts": {HOSTILE[6]: HOSTILE[7],
                                                       HOSTILE[9][:100]: [HOSTILE[1]]}}
    (folder / "personas" / "shared.cjm.yaml").write_text(
        yaml.safe_dump(persona, allow_unicode=True), encoding="utf-8")
    shared = hostile_map(99, HOSTILE[4])
    shared["persona"] = "shared"
    shared["state"] = "future"
    shared["id"] = "hostile-0-future"
    (folder / "maps" / "hostile-future.cjm.yaml").write_text(
        yaml.safe_dump(shared, allow_unicode=True), encoding="utf-8")
    broken = hostile_map(100, HOSTILE[1])
    broken["stages"][0]["steps"][0]["next"] = ["nowhere"]  # type: ignore[index]
    (folder / "maps" / "broken.cjm.yaml").write_text(
        yaml.safe_dump(broken, allow_unicode=True) + f"owner_typo: {HOSTILE[0]!r}\n",
        encoding="utf-8")
    return folder


def git(folder: Path, *args: str) -> None:
    """Run git in FOLDER as a test author."""
    subprocess.run([require_program("git"), *args], cwd=folder, check=True,
                   capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})
