"""Spreadsheets read as people write them, the YAML cjm writes, and `cjm convert` itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from convert_helpers import EXAMPLE_MAPS, EXAMPLES, FACT_LABELS, convert_map, dumped
from convert_helpers import FACTS as FACT_VALUES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.convert import FORMATS, ReadMap, WriteOptions, convert, read_map
from cjm.convert.spreadsheet import neutralise
from cjm.model import InlinePersona, JourneyMap
from cjm.workspace import context_for
from external import require_program

runner = CliRunner()

HAND_WRITTEN = (
    "title,Renewing a policy\n"
    "\n"
    "Notes,SCORE,phase,Task,Feelings,Touch point,Pain points\n"
    "x,2,Remind,Gets the email,calm,Email,\n"
    "x,-1,,Compares quotes,unsure,Web,Too many options | severity: high\n"
    "x,1,Renew,Pays,relieved,,\n"
)


def test_a_hand_written_sheet_reads_with_synonyms_any_order_and_case() -> None:
    read = read_map(HAND_WRITTEN.encode(), "steps.csv", FORMATS["csv"], None)
    assert read.journey is not None, read.problems
    stages = read.journey.stages
    assert [s.name for s in stages] == ["Remind", "Renew"]
    assert [(t.name, t.emotion, t.feeling) for t in stages[0].steps] == [
        ("Gets the email", 2, "calm"), ("Compares quotes", -1, "unsure")]
    assert stages[0].steps[1].pain_points[0].severity == "high"
    unknown = [p for p in read.problems if p.rule == "unknown-column"]
    assert [(p.line, p.column) for p in unknown] == [(3, 1)]


def test_every_bad_cell_is_reported_with_its_row_and_column_letter() -> None:
    text = ("title,T\n\nStage,Step,Emotion,Pain points\n"
            "A,One,very bad,\nA,Two,3,Slow | sev: high\nA,,1,\n")
    converted = convert(text.encode(), "steps.csv", FORMATS["csv"], FORMATS["yaml"])
    assert converted.data is None
    from cjm.convert import problem_text

    lines = [problem_text(p, FORMATS["csv"]) for p in converted.problems]
    assert [line.split(": ")[0] for line in lines] == [
        "steps.csv:4:C", "steps.csv:5:C", "steps.csv:5:D", "steps.csv:6:B"]


def test_cells_the_sheet_reads_but_the_format_refuses_are_reported_in_the_same_run(
        tmp_path: Path) -> None:
    text = ("title,T\n\nStage,Step,Step id,Emotion,Opportunities\n"
            "A,One,one,very bad,Fix | status: maybe\n"
            "A,Two,one,1,Fix | link: ftp://x\n"
            "A,Three,,5,\n")
    converted = convert(text.encode(), "steps.csv", FORMATS["csv"], FORMATS["yaml"],
                        context=context_for(tmp_path))
    assert converted.data is None
    from cjm.convert import problem_text

    lines = [problem_text(p, FORMATS["csv"]) for p in converted.problems]
    assert [(line.split(": ")[0], line.split("[")[1].split("]")[0]) for line in lines] == [
        ("steps.csv:4:D", "invalid-value"), ("steps.csv:4:E", "invalid-value"),
        ("steps.csv:5:C", "duplicate-id"), ("steps.csv:5:E", "invalid-value"),
        ("steps.csv:6:D", "invalid-value")]
    assert "maybe" in lines[1] and "one" in lines[2] and "ftp://x" in lines[3]


def test_formula_like_cells_are_neutralised_and_read_back() -> None:
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [neutralise(t) for t in ("+1 555", "-rf", "@SUM(A1)", "-1", "plain")] == [
        "'+1 555", "'-rf", "'@SUM(A1)", "-1", "plain"]
    path = EXAMPLE_MAPS[0]
    read = read_map(path.read_bytes(), str(path), FORMATS["yaml"], context_for(path))
    assert read.journey is not None
    read.journey.stages[0].steps[0].name = "=cmd|' /C calc'!A0"
    data = FORMATS["csv"].write(read.journey, WriteOptions()).data
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    assert b",=cmd" not in data and b"'=cmd" in data
    back = read_map(data, "x.csv", FORMATS["csv"], context_for(path))
    assert back.journey is not None
    assert back.journey.stages[0].steps[0].name == "=cmd|' /C calc'!A0"


def test_semicolon_sheets_from_excel_read_too() -> None:
    text = "title;T\n\nStage;Step;Emotion\nA;One;1\n"
    read = read_map(text.encode(), "x.csv", FORMATS["csv"], None)
    assert read.journey is not None and read.journey.stages[0].steps[0].emotion == 1


@pytest.mark.parametrize("path", EXAMPLE_MAPS, ids=lambda p: p.stem)
def test_written_yaml_validates_and_passes_yamllint(path: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES, workspace)
    source = workspace / "maps" / path.name
    for target in ("json", "csv", "mermaid"):
        middle = source.with_suffix(FORMATS[target].suffixes[0])
        written = tmp_path / f"{target}.cjm.yaml"
        assert runner.invoke(app, ["convert", str(source), "-o", str(middle), "--force"]
                             ).exit_code == 0
        out = workspace / "maps" / f"back-{target}.cjm.yaml"
        result = runner.invoke(app, ["convert", str(middle), "-o", str(out)])
        assert result.exit_code == 0, result.output
        shutil.copy(out, written)
        text = out.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schemas/journey.schema.json\n")
        check = runner.invoke(app, ["validate", str(out), "--format", "json"])
        assert '"errors": 0' in check.output, check.output
        lint = subprocess.run([sys.executable, "-m", "yamllint", "-f", "parsable", str(out)],
                              capture_output=True, text=True)
        assert lint.returncode == 0 and lint.stdout == "", lint.stdout


def test_written_yaml_keeps_the_format_order_and_quotes_only_what_needs_it() -> None:
    data = ("title,No\n\nStage,Step,Touchpoint,Feeling\n"
            "Buy,Pays: then waits,#1 desk,yes\n")
    converted = convert(data.encode(), "s.csv", FORMATS["csv"], FORMATS["yaml"])
    assert converted.data is not None, converted.problems
    text = converted.data.decode()
    assert "title: 'No'\n" in text and "feeling: 'yes'\n" in text
    assert "name: 'Pays: then waits'\n" in text and "touchpoint: '#1 desk'\n" in text
    assert "name: Buy\n" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["cjm", "kind", "title", "stages"]
    assert yaml.safe_load(text)["title"] == "No"


def test_convert_infers_formats_reads_stdin_and_writes_stdout(tmp_path: Path) -> None:
    diagram = "journey\n  section A\n    One: 5: Me\n"
    result = runner.invoke(app, ["convert", "-", "--from", "mermaid", "-o", "-", "--to",
                                 "json"], input=diagram)
    assert result.exit_code == 0, result.output
    assert '"name": "One"' in result.stdout and result.stdout.lstrip().startswith("{")
    missing = runner.invoke(app, ["convert", "-", "-o", "-"], input=diagram)
    assert missing.exit_code == 2 and "--from" in missing.stderr


def test_convert_never_overwrites_without_force_nor_its_source(tmp_path: Path) -> None:
    source = tmp_path / "a.mmd"
    source.write_text("journey\n  section A\n    One: 5\n", encoding="utf-8")
    target = tmp_path / "a.cjm.yaml"
    target.write_text("keep me", encoding="utf-8")
    refused = runner.invoke(app, ["convert", str(source), "-o", str(target)])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert runner.invoke(app, ["convert", str(source), "-o", str(target), "--force"]
                         ).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")
    same = runner.invoke(app, ["convert", str(source), "-o", str(source), "--force",
                               "--to", "mermaid"])
    assert same.exit_code == 2 and "never writes over its input" in same.stderr
    assert list(tmp_path.iterdir()) == [source, target] or sorted(tmp_path.iterdir()) == sorted(
        [source, target])


def test_bad_sources_exit_1_and_write_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.mmd"
    source.write_text("journey\n  Pays the bill\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(source), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert f"{source}:2:16: error [mermaid-syntax]" in result.stderr
    assert not (tmp_path / "x.json").exists()
    for args in (["nothing.mmd", "-o", "x.json"], [str(tmp_path), "-o", "x.json", "--from",
                                                    "csv"], [str(source), "-o", "x.doc"]):
        failed = runner.invoke(app, ["convert", *args])
        assert failed.exit_code == 2, failed.output
        assert "Traceback" not in failed.output


def test_the_installed_command_converts(tmp_path: Path) -> None:
    cjm = shutil.which("cjm", path=str(Path(sys.executable).parent))
    assert cjm is not None
    done = subprocess.run([cjm, "convert", str(EXAMPLE_MAPS[0]), "-o", str(tmp_path / "m.mmd")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "m.mmd").read_text(encoding="utf-8").startswith("journey\n")
    assert "cannot carry the map's pain points" in done.stderr


# The edge values of the round-trip tests in one map, for LibreOffice to open and save —
# but carriage returns, which LibreOffice's CSV import reads as line breaks, and text like
# OOXML's escapes (`_x000D_`), which openpyxl cannot tell from the escapes in a workbook
# LibreOffice or Excel saved, and numbers a spreadsheet's 15 digits cannot hold (0.1 + 0.2,
# 5e-324, 10**20, 34.0 as a float).
EDGE_VALUES = JourneyMap.model_validate({
    "cjm": 1, "kind": "journey", "id": "m", "title": "T", "owner": "", "description": "",
    "scenario": "Two lines\nand a last line break\n",
    "persona": {"id": "p", "name": "", "goals": ["", "a"], "quote": "",
                "description": "C:\\new\n\n", "segment": " \\n\t", "facts": {
        "age": 34, "age text": "34", "huge": 1.7976931348623157e308, "rate": -2.5e-3,
        "tools": ["Excel", "Ghent, BE"], "one": ["Solo"], "none": [], "empty": "",
        "=x": "=SUM(A1)", "list-like": "[a]", "quoted": '"q"', " spaced ": " spaced ",
        "lines": "a\nb"}},
    "stages": [{"id": "s", "name": "", "goal": "", "description": "",
                "metrics": [{"id": "k", "name": "", "unit": "", "source": ""}],
                "steps": [{"id": "a", "name": "", "thoughts": [""], "touchpoint": "",
                           "feeling": '""', "team": '\\""', "actions": ["", "x", '""'],
                           "support": [" ", "\t"], "pain_points": [{"id": "p1", "text": ""}],
                           "opportunities": [{"text": "o", "owner": ""}]},
                          {"id": "b", "name": "B\n", "touchpoint": "\ufeffa",
                           "thoughts": ["\ufeff", " \\n "]}]},
               {"id": "t", "name": "T", "steps": []}]})


@pytest.mark.parametrize("path", [*EXAMPLE_MAPS[:2], None],
                         ids=lambda p: p.stem if p else "edge-values")
def test_libreoffice_opens_the_sheets_and_they_come_back_the_same(
        path: Path | None, tmp_path: Path) -> None:
    soffice = require_program("soffice")
    read = (read_map(path.read_bytes(), str(path), FORMATS["yaml"], context_for(path))
            if path else ReadMap(EDGE_VALUES, []))
    assert read.journey is not None
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for source_format, target in (("csv", "xlsx"), ("xlsx", "csv")):
        folder = tmp_path / source_format
        folder.mkdir()
        sheet = folder / f"map.{source_format}"
        sheet.write_bytes(FORMATS[source_format].write(read.journey, WriteOptions()).data)
        # LibreOffice's CSV filter: comma, double quotes, UTF-8 (76); headless, it would
        # otherwise take the system's character set instead of asking.
        csv_filter = "Text - txt - csv (StarCalc):44,34,76,1"
        options = (["--infilter=" + csv_filter, "--convert-to", "xlsx"] if target == "xlsx"
                   else ["--convert-to", "csv:" + csv_filter])
        subprocess.run([soffice, profile, "--headless", *options,
                        "--outdir", str(folder / "out"), str(sheet)], check=True,
                       capture_output=True, timeout=180)
        saved = folder / "out" / f"map.{target}"
        back = read_map(saved.read_bytes(), str(saved), FORMATS[target],
                        context_for(path or tmp_path))
        assert back.journey is not None, back.problems
        assert dumped(back.journey) == dumped(read.journey)


def _map(**fields: object) -> JourneyMap:
    stage = {"id": "s", "name": "S", "steps": [{"id": "a", "name": "A", "emotion": 1}]}
    stage.update(fields.pop("stage", {}))  # type: ignore[call-overload]
    return JourneyMap.model_validate({"cjm": 1, "kind": "journey", "id": "m", "title": "T",
                                      "stages": [stage], **fields})


def test_an_assumed_emotion_goes_to_mermaid_and_back() -> None:
    journey = _map(stage={"steps": [{"id": "a", "name": "A", "emotion": -1,
                                     "emotion_assumed": True}, {"name": "B", "emotion": 1}]})
    text = FORMATS["mermaid"].write(journey, WriteOptions()).data.decode()
    assert '%% cjm {"id": "a", "emotion_assumed": true}\n    A: 2\n' in text
    read = read_map(text.encode(), "m.mmd", FORMATS["mermaid"], None)
    assert read.journey is not None
    assert [s.emotion_assumed for _, s in read.journey.all_steps()] == [True, False]


def test_the_lost_note_names_the_scenario_and_the_stages_and_the_maps_own_items() -> None:
    journey = _map(scenario="Moves house",
                   stage={"opportunities": [{"text": "Call back"}]},
                   pain_points=[{"text": "Slow everywhere"}])
    lost = FORMATS["mermaid"].write(journey, WriteOptions()).lost
    assert lost == ["scenario", "pain points (of the whole journey)",
                    "opportunities (of stages)"]


def _sheet_problems(text: str, tmp_path: Path) -> list[str]:
    from cjm.convert import problem_text

    converted = convert(text.encode(), "steps.csv", FORMATS["csv"], FORMATS["yaml"],
                        context=context_for(tmp_path))
    return [problem_text(p, FORMATS["csv"]) for p in converted.problems]


def test_yes_no_cells_refuse_what_is_neither_with_the_cell(tmp_path: Path) -> None:
    lines = _sheet_problems("title,T\n\nStage,Step,Emotion,Emotion assumed,Pain points\n"
                            "A,One,1,maybe,Slow | assumed: perhaps\n"
                            "A,Two,1,TRUE,Slow | assumed: y\nA,Three,1,0,Slow | assumed: No\n"
                            "A,Four,1,,Slow\n", tmp_path)
    assert [line.split(" [")[0] for line in lines] == [
        "steps.csv:4:D: error", "steps.csv:4:E: error"]
    assert "'maybe'" in lines[0] and "'perhaps'" in lines[1]
    read = read_map(b"title,T\n\nStage,Step,Emotion,Emotion assumed,Pain points\n"
                    b"A,One,1,Y,Slow | assumed: 1\nA,Two,1,n,Slow | assumed: false\n",
                    "s.csv", FORMATS["csv"], None)
    assert read.journey is not None, read.problems
    steps = [step for _, step in read.journey.all_steps()]
    assert [(s.emotion_assumed, s.pain_points[0].assumed) for s in steps] == [
        (True, True), (False, False)]


def test_a_repeated_id_in_a_sheet_names_the_row_it_was_first_used_on(tmp_path: Path) -> None:
    lines = _sheet_problems("title,T\n\nStage,Step,Step id\nA,One,one\nA,Two,one\n",
                            tmp_path)
    assert lines == ['steps.csv:5:C: error [duplicate-id] the step id "one" is already used '
                     "on row 4; ids must be unique across the map"]


def test_the_id_part_comes_last_in_a_cell() -> None:
    journey = _map(stage={"metrics": [{"id": "k", "name": "M", "value": 1}],
                          "steps": [{"id": "a", "name": "A", "pain_points": [
                              {"id": "slow", "text": "Slow", "severity": "high",
                               "assumed": True}]}]})
    text = FORMATS["csv"].write(journey, WriteOptions()).data.decode("utf-8-sig")
    assert "Slow | severity: high | assumed: yes | id: slow" in text
    assert "M | value: 1 | id: k" in text


def test_an_inline_persona_writes_its_id_first_and_quotes_fact_labels() -> None:
    from cjm.convert.yaml_writer import dump

    journey = _map(persona={"id": "pp", "name": "P", "facts": {
        "@home": 3, "=x": "a", "+1": "b", "age": 40, "it's": "c"}})
    text = dump(journey, "s.json")
    assert "persona:\n  id: pp\n  name: P\n" in text
    assert ("    '@home': 3\n    '=x': a\n    '+1': b\n    age: 40\n    it's: c\n"
            in text)
    back = read_map(text.encode(), "m.cjm.yaml", FORMATS["yaml"], None)
    assert back.journey is not None, back.problems
    assert dumped(back.journey) == dumped(journey)


def test_the_maps_own_pain_points_and_opportunities_are_rows_a_person_edits() -> None:
    journey = _map(pain_points=[{"id": "slow", "text": "Slow everywhere", "severity": "high"}],
                   opportunities=[{"text": "Faster pages", "addresses": ["slow"]}])
    text = FORMATS["csv"].write(journey, WriteOptions()).data.decode("utf-8-sig")
    assert "pain point,Slow everywhere | severity: high | id: slow\r\n" in text
    assert "opportunity,Faster pages | status: idea | addresses: slow\r\n" in text
    edited = text.replace("Slow everywhere | severity: high", "Slow | severity: low")
    back = read_map(edited.encode(), "s.csv", FORMATS["csv"], None)
    assert back.journey is not None, back.problems
    assert [(p.text, p.severity) for p in back.journey.pain_points] == [("Slow", "low")]
    assert back.journey.opportunities[0].addresses == ["slow"]


FACTS = {"age": 34, "age text": "34", "height": 1.0, "tools": ["Excel", "Ghent, BE"],
         "one tool": ["Excel"], "no tools": [], "nothing": "", "=x": "=SUM(A1)",
         "a: b": "[a]", " spaced ": '"q"', "tiny": 5e-324, "rate": -2.5e-3}


def test_persona_facts_are_rows_a_person_edits_one_per_fact() -> None:
    journey = _map(persona={"id": "p", "name": "P", "facts": FACTS})
    text = FORMATS["csv"].write(journey, WriteOptions()).data.decode("utf-8-sig")
    assert ("persona fact: age,34\r\n"
            'persona fact: age text,"""34"""\r\n'
            "persona fact: height,1.0\r\n"
            'persona fact: tools,"[Excel, ""Ghent, BE""]"\r\n'
            "persona fact: one tool,[Excel]\r\n"
            "persona fact: no tools,[]\r\n"
            'persona fact: nothing,""""""\r\n'
            "persona fact: =x,'=SUM(A1)\r\n"
            'persona fact: a: b,"""[a]"""\r\n'
            '"persona fact: "" spaced """,\"""\\""q\\"""""\r\n'
            "persona fact: tiny,5e-324\r\n"
            "persona fact: rate,-0.0025\r\n") in text
    # A person changes the age, adds a fact and a tool, and writes a number as text.
    edited = (text.replace("persona fact: age,34", "Persona Fact:  age ,35\r\n"
                                                   "persona fact: zip,\"\"\"1000\"\"\"\r\n"
                                                   "persona fact: pets,2")
              .replace('"[Excel, ""Ghent, BE""]"', '"[Excel,Slack , Ghent]"'))
    back = read_map(edited.encode(), "s.csv", FORMATS["csv"], None)
    assert back.journey is not None, back.problems
    assert isinstance(back.journey.persona, InlinePersona)
    facts = back.journey.persona.facts
    assert (facts["age"], facts["zip"], facts["pets"]) == (35, "1000", 2)
    assert facts["tools"] == ["Excel", "Slack", "Ghent"]
    assert {k: v for k, v in facts.items() if k not in ("age", "zip", "pets", "tools")} == {
        k: v for k, v in FACTS.items() if k not in ("age", "tools")}


