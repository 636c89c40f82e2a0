"""Checking files as `cjm validate` does: a file's shape, then — with its workspace —
references and the quality rules; and many files at once, each workspace's cjm.yaml
reported once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cjm import interrupts
from cjm.entities import entities
from cjm.files import STDIN, GivenFile
from cjm.load import DEFAULT_MAX_BYTES, Loc, Source
from cjm.model import JourneyMap
from cjm.paths import CONFIG_NAME, expand_paths, shown_path
from cjm.problems import (
    FileResult,
    FileRule,
    Problem,
    Report,
    Severity,
    UsageError,
    internal_error,
    problem_order,
    unreadable_folder,
)
from cjm.references import NAMED_NOT_ID, check_references
from cjm.rules import check_rule_settings, check_rules
from cjm.settings import Workspace, check_channel_settings
from cjm.shape import (
    CheckedFile,
    Model,
    check_settings_shape,
    check_shape,
    check_shape_of_bytes,
    check_shape_of_text,
)
from cjm.workspace import WorkspaceContext, context_for

__all__ = ["STDIN", "Batch", "CheckedFile", "GivenFile", "Model", "check_batch", "check_bytes",
           "check_file", "check_paths", "check_text", "check_workspace_file",
           "workspace_problems"]


def check_file(
    path: str | Path,
    context: WorkspaceContext | None,
    *,
    today: dt.date | None = None,
    display: str | None = None,
) -> CheckedFile:
    """Check one file on disk. `context=None` checks its shape alone (no references)."""
    max_bytes = context.settings.max_file_size if context else DEFAULT_MAX_BYTES
    checked = check_shape(path, display=display, max_bytes=max_bytes)
    return _check_content(checked, context, today)


def check_text(
    text: str,
    path: str,
    context: WorkspaceContext | None,
    *,
    today: dt.date | None = None,
) -> CheckedFile:
    """Check a file's text (e.g. read from a git revision); `path` names it in problems."""
    return _check_content(check_shape_of_text(text, path), context, today)


def check_bytes(
    raw: bytes, path: str, context: WorkspaceContext | None, *,
    max_bytes: int = DEFAULT_MAX_BYTES, today: dt.date | None = None,
) -> CheckedFile:
    """Check a file's bytes (e.g. read from a git revision); `path` names it in problems."""
    return _check_content(check_shape_of_bytes(raw, path, max_bytes=max_bytes), context, today)


def _check_content(
    checked: CheckedFile, context: WorkspaceContext | None, today: dt.date | None
) -> CheckedFile:
    """References and quality rules on a file whose shape is checked."""
    model, source = checked.model, checked.source
    if context is None or model is None or source is None:
        return checked
    found = entities(model) if isinstance(model, JourneyMap) else None
    references = check_references(model, source, context, found)
    # A name written where an id belongs is said once, with the id it meant.
    named = {(p.line, p.column) for p in references if p.message.endswith(NAMED_NOT_ID)}
    checked.problems = [p for p in checked.problems
                        if not (p.rule == FileRule.invalid_value and (p.line, p.column) in named)]
    checked.problems.extend(references)
    if isinstance(model, JourneyMap):
        checked.problems.extend(check_rules(
            model, source, context, today or dt.date.today(),
            skip=lambda loc: _about_salvaged(loc, checked.salvaged), found=found))
    return checked


def _about_salvaged(loc: Loc, salvaged: list[Loc]) -> bool:
    """Whether a rule's finding is about a mapping whose shape is wrong: its errors say
    what to fix first, and the rule saw it only with the wrong parts left out."""
    for place in salvaged:
        holder = place[:-1]
        if not holder and len(loc) <= 1:  # the map's own keys: the finding is the map's
            return True
        if holder and loc[:-1] == holder:
            return True
    return False


def check_workspace_file(path: Path) -> tuple[Workspace | None, list[Problem]]:
    """Read cjm.yaml; a bad one is reported with positions like any other file."""
    checked = check_settings_shape(path)
    problems = list(checked.problems)
    if checked.settings is not None and checked.source is not None:
        problems.extend(_settings_problems(checked.settings, checked.source))
    return checked.settings, problems


def _settings_problems(settings: Workspace, source: Source) -> list[Problem]:
    """What is wrong with valid-shaped settings: rule ids and channels that do not exist."""
    return [*check_rule_settings(settings, source), *check_channel_settings(settings, source)]


def workspace_problems(context: WorkspaceContext) -> list[Problem]:
    """What is wrong with the workspace's cjm.yaml, named by its path as the user writes it."""
    if context.config_path is None:
        return []
    problems = list(context.config_problems)
    if context.config_source is not None:
        problems.extend(_settings_problems(context.settings, context.config_source))
    shown = shown_path(context.config_path)
    return [replace(problem, path=shown) for problem in sorted(problems, key=problem_order)]


