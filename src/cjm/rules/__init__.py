"""Quality rules: one module per rule, registered in RULES.

A rule looks at a map that is otherwise valid and finds what makes it less useful: a
review that is overdue, a pain point nobody acts on. Each rule is a warning unless
`cjm.yaml` sets its level (`rules: {rule-id: error|warning|off}`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import inspect

from cjm.load import Source
from cjm.model import JourneyMap, RuleLevel, Workspace
from cjm.model_errors import location_string
from cjm.problems import Problem, Severity
from cjm.rules import (
    changed_since_review,
    empty_stage,
    missing_emotion,
    no_persona,
    review_overdue,
    unaddressed_pain_point,
    unowned_opportunity,
    unsupported_pain_point,
    unused_evidence,
)
from cjm.rules.base import Rule, RuleContext
from cjm.workspace import WorkspaceContext

RULES: dict[str, Rule] = {
    review_overdue.RULE_ID: review_overdue,
    unaddressed_pain_point.RULE_ID: unaddressed_pain_point,
    unowned_opportunity.RULE_ID: unowned_opportunity,
    empty_stage.RULE_ID: empty_stage,
    missing_emotion.RULE_ID: missing_emotion,
    no_persona.RULE_ID: no_persona,
    unused_evidence.RULE_ID: unused_evidence,
    unsupported_pain_point.RULE_ID: unsupported_pain_point,
    changed_since_review.RULE_ID: changed_since_review,
}

# What is wrong with a file, rather than with its content: always an error, never
# configurable. The text is each rule's one-line description (docs, SARIF).
FILE_RULES: dict[str, str] = {
    "yaml-syntax": "The file is not valid YAML.",
    "encoding": "The file cannot be read as UTF-8 text.",
    "empty-file": "The file holds nothing.",
    "duplicate-key": "A key appears twice in one mapping.",
    "unknown-key": "A key that the format does not have (often a typo).",
    "missing-field": "A required field is missing.",
    "invalid-value": "A value of the wrong type, out of range, or not one of the allowed values.",
    "duplicate-id": "Two entities of one kind share an id.",
    "unknown-reference": "A reference (persona, channel, next, addresses, evidence) "
                         "that does not resolve.",
    "too-complex": "Aliases, nesting or size beyond sane limits.",
    "unreadable": "The file or folder cannot be read (permissions), or is not a regular file "
                  "(a FIFO, a device, a socket).",
    "internal-error": "cjm itself failed on the file: a bug to report, with the file.",
}


def check_rules(
    journey: JourneyMap, source: Source, context: WorkspaceContext, today: dt.date
) -> list[Problem]:
    """Problems the quality rules find in a map that is otherwise valid."""
    rule_context = RuleContext(workspace=context, today=today, path=source.path)
    problems: list[Problem] = []
    for rule_id, rule in RULES.items():
        level = rule_level(rule_id, context)
        if level == "off":
            continue
        severity = Severity.error if level == "error" else Severity.warning
        for finding in rule.check(journey, rule_context):
            line, column = source.position(finding.loc)
            problems.append(Problem(source.path, line, column, severity, rule_id,
                                    finding.message, location_string(finding.loc, source.data)))
    return problems


def check_rule_settings(settings: Workspace, source: Source) -> list[Problem]:
    """Problems with the `rules:` of cjm.yaml: rule ids that do not exist or cannot be set."""
    problems: list[Problem] = []
    for rule_id in settings.rules:
        if rule_id in RULES:
            continue
        if rule_id in FILE_RULES:
            message = (f'"{rule_id}" is not a quality rule: it reports a broken file, which is '
                       f"always an error; remove it from rules:")
        else:
            close = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
            hint = (f'; did you mean "{close[0]}"?' if close
                    else f"; the rules are: {', '.join(RULES)}")
            message = f'"{rule_id}" is not a cjm rule{hint}'
        loc = ("rules", rule_id)
        line, column = source.position(loc, key=True)
        problems.append(Problem(source.path, line, column, Severity.error, "unknown-key",
                                message, location_string(loc, source.data)))
    return problems


def rule_level(rule_id: str, context: WorkspaceContext) -> RuleLevel:
    """The level cjm.yaml sets for a rule, else the rule's default."""
    return context.settings.rules.get(rule_id, RULES[rule_id].DEFAULT_LEVEL)


def rule_summary(rule_id: str) -> str:
    """A rule's one-line description (the first line of its docstring)."""
    if rule_id in FILE_RULES:
        return FILE_RULES[rule_id]
    return _docstring(rule_id).split("\n", 1)[0].strip()


def rule_help(rule_id: str) -> str:
    """A rule's documentation in Markdown: its docstring after the first line."""
    if rule_id in FILE_RULES:
        return FILE_RULES[rule_id]
    parts = _docstring(rule_id).split("\n", 1)
    return parts[1].strip() if len(parts) > 1 else ""


def _docstring(rule_id: str) -> str:
    return inspect.cleandoc(RULES[rule_id].__doc__ or "")


def rules_markdown() -> str:
    """docs/rules.md: every rule's page, made from the rule modules' docstrings."""
    lines = [
        "# Rules",
        "",
        "<!-- Generated from the docstrings in src/cjm/rules/ by "
        "scripts/generate_rules_doc.py; do not edit by hand. -->",
        "",
        "`cjm validate` reports two kinds of problems.",
        "",
        "**Quality rules** look at a map that is otherwise valid and find what makes it less",
        "useful. Each is a warning by default (so it fails a run only with `--strict`); set",
        "its level in `cjm.yaml` (see [configuration](configuration.md)):",
        "",
        "```yaml",
        "rules:",
        "  review-overdue: error     # fail CI when a map is overdue for review",
        "  missing-emotion: off      # do not check this at all",
        "```",
        "",
        "| rule | checks | default |",
        "|---|---|---|",
    ]
    for rule_id, rule in RULES.items():
        lines.append(f"| [`{rule_id}`](#{rule_id}) | {rule_summary(rule_id)} | "
                     f"{rule.DEFAULT_LEVEL} |")
    lines += [
        "",
        "**File problems** are always errors and cannot be switched off: a file with one of",
        "them is not a valid cjm file, and the quality rules do not run on it.",
        "",
        "| rule | means |",
        "|---|---|",
    ]
    lines += [f"| `{rule_id}` | {text} |" for rule_id, text in FILE_RULES.items()]
    for rule_id, rule in RULES.items():
        lines += [
            "",
            f"## {rule_id}",
            "",
            f"**{rule_summary(rule_id)}** Default level: {rule.DEFAULT_LEVEL}.",
            "",
            rule_help(rule_id),
        ]
    return "\n".join(lines) + "\n"
