"""The two sides of a diff: two files, or every map under PATHS at two git revisions.

Each side is checked as `cjm validate` checks a file's shape (no workspace references:
a diff compares what is written). A file with errors is not compared; its problems
are returned with the diff of the rest, so one bad file never hides another.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from cjm import git
from cjm.diff.changes import WORKING_TREE, DiffOutcome, DiffReport
from cjm.diff.engine import diff_maps
from cjm.files import STDIN, GivenFile
from cjm.load import DEFAULT_MAX_BYTES
from cjm.problems import UNREADABLE, Problem, Severity, UsageError
from cjm.shape import Model, check_shape, check_shape_of_bytes

# How a file says it is a persona (read from the bytes of files not parsed at all).
_PERSONA_KIND = re.compile(rb"^kind:[ \t]*[\"']?persona[\"']?[ \t]*(#.*)?\r?$", re.M)


# How a usage error names what a file holds.
_KIND_WORDS = {"journey": "a journey map", "persona": "a persona"}

_PERSONA_LINE = "^kind:[[:space:]]*[\"']?persona[\"']?[[:space:]]*(#.*)?$"


@dataclass(frozen=True)
class _Side:
    """One file on one side: where it is, how it is shown, and its model if valid."""

    path: str
    shown: str
    model: Model | None


def compare_files(old_path: str, new_path: str, *, stdin: GivenFile | None = None
                  ) -> DiffOutcome:
    """What changed from the map file OLD_PATH to NEW_PATH; a path `-` is `stdin`."""
    if old_path == new_path == STDIN:
        raise UsageError("- (standard input) can be one side of the diff, not both")
    if STDIN in (old_path, new_path) and stdin is None:
        raise UsageError("- (standard input) was given, but nothing reads it here")
    for path in (old_path, new_path):
        if path == STDIN:
            continue
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file")
        if os.path.isdir(path):
            raise UsageError(f"{path} is a folder; compare two map files, or use --rev "
                             "to compare folders between git revisions")

    def shown(path: str) -> str:
        return stdin.name if path == STDIN and stdin is not None else path

    def checked(path: str) -> Model | None:
        if path == STDIN and stdin is not None:
            return check_shape_of_bytes(stdin.raw, stdin.name).valid_model(outcome.problems)
        return check_shape(path).valid_model(outcome.problems)

    outcome = DiffOutcome(DiffReport(old_label=shown(old_path), new_label=shown(new_path)))
    old, new = checked(old_path), checked(new_path)
    outcome.report.not_compared = [shown(path) for path, side
                                   in ((old_path, old), (new_path, new)) if side is None]
    if old is not None and new is not None and old.kind != new.kind:
        # A persona and a journey map share no entity: there is nothing to compare.
        raise UsageError(f"{shown(old_path)} is {_KIND_WORDS[old.kind]} and "
                         f"{shown(new_path)} {_KIND_WORDS[new.kind]}: compare two journey "
                         "maps, or two personas")
    if old is not None and new is not None:
        outcome.report.maps.append(diff_maps(old, new, path=shown(new_path)))
        outcome.sides[shown(new_path)] = (old, new)
    return outcome


def compare_revisions(spec: str, paths: list[str], cwd: str = ".") -> DiffOutcome:
    """What changed in every map under PATHS between the revisions of SPEC (A, A..B, A...B).

    Without B the new side is the working tree. Files are paired by path, then by git's
    rename detection, then by map id, so a moved or renamed file is one map.
    """
    repo = git.open_repository(cwd)
    old_rev, new_rev = git.split_range(spec)
    old_commit = repo.resolve(old_rev)
    new_commit = repo.resolve(new_rev) if new_rev is not None else None
    old_files = repo.map_files(old_commit, paths)
    new_files = repo.map_files(new_commit, paths)
    if not old_files and not new_files:
        where = " ".join(paths) if paths else "the repository"
        raise UsageError(f"no map files (*.cjm.yaml) in {where} at {spec}")

    # Files with the same bytes on both sides did not change: like git, say nothing of
    # them. Between two commits, ls-tree's blob ids tell them without reading them.
    unread = (repo.same_blobs(old_commit, new_commit, old_files) if new_commit is not None
              else set())
    old_bytes = repo.read_all(old_commit, [p for p in old_files if p not in unread],
                              DEFAULT_MAX_BYTES)
    new_bytes = repo.read_all(new_commit, [p for p in new_files if p not in unread],
                              DEFAULT_MAX_BYTES)
    # (Over the size limit both are cut at it, so equal prefixes prove nothing.)
    same = unread | {path for path in old_bytes if new_bytes.get(path) == old_bytes[path]
                     and len(old_bytes[path]) <= DEFAULT_MAX_BYTES}
    outcome = DiffOutcome(DiffReport())
    for path, reason in sorted(repo.unreadable.items()):  # neither removed nor compared
        old_bytes.pop(path, None)
        outcome.problems.append(Problem(repo.display(path), 1, 1, Severity.error, UNREADABLE,
                                        f"cannot read the file: {reason}"))

    def side(label: str | None, path: str, raw: bytes) -> _Side:
        shown = repo.display(path)
        checked = check_shape_of_bytes(raw, f"{label}:{shown}" if label else shown)
        return _Side(path, shown, checked.valid_model(outcome.problems))

    olds = {path: side(old_rev, path, raw) for path, raw in old_bytes.items()
            if path not in same}
    news = {path: side(new_rev, path, raw) for path, raw in new_bytes.items()
            if path not in same}
    pairs = _pair_files(olds, news, repo.renames(old_commit, new_commit, paths))
    outcome.report.old_label = old_rev
    outcome.report.new_label = new_rev or WORKING_TREE
    outcome.report.same_personas = sum(
        1 for path in same if path not in unread
        and _PERSONA_KIND.search(old_bytes.get(path, b"")))
    outcome.report.same_personas += len(repo.files_saying(
        old_commit, _PERSONA_LINE, sorted(unread)))
    failed = [(old, new) for old, new in pairs
              if (old is not None and old.model is None) or (new is not None and new.model is None)]
    outcome.report.not_compared = sorted(
        " → ".join(dict.fromkeys(side.shown for side in pair if side is not None))
        for pair in failed)
    outcome.report.compared = len(same) + len(pairs) - len(failed)
    for old, new in pairs:
        if (old is not None and old.model is None) or (new is not None and new.model is None):
            continue  # its problems are reported
        shown = new.shown if new is not None else old.shown if old is not None else ""
        outcome.report.maps.append(diff_maps(
            old.model if old else None, new.model if new else None, path=shown,
            old_path=old.shown if old else None))
        outcome.sides[shown] = (old.model if old else None, new.model if new else None)
    outcome.report.maps.sort(key=lambda diff: diff.path)
    return outcome


def _pair_files(
    olds: dict[str, _Side], news: dict[str, _Side], renames: dict[str, str]
) -> list[tuple[_Side | None, _Side | None]]:
    """Old and new files paired: same path, then git's renames, then the same map id."""
    pairs: list[tuple[_Side | None, _Side | None]] = [
        (olds[path], news[path]) for path in olds if path in news]
    old_only = {path: item for path, item in olds.items() if path not in news}
    new_only = {path: item for path, item in news.items() if path not in olds}
    for old_path, new_path in renames.items():
        if old_path in old_only and new_path in new_only:
            pairs.append((old_only.pop(old_path), new_only.pop(new_path)))
    by_identity = {_identity(item): path for path, item in new_only.items()
                   if item.model is not None}
    for old_path, item in list(old_only.items()):
        if item.model is None:
            continue
        same_map = by_identity.pop(_identity(item), None)
        if same_map is not None:
            pairs.append((old_only.pop(old_path), new_only.pop(same_map)))
    pairs += [(item, None) for item in old_only.values()]
    pairs += [(None, item) for item in new_only.values()]
    return pairs


def _identity(item: _Side) -> tuple[str, str]:
    assert item.model is not None
    return (item.model.kind, item.model.id)


def compare_for_git(old_path: str, new_path: str, old_file: str, new_file: str) -> DiffOutcome:
    """The diff git asks its external diff driver for: the file's path on each side and
    the two temporary files git wrote them to (/dev/null where the file does not exist).
    """
    outcome = DiffOutcome(DiffReport())
    missing = (os.devnull, "/dev/null")  # git for Windows names it as git on Unix does
    old = None if old_file in missing else check_shape(
        old_file, display=f"a/{old_path}").valid_model(outcome.problems)
    new = None if new_file in missing else check_shape(
        new_file, display=f"b/{new_path}").valid_model(outcome.problems)
    if outcome.problems:
        return outcome
    if old is not None or new is not None:
        outcome.report.maps.append(diff_maps(old, new, path=new_path, old_path=old_path))
    return outcome
