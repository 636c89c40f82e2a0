"""Write realistic journey maps for the benchmarks (deterministic: the same bytes every run).

    python benchmarks/generate.py [--data DIR] [--force]

Writes into benchmarks/data/ (ignored by git):

    workspace/      cjm.yaml, personas, maps/steps-20, steps-200 and steps-1000.cjm.yaml
    corpus-100/     cjm.yaml, personas, 100 maps of about 20 steps (about 19 KB each)
    corpus-200/     the same with 200 maps of 30 steps (about 28 KB each)
    corpus-1000/    1,000 maps of 20 steps
    diff-map/       a git repository: a 1,000-step map at tags `before` and `after`
    diff-workspace/ a git repository: a 1,000-map workspace at tags `before` and `after`

Every map is valid (no errors; a few quality warnings, as in real workspaces).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data"
# Maps are reviewed relative to this day; the benchmarks pass it as `--today`.
TODAY = dt.date(2026, 12, 1)
SINGLE_SIZES = (20, 200, 1000)
CORPUS_STEPS = 20
# Folder: how many maps, of how many steps.
CORPORA = {"corpus-100": (100, CORPUS_STEPS), "corpus-200": (200, 30),
           "corpus-1000": (1000, CORPUS_STEPS)}
# Written into the marker of complete data: data of another version is written again.
DATA_VERSION = "2"
PERSONAS = ("busy-parent", "ops-manager", "first-time-buyer", "small-shop-owner", "it-admin")
CHANNELS = ("web", "mobile-app", "email", "sms", "social", "ads", "search", "store", "phone",
            "chat", "sales-rep", "event", "partner", "mail", "support", "in-product")
TEAMS = ("growth", "web-team", "content", "support", "logistics", "billing", "brand", "sales")
FEELINGS = ("curious", "unsure", "hopeful", "annoyed", "relieved", "confused", "confident",
            "impatient", "delighted", "anxious")
# A dropped opportunity leaves its pain point unaddressed: a warning now and then.
STATUSES = ("idea", "planned", "planned", "in-progress", "in-progress", "done") * 20 + (
    "dropped",)
SEVERITIES = ("low", "medium", "high")
EVIDENCE_KINDS = ("interview", "survey", "analytics", "support", "sales", "observation")
STAGE_NAMES = ("Discover", "Consider", "Decide", "Buy", "Wait", "Receive", "Use", "Get help",
               "Renew", "Recommend", "Return", "Upgrade")
VERBS = ("Opens", "Reads", "Compares", "Checks", "Fills in", "Calls", "Waits for", "Asks about",
         "Tracks", "Pays for", "Cancels", "Downloads", "Searches for", "Shares", "Rates")
OBJECTS = ("the product page", "the delivery estimate", "a comparison table", "the invoice",
           "the order confirmation", "a support article", "the pricing page", "the return form",
           "a tracking link", "the onboarding checklist", "the account settings",
           "a reminder email", "the chat window", "the size guide", "a discount code",
           "the renewal notice")
WORDS = ("customer", "delivery", "order", "price", "slow", "clear", "again", "missing", "form",
         "page", "mobile", "minutes", "team", "answer", "option", "trust", "cost", "late", "easy",
         "hidden", "step", "screen", "email", "agent", "account", "wait", "support", "date")


def words(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"


def journey(steps: int, seed: int, map_id: str) -> dict[str, Any]:
    """A journey map with `steps` steps in stages of four to six, every reference resolving."""
    rng = random.Random(seed)
    evidence_ids = [f"ev-{n}" for n in range(max(2, steps // 4))]
    used_evidence: set[str] = set()
    stages: list[dict[str, Any]] = []
    step_number = 0
    stage_number = 0
    while step_number < steps:
        count = min(rng.randint(4, 6), steps - step_number)
        name = f"{STAGE_NAMES[stage_number % len(STAGE_NAMES)]} {stage_number + 1}"
        stage: dict[str, Any] = {
            "id": f"stage-{stage_number}",
            "name": name,
            "goal": words(rng, 5, 10),
            "description": words(rng, 15, 30) + ".",
            "metrics": [{
                "id": f"metric-{stage_number}",
                "name": words(rng, 2, 4),
                "value": round(rng.uniform(0.01, 0.9), 3),
                "target": round(rng.uniform(0.1, 0.95), 3),
                "unit": "ratio",
                "source": "GA4",
            }],
            "steps": [],
        }
        for _ in range(count):
            stage["steps"].append(_step(rng, step_number, steps, evidence_ids, used_evidence))
            step_number += 1
        stages.append(stage)
        stage_number += 1
    evidence = []
    for evidence_id in evidence_ids:
        if evidence_id not in used_evidence:
            continue
        evidence.append({
            "id": evidence_id,
            "kind": rng.choice(EVIDENCE_KINDS),
            "title": words(rng, 4, 8),
            "date": TODAY - dt.timedelta(days=rng.randint(10, 200)),
            "url": f"https://research.example.com/{map_id}/{evidence_id}",
        })
    return {
        "cjm": 1,
        "kind": "journey",
        "id": map_id,
        "title": f"{words(rng, 3, 5)} ({steps} steps)",
        "persona": PERSONAS[seed % len(PERSONAS)],
        "state": "current",
        "owner": rng.choice(TEAMS),
        "reviewed": TODAY - dt.timedelta(days=rng.randint(5, 95)),
        "review_every": "quarterly",
        "description": words(rng, 20, 40) + ".",
        "stages": stages,
        "evidence": evidence,
    }


def _step(rng: random.Random, number: int, total: int, evidence_ids: list[str],
          used_evidence: set[str]) -> dict[str, Any]:
    step: dict[str, Any] = {
        "id": f"step-{number}",
        "name": sentence(rng),
        "channel": rng.choice(CHANNELS),
        "touchpoint": words(rng, 2, 5),
        "actions": [sentence(rng) for _ in range(rng.randint(1, 3))],
        "thoughts": [words(rng, 4, 9) + "?" for _ in range(rng.randint(1, 2))],
        "emotion": rng.randint(-2, 2),
        "feeling": rng.choice(FEELINGS),
        "frontstage": words(rng, 3, 6),
        "backstage": words(rng, 3, 6),
        "support": words(rng, 2, 5),
        "team": rng.choice(TEAMS),
    }
    if rng.random() < 0.2:
        step["tags"] = ["moment-of-truth"]
    if rng.random() < 0.15 and number + 2 < total:
        step["next"] = [f"step-{number + 1}", f"step-{number + 2}"]
    pain_points = []
    for n in range(rng.choice((0, 1, 1, 2))):
        evidence = rng.choice(evidence_ids)
        used_evidence.add(evidence)
        pain_points.append({
            "id": f"pain-{number}-{n}",
            "text": words(rng, 5, 12),
            "severity": rng.choice(SEVERITIES),
            "evidence": [evidence],
        })
    if pain_points:
        step["pain_points"] = pain_points
        step["opportunities"] = [{
            "id": f"opportunity-{number}",
            "text": words(rng, 6, 14),
            "owner": rng.choice(TEAMS),
            "status": rng.choice(STATUSES),
            "addresses": [p["id"] for p in pain_points],
            "link": f"https://tracker.example.com/CX-{1000 + number}",
        }]
    return step


def persona(persona_id: str) -> dict[str, Any]:
    rng = random.Random(persona_id)
    return {
        "cjm": 1,
        "kind": "persona",
        "id": persona_id,
        "name": persona_id.replace("-", " ").capitalize(),
        "segment": words(rng, 3, 6),
        "description": words(rng, 20, 30) + ".",
        "goals": [words(rng, 4, 8) for _ in range(2)],
        "needs": [words(rng, 4, 8) for _ in range(3)],
        "frustrations": [words(rng, 4, 8) for _ in range(2)],
        "quote": words(rng, 8, 14) + ".",
    }


def revise(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """The next quarter's version of a map: feelings moved, steps added, moved and removed."""
    rng = random.Random(seed)
    revised = copy.deepcopy(data)
    revised["reviewed"] = data["reviewed"] + dt.timedelta(days=90)
    all_steps = [step for stage in revised["stages"] for step in stage["steps"]]
    for step in rng.sample(all_steps, max(1, len(all_steps) // 10)):
        step["emotion"] = max(-2, min(2, step["emotion"] + rng.choice((-1, 1))))
    for step in rng.sample(all_steps, max(1, len(all_steps) // 20)):
        for opportunity in step.get("opportunities", []):
            opportunity["status"] = "done"
    for step in rng.sample(all_steps, max(1, len(all_steps) // 20)):
        step["name"] = sentence(rng)
    if len(revised["stages"]) > 1:
        # Move the last step of the first stage to the front of the second.
        first, second = revised["stages"][0], revised["stages"][1]
        if len(first["steps"]) > 1:
            second["steps"].insert(0, first["steps"].pop())
    last = revised["stages"][-1]
    if len(last["steps"]) > 1:
        removed = last["steps"].pop()
        removed_ids = {p["id"] for p in removed.get("pain_points", [])}
        for step in (s for stage in revised["stages"] for s in stage["steps"]):
            step["next"] = [n for n in step.get("next", []) if n != removed["id"]]
            if not step["next"]:
                del step["next"]
        _drop_unused_evidence(revised, removed_ids)
    last["steps"].append({
        "id": "step-new",
        "name": "Answers a satisfaction survey",
        "channel": "email",
        "emotion": 1,
        "team": "support",
    })
    return revised


def _drop_unused_evidence(data: dict[str, Any], _removed: set[str]) -> None:
    used = {e for stage in data["stages"] for step in stage["steps"]
            for pain in step.get("pain_points", []) for e in pain.get("evidence", [])}
    data["evidence"] = [e for e in data["evidence"] if e["id"] in used]


def dump(data: dict[str, Any]) -> str:
    """YAML as people write it: indented lists, short lists in brackets, long text folded."""
    schema = "journey" if data["kind"] == "journey" else "persona"
    header = f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json\n"
    return header + "\n".join(_block(data, 0)) + "\n"


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.?()/_-]*$")
_URL = re.compile(r"^https?://[^\s#]+$")


def _scalar(value: Any, flow: bool = False) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError("the generator writes no booleans or nulls")
    if isinstance(value, int | float | dt.date):
        return str(value)
    if flow and any(c in value for c in ",?[]{}"):
        return json.dumps(value, ensure_ascii=False)
    if (_PLAIN.match(value) and value.lower() not in _YAML11_WORDS) or _URL.match(value):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


_YAML11_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def _block(mapping: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(_block(value, indent + 2))
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value) and value:
            lines.append(f"{pad}{key}:")
            for item in value:
                item_lines = _block(item, indent + 4)
                item_lines[0] = f"{pad}  - {item_lines[0].lstrip()}"
                lines.extend(item_lines)
        elif isinstance(value, list):
            flow = f"{pad}{key}: [{', '.join(_scalar(v, flow=True) for v in value)}]"
            if len(flow) <= 80:
                lines.append(flow)
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(f"{pad}  - {_scalar(v)}" for v in value)
        elif isinstance(value, str) and len(pad) + len(key) + len(value) + 2 > 80:
            lines.append(f"{pad}{key}: >")
            lines.extend(f"{pad}  {part}" for part in textwrap.wrap(value, 78 - indent))
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def write_workspace(root: Path, maps: dict[str, dict[str, Any]]) -> None:
    (root / "maps").mkdir(parents=True, exist_ok=True)
    (root / "personas").mkdir(exist_ok=True)
    (root / "cjm.yaml").write_text(
        "cjm: 1\nkind: workspace\nreview_every: quarterly\nmaps: [maps]\npersonas: [personas]\n"
    )
    for persona_id in PERSONAS:
        (root / "personas" / f"{persona_id}.cjm.yaml").write_text(dump(persona(persona_id)))
    for name, data in maps.items():
        (root / "maps" / f"{name}.cjm.yaml").write_text(dump(data))


def corpus(count: int, steps: int = CORPUS_STEPS) -> dict[str, dict[str, Any]]:
    return {f"journey-{n:04d}": journey(steps, n, f"journey-{n:04d}") for n in range(count)}


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
           "GIT_AUTHOR_DATE": "2026-09-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-09-01T12:00:00Z"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=root, env=env,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write_revisions(root: Path, before: dict[str, dict[str, Any]],
                    after: dict[str, dict[str, Any]]) -> None:
    """A git repository whose tags `before` and `after` hold the two versions."""
    write_workspace(root, before)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "before")
    git(root, "tag", "before")
    shutil.rmtree(root / "maps")
    write_workspace(root, after)
    git(root, "add", "-A", ".")
    git(root, "commit", "-q", "-m", "after")
    git(root, "tag", "after")


def revised_corpus(before: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A tenth of the maps revised, ten removed, ten added, five renamed."""
    names = sorted(before)
    after = dict(before)
    for n, name in enumerate(names[::10]):
        after[name] = revise(before[name], n)
    for name in names[-10:]:
        del after[name]
    for name in names[1:50:10]:
        after[name.replace("journey", "renamed")] = after.pop(name)
    for n in range(10):
        name = f"added-{n:02d}"
        after[name] = journey(CORPUS_STEPS, 10_000 + n, name)
    return after


def generate(data: Path, force: bool = False) -> None:
    if force and data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    done = data / ".complete"
    if done.exists() and done.read_text().split()[-1:] == [DATA_VERSION]:
        return
    for path in data.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    write_workspace(data / "workspace",
                    {f"steps-{n}": journey(n, n, f"steps-{n}") for n in SINGLE_SIZES})
    for name, (count, steps) in CORPORA.items():
        write_workspace(data / name, corpus(count, steps))
    big = journey(1000, 1000, "steps-1000")
    write_revisions(data / "diff-map", {"steps-1000": big},
                    {"steps-1000": revise(big, 1)})
    before = corpus(1000)
    write_revisions(data / "diff-workspace", before, revised_corpus(before))
    done.write_text(f"generated {DATA_VERSION}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="where to write (default: benchmarks/data)")
    parser.add_argument("--force", action="store_true", help="write everything again")
    args = parser.parse_args()
    generate(args.data, args.force)
    print(f"benchmark data in {args.data}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
