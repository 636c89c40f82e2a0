"""The one place that runs git: revisions, the map files at a revision, their bytes, renames.

Revisions are hostile text: they only ever reach git after `--end-of-options` (or as a
commit id this module resolved), so `--output=x` or `;rm -rf /` is an unknown revision.
Git never runs through a shell, never prompts, and speaks English (`LC_ALL=C`). Paths
git prints are read with `-z`, so names with spaces, newlines or any unicode survive.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cjm.files import read_input
from cjm.paths import CONFIG_NAME, is_cjm_file
from cjm.printable import printable as _printable
from cjm.printable import quoted as _quoted
from cjm.problems import CjmError
from cjm.programs import find_program

INSTALL_HINT = (
    "install git and make sure `git` is on PATH: `sudo apt install git` (Debian, Ubuntu), "
    "`brew install git` (macOS), `winget install Git.Git` (Windows)"
)
SHALLOW_HINT = (
    "fetch the whole history with `git fetch --unshallow`; in GitHub Actions, "
    "check out with `actions/checkout` and `fetch-depth: 0`"
)
# The mode git gives a symbolic link: its blob is the link's target, not a map.
SYMLINK_MODE = "120000"


class GitError(CjmError):
    """git is missing, this is not a repository, or a revision is unknown."""


def split_range(spec: str) -> tuple[str, str | None]:
    """A `--rev` value as (old, new); new None is the working tree.

    "A..B" → ("A", "B"), "A" and "A.." → ("A", None), "..B" → ("HEAD", "B").
    "A...B" → ("A...B", "B"): the old side is the merge base of A and B, which
    `Repository.resolve` finds ("A..." is A's merge base with HEAD vs the working tree).
    """
    if not spec:
        raise GitError("--rev needs a revision, such as main, HEAD~1 or v1.0..v2.0")
    if "..." in spec:
        old, new = spec.split("...", 1)
        if not old and not new:
            raise GitError(f"the range {_quoted(spec)} names no revision",
                           hint="write A...B, such as main...HEAD")
        return f"{old or 'HEAD'}...{new or 'HEAD'}", new or None
    if ".." in spec:
        old, new = spec.split("..", 1)
        if not old and not new:
            raise GitError(f"the range {_quoted(spec)} names no revision",
                           hint="write A..B, such as v1.0..v2.0, or A alone")
        return old or "HEAD", new or None
    return spec, None


@dataclass(frozen=True)
class _Blob:
    """A file in a commit's tree."""

    object_id: str
    size: int


@dataclass(frozen=True)
class Repository:
    """A git work tree, seen from the folder the user ran cjm in."""

    root: Path
    cwd: Path
    # One command sees one commit per revision, and reads blobs its listing found.
    _commits: dict[str, str] = field(default_factory=dict, init=False, repr=False,
                                     compare=False)
    _blobs: dict[tuple[str, str], _Blob] = field(default_factory=dict, init=False,
                                                 repr=False, compare=False)
    # Work-tree files that could not be read, and why: each is a problem of its own.
    unreadable: dict[str, str] = field(default_factory=dict, init=False, repr=False,
                                       compare=False)

    def resolve(self, rev: str) -> str:
        """The full commit id rev names ("A...B": the merge base of A and B)."""
        if rev not in self._commits:
            if "..." in rev:
                old, new = rev.split("...", 1)
                commit = self.merge_base(old or "HEAD", new or "HEAD")
            else:
                commit = self._resolve_one(rev)
            self._commits[rev] = commit
        return self._commits[rev]

    def merge_base(self, a: str, b: str) -> str:
        """The best common ancestor of two revisions."""
        first, second = self.resolve(a), self.resolve(b)
        done = self._run("merge-base", "--end-of-options", first, second)
        if done.returncode == 1 and not done.stderr.strip():
            raise GitError(f"{_quoted(a)} and {_quoted(b)} have no common history",
                           hint=self._shallow_hint())
        return self._checked(done).decode("ascii").strip()

    def map_files(self, rev: str | None, paths: list[str]) -> list[str]:
        """Repo-relative paths, sorted, of the maps under PATHS at rev (None: on disk).

        Maps are files named *.cjm.yaml or *.cjm.yml, and any file PATHS name
        explicitly, except a workspace's cjm.yaml. `paths=[]` is the whole repository.
        A PATH that matches nothing adds nothing: the caller knows both sides.
        """
        specs = [self._repo_path(given) for given in paths]
        named = set(specs)
        if rev is None:
            found = self._work_tree_files(specs)
            found.update(p for p in named if self._on_disk(p))
        else:
            found = set(self._tree_blobs(self.resolve(rev), specs))
        return sorted(p for p in found if _is_map(p) or (p in named and _may_be_map(p)))

    def read(self, rev: str | None, path: str, max_bytes: int) -> bytes | None:
        """The bytes of a repo-relative path at rev (None: on disk), or None if absent.

        Never more than max_bytes + 1 bytes, so a caller's size limit still fires.
        """
        return self.read_all(rev, [path], max_bytes).get(path)

    def read_all(self, rev: str | None, paths: list[str], max_bytes: int) -> dict[str, bytes]:
        """The bytes of many repo-relative paths at rev (None: on disk), absent ones left
        out; one git process for all of them. Each is bounded as `read` bounds it."""
        if rev is None:
            return {path: data for path in paths
                    if (data := self._read_disk(path, max_bytes)) is not None}
        commit = self.resolve(rev)
        unlisted = [path for path in paths if (commit, path) not in self._blobs]
        if unlisted:
            self._tree_blobs(commit, unlisted)
        blobs = {path: blob for path in paths
                 if (blob := self._blobs.get((commit, path))) is not None}
        small = {path: blob for path, blob in blobs.items() if blob.size <= max_bytes}
        found = self._read_blobs(small)
        found.update((path, self._read_prefix(blob.object_id, max_bytes + 1))
                     for path, blob in blobs.items() if path not in small)
        return found

    def renames(self, old: str, new: str | None, paths: list[str]) -> dict[str, str]:
        """Maps git sees renamed from old to new (None: the work tree), old path → new.

        Files not yet added to git are invisible here; callers also match maps by id.
        """
        revisions = [self.resolve(old)] + ([] if new is None else [self.resolve(new)])
        specs = [self._repo_path(given) for given in paths]
        done = self._run("diff", "-z", "--name-status", "-M", "--no-relative", "--no-color",
                         "--no-ext-diff", "--end-of-options", *revisions, "--", *specs,
                         literal=True)
        fields = _z_split(self._checked(done))
        found: dict[str, str] = {}
        index = 0
        while index < len(fields):
            status = fields[index]
            width = 3 if status[:1] in ("R", "C") else 2
            if status.startswith("R") and index + 2 < len(fields):
                before, after = fields[index + 1], fields[index + 2]
                if _is_map(before) and _is_map(after):
                    found[before] = after
            index += width
        return found

    def same_blobs(self, old: str, new: str, paths: list[str]) -> set[str]:
        """Of repo-relative PATHS, those whose blob is the same at revisions old and new
        (as `ls-tree` lists them: nothing is read)."""
        old_commit, new_commit = self.resolve(old), self.resolve(new)
        for commit in (old_commit, new_commit):
            unlisted = [path for path in paths if (commit, path) not in self._blobs]
            if unlisted:
                self._tree_blobs(commit, unlisted)
        return {path for path in paths
                if (blob := self._blobs.get((old_commit, path))) is not None
                and blob == self._blobs.get((new_commit, path))}

    def files_saying(self, rev: str, pattern: str, paths: list[str]) -> set[str]:
        """Of repo-relative PATHS, those whose text at rev has a line matching the
        extended regular expression PATTERN (one `git grep`; nothing read here)."""
        if not paths:
            return set()
        done = self._run("grep", "-l", "-z", "-I", "-E", "-e", pattern, self.resolve(rev),
                         "--", *paths, literal=True)
        if done.returncode not in (0, 1):
            raise _failure(done)
        prefix = f"{self.resolve(rev)}:"
        return {name.removeprefix(prefix) for name in _z_split(done.stdout)}

    def versions(self, path: str, limit: int) -> list[tuple[str, bytes]]:
        """The committed versions of one file (a PATH as the user gives it), newest first:
        (commit id, bytes) of at most `limit` commits that changed it, through one
        `git log` and one `git cat-file`. A file git never saw has none."""
        spec = self._repo_path(path)
        if "\n" in spec:  # cat-file --batch reads one name a line
            return []
        done = self._run("log", "-z", "--format=%H", f"--max-count={limit}", "--", spec,
                         literal=True)
        if done.returncode != 0:  # no commit yet
            return []
        commits = [commit for commit in done.stdout.decode("ascii").split("\0") if commit]
        if not commits:
            return []
        request = "".join(f"{commit}:{spec}\n" for commit in commits).encode()
        output = self._checked(self._run_input(request, "cat-file", "--batch"))
        found: list[tuple[str, bytes]] = []
        at = 0
        for commit in commits:
            header_end = output.index(b"\n", at)
            header = output[at:header_end].split()
            at = header_end + 1
            if len(header) != 3 or header[1] != b"blob":
                continue  # removed in that commit ("missing"), or not a file
            size = int(header[2])
            found.append((commit, output[at:at + size]))
            at += size + 1
        return found

    def display(self, path: str) -> str:
        """A repo-relative path as the user sees it: relative to where cjm was run."""
        try:
            shown = os.path.relpath(self.root / path, self.cwd)
        except ValueError:  # another drive (Windows): no relative path exists
            return path
        return Path(shown).as_posix()

    # Listing

    def _tree_blobs(self, commit: str, specs: list[str]) -> dict[str, _Blob]:
        """The files (not links, not submodules) in commit's tree under specs."""
        # Not --end-of-options: ls-tree would then take "--" for a path. commit is an id.
        done = self._run("ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", *specs,
                         literal=True)
        blobs: dict[str, _Blob] = {}
        for entry in _z_split(self._checked(done)):
            details, _, path = entry.partition("\t")
            mode, kind, object_id, size = details.split()
            if kind == "blob" and mode != SYMLINK_MODE:
                blobs[path] = _Blob(object_id, int(size))
        self._blobs.update(((commit, path), blob) for path, blob in blobs.items())
        return blobs

    def _work_tree_files(self, specs: list[str]) -> set[str]:
        """Files on disk under specs that git tracks or would track (not ignored ones)."""
        done = self._run("ls-files", "-z", "--cached", "--others", "--exclude-standard",
                         "--full-name", "--", *specs, literal=True)
        return {p for p in _z_split(self._checked(done)) if self._on_disk(p)}

    def _on_disk(self, path: str) -> bool:
        # A tracked file deleted in the work tree is listed by git but gone.
        full = self.root / path
        return full.is_file() and not full.is_symlink()

    def _repo_path(self, given: str) -> str:
        """A PATH as given by the user, as a path from the top of the work tree."""
        joined = os.path.normpath(os.path.join(self.cwd, given))
        inside = self._relative_to_root(joined)
        if inside is None:  # reached through a symbolic link, perhaps
            inside = self._relative_to_root(os.path.realpath(joined))
        if inside is None:
            raise GitError(f"{_quoted(given)} is outside the repository at {self.root}",
                           hint="give paths inside the repository, or run cjm from another one")
        return inside

    def _relative_to_root(self, path: str) -> str | None:
        try:
            relative = PurePosixPath(Path(os.path.relpath(path, self.root)).as_posix())
        except ValueError:
            return None
        return None if relative.parts[:1] == ("..",) else str(relative)

    # Reading

    def _read_disk(self, path: str, max_bytes: int) -> bytes | None:
        try:
            return read_input(self.root / path, max_bytes + 1, head=True)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:  # unreadable, or not a regular file: the others still count
            self.unreadable[path] = exc.strerror or str(exc)
            return None

    def _read_blobs(self, blobs: dict[str, _Blob]) -> dict[str, bytes]:
        """Whole blobs through one `git cat-file --batch`: ids in, contents out."""
        if not blobs:
            return {}
        request = "".join(f"{blob.object_id}\n" for blob in blobs.values()).encode("ascii")
        output = self._checked(self._run_input(request, "cat-file", "--batch"))
        found: dict[str, bytes] = {}
        at = 0
        for path, blob in blobs.items():
            header_end = output.index(b"\n", at)
            header = output[at:header_end].split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(f"git could not read object {blob.object_id}")
            size = int(header[2])
            found[path] = output[header_end + 1:header_end + 1 + size]
            at = header_end + 1 + size + 1  # the content ends with a newline of its own
        return found

    def _read_prefix(self, object_id: str, count: int) -> bytes:
        """The first count bytes of a large blob, without holding the rest."""
        command = [_git_program(), *_GLOBAL_OPTIONS, "cat-file", "blob", object_id]
        try:
            with subprocess.Popen(command, cwd=self.root, env=_environment(),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL) as process:
                assert process.stdout is not None
                data = process.stdout.read(count)
                process.kill()  # the rest is not wanted; git may still be writing it
        except OSError as exc:
            raise GitError(f"git could not be run: {exc.strerror or exc}") from None
        if len(data) < count:
            raise GitError(f"git could not read object {object_id}")
        return data

    # Revisions

    def _resolve_one(self, rev: str) -> str:
        if "\0" in rev:  # no revision holds one, and no program argument can
            raise GitError(f"unknown revision {_quoted(rev)}")
        done = self._run("rev-parse", "--verify", "--quiet", "--end-of-options",
                         f"{rev}^{{commit}}")
        if done.returncode == 0:
            return done.stdout.decode("ascii").strip()
        found = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", rev)
        if found.returncode == 0:
            kind = self._checked(self._run("cat-file", "-t", found.stdout.decode().strip()))
            raise GitError(f"revision {_quoted(rev)} is a {kind.decode().strip()}, not a commit",
                           hint="give a branch, a tag or a commit id")
        message = f"unknown revision {_quoted(rev)}"
        if self._is_shallow():
            message += " (this clone is shallow: older commits were not fetched)"
        raise GitError(message, hint=self._shallow_hint() or
                       "give a branch, a tag or a commit id; `git log --oneline` lists commits")

    def _is_shallow(self) -> bool:
        done = self._run("rev-parse", "--is-shallow-repository")
        return done.returncode == 0 and done.stdout.strip() == b"true"

    def _shallow_hint(self) -> str:
        return SHALLOW_HINT if self._is_shallow() else ""

    # Running git

    def _run(self, *arguments: str, literal: bool = False) -> subprocess.CompletedProcess[bytes]:
        """git with arguments at the top of the work tree (PATHS are made repo-relative)."""
        return _run_git(self.root, *(["--literal-pathspecs"] if literal else []), *arguments)

    def _run_input(self, given: bytes, *arguments: str) -> subprocess.CompletedProcess[bytes]:
        """git with arguments and standard input (for --batch commands)."""
        try:
            return subprocess.run([_git_program(), *_GLOBAL_OPTIONS, *arguments], cwd=self.root,
                                  env=_environment(), input=given, capture_output=True,
                                  check=False)
        except OSError as exc:
            raise GitError(f"git could not be run in {self.root}: {exc.strerror or exc}") \
                from None

    def _checked(self, done: subprocess.CompletedProcess[bytes]) -> bytes:
        if done.returncode != 0:
            raise _failure(done)
        return done.stdout


def open_repository(cwd: str | Path = ".") -> Repository:
    """The git work tree that holds cwd; GitError outside one."""
    where = Path(cwd).resolve()
    done = _run_git(where, "rev-parse", "--show-toplevel")
    if done.returncode == 0:
        top = os.fsdecode(done.stdout.removesuffix(b"\n"))
        if top:
            return Repository(root=Path(top), cwd=where)
    raise _not_a_work_tree(where, done)


def _not_a_work_tree(where: Path, done: subprocess.CompletedProcess[bytes]) -> GitError:
    """Why cwd has no work tree: not a repository, a bare one, or an unsafe owner."""
    if b"dubious ownership" in done.stderr:
        return GitError(f"git refuses to work in {where}: {_stderr_text(done.stderr)}",
                        hint="if you trust this repository, run "
                             "`git config --global --add safe.directory <its folder>`")
    if _run_git(where, "rev-parse", "--git-dir").returncode == 0:
        return GitError(f"{where} is in a git repository without a work tree "
                        "(a bare repository, or inside its .git folder)",
                        hint="run cjm in a checked-out work tree")
    return GitError(f"{where} is not inside a git repository; cjm diff --rev needs one "
                    "(or compare two files: cjm diff OLD NEW)",
                    hint="run cjm inside a git work tree, or `git init` one")


def diff_colored(stdout_is_terminal: bool, cwd: str | Path = ".") -> bool:
    """Whether git would colour a diff written to this output: `color.diff`, else
    `color.ui`, where `auto` (the default) means colour on a terminal."""
    done = _run_git(Path(cwd), "config", "--get-colorbool", "color.diff",
                    "true" if stdout_is_terminal else "false")
    return done.returncode == 0 and done.stdout.strip() == b"true"


# Running git, for any folder

# Paths printed raw (with -z they are not quoted anyway), never a pager or colour; and
# reading runs nothing of the repository's: no fsmonitor hook (core.fsmonitor names a
# program), and GIT_OPTIONAL_LOCKS=0 keeps git from refreshing and rewriting .git/index.
_GLOBAL_OPTIONS = ("-c", "core.quotepath=off", "-c", "core.fsmonitor=false",
                   "-c", "core.untrackedCache=false", "--no-pager")


def _git_program() -> str:
    found = find_program("git")
    if found is None:
        raise GitError("git is not installed (no `git` program on PATH)", hint=INSTALL_HINT)
    return found


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["GIT_TERMINAL_PROMPT"] = "0"  # a fetch of a missing object never waits on a prompt
    environment["LC_ALL"] = "C"  # git's messages in English, as the ones matched here
    environment["GIT_OPTIONAL_LOCKS"] = "0"  # a read never writes in .git
    return environment


def _run_git(cwd: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run([_git_program(), *_GLOBAL_OPTIONS, *arguments], cwd=cwd,
                              env=_environment(), stdin=subprocess.DEVNULL,
                              capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"git could not be run in {cwd}: {exc.strerror or exc}") from None


def _failure(done: subprocess.CompletedProcess[bytes]) -> GitError:
    command = done.args[len(_GLOBAL_OPTIONS) + 1:] if isinstance(done.args, list) else []
    name = next((a for a in command if not a.startswith("-")), "git")
    detail = _stderr_text(done.stderr) or f"exit status {done.returncode}"
    return GitError(f"git {name} failed: {detail}")


def _stderr_text(stderr: bytes, lines: int = 3) -> str:
    """git's first few lines of complaint, safe to show in a terminal."""
    kept = [_printable(line).strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    return "; ".join([line for line in kept if line][:lines])


def _z_split(output: bytes) -> list[str]:
    return [os.fsdecode(part) for part in output.split(b"\0") if part]


def _is_map(path: str) -> bool:
    return is_cjm_file(path) and _may_be_map(path)


def _may_be_map(path: str) -> bool:
    return PurePosixPath(path).name != CONFIG_NAME
