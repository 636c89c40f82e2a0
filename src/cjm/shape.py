"""One file's shape: load → model → positioned problems, knowing nothing of a workspace.

This is what a file is on its own: YAML that reads, keys and values the format has.
Whether its references resolve, and what the quality rules say, needs the workspace
around it (`cjm.workspace`, `cjm.validate`); a diff needs only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from cjm.load import DEFAULT_MAX_BYTES, Loaded, Source, load_bytes, load_file, load_text
from cjm.model import JourneyMap, Persona, slugify
from cjm.model_errors import problems_from_validation_error
from cjm.paths import file_stem
from cjm.problems import FileResult, FileRule, Problem, Severity, problem_order
from cjm.settings import Workspace

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
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        """The file's errors, in line order."""
        return sorted((p for p in self.problems if p.severity is Severity.error),
                      key=problem_order)

    def valid_model(self, errors: list[Problem]) -> Model | None:
        """The model when the file has no errors; else None, with the errors added to ERRORS."""
        found = self.errors
        errors.extend(found)
        return self.model if not found else None

    def result(self) -> FileResult:
        return FileResult(self.path, sorted(self.problems, key=problem_order))


def check_shape(path: str | Path, *, display: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Check one file on disk; `display` names it in problems (default: the path)."""
    shown = display if display is not None else str(path)
    return check_loaded(load_file(path, display=shown, max_bytes=max_bytes), shown)


def check_shape_of_text(text: str, path: str) -> CheckedFile:
    """Check a file's text; `path` names it in problems."""
    return check_loaded(load_text(text, path), path)


def check_shape_of_bytes(raw: bytes, path: str, *,
                         max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Check a file's bytes (e.g. read from a git revision); `path` names it in problems."""
    return check_loaded(load_bytes(raw, path, max_bytes=max_bytes), path)


def check_loaded(loaded: Loaded, path: str) -> CheckedFile:
    """The model of a loaded file, or the problems that keep it from being one."""
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
            if not (reported_version and p.rule == FileRule.missing_field
                    and p.location == "cjm")
        )
        return checked
    if isinstance(model, JourneyMap) and not model.id:
        model.id = slugify(file_stem(path)) or "map"
    checked.model = model
    return checked


def _model_class(source: Source, problems: list[Problem]) -> type[Model] | None:
    data = source.data
    kind = data.get("kind")
    version = data.get("cjm")
    if "cjm" not in data:
        problems.append(source.problem((), FileRule.missing_field,
            "the file does not start with `cjm: 1` (the format version)"))
    elif version != 1:
        problems.append(source.problem(("cjm",), FileRule.invalid_value,
            f"this file is for cjm format version {version!r}; this cjm reads version 1"))
        return None
    if kind == "journey":
        return JourneyMap
    if kind == "persona":
        return Persona
    if "kind" not in data:
        problems.append(source.problem((), FileRule.missing_field,
            "the file has no `kind` (journey or persona)"))
    else:
        problems.append(source.problem(("kind",), FileRule.invalid_value,
            f"kind {kind!r} is not a cjm file kind; use journey or persona"))
    return None


@dataclass
class CheckedSettings:
    """`cjm.yaml` after checking its shape: the settings when they are valid."""

    settings: Workspace | None
    source: Source | None
    problems: list[Problem]


def check_settings_shape(path: Path) -> CheckedSettings:
    """Read cjm.yaml; a bad one is reported with positions like any other file."""
    loaded = load_file(path)
    problems = list(loaded.problems)
    if loaded.source is None:
        return CheckedSettings(None, None, problems)
    try:
        settings = Workspace.model_validate(loaded.source.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation_error(exc, loaded.source, Workspace))
        return CheckedSettings(None, loaded.source, problems)
    return CheckedSettings(settings, loaded.source, problems)
