"""`cjm backlog`: the opportunities across maps as data and in every format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from site_maps import EXAMPLES, hostile_map
from typer.testing import CliRunner

from cjm.backlog import collect, select
from cjm.cli.app import app
from cjm.report.backlog import neutralise, render_csv

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_json_is_the_documented_contract() -> None:
    code, out, _ = _run("backlog", str(EXAMPLES), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"version", "maps", "summary", "opportunities"}
    assert document["version"] == 1 and document["maps"] == 4
    assert document["summary"]["opportunities"] == len(document["opportunities"]) == 32
    assert list(document["summary"]["by_status"]) == [
        "idea", "planned", "in-progress", "done", "dropped"]
    first = document["opportunities"][0]
    assert set(first) == {"map", "parent", "stage", "step", "id", "text", "status", "owner",
                          "link", "addresses"}
    assert first["map"]["id"] == "first-online-purchase" and first["parent"] == "step"
    assert first["addresses"] == [{"id": "slow-landing", "severity": "high", "assumed": False,
                                   "text": "Landing page takes 6 s on mobile"}]
    documented = (Path(__file__).parents[2] / "docs" / "site.md").read_text(encoding="utf-8")
    assert '"id": "lighter-landing"' in documented and first["id"] == "lighter-landing"


def test_status_and_owner_filters_combine() -> None:
    code, out, _ = _run("backlog", str(EXAMPLES), "-f", "json", "--status", "planned",
                        "--status", "in-progress", "--owner", "WEB-TEAM")
    assert code == 0
    items = json.loads(out)["opportunities"]
    assert items and {i["status"] for i in items} <= {"planned", "in-progress"}
    assert {i["owner"] for i in items} == {"web-team"}


def test_an_unknown_status_is_a_usage_error() -> None:
    code, _, err = _run("backlog", str(EXAMPLES), "--status", "someday")
    assert code == 2 and "someday" in err


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                  "\tx", "\r=1"])
def test_csv_cells_never_run_as_formulas(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("plain =text") == "plain =text"


def test_the_csv_of_a_hostile_map_is_text_in_every_cell(tmp_path: Path) -> None:
    data = hostile_map(0, "=cmd|' /C calc'!A0")
    data["owner"] = "@owner"
    data["stages"][0]["steps"][0]["opportunities"][0]["owner"] = "-team"  # type: ignore[index]
    path = tmp_path / "formula.cjm.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, _ = _run("backlog", str(path), "-f", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["map", "map_path", "stage"]
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), value
    assert rows[1][7] == "'-team"


def test_text_and_markdown_list_every_map(tmp_path: Path) -> None:
    code, out, _ = _run("backlog", str(EXAMPLES))
    assert code == 0
    assert out.startswith("32 opportunities in 4 maps: 9 idea, 12 planned")
    assert "  [planned] Serve a lighter landing page to mobile ad traffic — web-team" in out
    code, out, _ = _run("backlog", str(EXAMPLES), "-f", "markdown", "--owner", "")
    assert code == 0 and out.startswith("## Opportunity backlog")


def test_a_map_with_errors_is_reported_and_the_rest_listed(tmp_path: Path) -> None:
    (tmp_path / "bad.cjm.yaml").write_text("cjm: 1\nkind: journey\ntitle: [x\n",
                                          encoding="utf-8")
    good = tmp_path / "good.cjm.yaml"
    good.write_text(yaml.safe_dump(hostile_map(1, "fine")), encoding="utf-8")
    code, out, err = _run("backlog", str(tmp_path), "-f", "json")
    assert code == 1
    assert "bad.cjm.yaml:" in err and "yaml-syntax" in err
    assert json.loads(out)["maps"] == 1


def test_collect_links_pains_and_opportunities_both_ways() -> None:
    from site_maps import TODAY

    from cjm.site.sources import read_site

    content = read_site([str(EXAMPLES)], TODAY)
    backlog = collect((e.path, e.journey) for e in content.maps if e.journey is not None)
    slow = next(p for p in backlog.pain_points if p.id == "slow-landing")
    assert slow.addressed and slow.addressed_by[0][0] == "lighter-landing"
    assert len(select(backlog, ["done"]).opportunities) == 3
    assert render_csv(select(backlog, owners=["nobody"])).count("\r\n") == 1


def test_the_installed_command_runs(tmp_path: Path) -> None:
    cjm = Path(sys.executable).with_name("cjm")
    completed = subprocess.run([str(cjm), "backlog", str(EXAMPLES), "-f", "csv"],
                               capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("map,map_path,stage,step,opportunity")


def test_opportunities_of_a_whole_stage_or_journey_say_so_in_every_format(
        tmp_path: Path) -> None:
    path = tmp_path / "wide.cjm.yaml"
    path.write_text(yaml.safe_dump(hostile_map(0, "Checkout")), encoding="utf-8")
    code, out, _ = _run("backlog", str(path), "-f", "json")
    assert code == 0
    items = json.loads(out)["opportunities"]
    assert [(i["id"], i["parent"]) for i in items] == [
        ("chance", "step"), ("stage-chance", "stage"), ("map-chance", "map")]
    assert items[1]["stage"] == {"id": "stage", "name": "Checkout"} and items[1]["step"] is None
    assert items[2]["stage"] is None and items[2]["step"] is None
    assert [(p["id"], p["assumed"]) for p in items[2]["addresses"]] == [
        ("map-pain", False), ("pain", True)]
    code, out, _ = _run("backlog", str(path))
    assert "[idea] Checkout — Checkout, for the whole stage Checkout" in out
    assert "[in-progress] Checkout — (no owner), for the whole journey" in out
    assert "addresses: Checkout (low); Checkout (high, assumed)" in out
    code, out, _ = _run("backlog", str(path), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["parent"], r["stage"], r["step"]) for r in rows] == [
        ("step", "Checkout", "Checkout"), ("stage", "Checkout", ""), ("map", "", "")]
    code, out, _ = _run("backlog", str(path), "-f", "markdown")
    assert "| Checkout (the whole stage) |" in out and "| the whole journey |" in out
