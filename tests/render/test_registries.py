"""The view and output-format registries are the one place their choices live."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.formats import OUTPUT_FORMATS, format_of_file, formats_for
from cjm.render.views import VIEWS

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_render_help_names_every_view_and_format_of_the_registries() -> None:
    result = runner.invoke(app, ["render", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in VIEWS:
        assert name in result.stdout
    for entry in formats_for("render"):
        assert entry.name in result.stdout


def test_docs_list_every_view_and_every_render_format() -> None:
    text = (ROOT / "docs" / "render.md").read_text(encoding="utf-8")
    for name, entry in VIEWS.items():
        assert f"- **{name}**" in text, name
        assert entry.summary
    for entry in formats_for("render"):
        graphviz = "yes" if entry.needs_graphviz else "no"
        row = f"| `{entry.name}` | `{entry.suffix}` | {entry.summary} | {graphviz} |"
        assert row in text, f"docs/render.md's format table lacks: {row}"


def test_every_view_draws_through_its_registered_function() -> None:
    for entry in VIEWS.values():
        assert callable(entry.drawer())


def test_file_names_and_suffixes_come_from_the_format_table() -> None:
    for entry in OUTPUT_FORMATS.values():
        assert entry.file_name("trial") == f"trial{entry.suffix}"
        for command in entry.commands:
            assert format_of_file(f"out/trial{entry.suffix.upper()}", command) == entry
    assert format_of_file("x.gv", "render") == OUTPUT_FORMATS["dot"]
    assert format_of_file("x.txt", "render") is None
