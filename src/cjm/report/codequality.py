"""GitLab Code Quality: the Code Climate JSON that GitLab's merge-request widget reads
(`artifacts:reports:codequality`).

One issue per problem, with the fields GitLab documents: `description`, `check_name`
(the rule id), `fingerprint`, `severity` (errors `major`, warnings `minor`) and
`location.path` with `location.positions.begin` (line and column). GitLab tells new
problems from fixed ones by fingerprint, so a fingerprint is unique in a report and
stays the same when lines above the problem move: it hashes the path, the rule, the
problem's place in the document and the message, not the line number.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath

from cjm.problems import Problem, Report, Severity

SEVERITIES = {Severity.error: "major", Severity.warning: "minor"}
CATEGORIES = {Severity.error: "Bug Risk", Severity.warning: "Clarity"}


def _fingerprint(problem: Problem, seen: dict[str, int]) -> str:
    identity = "\0".join([problem.path, problem.rule, problem.location or
                          f"{problem.line}:{problem.column}", problem.message])
    seen[identity] = seen.get(identity, 0) + 1
    if seen[identity] > 1:  # the same problem twice in one place: still one issue each
        identity += f"\0{seen[identity]}"
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def issues(report: Report) -> list[dict[str, object]]:
    seen: dict[str, int] = {}
    return [{
        "type": "issue",
        "check_name": problem.rule,
        "description": problem.message,
        "categories": [CATEGORIES[problem.severity]],
        "severity": SEVERITIES[problem.severity],
        "fingerprint": _fingerprint(problem, seen),
        "location": {
            "path": PurePath(problem.path).as_posix(),
            "positions": {"begin": {"line": problem.line, "column": problem.column}},
        },
    } for problem in report.problems]


def render(report: Report) -> str:
    return json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n"
