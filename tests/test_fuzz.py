"""Whatever bytes a file holds, cjm answers with problems, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.load import load_bytes

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
