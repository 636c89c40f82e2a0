"""The JSON contract of `cjm validate --format json` (docs/json-output.md)."""

from __future__ import annotations

import json
from typing import Any

from cjm.printable import machine_json
from cjm.problems import Problem, Report

VERSION = 1


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "severity": str(problem.severity),
        "rule": problem.rule,
        "message": problem.message,
        "location": problem.location,
    }


def render(report: Report) -> str:
    document = {
        "version": VERSION,
        "files": len(report.files),
        "errors": report.errors,
        "warnings": report.warnings,
        "problems": [problem_dict(p) for p in report.problems],
    }
    return machine_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