def test_in_xlsx_a_number_fact_is_a_number_cell_and_a_text_a_text_cell(tmp_path: Path) -> None:
    import openpyxl

    journey = _map(persona={"id": "p", "name": "P", "facts": FACTS})
    sheet_path = tmp_path / "s.xlsx"
    sheet_path.write_bytes(FORMATS["xlsx"].write(journey, WriteOptions()).data)
    book = openpyxl.load_workbook(sheet_path)
    rows = {row[0].value: row[1] for row in book["Journey"].iter_rows(max_col=2)
            if str(row[0].value).startswith("persona fact")}
    assert rows["persona fact: age"].data_type == "n" and rows["persona fact: age"].value == 34
    assert rows["persona fact: height"].value == 1.0
    assert isinstance(rows["persona fact: height"].value, float)
    assert rows["persona fact: tiny"].value == 5e-324
    assert rows["persona fact: age text"].data_type == "s"
    assert rows["persona fact: age text"].value == '"34"'
    # As a person types in a spreadsheet: a number, and a text cell that holds digits.
    rows["persona fact: age"].value = 36
    rows["persona fact: age text"].value = "36"
    rows["persona fact: age text"].data_type = "s"
    book.save(sheet_path)
    back = read_map(sheet_path.read_bytes(), "s.xlsx", FORMATS["xlsx"], None)
    assert back.journey is not None, back.problems
    assert isinstance(back.journey.persona, InlinePersona)
    assert back.journey.persona.facts["age"] == 36
    assert back.journey.persona.facts["age text"] == "36"


