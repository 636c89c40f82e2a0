"""Fixtures of the render tests: the sample map and a generated 60-step map."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_maps import SAMPLE, generated_map, load_map

from cjm.model import JourneyMap
from cjm.render.info import MapInfo


@pytest.fixture
def sample() -> tuple[JourneyMap, MapInfo]:
    return load_map(SAMPLE)


@pytest.fixture
def sixty_steps(tmp_path: Path) -> tuple[JourneyMap, MapInfo]:
    path = tmp_path / "sixty.cjm.yaml"
    path.write_text(generated_map(60, branches=6), encoding="utf-8")
    return load_map(path)
