"""The README's commands are the ones CI runs, and the docs cover every command."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parent.parent


def _code_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```(?:sh|console)?\n(.*?)```", text, re.S)]


def test_readme_opens_with_the_install_and_test_commands() -> None:
    blocks = _code_blocks((ROOT / "README.md").read_text())
    install, test = blocks[0], blocks[1]
    assert "\n" not in install and "\n" not in test, "each is one line a user pastes"
    assert "apt-get install -y graphviz" in install
    assert "cjm render examples/" in install
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _code_blocks((ROOT / "README.md").read_text())[1]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_readme_links_resolve() -> None:
    text = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\(((?:docs|examples|schemas|benchmarks)/[^)#]+)", text):
        assert (ROOT / target).exists(), target


def _cli_doc_generator() -> ModuleType:
    path = ROOT / "scripts" / "generate_cli_doc.py"
    spec = importlib.util.spec_from_file_location("generate_cli_doc", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_doc_is_current() -> None:
    """docs/cli.md is generated from the commands' --help."""
    generated = _cli_doc_generator().cli_markdown()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == generated, "run python scripts/generate_cli_doc.py"


def test_cli_doc_check_fails_when_out_of_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = _cli_doc_generator()
    doc = tmp_path / "cli.md"
    monkeypatch.setattr(generator, "DOC", doc)
    assert generator.main(["--check"]) == 1  # missing
    doc.write_text(generator.cli_markdown() + "edited by hand\n", encoding="utf-8")
    assert generator.main(["--check"]) == 1
    assert "run python scripts/generate_cli_doc.py" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert generator.main([]) == 0
    assert generator.main(["--check"]) == 0


def _readme_commands_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_every_command_is_in_the_cli_doc_and_the_readme() -> None:
    names = _cli_doc_generator().command_names()
    assert "validate" in names and "render" in names
    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    table = _readme_commands_table()
    missing_from_doc = [name for name in names if f"\n## cjm {name}\n" not in cli_doc]
    missing_from_readme = [name for name in names if f"| `cjm {name}" not in table]
    assert not missing_from_doc, f"docs/cli.md lacks {missing_from_doc}"
    assert not missing_from_readme, f"README.md's Commands table lacks {missing_from_readme}"


def test_readme_lists_the_cli_doc() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    documentation = text.split("\n## Documentation\n", 1)[1].split("\n## ", 1)[0]
    assert "[docs/cli.md](docs/cli.md)" in documentation