@dataclass
class Batch:
    """What checking PATHS found: each workspace's cjm.yaml problems (once per
    workspace, those with problems only), then every file in the order of PATHS."""

    workspaces: list[FileResult] = field(default_factory=list)
    files: list[CheckedFile] = field(default_factory=list)

    def report(self) -> Report:
        return Report([*self.workspaces, *(checked.result() for checked in self.files)])

    def errors(self) -> list[Problem]:
        """Every error, cjm.yaml's first, each file's in line order."""
        return [*(p for result in self.workspaces for p in result.problems
                  if p.severity is Severity.error),
                *(p for checked in self.files for p in checked.errors)]

    def valid_maps(self) -> Iterator[tuple[CheckedFile, JourneyMap]]:
        """The journey maps without errors (warnings do not count), with their files."""
        for checked in self.files:
            if isinstance(checked.model, JourneyMap) and checked.ok:
                yield checked, checked.model


MapFile = Callable[[Callable[[str], CheckedFile], list[str]], Iterable[CheckedFile]]


def check_batch(
    paths: list[str],
    *,
    today: dt.date | None = None,
    map_file: MapFile | None = None,
    keep_models: bool = True,
    stdin: GivenFile | None = None,
) -> Batch:
    """Check every file PATHS name, each with its workspace; a bad file never hides another.

    The one walk of paths behind `cjm validate`, `cjm render` and whatever else checks
    many files. Raises UsageError when PATHS name nothing. `map_file` lets the caller
    run the per-file checks in parallel (it must keep the order of the files); without
    `keep_models` only the problems come back, which is cheaper to send between processes.
    A path `-` (STDIN) is the `stdin` file, checked where it belongs.
    """
    unreadable: list[tuple[str, str]] = []
    files = _files_of(paths, unreadable, stdin)
    batch = Batch()
    batch.files.extend(CheckedFile(folder, problems=[unreadable_folder(folder, reason)])
                       for folder, reason in unreadable)

    def place(path: str) -> str:
        return stdin.place if path == STDIN and stdin is not None else path

    # A cjm.yaml named among PATHS is checked as the workspace file it is, once.
    named = {Path(path).resolve() for path in files if _is_config(path)}
    seen: set[Path] = set()
    for path in files:
        if _is_config(path):
            continue
        context = context_for(place(path))
        if context.config_path is not None and context.config_path not in seen:
            seen.add(context.config_path)
            problems = workspace_problems(context)
            if problems and context.config_path.resolve() not in named:
                batch.workspaces.append(FileResult(problems[0].path, problems))

    def check_one(path: str) -> CheckedFile:
        try:
            if _is_config(path):
                return CheckedFile(path, problems=[
                    replace(p, path=path) for p in check_workspace_file(Path(path))[1]])
            if path == STDIN and stdin is not None:
                context = context_for(stdin.place)
                checked = check_bytes(stdin.raw, stdin.name, context, today=today,
                                      max_bytes=context.settings.max_file_size)
            else:
                checked = check_file(path, context_for(path), today=today)
        except Exception as exc:  # a bug of cjm's: name the file, keep checking the others
            if (stop := interrupts.stop_within(exc)) is not None:
                raise stop from None
            return CheckedFile(path, problems=[internal_error(path, exc)])
        return checked if keep_models else CheckedFile(checked.path, problems=checked.problems)

    runner: MapFile = map_file or _map_in_order
    batch.files.extend(runner(check_one, files))
    return batch


def _files_of(paths: list[str], unreadable: list[tuple[str, str]],
              stdin: GivenFile | None) -> list[str]:
    """The files PATHS name, `-` where standard input stands among them (once)."""
    if STDIN not in paths:
        return expand_paths(paths, unreadable)
    if stdin is None:
        raise UsageError("- (standard input) was given, but nothing reads it here")
    if paths.count(STDIN) > 1:
        raise UsageError("- (standard input) can be given once")
    index = paths.index(STDIN)
    before, after = paths[:index], paths[index + 1:]
    files = [*(expand_paths(before, unreadable) if before else []), STDIN,
             *(expand_paths(after, unreadable) if after else [])]
    # The given bytes stand in for the file on disk at their place (an editor's buffer).
    standing_in = os.path.realpath(stdin.place)
    return [path for path in files if path == STDIN or os.path.realpath(path) != standing_in]


def check_paths(
    paths: list[str],
    *,
    today: dt.date | None = None,
    map_file: MapFile | None = None,
    stdin: GivenFile | None = None,
) -> Report:
    """Every problem of every file PATHS name (see check_batch)."""
    return check_batch(paths, today=today, map_file=map_file, keep_models=False,
                       stdin=stdin).report()


def _is_config(path: str) -> bool:
    return path != STDIN and Path(path).name == CONFIG_NAME


def _map_in_order(function: Callable[[str], CheckedFile],
                  items: list[str]) -> Iterator[CheckedFile]:
    return map(function, items)
