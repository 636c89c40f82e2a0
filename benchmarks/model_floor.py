"""The floor of a pydantic YAML checker: Python, PyYAML and pydantic, one model built.

    python benchmarks/model_floor.py FILE

It imports PyYAML and pydantic, C-parses FILE and validates its top-level keys against
one small model, as pydantic builds it by default (plugins looked for). Any tool that
checks YAML against pydantic models pays at least this; `cjm validate` of one map is
compared with it.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict


class Document(BaseModel):
    model_config = ConfigDict(extra="allow")

    cjm: int
    kind: str
    title: str
    stages: list[dict[str, Any]]


def main() -> int:
    with open(sys.argv[1], "rb") as stream:
        Document.model_validate(yaml.load(stream.read(), Loader=yaml.CSafeLoader))
    return 0


if __name__ == "__main__":
    sys.exit(main())
