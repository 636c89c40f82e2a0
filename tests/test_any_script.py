"""A map written in any language: ids derived from Japanese, Arabic or Cyrillic names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.diff import diff_maps
from cjm.model import JourneyMap, slugify
from cjm.validate import check_paths
from external import require_program

JAPANESE = Path(__file__).parent / "cases" / "valid" / "japanese.cjm.yaml"
runner = CliRunner()


def test_ids_keep_the_letters_of_every_script() -> None:
    assert slugify("待合室で待つ") == "待合室で待つ"
    assert slugify("Проверка документов") == "проверка-документов"
    assert slugify("بطاقة الصعود") == "بطاقة-الصعود"
    assert slugify("Café au lait") == "cafe-au-lait"
    assert slugify("ＡＢＣ　全角") == "abc-全角"  # full-width forms are normalised


def test_an_all_japanese_map_validates_without_a_single_id_but_the_referred_one() -> None:
    report = check_paths([str(JAPANESE)])
    assert report.errors == 0, [str(p) for p in report.problems]


def test_an_all_japanese_map_renders_diffs_and_reports_in_json(tmp_path: Path) -> None:
    drawn = runner.invoke(app, ["render", str(JAPANESE), "--format", "dot", "-o", "-"])
    assert drawn.exit_code == 0, drawn.output
    assert "待合室で待つ" in drawn.stdout
    changed = tmp_path / JAPANESE.name
    changed.write_text(JAPANESE.read_text(encoding="utf-8").replace("emotion: -1", "emotion: -2"),
                       encoding="utf-8")
    result = runner.invoke(app, ["diff", str(JAPANESE), str(changed), "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["maps"][0]["changes"]
    assert {"entity": "step", "id": "待合室で待つ", "field": "emotion"}.items() <= \
        changes[0].items()
    model = JourneyMap.model_validate_json(json.dumps(
        {"cjm": 1, "kind": "journey", "title": "т", "stages": [{"name": "Этап"}]}))
    assert diff_maps(model, model, path="m").changes == []
    sarif = runner.invoke(app, ["validate", str(JAPANESE), "--format", "sarif"])
    assert sarif.exit_code == 0
    json.loads(sarif.stdout)


ARABIC = """\
cjm: 1
kind: journey
id: رحلة-المسافر
title: رحلة المسافر
persona: {name: مسافر}
owner: فريق
reviewed: 2026-10-01
stages:
  - name: الوصول
    steps:
      - {id: بطاقة-الصعود, name: يطبع بطاقة الصعود, emotion: 0}
      - {name: ينتظر, emotion: -1, next: [بطاقة-الصعود]}
"""


def test_maps_in_any_script_draw_into_files_named_by_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Explicit ids in Arabic, derived ones in Japanese: real SVGs, one file per map."""
    require_program("dot")
    monkeypatch.chdir(tmp_path)
    Path("受付.cjm.yaml").write_text(JAPANESE.read_text(encoding="utf-8"), encoding="utf-8")
    Path("مسافر.cjm.yaml").write_text(ARABIC, encoding="utf-8")
    checked = runner.invoke(app, ["validate", "--format", "json", "."])
    assert json.loads(checked.stdout)["errors"] == 0
    drawn = runner.invoke(app, ["render", "受付.cjm.yaml", "مسافر.cjm.yaml", "-o", "out"])
    assert drawn.exit_code == 0, drawn.output
    assert sorted(path.name for path in Path("out").iterdir()) == ["مسافر.svg", "受付.svg"]
    assert "ينتظر" in Path("out/مسافر.svg").read_text(encoding="utf-8")
    assert "待合室で待つ" in Path("out/受付.svg").read_text(encoding="utf-8")
    site = runner.invoke(app, ["site", ".", "-o", "site"])
    assert site.exit_code == 0, site.output
    assert sorted(path.name for path in Path("site/maps").glob("*.html")) == [
        "رحلة-المسافر.html", "受付.html"]
