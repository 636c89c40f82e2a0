"""load → model → references → rules: every problem of every file, as values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from cjm.load import DEFAULT_MAX_BYTES, Loaded, Source, load_bytes, load_file, load_text
from cjm.model import JourneyMap, Persona, Workspace, slugify
from cjm.model_errors import problems_from_validation_error
from cjm.problems import FileResult, Problem, Report, Severity, internal_error
from cjm.references import check_references
from cjm.workspace import (
    WorkspaceContext,
    context_for,
    expand_paths,
    file_stem,
    shown_path,
)

Model = JourneyMap | Persona


@dataclass
class CheckedFile:
    """One file after checking: its model when it is valid enough to build one."""

    path: str
    source: Source | None = None
    model: Model | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.error for p in self.problems)

    def result(self) -> FileResult:
        return FileResult(self.path, sorted(self.problems, key=_problem_order))


def _problem_order(problem: Problem) -> tuple[int, int, str]:
    return (problem.line, problem.column, problem.rule)


def check_file(
    path: str | Path,
    context: WorkspaceContext | None,
    *,
    today: dt.date | None = None,
    display: str | None = None,
) -> CheckedFile:
    """Check one file on disk. `context=None` checks its shape alone (no references)."""
    shown = display if display is not None else str(path)
    max_bytes = context.settings.max_file_size if context else DEFAULT_MAX_BYTES
    return _check_loaded(load_file(path, display=shown, max_bytes=max_bytes),
                         shown, context, today)


def check_text(
    text: str,
    path: str,
    context: WorkspaceContext | None,
    *,
    today: dt.date | None = None,
) -> CheckedFile:
    """Check a file's text (e.g. read from a git revision); `path` names it in problems."""
    return _check_loaded(load_text(text, path), path, context, today)


def check_bytes(
    raw: bytes, path: str, context: WorkspaceContext | None, *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CheckedFile:
    """Check a file's bytes (e.g. read from a git revision); `path` names it in problems."""
    return _check_loaded(load_bytes(raw, path, max_bytes=max_bytes), path, context, None)


def _check_loaded(
    loaded: Loaded, path: str, context: WorkspaceContext | None, today: dt.date | None
) -> CheckedFile:
    checked = CheckedFile(path, loaded.source, None, list(loaded.problems))
    source = loaded.source
    if source is None:
        return checked
    model_class = _model_class(source, checked.problems)
    if model_class is None:
        return checked
    try:
        model = model_class.model_validate(source.data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, source, model_class)
        reported_version = "cjm" not in source.data  # _model_class has said so already
        checked.problems.extend(
            p for p in problems
            if not (reported_version and p.rule == "missing-field" and p.location == "cjm")
        )
        return checked
    if isinstance(model, JourneyMap) and not model.id:
        model.id = slugify(file_stem(path)) or "map"
    checked.model = model
    if context is not None:
        checked.problems.extend(check_references(model, source, context))
        if isinstance(model, JourneyMap) and checked.ok:
            from cjm.rules import check_rules

            checked.problems.extend(
                check_rules(model, source, context, today or dt.date.today())
            )
    return checked


def _model_class(source: Source, problems: list[Problem]) -> type[Model] | None:
    data = source.data
    kind = data.get("kind")
    version = data.get("cjm")
    if "cjm" not in data:
        problems.append(_at(source, (), "missing-field",
            "the file does not start with `cjm: 1` (the format version)"))
    elif version != 1:
        problems.append(_at(source, ("cjm",), "invalid-value",
            f"this file is for cjm format version {version!r}; this cjm reads version 1"))
        return None
    if kind == "journey":
        return JourneyMap
    if kind == "persona":
        return Persona
    if "kind" not in data:
        problems.append(_at(source, (), "missing-field",
            "the file has no `kind` (journey or persona)"))
    else:
        problems.append(_at(source, ("kind",), "invalid-value",
            f"kind {kind!r} is not a cjm file kind; use journey or persona"))
    return None


def _at(source: Source, loc: tuple[str | int, ...], rule: str, message: str) -> Problem:
    line, column = source.position(loc)
    return Problem(source.path, line, column, Severity.error, rule, message)


def check_workspace_file(path: Path) -> tuple[Workspace | None, list[Problem]]:
    """Read cjm.yaml; a bad one is reported with positions like any other file."""
    loaded = load_file(path)
    problems = list(loaded.problems)
    if loaded.source is None:
        return None, problems
    try:
        settings = Workspace.model_validate(loaded.source.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation_error(exc, loaded.source, Workspace))
        return None, problems
    from cjm.rules import check_rule_settings

    problems.extend(check_rule_settings(settings, loaded.source))
    return settings, problems


def check_paths(
    paths: list[str],
    *,
    today: dt.date | None = None,
    map_file: Callable[[Callable[[str], FileResult], list[str]], Iterable[FileResult]]
    | None = None,
) -> Report:
    """Check every file PATHS name; a bad file never hides another.

    Raises UsageError when PATHS name nothing. `map_file` lets the caller run the
    per-file checks in parallel (it must keep the order of the files).
    """
    files = expand_paths(paths)
    report = Report()
    seen_configs: set[Path] = set()
    for path in files:
        context = context_for(path)
        if context.config_path is not None and context.config_path not in seen_configs:
            seen_configs.add(context.config_path)
            if context.config_problems:
                report.files.append(FileResult(shown_path(context.config_path),
                                               [replace(p, path=shown_path(context.config_path))
                                                for p in context.config_problems]))

    def check_one(path: str) -> FileResult:
        try:
            return check_file(path, context_for(path), today=today).result()
        except Exception as exc:  # a bug of cjm's: name the file, keep checking the others
            return FileResult(path, [internal_error(path, exc)])

    runner = map_file or _map_in_order
    report.files.extend(runner(check_one, files))
    return report


def _map_in_order(function: Callable[[str], FileResult], items: list[str]) -> Iterator[FileResult]:
    return map(function, items)
