"""One file's shape: load → model → positioned problems, knowing nothing of a workspace.

This is what a file is on its own: YAML that reads, keys and values the format has.
Whether its references resolve, and what the quality rules say, needs the workspace
around it (`cjm.workspace`, `cjm.validate`); a diff needs only this.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cjm.entities import Placed, walk
from cjm.load import DEFAULT_MAX_BYTES, Loaded, Loc, Source, load_bytes, load_file, load_text
from cjm.model import JourneyMap, Persona, slugify
from cjm.model_errors import data_loc, inner_model, model_at, problems_from_validation_error
from cjm.paths import file_stem
from cjm.problems import FileResult, FileRule, Problem, Severity, problem_order
from cjm.settings import Workspace

Model = JourneyMap | Persona
Salvaged = TypeVar("Salvaged", bound=BaseModel)


@dataclass
class CheckedFile:
    """One file after checking: its model when it is valid enough to build one."""

    path: str
    source: Source | None = None
    model: Model | None = None
    problems: list[Problem] = field(default_factory=list)
    # For a file with shape errors: the places left out (or filled in) to build `model`
    # anyway, so that references and rules still run on the rest of the file.
    salvaged: list[Loc] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        """The file's errors, in line order."""
        return sorted((p for p in self.problems if p.severity is Severity.error),
                      key=problem_order)

    def valid_model(self, errors: list[Problem]) -> Model | None:
        """The model when the file has no errors and its ids are unique (what matching by
        id needs); else None, with the errors added to ERRORS."""
        found = self.errors
        if not found and isinstance(self.model, JourneyMap) and self.source is not None:
            found = repeated_ids(self.model, self.source)
        errors.extend(found)
        return self.model if not found else None

    def result(self) -> FileResult:
        return FileResult(self.path, sorted(self.problems, key=problem_order))


def repeated_ids(journey: JourneyMap, source: Source,
                 clashes: list[IdClash] | None = None) -> list[Problem]:
    """Entities whose id another of their kind has already: ids alone, no workspace.

    An id written in the map is unique across it; an id derived from a name is unique
    within its parent (a stage's metrics, a step's pain points) and is no id written
    elsewhere. Said at the entity that repeats, naming the line of the first."""
    problems = []
    for clash in id_clashes(journey) if clashes is None else clashes:
        entity, first = clash.entity, clash.first
        word, named_by = entity.kind.singular, entity.kind.name_field
        if first is None:
            problems.append(source.problem(entity.id_loc, FileRule.invalid_value,
                f"cjm cannot make an id from this {word}'s {named_by} (it has no letters "
                "or digits it can use); give it an `id`"))
            continue
        line = source.position(first.id_loc)[0]
        if not entity.derived:
            message = (f'the {word} id "{entity.id}" is already used on line {line}; '
                       "ids must be unique across the map")
        elif not first.derived:
            message = (f'this {word} gets the id "{entity.id}" from its {named_by}, but that '
                       f"is the `id` of another {word} (line {line}); give this one its own "
                       "`id`")
        else:
            holder = entity.parent.kind.singular if entity.parent is not None else "map"
            message = (f'this {word} gets the id "{entity.id}" from its {named_by}, but '
                       f"another {word} of this {holder} already has it (line {line}); "
                       "give this one its own `id`")
        problems.append(source.problem(entity.id_loc, FileRule.duplicate_id, message))
    return problems


@dataclass(frozen=True)
class IdClash:
    """An entity whose id cannot tell it apart: FIRST has it already (None: it has none)."""

    entity: Placed
    first: Placed | None


def id_clashes(journey: JourneyMap, placed: Sequence[Placed] | None = None) -> list[IdClash]:
    """Every entity whose id clashes (see repeated_ids), in walk order; PLACED: the map's
    entities when they are walked already."""
    placed = list(walk(journey)) if placed is None else placed
    written: dict[tuple[str, str], Placed] = {}
    clashes: list[IdClash] = []
    for entity in placed:
        if not entity.derived:
            first = written.setdefault((entity.kind.kind, entity.id), entity)
            if first is not entity:
                clashes.append(IdClash(entity, first))
    derived: dict[tuple[str, Loc, str], Placed] = {}
    for entity in placed:
        if not entity.derived:
            continue
        if not entity.id:
            clashes.append(IdClash(entity, None))
            continue
        holder = entity.parent.loc if entity.parent is not None else ()
        first = written.get((entity.kind.kind, entity.id)) or derived.setdefault(
            (entity.kind.kind, holder, entity.id), entity)
        if first is not entity:
            clashes.append(IdClash(entity, first))
    return clashes


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
        salvaged = salvage(model_class, source.data, exc)
        if salvaged is None:
            return checked
        model, checked.salvaged = salvaged
    if isinstance(model, JourneyMap) and not model.id:
        model.id = slugify(file_stem(path)) or "map"
    checked.model = model
    return checked


# How many rounds of leaving out what is wrong a salvage tries before it gives up.
SALVAGE_ROUNDS = 8


def salvage(model_class: type[Salvaged], data: dict[str, Any], error: ValidationError,
            ) -> tuple[Salvaged, list[Loc]] | None:
    """A model of the file with what is wrong left out, and the places left out.

    A key whose value is wrong is left out; a required text that is missing (or was left
    out) is filled in with a stand-in. The problems are reported already: this model
    only lets references and rules look at the rest of the file (every problem in one
    pass). None when the file cannot be made into a model this way.
    """
    document = copy.deepcopy(data)
    document.setdefault("cjm", 1)
    salvaged: list[Loc] = []
    errors = error.errors(include_url=False)
    for _ in range(SALVAGE_ROUNDS):
        for item in errors:
            loc = data_loc(item["loc"], document)
            if not _leave_out(model_class, document, loc, item["type"] == "missing"):
                return None
            salvaged.append(loc)
        try:
            return model_class.model_validate(document), salvaged
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None


def _leave_out(model_class: type[BaseModel], document: dict[str, Any], loc: Loc,
               missing: bool) -> bool:
    """Leave out (or fill in) the value at loc; False when there is no way to."""
    keys = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not keys:
        return False
    at = keys[-1]
    holder: Any = document
    for part in loc[:at]:
        try:
            holder = holder[part]
        except (KeyError, IndexError, TypeError):
            return True  # left out already, with what held it
    if not isinstance(holder, dict):
        return False
    name = str(loc[at])
    owner = model_at(model_class, loc[:at])
    info = owner.model_fields.get(name) if owner is not None else None
    inside = loc[at + 1:]
    if (info is not None and len(inside) == 1 and isinstance(inside[0], int)
            and inner_model(info.annotation) is not None
            and isinstance(holder.get(name), list) and inside[0] < len(holder[name])):
        holder[name][inside[0]] = {}  # an entity that is no mapping: kept in its place
        return True
    if info is None:
        holder.pop(name, None)
        return True
    if not info.is_required():
        holder.pop(name, None)
        return True
    if missing or name not in holder:
        if info.annotation is str or name == "id":
            holder[name] = "unnamed-" + "-".join(str(part) for part in loc)
            return True
        return False
    holder.pop(name)  # a required value that is wrong: filled in next round
    return True


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
        # The settings that are valid still apply: each wrong entry is left out alone.
        salvaged = salvage(Workspace, loaded.source.data, exc)
        return CheckedSettings(salvaged[0] if salvaged else None, loaded.source, problems)
    return CheckedSettings(settings, loaded.source, problems)
