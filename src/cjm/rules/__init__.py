"""Quality rules: one module per rule, registered in RULES.

A rule looks at a map that is otherwise valid and finds what makes it less useful: a
review that is overdue, a pain point nobody acts on. Each rule is a warning unless
`cjm.yaml` sets its level (`rules: {rule-id: error|warning|off}`).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable

from cjm.entities import Entities
from cjm.load import Loc, Source
from cjm.model import JourneyMap
from cjm.problems import FileRule, Problem, Severity
from cjm.rules import (
    assumed_claim,
    changed_since_review,
    derived_id_reference,
    empty_stage,
    metric_target_missed,
    missing_emotion,
    no_persona,
    review_overdue,
    unaddressed_pain_point,
    unowned_opportunity,
    unsupported_pain_point,
    unused_evidence,
)
from cjm.rules.base import Rule, RuleContext
from cjm.settings import RuleLevel, Workspace
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
    assumed_claim.RULE_ID: assumed_claim,
    changed_since_review.RULE_ID: changed_since_review,
    derived_id_reference.RULE_ID: derived_id_reference,
    metric_target_missed.RULE_ID: metric_target_missed,
}

# What is wrong with a file, rather than with its content (always an error, never
# configurable), with each rule's one-line description (docs, SARIF).
FILE_RULES: dict[str, str] = {rule.value: rule.description for rule in FileRule}


def check_rules(
    journey: JourneyMap, source: Source, context: WorkspaceContext, today: dt.date,
    *, skip: Callable[[Loc], bool] | None = None, found: Entities | None = None,
) -> list[Problem]:
    """Problems the quality rules find in a map; findings at a place `skip` names are
    left out (the parts of a map with shape errors). FOUND: the map's entities when they
    are worked out already."""
    rule_context = RuleContext(workspace=context, today=today, path=source.path,
                               _found={id(journey): found} if found is not None else {})
    problems: list[Problem] = []
    for rule_id, rule in RULES.items():
        level = rule_level(rule_id, context)
        if level == "off":
            continue
        severity = Severity.error if level == "error" else Severity.warning
        problems.extend(source.problem(finding.loc, rule_id, finding.message, severity=severity)
                        for finding in rule.check(journey, rule_context)
                        if skip is None or not skip(finding.loc))
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
            import difflib  # here: only a mistaken rule id needs it (start-up time)

            close = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
            hint = (f'; did you mean "{close[0]}"?' if close
                    else f"; the rules are: {', '.join(RULES)}")
            message = f'"{rule_id}" is not a cjm rule{hint}'
        problems.append(source.problem(("rules", rule_id), FileRule.unknown_key, message,
                                       key=True))
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
