"""Rewrite tests/golden/ and the pictures in docs/images/ from the example maps.

This is the only thing that writes them. Run it after a deliberate change to the
renderer, then read the diff of tests/golden/ (DOT text: every view of every example)
before committing it; the pictures are SVGs drawn by the Graphviz on PATH:

    python scripts/regenerate_golden.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from cjm.model import JourneyMap
from cjm.render.compare import compare_states
from cjm.render.drawing import VIEWS, DrawOptions, MapInfo, map_info, render, to_dot
from cjm.validate import check_file
from cjm.workspace import context_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "maps"
GOLDEN = ROOT / "tests" / "golden"
IMAGES = ROOT / "docs" / "images"
# The pictures docs/render.md and the README show: (file, map, view, compared with).
PICTURES = [
    ("first-online-purchase.svg", "first-online-purchase", "grid", None),
    *((f"saas-trial-to-renewal.{view}.svg", "saas-trial-to-renewal", view, None)
      for view in VIEWS),
    ("support-complaint.compared.svg", "support-complaint-future", "grid", "support-complaint"),
]


def _examples() -> dict[str, tuple[JourneyMap, MapInfo]]:
    found: dict[str, tuple[JourneyMap, MapInfo]] = {}
    for path in sorted(EXAMPLES.glob("*.cjm.yaml")):
        context = context_for(path)
        checked = check_file(path, context)
        if not isinstance(checked.model, JourneyMap) or not checked.ok:
            raise SystemExit(f"{path} does not validate; fix it first")
        found[path.name.removesuffix(".cjm.yaml")] = (
            checked.model, map_info(checked.model, context))
    return found


def golden_files() -> dict[Path, str]:
    """Each golden file's path and the text it must hold."""
    files: dict[Path, str] = {}
    for stem, (journey, info) in _examples().items():
        for view in VIEWS:
            files[GOLDEN / f"{stem}.{view}.dot"] = to_dot(journey, view, info)
    return files


def pictures() -> dict[Path, bytes]:
    """Each picture of the docs and the SVG it must hold (needs Graphviz)."""
    examples = _examples()
    files: dict[Path, bytes] = {}
    for name, stem, view, compared in PICTURES:
        journey, info = examples[stem]
        options = DrawOptions()
        if compared is not None:  # as `cjm render CURRENT --compare FUTURE` draws it
            both = compare_states(examples[compared][0], journey)
            journey, options = both.journey, both.options()
        files[IMAGES / name] = render(journey, view, "svg", info, options=options).data
    return files


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    wanted = golden_files()
    for stale in sorted(set(GOLDEN.glob("*.dot")) - set(wanted)):
        stale.unlink()
        print(f"removed {stale.relative_to(ROOT)}")
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path, data in pictures().items():
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
