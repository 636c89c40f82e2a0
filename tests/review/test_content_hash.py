"""The review hash is of the meaning: reformatting keeps it, every change of content
changes it."""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cjm.load import load_file
from cjm.model import JourneyMap
from cjm.review import RECORD_KEYS, content_hash
from cjm.validate import check_bytes

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "maps").glob("*.cjm.yaml"))
# Other values a field of a fixed vocabulary may take.
CHOICES = {"state": ["current", "future"], "severity": ["low", "medium", "high"],
           "status": ["idea", "planned", "in-progress", "done", "dropped"],
           "kind": ["interview", "survey", "analytics", "support", "sales", "observation",
                    "other"],
           "review_every": ["monthly", "quarterly", "yearly", "45d"],
           "better": ["higher", "lower"]}


def _data(path: Path) -> dict[str, Any]:
    loaded = load_file(path)
    assert loaded.source is not None
    return loaded.source.data


def _hash_of_text(text: str, name: str) -> str:
    checked = check_bytes(text.encode("utf-8"), name, None)
    assert isinstance(checked.model, JourneyMap), checked.problems
    return content_hash(checked.model)


def _hash_of_data(data: dict[str, Any], name: str) -> str | None:
    try:
        journey = JourneyMap.model_validate(data)
    except ValidationError:
        return None
    if not journey.id:
        journey.id = name.split(".", 1)[0]
    return content_hash(journey)


class _OneLineDumper(yaml.SafeDumper):
    """Texts with line breaks as one double-quoted line each (so no line is inside one)."""


_OneLineDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style='"' if "\n" in text else None))


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


def _with_comments(text: str, rng: random.Random) -> str:
    """A comment line between some lines, and a comment at the end of some lines that end
    a plain value (dumped with no line folding, so no line is inside a scalar)."""
    out = []
    for line in text.splitlines():
        if rng.random() < 0.3:
            indent = len(line) - len(line.lstrip())
            out.append(" " * indent + "# a comment: with 'quotes' and - dashes")
        if rng.random() < 0.2 and not line.rstrip().endswith((":", "|", ">", "-")):
            line += "   # trailing"
        out.append(line)
    return "\n".join(out) + "\n"


@settings(max_examples=40, deadline=None)
@given(example=st.sampled_from(EXAMPLES), seed=st.integers(0, 2**32 - 1),
       indent=st.integers(2, 8), flow=st.booleans())
def test_reformatting_keeps_the_hash(example: Path, seed: int, indent: int, flow: bool) -> None:
    original = _hash_of_text(example.read_text(encoding="utf-8"), example.name)
    rng = random.Random(seed)
    data = _shuffled(_data(example), rng)
    text = yaml.dump(data, Dumper=_OneLineDumper, indent=indent, sort_keys=False,
                     allow_unicode=True, width=10**6,
                     default_flow_style=None if flow else False)
    text = _with_comments(text, rng)
    assert yaml.safe_load(text) == yaml.safe_load(yaml.safe_dump(data))  # same data
    assert _hash_of_text(text, example.name) == original


def test_writing_a_default_out_keeps_the_hash() -> None:
    base = "cjm: 1\nkind: journey\ntitle: T\nstages:\n  - name: S\n    steps:\n      - name: A\n"
    written = base.replace("title: T\n", "title: T\nstate: current\n") + \
        "        actions: Waits\n        pain_points:\n          - {text: Slow, severity: medium}\n"
    short = base + "        actions: [Waits]\n        pain_points:\n          - text: Slow\n"
    assert _hash_of_text(written, "m.cjm.yaml") == _hash_of_text(short, "m.cjm.yaml")


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if path or key not in (*RECORD_KEYS, "cjm", "kind"):
                yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every list with more than one item (for removals and re-orderings)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _containers(item, (*path, key))
    elif isinstance(value, list):
        if len(value) > 1:
            yield path
        for index, item in enumerate(value):
            yield from _containers(item, (*path, index))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _candidates(path: tuple[Any, ...], value: Any) -> list[Any]:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int) and key == "emotion":
        return [value + 1 if value < 2 else value - 1]
    if isinstance(value, int | float):
        return [value + 1]
    if isinstance(value, dt.date):
        return [value + dt.timedelta(days=1)]
    if isinstance(value, str):
        return [choice for choice in CHOICES.get(key, []) if choice != value] + \
            [value + "-x", value + " x"]
    return []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_change_of_content_changes_the_hash(example: Path) -> None:
    data = _data(example)
    original = _hash_of_data(data, example.name)
    assert original is not None
    changed = 0
    for path in _leaves(data):
        for candidate in _candidates(path, _get(data, path)):
            edited = copy.deepcopy(data)
            _get(edited, path[:-1])[path[-1]] = candidate
            found = _hash_of_data(edited, example.name)
            if found is not None:
                assert found != original, path
                changed += 1
                break
        else:
            pytest.fail(f"no valid change of {path} was tried")
    for path in _containers(data):
        for edit in ("remove", "swap"):
            edited = copy.deepcopy(data)
            items = _get(edited, path)
            if edit == "remove":
                items.pop()
            else:
                items[0], items[1] = items[1], items[0]
            found = _hash_of_data(edited, example.name)
            if found is not None and items != _get(data, path):
                assert found != original, (path, edit)
                changed += 1
    assert changed > 50
