"""Problems found in users' files are values, not exceptions; tool failures are CjmError."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


class FileRule(StrEnum):
    """What is wrong with a file, rather than with its content: always an error, never
    configurable (the quality rules are in `cjm.rules`)."""

    yaml_syntax = "yaml-syntax"
    encoding = "encoding"
    empty_file = "empty-file"
    duplicate_key = "duplicate-key"
    unknown_key = "unknown-key"
    missing_field = "missing-field"
    invalid_value = "invalid-value"
    duplicate_id = "duplicate-id"
    unknown_reference = "unknown-reference"
    too_complex = "too-complex"
    unreadable = "unreadable"
    internal_error = "internal-error"
    unsafe_workspace = "unsafe-workspace"

    @property
    def description(self) -> str:
        """The rule's one-line description (docs, SARIF)."""
        return _FILE_RULE_DESCRIPTIONS[self]


_FILE_RULE_DESCRIPTIONS = {
    FileRule.yaml_syntax: "The file is not valid YAML.",
    FileRule.encoding: "The file cannot be read as UTF-8 text.",
    FileRule.empty_file: "The file holds nothing.",
    FileRule.duplicate_key: "A key appears twice in one mapping.",
    FileRule.unknown_key: "A key that the format does not have (often a typo).",
    FileRule.missing_field: "A required field is missing.",
    FileRule.invalid_value: "A value of the wrong type, out of range, or not one of the "
                            "allowed values.",
    FileRule.duplicate_id: "Two entities of one kind share an id.",
    FileRule.unknown_reference: "A reference (persona, channel, next, addresses, evidence) "
                                "that does not resolve.",
    FileRule.too_complex: "Aliases, nesting or size beyond sane limits.",
    FileRule.unreadable: "The file or folder cannot be read (permissions), or is not a regular "
                         "file (a FIFO, a device, a socket).",
    FileRule.internal_error: "cjm itself failed on the file: a bug to report, with the file.",
    FileRule.unsafe_workspace: "A cjm.yaml found above the current folder belongs to another "
                               "user; it is ignored (a warning).",
}


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}:{self.column}"
        return f"{place}: {self.severity} [{self.rule}] {self.message}"


def problem_order(problem: Problem) -> tuple[int, int, str]:
    """The one order of a file's problems: by line, then column, then rule."""
    return (problem.line, problem.column, str(problem.rule))


@dataclass(slots=True)
class FileResult:
    """Everything checked about one file."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.error)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.warning)


@dataclass(slots=True)
class Report:
    """The result of checking many files, in the order they were given."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    @property
    def broken(self) -> bool:
        """cjm itself failed on a file (its other files are still reported)."""
        return any(p.rule == INTERNAL_ERROR for p in self.problems)

    @property
    def unreadable(self) -> bool:
        """A file or folder could not be read: the check is incomplete (exit 2)."""
        return any(p.rule == UNREADABLE for p in self.problems)


# Rules of problems that are not the file's fault: cjm's own bug, or the file's surroundings.
INTERNAL_ERROR = FileRule.internal_error
UNREADABLE = FileRule.unreadable


def unreadable_folder(path: str, reason: str) -> Problem:
    """A folder a walk could not enter: the maps in it are not checked."""
    return Problem(path, 1, 1, Severity.error, UNREADABLE,
                   f"cannot read the folder ({reason}); the maps in it are not checked")


def internal_error(path: str, exc: BaseException) -> Problem:
    """cjm failed on this file: said of the file, so the rest of a batch is still reported."""
    return Problem(path, 1, 1, Severity.error, INTERNAL_ERROR,
                   f"cjm failed on this file ({type(exc).__name__}: {exc}); "
                   "please report this with the file")


class CjmError(Exception):
    """A failure of the tool or its surroundings (not a problem in a map).

    `exit_code` follows the command-line contract: 2 for usage errors, unreadable
    input and missing programs, 3 for internal errors.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CjmError):
    """The command was asked for something it cannot do (no file matched, bad option)."""
