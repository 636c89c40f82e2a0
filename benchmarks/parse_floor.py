"""The parse floor: read and C-parse files in one process, nothing else.

    python benchmarks/parse_floor.py PATH...   (files, or folders walked for *.cjm.yaml)

This is what any YAML tool built on libyaml pays at least; `cjm validate` is compared
with it on the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.rglob("*.cjm.yaml")) if path.is_dir() else [path])
    return found


def main() -> int:
    for path in files(sys.argv[1:]):
        with open(path, "rb") as stream:
            yaml.load(stream.read(), Loader=yaml.CSafeLoader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
