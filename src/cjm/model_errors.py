"""The one place where pydantic's validation errors become positioned problems."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cjm.entities import LISTED_KINDS
from cjm.load import Loc, Source
from cjm.model import Hint
from cjm.problems import FileRule, Problem

# What the mapping under each field is called in messages: a map's entities, then the
# mappings of a persona and of cjm.yaml.
ENTITY_NAMES = {
    **{kind.list_field: kind.singular for kind in LISTED_KINDS},
    "persona": "persona",
    "review": "review record",
    "add": "channel",
    "channels": "channel settings",
}


def problems_from_validation_error(
    exc: ValidationError, source: Source, model_class: type[BaseModel]
) -> list[Problem]:
    problems: dict[tuple[int, int, str], Problem] = {}
    for error in _relevant(exc.errors(include_url=False), source.data):
        loc = data_loc(error["loc"], source.data)
        rule, message, at_key = _describe(error, loc, source, model_class)
        problem = source.problem(loc, rule, message, key=at_key)
        problems.setdefault((problem.line, problem.column, message), problem)
    return list(problems.values())


def _relevant(errors: list[ErrorDetails], data: Any) -> list[ErrorDetails]:
    """Of a union's branches, keep the errors of the branch that fits the data's shape."""
    kept = []
    for error in errors:
        branch = _union_branch(error["loc"], data)
        if branch is None:
            kept.append(error)
            continue
        value, tag = branch
        wants_text = tag in ("str", "constrained-str")
        if isinstance(value, dict) != wants_text:
            kept.append(error)
    return kept


def _is_tag(part: int | str) -> bool:
    """Whether a loc element names a union branch or a validator, not a key of the data."""
    return isinstance(part, str) and (
        part in ("str", "int", "float", "bool", "none")
        or part.startswith(("constrained-", "function-", "lax-", "json-"))
        or part[:1].isupper()
        or "[" in part
    )


def _union_branch(loc: tuple[int | str, ...], data: Any) -> tuple[Any, str] | None:
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif _is_tag(part):
            return node, str(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return None


def data_loc(loc: tuple[int | str, ...], data: Any) -> Loc:
    """pydantic's loc with union tags and validator names taken out."""
    result: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        # A key of the data is a key even when it looks like a tag ("a[b", "Name").
        if _is_tag(part) and not (isinstance(node, dict) and part in node):
            continue
        if isinstance(node, dict) and isinstance(part, str):
            result.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            result.append(part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            result.extend(loc[index:])
            break
    return tuple(result)


ROOT_NAMES = {"JourneyMap": "journey map", "Persona": "persona file", "Workspace": "cjm.yaml"}


def entity_name(loc: Loc, root: str = "file") -> str:
    """What the mapping at loc is: 'step', 'pain point', 'journey map'…"""
    for part in reversed(loc):
        if isinstance(part, str) and part in ENTITY_NAMES:
            return ENTITY_NAMES[part]
    return root


def _field_name(loc: Loc) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def _describe(
    error: ErrorDetails, loc: Loc, source: Source, model_class: type[BaseModel]
) -> tuple[str, str, bool]:
    kind = error["type"]
    value = error.get("input")
    field = _field_name(loc)
    root = ROOT_NAMES.get(model_class.__name__, "file")
    if kind == "extra_forbidden":
        owner = entity_name(loc[:-1], root)
        allowed = _allowed_keys(model_class, loc[:-1])
        import difflib  # here: only an unknown key needs it (start-up time)

        close = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
        hint = f'; did you mean "{close[0]}"?' if close else (
            f"; allowed keys are: {', '.join(allowed)}" if allowed else "")
        return FileRule.unknown_key, f'"{field}" is not a key of a {owner}{hint}', True
    if kind == "missing":
        owner = entity_name(loc[:-1], root)
        article = "an" if owner[:1] in "aeiou" else "a"
        return FileRule.missing_field, f'{article} {owner} needs "{field}"; add it', False
    if value is None and (kind.endswith("_type") or kind in ("enum", "literal_error")):
        if loc in source.comments:
            comment = source.comments[loc]
            return FileRule.invalid_value, (
                f'"{field}" is empty: YAML reads {comment} as a comment, because it starts '
                f'with #; put the value in quotes: {field}: "{comment}"'), False
        if loc and isinstance(loc[-1], int):  # a "-" with nothing after it
            return FileRule.invalid_value, (
                f'an item of "{field}" is empty: nothing follows its "-"; write the item '
                'after the "- ", or remove the line'), False
        return FileRule.invalid_value, (
            f'"{field}" is empty; give it a value or remove the key'), False
    if kind == "string_type" and _key_and_value(value):
        (key, item), = value.items()
        return FileRule.invalid_value, (
            f'"{field}" holds "{key}: {_plain(item)}", which YAML reads as a key and a value '
            f'because of the ": "; put it in quotes: "{key}: {_plain(item)}"'), False
    if loc in source.coerced and kind in (
        "string_type", "literal_error", "enum", "string_pattern_mismatch", "url_type",
    ):
        raw = source.coerced[loc]
        return FileRule.invalid_value, (
            f'YAML reads the unquoted {raw} in "{field}" as {_yaml_kind(value)}, not text; '
            f'put it in quotes: "{raw}"'), False
    if kind == "string_type":
        return FileRule.invalid_value, f'"{field}" must be text, not {_shape(value)}', False
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return FileRule.invalid_value, f'"{field}" is too long (at most {limit} characters)', False
    if kind in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
        return FileRule.invalid_value, (
            f'"{field}" is {_show(value)}; it must be one of {expected}'), False
    help_ = field_hint(model_class, loc)
    if help_ is not None and help_.wrong and kind in _WRONG_FORM:
        return FileRule.invalid_value, help_.wrong.format(field=field, value=_show(value)), False
    if kind == "string_pattern_mismatch":
        return FileRule.invalid_value, _id_message(field, value), False
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing",
                "date_from_datetime_inexact"):
        return FileRule.invalid_value, (
            f'"{field}" is {_show(value)}; it must be a date like 2026-09-30'), False
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return FileRule.invalid_value, f'"{field}": {message}', False
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        return FileRule.invalid_value, (
            f'"{field}" is {_show(value)}; it must be a number, not {_shape(value)}'), False
    if kind == "finite_number":
        return FileRule.invalid_value, (
            f'"{field}" is {_show(value)}, which is not a number a map can hold; '
            "write a finite number"), False
    if kind == "too_short" and help_ is not None and help_.empty_list:
        return FileRule.missing_field, help_.empty_list, False
    if kind in ("list_type", "too_short"):
        return FileRule.invalid_value, (
            f'"{field}" must be a list, not {_shape(value)}{_LIST_FIX.get(_shape(value), "")}'
        ), False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        owner = entity_name(loc) if isinstance(loc[-1:][0] if loc else None, int) else field
        return FileRule.invalid_value, (
            f'"{owner}" must be a mapping of keys (like `name: ...`), not {_shape(value)}'
            f"{_mapping_fix(loc, value)}"), False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return FileRule.invalid_value, f'"{field}" is {_show(value)}; {error["msg"].lower()}', False
    return FileRule.invalid_value, f'"{field}": {error["msg"]}', False


