"""Rewrite tests/golden/: the DOT text of every example map in every view.

This is the only thing that writes the golden files. Run it after a deliberate change
to the renderer, then read the diff of tests/golden/ before committing it:

    python scripts/regenerate_golden.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from cjm.model import JourneyMap
from cjm.render.drawing import VIEWS, map_info, to_dot
from cjm.validate import check_file
from cjm.workspace import context_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "maps"
GOLDEN = ROOT / "tests" / "golden"


def golden_files() -> dict[Path, str]:
    """Each golden file's path and the text it must hold."""
    files: dict[Path, str] = {}
    for path in sorted(EXAMPLES.glob("*.cjm.yaml")):
        context = context_for(path)
        checked = check_file(path, context)
        if not isinstance(checked.model, JourneyMap) or not checked.ok:
            raise SystemExit(f"{path} does not validate; fix it first")
        stem = path.name.removesuffix(".cjm.yaml")
        for view in VIEWS:
            files[GOLDEN / f"{stem}.{view}.dot"] = to_dot(
                checked.model, view, map_info(checked.model, context)
            )
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
