"""SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).

One run of the tool `cjm`, its rules described from the rule modules' docstrings, and
one result per problem with a region at the problem's line and column (columns count
Unicode code points, as cjm's positions do), and every file checked as an artifact.
Relative paths stay relative to the folder cjm ran in (`%SRCROOT%`), which for code
scanning is the repository root.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from cjm import __version__
from cjm.printable import machine_json
from cjm.problems import Problem, Report, Severity
from cjm.rules import FILE_RULES, RULES, rule_help, rule_summary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"


def rule_descriptor(rule_id: str) -> dict[str, Any]:
    known = rule_id in RULES or rule_id in FILE_RULES
    summary = rule_summary(rule_id) if known else rule_id
    help_text = rule_help(rule_id) if known else summary
    level = RULES[rule_id].DEFAULT_LEVEL if rule_id in RULES else "error"
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "error" if level == "error" else "warning"},
        "properties": {"tags": ["journey-map", "quality" if rule_id in RULES else "format"]},
    }


def artifact_location(path: str) -> dict[str, str]:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    # The name's own bytes, percent-encoded: exact even when they are not UTF-8.
    return {"uri": quote(os.fsencode(pure.as_posix())), "uriBaseId": SOURCE_ROOT}


def _fingerprint(problem: Problem) -> str:
    """Stable while lines move: the rule, file and place in the document, not the line."""
    where = problem.location or f"{problem.line}:{problem.column}"
    key = "\0".join((problem.rule, PurePath(problem.path).as_posix(), where))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _result(problem: Problem, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": "error" if problem.severity is Severity.error else "warning",
        "message": {"text": problem.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(problem.path),
                "region": {"startLine": problem.line, "startColumn": problem.column},
            },
        }],
        "partialFingerprints": {"cjmLocation/v1": _fingerprint(problem)},
    }


def sarif_log(report: Report) -> dict[str, Any]:
    rule_ids = list(RULES) + list(FILE_RULES)
    for problem in report.problems:
        if problem.rule not in rule_ids:
            rule_ids.append(problem.rule)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cjm",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(rule_id) for rule_id in rule_ids],
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {SOURCE_ROOT: {
                "description": {"text": "The folder cjm validate ran in."},
            }},
            # Every file checked, with problems or not: a viewer can tell a clean file
            # from one cjm never saw.
            "artifacts": [{"location": artifact_location(checked.path)}
                          for checked in report.files],
            "results": [_result(p, index[p.rule]) for p in report.problems],
        }],
    }


def render(report: Report) -> str:
    return machine_json(json.dumps(sarif_log(report), indent=2, ensure_ascii=False)) + "\n"
