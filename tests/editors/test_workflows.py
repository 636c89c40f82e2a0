"""Every GitHub Actions workflow cjm writes (`cjm init`) or documents (README, docs/)
passes zizmor and the GitHub workflow schema, and installs cjm at a revision the docs
explain.

The schema is SchemaStore's github-workflow.json, kept next to this test
(github-workflow.schema.md says where it comes from).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cjm import __version__
from cjm.init import PLACEHOLDER_REPO, cjm_source, create_workspace, planned_files
from external import require_program

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "github-workflow.schema.json").read_text("utf-8"))
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_YAML_BLOCK = re.compile(r"^(`{3,})ya?ml\n(.*?)^\1$", re.M | re.S)
# `uses: owner/repo[/path]@<40 hex> # vX.Y.Z`
_PINNED = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def yaml_blocks(path: Path) -> list[str]:
    return [match.group(2) for match in _YAML_BLOCK.finditer(path.read_text("utf-8"))]


def documented_workflows() -> dict[str, str]:
    """Each YAML block of the docs that is a whole workflow (it has `jobs:`), by place."""
    found = {}
    for path in DOCUMENTS:
        for number, block in enumerate(yaml_blocks(path), 1):
            if re.search(r"^jobs:", block, re.M):
                found[f"{path.relative_to(ROOT)} block {number}"] = block
    return found


def written_workflows(tmp_path: Path) -> dict[str, str]:
    create_workspace(tmp_path)
    return {f"cjm init: {p.relative_to(tmp_path)}": p.read_text("utf-8")
            for p in sorted((tmp_path / ".github" / "workflows").glob("*.yml"))}


def all_workflows(tmp_path: Path) -> dict[str, str]:
    return {**written_workflows(tmp_path), **documented_workflows()}


def load_workflow(text: str) -> dict[Any, Any]:
    """A workflow as GitHub reads it: YAML 1.1 makes the key `on` true, GitHub does not."""
    workflow: dict[Any, Any] = yaml.safe_load(text)
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def test_the_docs_document_workflows() -> None:
    places = documented_workflows()
    assert any(place.startswith("docs/ci.md") for place in places)
    assert any(place.startswith("docs/diff.md") for place in places)


def test_every_workflow_matches_the_github_workflow_schema(tmp_path: Path) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA)
    for place, text in all_workflows(tmp_path).items():
        workflow = load_workflow(text)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(workflow)]
        assert not errors, f"{place}: {errors}"


def test_every_workflow_is_hardened(tmp_path: Path) -> None:
    for place, text in all_workflows(tmp_path).items():
        workflow = load_workflow(text)
        assert workflow["permissions"] == {}, place
        for name, job in workflow["jobs"].items():
            where = f"{place}, job {name}"
            assert int(job["timeout-minutes"]) <= 30, where
            assert job["permissions"]["contents"] == "read", where
            uploads_sarif = any("upload-sarif" in step.get("uses", "") for step in job["steps"])
            assert ("security-events" in job["permissions"]) == uploads_sarif, where
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{where}: {step['run']}"
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, where
        for line in text.splitlines():
            if "uses:" in line:
                assert _PINNED.search(line.strip()), f"{place}: {line.strip()}"


def test_zizmor_finds_nothing_in_any_workflow(tmp_path: Path) -> None:
    zizmor = require_program("zizmor")
    folder = tmp_path / "workflows"
    folder.mkdir()
    for number, text in enumerate(all_workflows(tmp_path / "workspace").values()):
        (folder / f"workflow-{number}.yml").write_text(text, "utf-8")
    done = subprocess.run([zizmor, "--offline", "--no-progress", "--format", "plain",
                           *sorted(map(str, folder.iterdir()))],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


# The pins: the generated configs name a revision that docs/ci.md's "Pinning cjm" explains.

def pinning_section() -> str:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    return text[text.index("## Pinning cjm"):]


def test_without_a_git_origin_the_configs_pin_the_tag_the_docs_say_to_make(
        tmp_path: Path) -> None:
    source = cjm_source("{}")
    tag = f"v{__version__}"
    assert (source.repo, source.rev) == (PLACEHOLDER_REPO, tag)
    create_workspace(tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))
    assert [(r["repo"], r["rev"]) for r in config["repos"]] == [(PLACEHOLDER_REPO, tag)]
    workflow = (tmp_path / ".github" / "workflows" / "cjm.yml").read_text("utf-8")
    assert f'"cjm @ git+{PLACEHOLDER_REPO}@{tag}"' in workflow
    for text in ((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"), workflow):
        assert f"git tag {tag} && git push origin {tag}" in text
        assert '"Pinning cjm" in cjm\'s docs/ci.md' in text
    section = pinning_section()
    assert f"git tag {tag}" in section and f"git push origin {tag}" in section
    assert PLACEHOLDER_REPO in section


def test_installed_from_git_the_configs_pin_that_repository_and_commit(
        tmp_path: Path) -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    record = json.dumps({"url": "https://git.example.com/cx/cjm",
                         "vcs_info": {"vcs": "git", "commit_id": commit,
                                      "requested_revision": "v0.1.0"}})
    source = cjm_source(record)
    assert (source.repo, source.rev) == ("https://git.example.com/cx/cjm", commit)
    files = {str(f.path): f.content.decode() for f in planned_files(dt.date(2026, 1, 1), source)}
    config = yaml.safe_load(files[".pre-commit-config.yaml"])
    assert config["repos"][0]["rev"] == commit
    assert f'"cjm @ git+https://git.example.com/cx/cjm@{commit}"' in files[
        ".github/workflows/cjm.yml"]
    assert "The commit of v0.1.0 that cjm was installed from." in files[".pre-commit-config.yaml"]
    assert "full commit id it was\ninstalled at" in pinning_section()


@pytest.mark.parametrize("record", [
    "not json", "[]", '{"url": "https://x.example/c#evil", "vcs_info": {"vcs": "git", '
    '"commit_id": "0123456789abcdef0123456789abcdef01234567"}}',
    '{"url": "https://x.example/c", "vcs_info": {"vcs": "git", "commit_id": "main"}}',
    '{"url": "file:///home/me/cjm", "dir_info": {"editable": true}}',
])
def test_an_odd_install_record_falls_back_to_the_documented_tag(record: str) -> None:
    assert cjm_source(record).rev == f"v{__version__}"


def test_no_doc_pins_a_revision_it_does_not_explain() -> None:
    for path in [*DOCUMENTS, ROOT / ".pre-commit-hooks.yaml"]:
        text = path.read_text("utf-8")
        for rev in re.findall(r"(?:rev: |cjm@)(\S+?)[\"\s]", text):
            assert rev == f"v{__version__}", f"{path.relative_to(ROOT)} pins cjm at {rev}"
