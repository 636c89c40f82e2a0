from __future__ import annotations

from collections.abc import Iterator

import pytest

from cjm.workspace import forget_contexts


@pytest.fixture(autouse=True)
def _fresh_workspaces(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test sees workspaces as they are on disk now, and no colour from the outside."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    forget_contexts()
    yield
    forget_contexts()