# The errors of a value of the wrong form or range, which a field's Hint explains.
_WRONG_FORM = {"string_pattern_mismatch", "int_type", "int_parsing", "int_from_float",
               "greater_than_equal", "less_than_equal"}


# What to do when a list is written as something else.
_LIST_FIX = {
    "a mapping": '; start each item with "- " on its own line, its keys indented under it',
    "text": '; write each item on its own line, starting with "- "',
}


def _mapping_fix(loc: Loc, value: Any) -> str:
    """What to do when an entity of a list is written as something else."""
    if isinstance(value, list):
        return '; an item starts with one "- ", not two'
    parent = next((p for p in reversed(loc) if isinstance(p, str)), None)
    kind = next((k for k in LISTED_KINDS if k.list_field == parent), None)
    if kind is not None and isinstance(value, str) and isinstance(loc[-1:][0], int):
        return f'; write it as "- {kind.name_field}: {_plain(value)}"'
    return ""


def _key_and_value(value: Any) -> bool:
    """A mapping of one key and a plain value: text with ": " in it, read as a key."""
    return (isinstance(value, dict) and len(value) == 1
            and all(isinstance(k, str) for k in value)
            and not isinstance(next(iter(value.values())), dict | list))


def _plain(value: Any) -> str:
    """A scalar as it was written (near enough)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _id_message(field: str, value: Any) -> str:
    return (f'"{field}" {_show(value)} is not a valid id: use letters, digits, "-", "_" '
            'and "." (no spaces), starting with a letter or digit')


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if value is None:
        return "an empty value"
    if isinstance(value, int | float):
        return f"the number {value}"
    return "a date"


def _shape(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a date" if hasattr(value, "isoformat") else type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'"{shown}"'
    if isinstance(value, dict | list):
        return _shape(value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def field_hint(model_class: type[BaseModel], loc: Loc) -> Hint | None:
    """The Hint kept with the field at loc, if it has one."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    owner = model_at(model_class, tuple(names[:-1]))
    info = owner.model_fields.get(names[-1]) if owner else None
    if info is None:
        return None
    return next((item for item in info.metadata if isinstance(item, Hint)), None)


def model_at(model_class: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model of the mapping at loc, found by walking the model's fields."""
    current: type[BaseModel] | None = model_class
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = inner_model(info.annotation) if info else None
    return current


def _allowed_keys(model_class: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the mapping at loc may hold."""
    current = model_at(model_class, loc)
    return list(current.model_fields) if current else []


def inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType, dict):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
    return None
