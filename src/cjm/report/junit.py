"""JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins `junit`).

One `<testsuite>` per checked file. A file without problems is one passing test case
named after the file; every problem is a failing test case named `path:line:column
rule` with class `cjm.<rule>`, so a report groups problems by rule. Names are unique in
a report (GitLab keeps only the first of two test cases with the same name): the same
rule twice at one place gets ` (2)`, ` (3)` … after its name. Warnings are failures
too (type `warning`): the report shows them, while the exit code of `cjm validate`
decides, with `--strict` or without, whether the job fails.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cjm.problems import FileResult, Problem, Report
from cjm.report.text import problem_line

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _file_suite(result: FileResult, names: dict[str, int]) -> ET.Element:
    failures = len(result.problems)
    suite = ET.Element("testsuite", {
        "name": _text(result.path),
        "tests": str(max(failures, 1)),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
    })
    if not result.problems:
        ET.SubElement(suite, "testcase", {
            "classname": "cjm.validate",
            "name": _text(result.path),
            "file": _text(result.path),
        })
    for problem in result.problems:
        suite.append(_problem_case(problem, _unique(
            f"{problem.path}:{problem.line}:{problem.column} {problem.rule}", names)))
    return suite


def _unique(name: str, names: dict[str, int]) -> str:
    """name, or name (2), name (3) … when the report already has it."""
    names[name] = names.get(name, 0) + 1
    return name if names[name] == 1 else f"{name} ({names[name]})"


def _problem_case(problem: Problem, name: str) -> ET.Element:
    case = ET.Element("testcase", {
        "classname": f"cjm.{problem.rule}",
        "name": _text(name),
        "file": _text(problem.path),
        "line": str(problem.line),
    })
    failure = ET.SubElement(case, "failure", {
        "type": str(problem.severity),
        "message": _text(problem.message),
    })
    failure.text = _text(problem_line(problem))
    return case


def render(report: Report) -> str:
    names: dict[str, int] = {}
    suites = [_file_suite(result, names) for result in report.files]
    root = ET.Element("testsuites", {
        "name": "cjm validate",
        "tests": str(sum(int(s.get("tests", "0")) for s in suites)),
        "failures": str(sum(int(s.get("failures", "0")) for s in suites)),
        "errors": "0",
    })
    root.extend(suites)
    ET.indent(root)
    document = ET.tostring(root, encoding="unicode", xml_declaration=True)
    # `##[` would be a workflow command in a GitHub Actions log; `&#91;` is the same `[`.
    return document.replace("##[", "##&#91;") + "\n"
