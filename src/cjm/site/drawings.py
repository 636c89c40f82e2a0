"""Every view of every map drawn through `cjm.render`, in parallel, ready to inline.

Graphviz runs as a subprocess per drawing, so threads keep every core busy while this
process waits. An SVG is made fit for an HTML page: no XML prolog, DOCTYPE or
comments, no bidirectional controls (as `cjm.site.html` leaves them out of text), and
every id prefixed with its view so three drawings share one page without clashing ids.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from cjm.render.drawing import VIEWS as VIEW_REGISTRY
from cjm.render.drawing import render
from cjm.site.sources import MapEntry

Progress = Callable[[int, int], None]
DrawingKey = tuple[str, str]  # (map slug, view)

_PROLOG = re.compile(rb"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>|\s*<!--.*?-->)*\s*", re.S)
_COMMENT = re.compile(rb"<!--.*?-->\s*", re.S)
_ID = re.compile(rb'(\sid=")([^"]*")')
_REFERENCE = re.compile(rb'(url\(#|\shref="#|\sxlink:href="#)([^")]*)')
# U+202A–U+202E and U+2066–U+2069, as UTF-8 or as character references.
_BIDI_CONTROLS = re.compile(
    rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|&#(?:x0*(?:202[a-e]|206[6-9])|0*(?:823[4-8]|"
    rb"829[4-7]));", re.I)
_LABELLED = re.compile(rb'aria-labelledby="([^"]*)"')

VIEWS: tuple[str, ...] = tuple(VIEW_REGISTRY)


def draw_all(maps: tuple[MapEntry, ...], *, views: tuple[str, ...] = VIEWS,
             progress: Progress | None = None, workers: int | None = None,
             ) -> tuple[dict[DrawingKey, bytes], list[str]]:
    """The inline SVG of each view of each valid map, and Graphviz's warnings."""
    jobs = [(entry, view) for entry in maps if entry.journey is not None for view in views]
    total = len(jobs)
    drawings: dict[DrawingKey, bytes] = {}
    warnings: list[str] = []
    if progress:
        progress(0, total)
    if not jobs:
        return drawings, warnings

    def draw(job: tuple[MapEntry, str]) -> tuple[DrawingKey, bytes, tuple[str, ...]]:
        entry, view = job
        assert entry.journey is not None
        drawn = render(entry.journey, view, "svg", entry.info)
        return (entry.slug, view), inline_svg(drawn.data, f"{view}-"), (*drawn.warnings,
                                                                        *drawn.notes)

    count = workers or min(32, (os.cpu_count() or 1) * 2)
    with ThreadPoolExecutor(max_workers=count) as pool:
        for done, (key, svg, messages) in enumerate(pool.map(draw, jobs), start=1):
            drawings[key] = svg
            warnings.extend(f"{key[0]} ({key[1]}): {message}" for message in messages)
            if progress:
                progress(done, total)
    return drawings, warnings


def inline_svg(svg: bytes, prefix: str) -> bytes:
    """An SVG document as an element to put in HTML, its ids prefixed with `prefix`."""
    body = _BIDI_CONTROLS.sub(b"", _COMMENT.sub(b"", _PROLOG.sub(b"", svg, count=1)))
    token = prefix.encode()
    body = _ID.sub(lambda m: m.group(1) + token + m.group(2), body)
    body = _REFERENCE.sub(lambda m: m.group(1) + token + m.group(2), body)
    return _LABELLED.sub(lambda m: b'aria-labelledby="' + b" ".join(
        token + part for part in m.group(1).split()) + b'"', body)
