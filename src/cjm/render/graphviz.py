"""The one place that runs Graphviz: DOT text → SVG, PNG or PDF bytes.

Graphviz runs with `SERVER_NAME` set, which makes it refuse to read any file a
graph names (images, shape files, fonts by path), and with a time limit. The SVG
is checked to be well-formed XML and given a <title> and <desc> for screen readers.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from xml.parsers import expat

from cjm.formats import OUTPUT_FORMATS
from cjm.problems import CjmError
from cjm.programs import find_program
from cjm.render.escape import xml_text
from cjm.render.pdf import join

# What Graphviz draws: the formats of the registry that need it, each by its `-T` name.
FORMATS = tuple(entry.name for entry in OUTPUT_FORMATS.values() if entry.needs_graphviz)
# The renderer pins every position; neato -n2 draws them as given, in points.
ENGINE = "neato"
ENGINE_ARGUMENTS = ("-n2",)
DEFAULT_TIMEOUT = 60.0
INSTALL_HINT = (
    "install Graphviz and make sure `neato` is on PATH: "
    "`sudo apt install graphviz` (Debian, Ubuntu), `brew install graphviz` (macOS), "
    "`winget install graphviz` (Windows); or write DOT text with --format dot"
)


class GraphvizMissing(CjmError):
    """Graphviz's programs are not installed (or not on PATH)."""


class GraphvizFailed(CjmError):
    """Graphviz ran but did not produce a drawing."""


@dataclass(frozen=True)
class Drawing:
    data: bytes
    warnings: tuple[str, ...] = ()


def find_engine() -> str:
    """The full path of Graphviz's `neato` on PATH; raises GraphvizMissing without it."""
    found = find_program(ENGINE)
    if found is None:
        raise GraphvizMissing("Graphviz is not installed (no `neato` program on PATH)",
                              hint=INSTALL_HINT)
    return found


Viewport = tuple[float, float, float, float]  # width, height, centre x, centre y (points)


def draw(
    dot_text: str,
    output_format: str,
    *,
    title: str,
    description: str,
    timeout: float = DEFAULT_TIMEOUT,
    dpi: float | None = None,
    pages: list[Viewport] | None = None,
) -> Drawing:
    """Run Graphviz on DOT text made by cjm and return the drawing's bytes.

    A PDF of several `pages` has one page per viewport, each drawn by its own run.
    """
    if output_format not in FORMATS:
        raise CjmError(f"{output_format!r} is not a format Graphviz draws here: "
                       f"{', '.join(FORMATS)}")
    arguments = [f"-T{output_format}"]
    if dpi is not None and output_format == "png":
        arguments.append(f"-Gdpi={dpi:g}")
    if output_format == "pdf":
        arguments.append("-Gmargin=0")  # no page margin beyond the drawing's own pad
        views = pages if pages and len(pages) > 1 else [None]
        drawn = [_run(dot_text, [*arguments, *_viewport(view)], timeout) for view in views]
        return Drawing(join([data for data, _ in drawn]),
                       tuple(dict.fromkeys(m for _, messages in drawn for m in messages)))
    data, messages = _run(dot_text, arguments, timeout)
    if output_format == "svg":
        data = accessible_svg(data, title, description)
    return Drawing(data, messages)


def _viewport(view: Viewport | None) -> list[str]:
    if view is None:
        return []
    width, height, x, y = view
    pad = 14.4  # Graphviz's pad="0.2" (inches) left and right; pages meet mid-gap
    return [f"-Gviewport={width + 2 * pad:.2f},{height:.2f},1,{x:.2f},{y:.2f}"]


def _run(dot_text: str, arguments: list[str], timeout: float) -> tuple[bytes, tuple[str, ...]]:
    engine = find_engine()
    environment = dict(os.environ)
    environment["SERVER_NAME"] = "cjm"  # Graphviz then reads no files a graph names
    environment.pop("GV_FILE_PATH", None)
    try:
        completed = subprocess.run(
            [engine, *ENGINE_ARGUMENTS, *arguments],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            env=environment,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizFailed(f"Graphviz took longer than {timeout:g} s and was stopped") from None
    except OSError as exc:
        raise GraphvizFailed(f"Graphviz could not be run: {exc.strerror or exc}") from None
    messages = tuple(
        line.strip() for line in completed.stderr.decode("utf-8", "replace").splitlines()
        if line.strip()
    )
    if completed.returncode != 0 or not completed.stdout:
        detail = "; ".join(messages[:3]) or f"exit status {completed.returncode}"
        raise GraphvizFailed(f"Graphviz failed: {detail}")
    return completed.stdout, messages


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def accessible_svg(svg: bytes, title: str, description: str) -> bytes:
    """The SVG with a <title> and <desc> first in it, checked to be well-formed XML."""
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise GraphvizFailed("Graphviz produced no <svg> element")
    opening = match.group(0)[:-1].rstrip(b"/")
    addition = (
        opening
        + b' role="img" aria-labelledby="cjm-title cjm-desc">\n'
        + f'<title id="cjm-title">{xml_text(title)}</title>\n'.encode()
        + f'<desc id="cjm-desc">{xml_text(description)}</desc>'.encode()
    )
    result = svg[: match.start()] + addition + svg[match.end():]
    try:  # expat alone: well-formedness is all that is checked, no tree is built
        expat.ParserCreate().Parse(result, True)
    except expat.ExpatError as exc:
        raise GraphvizFailed(f"Graphviz produced an SVG that is not well-formed XML ({exc})",
                             hint="please report this with the map that caused it") from None
    return result
