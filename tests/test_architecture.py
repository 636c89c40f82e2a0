"""The library never reaches for the command line: it computes, the CLI prints."""

from __future__ import annotations

import subprocess
import sys

LIBRARY_MODULES = ["cjm.validate", "cjm.load", "cjm.model", "cjm.schema", "cjm.report",
                   "cjm.diff", "cjm.diff.sources", "cjm.git", "cjm.report.diff_text",
                   "cjm.report.diff_markdown", "cjm.report.diff_json"]


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def test_library_does_not_import_typer_or_rich() -> None:
    for module in LIBRARY_MODULES:
        loaded = _modules_after_import(module)
        assert "typer" not in loaded, module
        assert "rich" not in loaded, module
