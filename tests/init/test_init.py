"""`cjm init`: a new workspace that validates clean, and never an overwritten file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from cjm import __version__
from cjm.cli.app import app
from cjm.init import create_workspace
from cjm.load import load_file

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    "cjm.yaml",
    "personas/new-customer.cjm.yaml",
    "maps/first-purchase.cjm.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/cjm.yml",
    "schemas/cjm.schema.json",
    "schemas/journey.schema.json",
    "schemas/persona.schema.json",
    "schemas/workspace.schema.json",
]


def init(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["init", *args])
    return result.exit_code, result.output


def all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_into_a_new_folder_creates_the_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    code, output = init(str(folder))
    assert code == 0
    assert all_files(folder) == set(FILES)
    for name in FILES:
        assert str(folder / name) in output


def test_the_new_workspace_validates_clean_with_strict(tmp_path: Path) -> None:
    assert init(str(tmp_path))[0] == 0
    result = CliRunner().invoke(app, ["validate", "--strict", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, "2 files checked, no problems\n")


def test_the_example_map_is_reviewed_on_the_day_of_init(tmp_path: Path) -> None:
    create_workspace(tmp_path, today=dt.date(2026, 2, 3))
    data = load_file(tmp_path / "maps" / "first-purchase.cjm.yaml").source
    assert data is not None
    assert data.data["reviewed"] == dt.date(2026, 2, 3)
    # Still clean the day the review falls due, overdue (an error by cjm.yaml) a day later.
    for today, code in (("2026-05-03", 0), ("2026-05-04", 1)):
        result = CliRunner().invoke(app, ["validate", "--today", today, str(tmp_path)])
        assert result.exit_code == code, result.output


def test_init_into_a_non_empty_folder_keeps_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Our maps\n")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "onboarding.cjm.yaml").write_text("keep me\n")
    code, _ = init(str(tmp_path))
    assert code == 0
    assert all_files(tmp_path) == {*FILES, "README.md", "maps/onboarding.cjm.yaml"}
    assert (tmp_path / "maps" / "onboarding.cjm.yaml").read_text() == "keep me\n"


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "cjm.yml").write_text("name: ours\n")
    code, output = init(str(tmp_path))
    assert code == 2
    assert "these files already exist: cjm.yaml, .github/workflows/cjm.yml" in output
    assert "never overwrites" in output
    assert all_files(tmp_path) == {"cjm.yaml", ".github/workflows/cjm.yml"}
    assert (tmp_path / "cjm.yaml").read_text() == "cjm: 1\n"


def test_init_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    code, output = init(str(tmp_path / "notes.txt"))
    assert code == 2
    assert "not a folder" in output


def test_init_defaults_to_the_current_folder(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert init()[0] == 0
    assert all_files(tmp_path) == set(FILES)


def test_modelines_point_at_schemas_that_accept_the_files(tmp_path: Path) -> None:
    create_workspace(tmp_path)
    for name in ("cjm.yaml", "personas/new-customer.cjm.yaml", "maps/first-purchase.cjm.yaml"):
        path = tmp_path / name
        first_line = path.read_text().splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first_line.startswith(prefix)
        schema_path = (path.parent / first_line.removeprefix(prefix)).resolve()
        schema = json.loads(schema_path.read_text())
        document = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.Draft7Validator(schema).validate(document)


def test_pre_commit_config_uses_cjms_hook(tmp_path: Path) -> None:
    create_workspace(tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    published = [hook["id"] for hook in
                 yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())]
    assert repo["hooks"] == [{"id": "cjm-validate-workspace"}]
    assert "cjm-validate-workspace" in published
    assert repo["rev"] == f"v{__version__}"


def test_workflow_installs_cjm_and_annotates_pull_requests(tmp_path: Path) -> None:
    create_workspace(tmp_path)
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "cjm.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [f'python -m pip install "cjm @ git+https://github.com/your-org/cjm@v{__version__}"',
                    "cjm validate --format github"]
    assert {"push", "pull_request"} <= set(workflow[True])  # YAML 1.1 reads `on` as true
