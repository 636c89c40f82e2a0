"""`cjm.git`: revisions, map files and their bytes at a revision, renames — in real repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from repos import GitRepo, run_git

from cjm.git import GitError, Repository, open_repository, split_range

# Long enough that a small edit keeps a renamed file similar enough for git to pair it.
MAP = "".join(f"# {{name}}: line {n}\n" for n in range(12))


def git(folder: Path, *arguments: str) -> str:
    return run_git(folder, *arguments)


class Repo(GitRepo):
    """A repository whose files default to a small text, long enough for git to pair
    renamed files."""

    def write(self, path: str, text: str | None = None) -> Path:
        return super().write(path, text if text is not None
                             else MAP.format(name=Path(path).name))

    def open(self, subfolder: str = "") -> Repository:
        return open_repository(self.root / subfolder)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """v1: two maps, a workspace file and a note; v2 (HEAD): one map changed, one added."""
    made = Repo(tmp_path / "project")
    made.write("cjm.yaml", "maps: [maps]\n")
    made.write("maps/checkout.cjm.yaml")
    made.write("maps/support.cjm.yml")
    made.write("notes/readme.txt", "not a map\n")
    made.commit("first", tag="v1")
    made.write("maps/checkout.cjm.yaml", MAP.format(name="checkout.cjm.yaml") + "# changed\n")
    made.write("maps/onboarding.cjm.yaml")
    made.commit("second", tag="v2")
    return made


# split_range

@pytest.mark.parametrize(("spec", "expected"), [
    ("main", ("main", None)),
    ("v1..v2", ("v1", "v2")),
    ("v1..", ("v1", None)),
    ("..v2", ("HEAD", "v2")),
    ("HEAD~2..HEAD", ("HEAD~2", "HEAD")),
    ("main...feature", ("main...feature", "feature")),
    ("main...", ("main...HEAD", None)),
    ("...feature", ("HEAD...feature", "feature")),
    ("@{u}", ("@{u}", None)),
])
def test_split_range(spec: str, expected: tuple[str, str | None]) -> None:
    assert split_range(spec) == expected


@pytest.mark.parametrize("spec", ["", "..", "..."])
def test_split_range_without_a_revision_is_an_error(spec: str) -> None:
    with pytest.raises(GitError):
        split_range(spec)


# Opening and resolving

def test_open_repository_finds_the_top_from_a_subfolder(repo: Repo) -> None:
    opened = repo.open("maps")
    assert opened.root == repo.root.resolve()
    assert opened.cwd == (repo.root / "maps").resolve()


def test_not_a_repository_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(GitError, match="is not inside a git repository") as caught:
        open_repository(folder)
    assert "cjm diff OLD NEW" in caught.value.message


def test_a_bare_repository_has_no_work_tree(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--bare", "bare.git")
    with pytest.raises(GitError, match="without a work tree"):
        open_repository(tmp_path / "bare.git")


def test_missing_git_is_an_error_with_a_hint(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo.root / "nowhere"))
    with pytest.raises(GitError, match="git is not installed") as caught:
        open_repository(repo.root)
    assert "install" in caught.value.hint


def test_resolve_gives_full_commit_ids(repo: Repo) -> None:
    opened = repo.open()
    head = git(repo.root, "rev-parse", "HEAD")
    assert opened.resolve("v2") == opened.resolve("HEAD") == opened.resolve("main") == head
    assert opened.resolve("HEAD~1") == git(repo.root, "rev-parse", "v1")


def test_an_annotated_tag_resolves_to_its_commit(repo: Repo) -> None:
    git(repo.root, "tag", "-a", "-m", "release", "release", "v1")
    assert repo.open().resolve("release") == git(repo.root, "rev-parse", "v1^{commit}")


def test_three_dots_resolve_to_the_merge_base(repo: Repo) -> None:
    git(repo.root, "checkout", "-q", "-b", "feature", "v1")
    repo.write("maps/feature.cjm.yaml")
    repo.commit("feature")
    opened = repo.open()
    old, new = split_range("main...feature")
    assert opened.resolve(old) == opened.merge_base("main", "feature")
    assert opened.resolve(old) == git(repo.root, "rev-parse", "v1")
    assert new == "feature"


def test_three_dots_work_wherever_a_revision_does(repo: Repo) -> None:
    git(repo.root, "checkout", "-q", "-b", "feature", "v1")
    repo.write("maps/feature.cjm.yaml")
    repo.commit("feature")
    opened = repo.open()
    assert opened.map_files("main...feature", []) == opened.map_files("v1", [])
    assert opened.map_files("main...", []) == opened.map_files("v1", [])


def test_histories_without_a_common_commit_have_no_merge_base(repo: Repo) -> None:
    git(repo.root, "checkout", "-q", "--orphan", "unrelated")
    repo.commit("alone")
    with pytest.raises(GitError, match="no common history"):
        repo.open().merge_base("main", "unrelated")


@pytest.mark.parametrize("rev", ["nope", "v3", "HEAD~9", "", "a b", "-h", "--all", "v1\0x"])
def test_an_unknown_revision_is_an_error(repo: Repo, rev: str) -> None:
    with pytest.raises(GitError, match="unknown revision"):
        repo.open().resolve(rev)


def test_a_revision_that_looks_like_an_option_is_only_an_unknown_revision(
    tmp_path: Path, repo: Repo
) -> None:
    opened = repo.open()
    for rev in ("--output=x", f"--output={tmp_path / 'y'}", "-ox"):
        with pytest.raises(GitError, match="unknown revision"):
            opened.resolve(rev)
        with pytest.raises(GitError, match="unknown revision"):
            opened.map_files(rev, [])
        with pytest.raises(GitError, match="unknown revision"):
            opened.read(rev, "maps/checkout.cjm.yaml", 1000)
        with pytest.raises(GitError, match="unknown revision"):
            opened.renames(rev, None, [])
    written = [p for p in tmp_path.rglob("*") if p.name in ("x", "y", "ox")]
    assert written == []


def test_a_revision_with_shell_syntax_runs_no_shell(tmp_path: Path, repo: Repo) -> None:
    victim = repo.write("x", "still here\n")
    for rev in (";rm -rf x", "$(rm -rf x)", "`rm -rf x`", "v1 && rm -rf x", "v1|rm -rf x"):
        with pytest.raises(GitError, match="unknown revision"):
            repo.open().resolve(rev)
    assert victim.read_text(encoding="utf-8") == "still here\n"


def test_hostile_revision_text_is_quoted_in_the_message(repo: Repo) -> None:
    with pytest.raises(GitError) as caught:
        repo.open().resolve('x"\x1b[31m\n\u202e')
    message = caught.value.message
    assert "\x1b" not in message and "\n" not in message and "\u202e" not in message
    assert '"x\\"\\x1b[31m\\x0a\\u202e"' in message


def test_a_blob_or_tree_id_is_not_a_commit(repo: Repo) -> None:
    blob = git(repo.root, "rev-parse", "v1:maps/checkout.cjm.yaml")
    tree = git(repo.root, "rev-parse", "v1^{tree}")
    opened = repo.open()
    with pytest.raises(GitError, match="is a blob, not a commit"):
        opened.resolve(blob)
    with pytest.raises(GitError, match="is a tree, not a commit"):
        opened.resolve(tree)
    with pytest.raises(GitError, match="is a blob, not a commit"):
        opened.resolve("v1:maps/checkout.cjm.yaml")


def test_a_shallow_clone_says_so_for_an_older_revision(tmp_path: Path, repo: Repo) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.root.resolve().as_uri(), str(clone))
    opened = open_repository(clone)
    assert opened.resolve("HEAD") == git(repo.root, "rev-parse", "v2")
    with pytest.raises(GitError, match="shallow") as caught:
        opened.resolve("HEAD~1")
    assert "git fetch --unshallow" in caught.value.hint
    assert "fetch-depth: 0" in caught.value.hint


def test_an_unknown_revision_in_a_full_clone_does_not_mention_shallow(repo: Repo) -> None:
    with pytest.raises(GitError) as caught:
        repo.open().resolve("HEAD~5")
    assert "shallow" not in caught.value.message
    assert "unshallow" not in caught.value.hint


# Map files

def test_map_files_at_a_tag_and_at_head(repo: Repo) -> None:
    opened = repo.open()
    assert opened.map_files("v1", []) == ["maps/checkout.cjm.yaml", "maps/support.cjm.yml"]
    assert opened.map_files("HEAD", []) == [
        "maps/checkout.cjm.yaml", "maps/onboarding.cjm.yaml", "maps/support.cjm.yml"]


def test_map_files_in_the_working_tree(repo: Repo) -> None:
    repo.write(".gitignore", "ignored/\n*.tmp.cjm.yaml\n")
    repo.write("drafts/new.cjm.yaml")  # untracked: included
    repo.write("ignored/old.cjm.yaml")  # ignored: excluded
    repo.write("maps/scratch.tmp.cjm.yaml")  # ignored: excluded
    (repo.root / "maps/support.cjm.yml").unlink()  # tracked but deleted: absent
    assert repo.open().map_files(None, []) == [
        "drafts/new.cjm.yaml", "maps/checkout.cjm.yaml", "maps/onboarding.cjm.yaml"]


def test_a_staged_file_deleted_from_disk_is_absent(repo: Repo) -> None:
    repo.write("maps/staged.cjm.yaml")
    git(repo.root, "add", "maps/staged.cjm.yaml")
    (repo.root / "maps/staged.cjm.yaml").unlink()
    assert "maps/staged.cjm.yaml" not in repo.open().map_files(None, [])


def test_map_files_under_paths(repo: Repo) -> None:
    repo.write("other/elsewhere.cjm.yaml")
    repo.write("maps/journey.yaml")
    repo.commit("third")
    opened = repo.open()
    assert opened.map_files("HEAD", ["other"]) == ["other/elsewhere.cjm.yaml"]
    assert opened.map_files(None, ["other", "maps/support.cjm.yml"]) == [
        "maps/support.cjm.yml", "other/elsewhere.cjm.yaml"]
    # A file named explicitly is a map whatever its name; the workspace file never is.
    assert opened.map_files("HEAD", ["maps/journey.yaml", "cjm.yaml", "notes"]) == [
        "maps/journey.yaml"]
    assert opened.map_files(None, ["maps/journey.yaml"]) == ["maps/journey.yaml"]
    assert opened.map_files("v1", ["maps/journey.yaml", "missing"]) == []


def test_paths_do_not_match_by_prefix(repo: Repo) -> None:
    repo.write("map/near.cjm.yaml")
    repo.commit("near")
    assert repo.open().map_files("HEAD", ["map"]) == ["map/near.cjm.yaml"]


def test_map_files_from_a_subfolder(repo: Repo) -> None:
    repo.write("other/elsewhere.cjm.yaml")
    repo.commit("third")
    inside = repo.open("maps")
    everything = ["maps/checkout.cjm.yaml", "maps/onboarding.cjm.yaml",
                  "maps/support.cjm.yml", "other/elsewhere.cjm.yaml"]
    # No PATHS: the whole repository, wherever cjm runs.
    assert inside.map_files("HEAD", []) == everything
    assert inside.map_files(None, []) == everything
    # PATHS are relative to where cjm runs.
    assert inside.map_files("HEAD", ["."]) == everything[:3]
    assert inside.map_files("v1", ["checkout.cjm.yaml"]) == ["maps/checkout.cjm.yaml"]
    assert inside.map_files("HEAD", ["../other"]) == ["other/elsewhere.cjm.yaml"]
    assert inside.map_files(None, ["../other"]) == ["other/elsewhere.cjm.yaml"]
    assert inside.map_files(None, [str(repo.root / "other")]) == ["other/elsewhere.cjm.yaml"]


def test_a_path_outside_the_repository_is_an_error(tmp_path: Path, repo: Repo) -> None:
    with pytest.raises(GitError, match="outside the repository"):
        repo.open().map_files("HEAD", [str(tmp_path)])
    with pytest.raises(GitError, match="outside the repository"):
        repo.open("maps").map_files(None, ["../.."])


def test_pathspec_magic_in_paths_is_literal(repo: Repo) -> None:
    repo.write("odd/*.cjm.yaml")
    repo.write("odd/[a].cjm.yaml")
    repo.write("odd/:(top)x.cjm.yaml")
    repo.write("odd/a.cjm.yaml")
    repo.commit("odd")
    opened = repo.open("odd")
    for rev in ("HEAD", None):
        assert opened.map_files(rev, ["*.cjm.yaml"]) == ["odd/*.cjm.yaml"]
        assert opened.map_files(rev, ["[a].cjm.yaml"]) == ["odd/[a].cjm.yaml"]
        assert opened.map_files(rev, [":(top)x.cjm.yaml"]) == ["odd/:(top)x.cjm.yaml"]
        assert opened.map_files(rev, [":/"]) == []


def test_unicode_spaces_and_newlines_in_names(repo: Repo) -> None:
    names = ["maps/café au lait.cjm.yaml", "maps/日本 の.cjm.yaml", "maps/new\nline.cjm.yaml",
             "maps/tab\tand \"quote\".cjm.yaml", "maps/-dash.cjm.yaml"]
    for name in names:
        repo.write(name, f"name: {name!r}\n")
    repo.commit("names", tag="v3")
    repo.write("spaced folder/ünï.cjm.yaml")
    opened = repo.open()
    at_v3 = opened.map_files("v3", [])
    for name in names:
        assert name in at_v3
        assert opened.read("v3", name, 1000) == f"name: {name!r}\n".encode()
        assert opened.read(None, name, 1000) == f"name: {name!r}\n".encode()
    assert opened.map_files(None, ["spaced folder"]) == ["spaced folder/ünï.cjm.yaml"]
    assert opened.map_files("v3", ["maps/café au lait.cjm.yaml"]) == [
        "maps/café au lait.cjm.yaml"]


def test_symbolic_links_and_submodule_entries_are_not_maps(repo: Repo) -> None:
    os.symlink("checkout.cjm.yaml", repo.root / "maps/link.cjm.yaml")
    repo.commit("link")
    opened = repo.open()
    assert "maps/link.cjm.yaml" not in opened.map_files("HEAD", [])
    assert "maps/link.cjm.yaml" not in opened.map_files(None, [])


# Reading

def test_read_at_a_revision_and_on_disk(repo: Repo) -> None:
    opened = repo.open("maps")
    first = MAP.format(name="checkout.cjm.yaml").encode()
    second = first + b"# changed\n"
    assert opened.read("v1", "maps/checkout.cjm.yaml", 10_000) == first
    assert opened.read("v2", "maps/checkout.cjm.yaml", 10_000) == second
    repo.write("maps/checkout.cjm.yaml", "edited on disk\n")
    assert opened.read(None, "maps/checkout.cjm.yaml", 10_000) == b"edited on disk\n"
    assert opened.read("v2", "maps/checkout.cjm.yaml", 10_000) == second


def test_read_a_missing_file_is_none(repo: Repo) -> None:
    opened = repo.open()
    assert opened.read("v1", "maps/onboarding.cjm.yaml", 1000) is None
    assert opened.read("v1", "maps", 1000) is None  # a folder is not a file
    assert opened.read(None, "maps/nothing.cjm.yaml", 1000) is None
    assert opened.read(None, "maps", 1000) is None


def test_read_never_returns_more_than_one_byte_over_the_limit(repo: Repo) -> None:
    big = "x" * 300_000
    repo.write("maps/big.cjm.yaml", big)
    repo.commit("big", tag="big")
    opened = repo.open()
    opened.map_files("big", [])  # reads through the listing's blob ids
    for rev in ("big", None):
        assert opened.read(rev, "maps/big.cjm.yaml", 1000) == b"x" * 1001
        assert opened.read(rev, "maps/big.cjm.yaml", 300_000) == big.encode()
        assert opened.read(rev, "maps/big.cjm.yaml", 0) == b"x"
    assert repo.open().read("big", "maps/big.cjm.yaml", 10) == b"x" * 11


def test_read_all_reads_many_files_in_one_go_with_the_same_bound(repo: Repo) -> None:
    repo.write("maps/big.cjm.yaml", "x" * 5000)
    repo.write("maps/empty.cjm.yaml", "")
    repo.commit("more", tag="v3")
    wanted = ["maps/big.cjm.yaml", "maps/checkout.cjm.yaml", "maps/empty.cjm.yaml",
              "maps/absent.cjm.yaml"]
    for opened in (repo.open(), repo.open("maps")):
        for rev in ("v3", None):
            found = opened.read_all(rev, wanted, 1000)
            assert sorted(found) == wanted[:3]
            assert found["maps/big.cjm.yaml"] == b"x" * 1001
            assert found["maps/empty.cjm.yaml"] == b""
            assert found["maps/checkout.cjm.yaml"] == opened.read(rev, "maps/checkout.cjm.yaml",
                                                                  1000)


def test_the_same_revision_is_the_same_commit_for_the_whole_command(repo: Repo) -> None:
    opened = repo.open()
    before = opened.resolve("HEAD")
    repo.write("maps/later.cjm.yaml")
    repo.commit("later")
    assert opened.resolve("HEAD") == before
    assert "maps/later.cjm.yaml" not in opened.map_files("HEAD", [])
    assert "maps/later.cjm.yaml" in repo.open().map_files("HEAD", [])


# Renames

def test_renames_between_commits_and_into_the_work_tree(repo: Repo) -> None:
    (repo.root / "journeys").mkdir()
    git(repo.root, "mv", "maps/checkout.cjm.yaml", "journeys/buying.cjm.yaml")
    repo.write("journeys/buying.cjm.yaml",
               (repo.root / "journeys/buying.cjm.yaml").read_text(encoding="utf-8") + "# edit\n")
    git(repo.root, "mv", "notes/readme.txt", "notes/readme.md")
    opened = repo.open()
    assert opened.renames("v2", None, []) == {
        "maps/checkout.cjm.yaml": "journeys/buying.cjm.yaml"}
    repo.commit("moved", tag="v3")
    assert opened.renames("v2", "v3", []) == {
        "maps/checkout.cjm.yaml": "journeys/buying.cjm.yaml"}
    assert opened.renames("v1", "v3", ["maps", "journeys"]) == {
        "maps/checkout.cjm.yaml": "journeys/buying.cjm.yaml"}
    assert opened.renames("v2", "v3", ["notes"]) == {}
    assert opened.renames("v1", "v2", []) == {}


def test_renames_from_a_subfolder_are_repo_relative(repo: Repo) -> None:
    git(repo.root, "mv", "maps/support.cjm.yml", "maps/help desk.cjm.yaml")
    repo.commit("renamed", tag="v3")
    inside = repo.open("maps")
    assert inside.renames("v2", "v3", ["."]) == {"maps/support.cjm.yml": "maps/help desk.cjm.yaml"}
    assert inside.display("maps/help desk.cjm.yaml") == "help desk.cjm.yaml"


def test_a_map_renamed_to_a_non_map_is_not_a_rename(repo: Repo) -> None:
    git(repo.root, "mv", "maps/support.cjm.yml", "maps/support.yml")
    repo.commit("renamed away", tag="v3")
    assert repo.open().renames("v2", "v3", []) == {}


# Display

def test_display_is_relative_to_where_cjm_runs(repo: Repo) -> None:
    assert repo.open().display("maps/checkout.cjm.yaml") == "maps/checkout.cjm.yaml"
    inside = repo.open("maps")
    assert inside.display("maps/checkout.cjm.yaml") == "checkout.cjm.yaml"
    assert inside.display("notes/readme.txt") == "../notes/readme.txt"


def test_unexpected_git_failures_are_git_errors_with_its_message(repo: Repo) -> None:
    opened = repo.open()
    opened.resolve("v1")
    (repo.root / ".git" / "index").write_bytes(b"not an index")
    with pytest.raises(GitError, match=r"git ls-files failed: .*index"):
        opened.map_files(None, [])
