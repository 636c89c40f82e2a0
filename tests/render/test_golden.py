"""Every example map, in every view, gives exactly the DOT text committed in tests/golden/."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "regenerate_golden", ROOT / "scripts" / "regenerate_golden.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLDEN = _script().golden_files()


def test_there_is_a_golden_file_for_every_example_and_view() -> None:
    assert len(GOLDEN) >= 3
    committed = set((ROOT / "tests" / "golden").glob("*.dot"))
    assert committed == set(GOLDEN), "run: python scripts/regenerate_golden.py"


@pytest.mark.parametrize("path", sorted(GOLDEN), ids=lambda p: p.name)
def test_dot_text_matches_the_golden_file(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == GOLDEN[path], (
        f"{path.name} differs: if the change is wanted, run "
        "python scripts/regenerate_golden.py and review the diff"
    )
