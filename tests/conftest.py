from __future__ import annotations

from collections.abc import Iterator

import pytest

from cjm.files import forget_inputs
from cjm.workspace import forget_contexts


@pytest.fixture(autouse=True)
def _fresh_workspaces(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test sees workspaces as they are on disk now, and no colour from the outside."""
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    forget_contexts()
    forget_inputs()
    yield
    forget_contexts()
    forget_inputs()
