"""Whatever bytes a file holds, cjm answers with problems, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.load import load_bytes
from cjm.report import VALIDATE_REPORTERS

runner = CliRunner()
YAMLISH = st.lists(
    st.sampled_from([*"abc:-[]{}&*!|>'\"#%@`,?\n\t 0129.~<=\\", "no", "- ", ": ", "\n  "]),
    max_size=120,
).map("".join)
PREFIX = "cjm: 1\nkind: journey\ntitle: T\nstages:\n  - name: S\n"


def _validate(content: bytes) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.cjm.yaml"
        path.write_bytes(content)
        result = runner.invoke(app, ["validate", "--format", "json", str(path)])
        assert path.read_bytes() == content
        return result.exit_code, result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes(content: bytes) -> None:
    code, output = _validate(content)
    assert code in (0, 1), output
    assert "Traceback" not in output


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_arbitrary_yamlish_text(text: str) -> None:
    code, output = _validate(text.encode())
    assert code in (0, 1), output
    code, output = _validate((PREFIX + text).encode())
    assert code in (0, 1), output


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_loader_never_raises(text: str) -> None:
    loaded = load_bytes(text.encode("utf-8", "surrogatepass"), "f")
    assert loaded.source is not None or loaded.problems
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.column >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | YAMLISH.map(lambda text: (PREFIX + text).encode()))
def test_diff_of_arbitrary_files(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        good = Path(folder) / "good.cjm.yaml"
        good.write_text(PREFIX, encoding="utf-8")
        other = Path(folder) / "other.cjm.yaml"
        other.write_bytes(content)
        for arguments in ([str(good), str(other)], [str(other), str(good)]):
            result = runner.invoke(app, ["diff", "--format", "json", *arguments])
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
        assert other.read_bytes() == content


# Mutated maps: a real example with lines dropped, repeated or given hostile values, so
# the maps are mostly valid and reach the rules, the reporters, the drawing and the diff.
EXAMPLE = (Path(__file__).parent.parent / "examples" / "maps" /
           "first-online-purchase.cjm.yaml").read_text(encoding="utf-8")
HOSTILE_VALUES = [
    "9999-12-31", "99999d", "0x_", "0b_", "9" * 5000, ".nan", "-.inf", "1.0e+999",
    '"::error file=x::forged"', '"##[error]x"', '"a\\u2028b"', '"\\u200b" ', "~", "[]", "{}",
    '"' + "\u0301" * 300 + '"', "yes", "2026-02-30", '"\\U0001F600→↻"', "-3", "&a x", "*a",
]
MUTATION = st.tuples(st.sampled_from(["drop", "repeat", "value"]), st.integers(0, 10_000),
                     st.sampled_from(HOSTILE_VALUES))


def _mutated(mutations: list[tuple[str, int, str]]) -> str:
    lines = EXAMPLE.splitlines()
    for kind, index, value in mutations:
        at = index % len(lines)
        if kind == "drop":
            del lines[at]
        elif kind == "repeat":
            lines.insert(at, lines[at])
        elif ": " in lines[at]:
            lines[at] = lines[at].split(": ", 1)[0] + ": " + value
    return "\n".join(lines) + "\n"


def _odd_files(folder: Path) -> int:
    """A FIFO, a link to /dev/null and an empty folder named like maps; how many files."""
    import os
    import sys

    if sys.platform == "win32":
        return 0
    os.mkfifo(folder / "pipe.cjm.yaml")
    (folder / "null.cjm.yaml").symlink_to(os.devnull)
    (folder / "folder.cjm.yaml").mkdir()
    return 2  # the folder is walked, not read


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATION, min_size=1, max_size=6), st.lists(MUTATION, max_size=3))
def test_every_command_and_reporter_on_mutated_maps(
        first: list[tuple[str, int, str]], second: list[tuple[str, int, str]]) -> None:
    import json
    from xml.etree import ElementTree

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        old, new = folder / "old.cjm.yaml", folder / "new.cjm.yaml"
        old.write_text(_mutated(first), encoding="utf-8")
        new.write_text(_mutated(first + second), encoding="utf-8")
        files = 2 + _odd_files(folder)
        contents = {path: path.read_bytes() for path in (old, new)}
        for output_format in VALIDATE_REPORTERS:
            result = runner.invoke(app, ["validate", "--format", output_format, str(folder)])
            assert result.exit_code in (0, 1, 2), result.output
            assert "Traceback" not in result.output
            text = result.stdout_bytes.decode("utf-8")
            if output_format == "json":
                assert json.loads(text)["files"] == files
            if output_format == "sarif":
                assert len(json.loads(text)["runs"][0]["artifacts"]) == files
            if output_format == "codequality":
                issues = json.loads(text)
                assert len({issue["fingerprint"] for issue in issues}) == len(issues)
                assert {issue["location"]["path"] for issue in issues} <= {
                    path.as_posix() for path in folder.iterdir()}
            if output_format == "junit":
                suites = ElementTree.fromstring(result.stdout_bytes).iter("testsuite")
                assert len(list(suites)) == files
        for arguments in (["render", "--format", "dot", "-o", "-", str(new)],
                          ["diff", "--format", "json", str(old), str(new)],
                          ["diff", str(old), str(new)]):
            result = runner.invoke(app, arguments)
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
        assert {path: path.read_bytes() for path in (old, new)} == contents
