"""Every field of the format is compared by the diff: a field added to a model is diffed
without anyone remembering to, because the diff reads its field lists from the models."""

from __future__ import annotations

import datetime as dt
import enum
import typing
from typing import Any

import pytest
from maps import TRIAL, data
from pydantic import BaseModel

from cjm.diff import compare
from cjm.entities import CHILD_KINDS, walk
from cjm.model import InlinePersona, JourneyMap, Persona, PersonaFields

STRUCTURAL = {"cjm", "kind", "id"}  # what a file is and its identity, not its content


def _other_value(current: Any, annotation: Any) -> Any:
    """A valid value of the field's type that differs from CURRENT."""
    if isinstance(current, enum.Enum):
        return next(member for member in type(current) if member != current)
    if isinstance(current, bool):
        return not current
    if isinstance(current, int):
        return 2 if current != 2 else -2
    if isinstance(current, float):
        return current + 1.5
    if isinstance(current, dt.date):
        return current + dt.timedelta(days=1)
    if isinstance(current, list):
        return [*current, "extra-value"]
    if isinstance(current, dict):
        return {**current, "extra-label": "extra value"}
    if current is None:
        for arg in typing.get_args(annotation) or (annotation,):
            origin = typing.get_origin(arg) or arg
            if origin is typing.Annotated:
                return _other_value(None, typing.get_args(arg)[0])
            if isinstance(origin, type) and issubclass(origin, enum.Enum):
                return next(iter(origin))
            if origin is dt.date:
                return dt.date(2026, 1, 2)
            if origin is float:
                return 4.5
            if origin is int:
                return 1
            if origin is str:
                return "https://example.com/new"
        raise AssertionError(f"no value for {annotation}")
    return f"{current} (changed)"


def _changed_fields(old: BaseModel, new_copy: BaseModel, field: str) -> BaseModel:
    value = _other_value(getattr(old, field), type(old).model_fields[field].annotation)
    return new_copy.model_copy(update={field: value})


def _content_fields(model: type[BaseModel], children: tuple[str, ...] = ()) -> list[str]:
    return [name for name in model.model_fields if name not in STRUCTURAL | set(children)]


@pytest.mark.parametrize("field", _content_fields(
    JourneyMap, tuple(kind.list_field for kind in CHILD_KINDS["map"])))
def test_every_map_field_is_diffed(field: str) -> None:
    old = JourneyMap.model_validate(data(TRIAL))
    if field == "persona":
        new = old.model_copy(update={"persona": "another-persona"})
    elif field == "review":
        return  # a sign-off record is compared by the changed-since-review rule's own tests
    else:
        new = _changed_fields(old, old, field)
    assert [c.field for c in compare(old, new)] == [field]


@pytest.mark.parametrize("field", _content_fields(PersonaFields))
def test_every_persona_field_is_diffed(field: str) -> None:
    old = Persona(cjm=1, kind="persona", id="p", name="Busy parent")
    assert [c.field for c in compare(old, _changed_fields(old, old, field))] == [field]
    inline_old = JourneyMap.model_validate({**data(TRIAL), "persona": {"name": "Busy parent"}})
    assert isinstance(inline_old.persona, InlinePersona)
    persona = _changed_fields(inline_old.persona, inline_old.persona, field)
    inline_new = inline_old.model_copy(update={"persona": persona})
    assert [c.field for c in compare(inline_old, inline_new)] == [field]


def _entity_fields() -> list[tuple[str, str]]:
    journey = JourneyMap.model_validate(data(TRIAL))
    seen: dict[str, type[BaseModel]] = {}
    for placed in walk(journey):
        seen.setdefault(placed.kind.kind, type(placed.item))
    children = {kind: tuple(child.list_field for child in kinds)
                for kind, kinds in CHILD_KINDS.items()}
    return [(kind, name) for kind, model in seen.items()
            for name in _content_fields(model, children[kind])]


@pytest.mark.parametrize(("kind", "field"), _entity_fields())
def test_every_entity_field_is_diffed(kind: str, field: str) -> None:
    old = JourneyMap.model_validate(data(TRIAL))
    new = old.model_copy(deep=True)
    target = next(placed for placed in walk(new) if placed.kind.kind == kind)
    item = target.item
    value = _other_value(getattr(item, field), type(item).model_fields[field].annotation)
    object.__setattr__(item, field, value)  # one field of one entity, nothing else
    changes = [c for c in compare(old, new) if c.change == "modified"]
    assert [(c.entity, c.id, c.field) for c in changes] == [(kind, target.id, field)]