def test_a_sheet_with_the_older_json_facts_row_still_reads() -> None:
    text = ('title,T\npersona name,P\npersona facts,"{""age"": 34, ""tools"": [""Excel""]}"\n'
            "\nStage,Step\nS,A\n")
    back = read_map(text.encode(), "s.csv", FORMATS["csv"], None)
    assert back.journey is not None, back.problems
    assert isinstance(back.journey.persona, InlinePersona)
    assert back.journey.persona.facts == {"age": 34, "tools": ["Excel"]}


def test_every_bad_fact_row_is_reported_at_its_cell(tmp_path: Path) -> None:
    lines = _sheet_problems(
        "title,T\npersona name,P\npersona fact: tools,\"[Excel,, Slack]\"\n"
        "persona fact:,34\npersona fact: age,34\npersona fact: AGE,35\npersona fact: age,36\n"
        'persona fact: cities,"[""Ghent, BE]"\npersona fact: huge,1e999\n'
        "\nStage,Step\nS,A\n", tmp_path)
    assert lines == [
        "steps.csv:3:B: error [invalid-value] the fact 'tools' has an empty item in its "
        'list; remove the extra comma, or write an empty text as ""',
        "steps.csv:4:A: error [missing-field] the fact has no label: write it after the "
        "colon, like `persona fact: age`",
        "steps.csv:7:A: error [duplicate-key] the fact 'age' is already on row 5; keep one",
        "steps.csv:8:B: error [invalid-value] the fact 'cities' has an item that cannot be "
        "read; write a list as `[a, b]`, with an item that holds a comma, a bracket or a "
        'quote mark in double quotes (`["Ghent, BE", Slack]`)',
        'steps.csv:9:B: error [invalid-value] "huge": inf is not a number a map can hold; '
        "write a finite number, or quote it if it is text",
    ]


