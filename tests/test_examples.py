"""The example workspace is clean, and together its files use every field of the format.

`examples/` is what a new user copies and what docs/format.md points at, so a field the
examples never use is a field nobody has seen working.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import cjm.model
from cjm.load import load_file
from cjm.model import (
    EvidenceKind,
    InlinePersona,
    JourneyMap,
    OpportunityStatus,
    Persona,
    Severity,
    State,
)
from cjm.paths import walk_folder
from cjm.settings import Workspace
from cjm.validate import check_paths

EXAMPLES = Path(__file__).parent.parent / "examples"
# The day the examples are checked against: every map is reviewed and not yet due.
TODAY = dt.date(2026, 11, 24)
ROOTS: dict[str, type[BaseModel]] = {"journey": JourneyMap, "persona": Persona}


def _example_files() -> list[Path]:
    return [Path(p) for p in walk_folder(str(EXAMPLES))]


def _loaded(path: Path) -> dict[str, Any]:
    loaded = load_file(path)
    assert loaded.source is not None, loaded.problems
    return loaded.source.data


def _documents() -> Iterator[tuple[type[BaseModel], dict[str, Any]]]:
    """Every example file's data with the model it is checked against."""
    yield Workspace, _loaded(EXAMPLES / "cjm.yaml")
    for path in _example_files():
        data = _loaded(path)
        yield ROOTS[data["kind"]], data


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's annotation holds (through lists, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


def _every_field(roots: list[type[BaseModel]]) -> set[tuple[str, str]]:
    """(model, field) for every field of every model reachable from the roots."""
    fields: set[tuple[str, str]] = set()
    pending = list(roots)
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            fields.add((model.__name__, name))
            pending.extend(_models_in(info.annotation))
    return fields


def _used_fields(model: type[BaseModel], data: Any, used: set[tuple[str, str]]) -> None:
    """Record (model, key) for every key the data sets, descending into nested models."""
    if isinstance(data, list):
        for item in data:
            _used_fields(model, item, used)
        return
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        info = model.model_fields.get(key)
        assert info is not None, f"{model.__name__} has no field {key!r}"
        used.add((model.__name__, key))
        items = value if isinstance(value, list) else [value]
        for item in items:
            # A union like `persona` (an id or an inline persona): the mapping is the model.
            for inner in _models_in(info.annotation):
                if isinstance(item, dict):
                    _used_fields(inner, item, used)
                    break


def _journeys() -> list[JourneyMap]:
    journeys = []
    for path in _example_files():
        data = _loaded(path)
        if data["kind"] == "journey":
            journeys.append(JourneyMap.model_validate(data))
    return journeys


def test_the_examples_are_a_workspace_of_three_journeys_and_two_personas() -> None:
    kinds = [_loaded(path)["kind"] for path in _example_files()]
    assert kinds.count("persona") == 2
    assert kinds.count("journey") == 4  # three journeys, one with its future-state twin
    assert (EXAMPLES / "cjm.yaml").is_file()


def test_every_example_validates_with_no_problems() -> None:
    """None but what the maps show on purpose: the claims the Fleet map marks as assumed,
    and the metrics whose targets the teams still miss."""
    report = check_paths([str(EXAMPLES)], today=TODAY)

    assert [(Path(p.path).name, p.line, p.rule) for p in report.problems] == [
        ("first-online-purchase.cjm.yaml", 47, "metric-target-missed"),
        ("first-online-purchase.cjm.yaml", 53, "metric-target-missed"),
        ("first-online-purchase.cjm.yaml", 117, "metric-target-missed"),
        ("first-online-purchase.cjm.yaml", 198, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 29, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 112, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 117, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 122, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 260, "assumed-claim"),
        ("saas-trial-to-renewal.cjm.yaml", 286, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 329, "metric-target-missed"),
        ("saas-trial-to-renewal.cjm.yaml", 373, "assumed-claim"),
        ("support-complaint-future.cjm.yaml", 181, "metric-target-missed"),
        ("support-complaint.cjm.yaml", 76, "metric-target-missed"),
        ("support-complaint.cjm.yaml", 237, "metric-target-missed"),
    ]
    assert len(report.files) == len(_example_files())


