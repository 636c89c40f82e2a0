"""Write docs/rules.md from the rule modules' docstrings (a test keeps it current)."""

from __future__ import annotations

from pathlib import Path

from cjm.rules import rules_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

if __name__ == "__main__":
    DOC.write_text(rules_markdown(), encoding="utf-8")
    print(DOC.relative_to(Path.cwd()) if DOC.is_relative_to(Path.cwd()) else DOC)
