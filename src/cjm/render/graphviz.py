"""The one place that runs Graphviz: DOT text → SVG, PNG or PDF bytes.

Graphviz runs with `SERVER_NAME` set, which makes it refuse to read any file a
graph names (images, shape files, fonts by path), and with a time limit. The SVG
is checked to be well-formed XML and given a <title> and <desc> for screen readers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from xml.parsers import expat

from cjm.problems import CjmError
from cjm.render.escape import xml_text

FORMATS = ("svg", "png", "pdf")
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


def find_engine(path: str | None = None) -> str:
    """The full path of Graphviz's `neato`; raises GraphvizMissing without it."""
    found = shutil.which(ENGINE, path=path if path is not None else os.environ.get("PATH"))
    if found is None:
        raise GraphvizMissing("Graphviz is not installed (no `neato` program on PATH)",
                              hint=INSTALL_HINT)
    return found


def draw(
    dot_text: str,
    output_format: str,
    *,
    title: str,
    description: str,
    timeout: float = DEFAULT_TIMEOUT,
    dpi: float | None = None,
) -> Drawing:
    """Run Graphviz on DOT text made by cjm and return the drawing's bytes."""
    if output_format not in FORMATS:
        raise CjmError(f"{output_format!r} is not a format Graphviz draws here: "
                       f"{', '.join(FORMATS)}")
    engine = find_engine()
    environment = dict(os.environ)
    environment["SERVER_NAME"] = "cjm"  # Graphviz then reads no files a graph names
    environment.pop("GV_FILE_PATH", None)
    try:
        completed = subprocess.run(
            [engine, *ENGINE_ARGUMENTS, f"-T{output_format}",
             *([f"-Gdpi={dpi:g}"] if dpi is not None and output_format == "png" else [])],
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
    data = completed.stdout
    if output_format == "svg":
        data = accessible_svg(data, title, description)
    return Drawing(data, messages)


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