@pytest.mark.parametrize("path", _example_files(), ids=lambda path: path.name)
def test_every_example_file_starts_with_its_schema_modeline(path: Path) -> None:
    kind = _loaded(path)["kind"]
    schema = f"{kind}.schema.json"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]

    assert first_line == f"# yaml-language-server: $schema=../../schemas/{schema}"
    assert (EXAMPLES / "../schemas" / schema).is_file()


def test_the_workspace_file_starts_with_its_schema_modeline() -> None:
    first_line = (EXAMPLES / "cjm.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/workspace.schema.json"


def test_every_field_of_every_model_is_used_somewhere() -> None:
    expected = _every_field([JourneyMap, Persona, Workspace])
    used: set[tuple[str, str]] = set()
    for model, data in _documents():
        _used_fields(model, data, used)

    assert sorted(expected - used) == []


def test_every_model_of_the_format_is_reached_from_a_file_kind() -> None:
    reached = {model for model, _ in _every_field([JourneyMap, Persona, Workspace])}
    models = {
        cls for cls in vars(cjm.model).values()
        if inspect.isclass(cls) and issubclass(cls, BaseModel)
        and cls.__module__ == cjm.model.__name__ and not cls.__name__.startswith("_")
    }
    # A base class counts when its fields are reached through a subclass.
    unreached = {
        cls.__name__ for cls in models
        if cls.__name__ not in reached
        and not any(issubclass(sub, cls) for sub in models if sub.__name__ in reached)
    }
    assert unreached == set()


def _values(enum: type[Enum]) -> set[str]:
    return {member.value for member in enum}


def test_every_allowed_value_of_every_enum_is_used() -> None:
    journeys = _journeys()
    steps = [step for journey in journeys for _, step in journey.all_steps()]
    pains = [pain for step in steps for pain in step.pain_points]
    opportunities = [opp for step in steps for opp in step.opportunities]

    assert {journey.state.value for journey in journeys} == _values(State)
    assert {pain.severity.value for pain in pains} == _values(Severity)
    assert {opp.status.value for opp in opportunities} == _values(OpportunityStatus)
    kinds = {evidence.kind.value for journey in journeys for evidence in journey.evidence}
    assert kinds == _values(EvidenceKind)
    emotions = {step.emotion for step in steps}
    assert emotions == {-2, -1, 0, 1, 2}


def test_the_examples_show_each_way_of_writing_a_field() -> None:
    raw_steps = [
        step
        for path in _example_files()
        if (data := _loaded(path))["kind"] == "journey"
        for stage in data["stages"]
        for step in stage["steps"]
    ]
    for field in ("actions", "thoughts", "frontstage", "backstage", "support"):
        shapes = {type(step[field]) for step in raw_steps if field in step}
        assert shapes == {str, list}, f"{field} as a string and as a list"

    journeys = _journeys()
    personas = [journey.persona for journey in journeys]
    assert any(isinstance(persona, InlinePersona) for persona in personas)
    assert any(isinstance(persona, str) for persona in personas)
    assert all(persona is not None for persona in personas)

    cadences = {journey.review_every for journey in journeys}
    assert {"monthly", "quarterly", "yearly"} <= cadences
    assert any(cadence and cadence.endswith("d") for cadence in cadences)

    derived = [
        entity.id_derived
        for journey in journeys
        for stage in journey.stages
        for entity in [stage, *stage.metrics, *stage.steps]
    ]
    assert True in derived and False in derived, "ids both written and derived"
    assert any(not _loaded(path).get("id") for path in _example_files()
               if _loaded(path)["kind"] == "journey"), "a map whose id is its file name"


def test_the_saas_trial_branches_and_loops_back_to_earlier_steps() -> None:
    data = _loaded(EXAMPLES / "maps" / "saas-trial-to-renewal.cjm.yaml")
    trial = JourneyMap.model_validate(data)
    order = [step.id for _, step in trial.all_steps()]
    backwards = [
        (step.id, target)
        for _, step in trial.all_steps()
        for target in step.next
        if order.index(target) <= order.index(step.id)
    ]
    assert backwards, "a trial that loops back to an earlier step"
    assert any(len(step.next) > 1 for _, step in trial.all_steps())
