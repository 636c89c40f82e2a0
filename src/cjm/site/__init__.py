"""`cjm site`: every map of a workspace as a static website.

`read_site` checks the files (as `cjm validate` does) and gathers maps and personas;
`draw_all` draws every view of every valid map through `cjm.render`, in parallel;
`build_site` turns both into pages, a pure function returning {relative path: bytes};
`write_site` writes them into a folder. Nothing here prints: progress is a callback.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from cjm.diff.sources import compare_revisions
from cjm.files import make_folders, write_output
from cjm.problems import UsageError
from cjm.site.drawings import DrawingKey, Progress, draw_all
from cjm.site.pages import build_site
from cjm.site.sources import MapEntry, PersonaEntry, SiteContent, read_site

__all__ = ["DrawingKey", "MapEntry", "PersonaEntry", "Progress", "SiteContent", "build",
           "build_site", "draw_all", "read_site", "write_site"]


def build(paths: list[str], *, today: dt.date | None = None, since: str | None = None,
          drawings: bool = True, progress: Progress | None = None,
          ) -> tuple[SiteContent, dict[str, bytes], list[str]]:
    """Read, draw and build: the site's content, its pages and Graphviz's warnings."""
    content = read_site(paths, today or dt.date.today())
    if since is not None:
        content = replace(content, since=since, changes=compare_revisions(since, paths))
    drawn, warnings = draw_all(content.maps, progress=progress) if drawings else ({}, [])
    return content, build_site(content, drawn), warnings


def write_site(pages: dict[str, bytes], folder: str | Path,
               inputs: tuple[str, ...] = ()) -> int:
    """Write the pages into FOLDER (made if missing); returns how many files were written.

    Refuses a folder that is a file, and a page that would replace an input file.
    """
    base = Path(folder)
    if base.exists() and not base.is_dir():
        raise UsageError(f"{folder} is a file; the site needs a folder to go into")
    sources = {os.path.realpath(path) for path in inputs}
    for relative in pages:
        target = base / relative
        if os.path.realpath(target) in sources:
            raise UsageError(f"writing {target} would replace an input file; choose another -o")
    make_folders(base)
    for relative, data in pages.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)  # cjm's own, inside the made one
        write_output(target, data)
    return len(pages)