@pytest.mark.parametrize("target", ["csv", "xlsx", "yaml", "json"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=st.dictionaries(FACT_LABELS, FACT_VALUES, min_size=1, max_size=6))
def test_persona_facts_of_every_kind_come_back_the_same(facts: dict[str, object],
                                                        target: str) -> None:
    journey = _map(persona={"id": "p", "name": "P", "facts": facts})
    assert dumped(convert_map(journey, target)) == dumped(journey)


def _broken_workbooks(tmp_path: Path) -> dict[str, bytes]:
    """What reaches cjm named .xlsx without being a workbook it can read."""
    import io
    import zipfile

    good = FORMATS["xlsx"].write(_map(), WriteOptions()).data

    def rewritten(change: Callable[[str, bytes], bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, \
                zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                target.writestr(item, change(item.filename, source.read(item.filename)))
        return buffer.getvalue()

    sheet = "xl/worksheets/sheet1.xml"
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "hello")
    opendocument = io.BytesIO()  # an .ods file starts with its uncompressed `mimetype`
    with zipfile.ZipFile(opendocument, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return {
        "empty": b"",
        "binary": bytes(range(256)) * 8,
        "csv": FORMATS["csv"].write(_map(), WriteOptions()).data,
        "cut short": good[: len(good) // 2],
        "old excel": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "opendocument": opendocument.getvalue(),
        "another zip": other_zip.getvalue(),
        "broken xml": rewritten(lambda name, data: data[: len(data) // 2]
                                if name == sheet else data),
        "a word for a number": rewritten(lambda name, data: data.replace(
            b"<v>1</v>", b"<v>abc</v>", 1) if name == sheet else data),
    }


def test_a_file_that_is_no_readable_workbook_is_an_error_at_1_a(tmp_path: Path) -> None:
    expected = {
        "empty": "the file is empty",
        "binary": "an XLSX file is a zip archive, and this file is not one",
        "csv": "this is text, not an XLSX workbook; if it is a CSV sheet, name it .csv or "
               "give --from csv",
        "cut short": "an XLSX file is a zip archive, and this file is not one, or it is cut "
                     "short",
        "old excel": "this is an older Excel workbook (.xls)",
        "opendocument": "this is an OpenDocument sheet (.ods)",
        "another zip": "the workbook cannot be read: it is damaged, or it is a zip archive "
                       "but not an XLSX workbook",
        "broken xml": "the workbook cannot be read: it is damaged",
        "a word for a number": "the workbook cannot be read: it is damaged",
    }
    for name, data in _broken_workbooks(tmp_path).items():
        source = tmp_path / f"{name}.xlsx"
        source.write_bytes(data)
        result = runner.invoke(app, ["convert", str(source), "-o", str(tmp_path / "x.json")])
        assert result.exit_code == 1, (name, result.output)
        assert result.stderr.startswith(f"{source}:1:A: error [encoding] "), name
        assert expected[name] in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert not (tmp_path / "x.json").exists()


def test_a_workbook_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import select

    cjm = shutil.which("cjm", path=str(Path(sys.executable).parent))
    assert cjm is not None
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run([cjm, "convert", str(EXAMPLE_MAPS[0]), "-o", "-", "--to",
                               "xlsx"], stdout=terminal, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)
        shown = os.read(controller, 65536) if select.select([controller], [], [], 0)[0] else b""
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2
    assert done.stderr == ("cjm: XLSX is binary and standard output is a terminal; write it "
                           "to a file (-o map.xlsx) or pipe it to a program\n")
    assert b"PK" not in shown
    piped = subprocess.run([cjm, "convert", str(EXAMPLE_MAPS[0]), "-o", "-", "--to", "xlsx"],
                           capture_output=True, timeout=60, check=True)
    assert piped.stdout.startswith(b"PK\x03\x04")


EDGE_NUMBERS = [5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, -0.0, 0.0,
                1e-5, 1e16, 0.1 + 0.2, 2.5e-3, 123456789.125, 3.0]


def test_written_floats_read_the_same_in_yaml_1_1_and_1_2() -> None:
    """PyYAML (YAML 1.1), the `yaml` package of npm (YAML 1.2, as editors read files) and
    cjm read every float cjm writes as that very float, in a metric and in a fact."""
    from cjm.convert.yaml_writer import dump
    from external import require_node_module

    journey = _map(persona={"id": "p", "name": "P", "facts": {
                       f"f{index}": number for index, number in enumerate(EDGE_NUMBERS)}},
                   stage={"metrics": [{"id": f"m{index}", "name": "M", "value": number}
                                      for index, number in enumerate(EDGE_NUMBERS)]})
    text = dump(journey, "s.json")
    assert "value: 5.0e-324\n" in text and "value: -0.0\n" in text and "f11: 3.0\n" in text
    expected = [repr(number) for number in EDGE_NUMBERS]

    def floats(document: dict[str, Any]) -> tuple[list[str], list[str]]:
        facts = document["persona"]["facts"]
        return ([repr(float(m["value"])) for m in document["stages"][0]["metrics"]],
                [repr(facts[f"f{index}"]) for index in range(len(EDGE_NUMBERS))])

    pyyaml = yaml.safe_load(text)
    assert floats(pyyaml) == (expected, expected)
    assert all(type(value) is float for value in pyyaml["persona"]["facts"].values())
    folder = require_node_module("yaml")
    script = ("const YAML = require(process.argv[1]); let text = '';"
              "process.stdin.on('data', c => text += c).on('end', () => {"
              "const d = YAML.parse(text);"  # YAML 1.2 core schema, the package's default
              "const show = v => Object.is(v, -0) ? '-0.0' : String(v);"
              "console.log(JSON.stringify([d.stages[0].metrics.map(m => show(m.value)),"
              "Object.values(d.persona.facts).map(show)]));});")
    done = subprocess.run(["node", "-e", script, str(folder)], input=text, text=True,
                          capture_output=True, timeout=60, check=True)
    metrics, facts = json.loads(done.stdout)
    assert [float(v) for v in metrics] == EDGE_NUMBERS == [float(v) for v in facts]
    assert metrics[4] == "-0.0" == facts[4]
    back = read_map(text.encode(), "m.cjm.yaml", FORMATS["yaml"], None)
    assert back.journey is not None, back.problems
    assert dumped(back.journey) == dumped(journey)


def test_a_cell_under_no_header_is_reported_not_dropped(tmp_path: Path) -> None:
    lines = _sheet_problems("title,T\n\nStage,Step,,Emotion\nA,One,lost,1\nA,Two,,,stray\n"
                            "A,Three,,,,\n", tmp_path)
    assert lines == [
        f"steps.csv:{row}: warning [unknown-column] this cell is under no column header, "
        "so it is not read; give its column a header or move the text"
        for row in ("4:C", "5:E")]


MULTILINE = {"title": "Moving house", "scenario": "Line one\nline two.\n",
             "description": "Nestling before.\n",
             "persona": {"id": "p", "name": "Ana", "description": "Busy.\nCareful.\n",
                         "quote": "Just tell me\nwhen.", "goals": ["a\nb"]},
             "owner": r"C:\new | team"}


def test_a_text_of_one_cell_shows_its_line_breaks_as_line_breaks(tmp_path: Path) -> None:
    import csv
    import io

    import openpyxl

    journey = _map(**MULTILINE)
    text = FORMATS["csv"].write(journey, WriteOptions()).data.decode("utf-8-sig")
    cells = {row[0]: row[1] for row in csv.reader(io.StringIO(text, newline="")) if row}
    assert cells["scenario"] == "Line one\nline two.\n"  # quoted, with real line breaks
    assert '"Nestling before.\n"' in text
    assert cells["persona description"] == "Busy.\nCareful.\n"
    assert cells["persona quote"] == "Just tell me\nwhen."
    assert cells["persona goals"] == r"a\nb"  # one per line: a line break stays `\n`
    assert cells["owner"] == r"C:\\new | team"  # a backslash that would start an escape
    sheet = tmp_path / "map.xlsx"
    sheet.write_bytes(FORMATS["xlsx"].write(journey, WriteOptions()).data)
    rows = {row[0].value: row[1] for row in openpyxl.load_workbook(sheet).active.iter_rows()
            if row[0].value}
    assert rows["description"].value == "Nestling before.\n"
    assert rows["description"].alignment.wrap_text
    for target in ("csv", "xlsx"):
        assert dumped(convert_map(journey, target)) == dumped(journey)


def test_a_sheet_with_escaped_line_breaks_from_earlier_versions_still_reads() -> None:
    sheet = ("id,m\ntitle,Moving house\n"
             "scenario,Line one\\nline two.\\n\n"
             "description,Nestling before.\\n\n"
             "owner,C:\\\\new \\| team\n"
             "persona name,Ana\npersona id,p\n"
             "persona description,Busy.\\nCareful.\\n\n"
             "persona quote,Just tell me\\nwhen.\n"
             "persona goals,a\\nb\n"
             "\nStage,Stage id,Step,Step id,Emotion\nS,s,A,a,1\n")
    back = read_map(sheet.encode(), "old.csv", FORMATS["csv"], None)
    assert back.journey is not None, back.problems
    assert dumped(back.journey) == dumped(_map(**MULTILINE))


def test_spaces_typed_around_a_maps_text_are_not_part_of_it() -> None:
    sheet = ("title,  Moving house \n"
             'description," Nestling before.\n  "\n'
             "persona name, Ana \n"
             "\nStage,Step\nS,A\n")
    back = read_map(sheet.encode(), "typed.csv", FORMATS["csv"], None)
    assert back.journey is not None, back.problems
    assert back.journey.title == "Moving house"
    assert back.journey.description == "Nestling before.\n"
    assert isinstance(back.journey.persona, InlinePersona)
    assert back.journey.persona.name == "Ana"
