"""`cjm init` checks everything before it writes, and never writes through a link."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cjm.init import create_workspace
from cjm.problems import CjmError


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("blocker", ["maps", "schemas", ".github/workflows"])
def test_a_file_where_a_folder_goes_writes_nothing(tmp_path: Path, blocker: str) -> None:
    (tmp_path / blocker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocker).write_text("mine", encoding="utf-8")
    before = _everything(tmp_path)
    with pytest.raises(CjmError, match="is a file where cjm init needs a folder"):
        create_workspace(tmp_path)
    assert _everything(tmp_path) == before


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_a_symlinked_folder_out_of_the_workspace_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "personas").symlink_to(outside)
    with pytest.raises(CjmError, match="is a symbolic link"):
        create_workspace(workspace)
    assert list(outside.iterdir()) == []
    assert _everything(workspace) == ["personas"]


def test_a_failure_half_way_removes_what_was_written(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk on the fourth file (planted: a disk cannot be filled here safely)."""
    import cjm.init as init

    written: list[Path] = []
    real = init.write_output

    def filling(path: Path, data: bytes) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device", str(path))
        real(path, data)
        written.append(path)

    monkeypatch.setattr(init, "write_output", filling)
    with pytest.raises(CjmError, match="No space left on device; nothing was left behind"):
        create_workspace(tmp_path / "new")
    assert not (tmp_path / "new").exists()
