"""YAML every tool reads alike: the bundled examples, the files `cjm init` writes and the
YAML of docs/format.md mean the same to every YAML reader, and pass yamllint.

PyYAML's pure-Python reader and libyaml (which cjm uses when it is there) disagree on
some forms — `[Is it foldable?, …]` is a list to one and an error to the other — and
editors and linters are other readers again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cjm.init import create_workspace

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
_YAML_BLOCK = re.compile(r"^(`{3,})ya?ml\n(.*?)^\1$", re.M | re.S)


def _init_files(folder: Path) -> list[Path]:
    create_workspace(folder)
    return sorted(path for path in folder.rglob("*") if path.suffix in (".yaml", ".yml"))


def _same_for_both_readers(text: str, where: str) -> None:
    pure = list(yaml.load_all(text, Loader=yaml.SafeLoader))
    assert pure == list(yaml.load_all(text, Loader=yaml.CSafeLoader)), where


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_reads_the_same_with_both_pyyaml_readers(path: Path) -> None:
    _same_for_both_readers(path.read_text(encoding="utf-8"), str(path))


def test_every_file_cjm_init_writes_reads_the_same_with_both_readers(tmp_path: Path) -> None:
    files = _init_files(tmp_path)
    assert len(files) == 5
    for path in files:
        _same_for_both_readers(path.read_text(encoding="utf-8"), str(path))


def test_the_yaml_of_the_format_docs_reads_the_same_with_both_readers() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = [match.group(2) for match in _YAML_BLOCK.finditer(text)]
    assert len(blocks) > 10
    for number, block in enumerate(blocks, 1):
        _same_for_both_readers(block, f"docs/format.md, YAML block {number}")


def test_examples_and_init_files_pass_yamllint_default_configuration(tmp_path: Path) -> None:
    # Errors fail yamllint; its warnings (a missing `---`, GitHub's `on:` key) do not.
    files = [*EXAMPLES, *_init_files(tmp_path)]
    done = subprocess.run([sys.executable, "-m", "yamllint", "--config-data", "default",
                           "--format", "parsable", *map(str, files)],
                          capture_output=True, text=True, timeout=120)
    errors = [line for line in done.stdout.splitlines() if "[error]" in line]
    assert (done.returncode, errors) == (0, []), done.stdout + done.stderr
