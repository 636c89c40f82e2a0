"""Files in and out, safely: inputs are regular files read within a bound; outputs are
written all or nothing, never over an input and never by renaming over what is not a
regular file.

Reading: only regular files are read. A FIFO, a device, a socket or a link to one
(`/dev/stdin`) is refused as what it is, without waiting on it; a file is read up to
the size limit and no further, whatever size it reports (`/proc` files report 0).

Writing: a regular file (or a new one) is replaced through a temporary file in the same
folder and a rename, so a reader never sees half a file. Anything else — `/dev/null`,
`/dev/stdout`, a FIFO, a terminal — is written through as it is: renaming over it would
replace a device with a file. Temporaries are named `.NAME.cjm-PID-RANDOM.tmp`, removed
when cjm is interrupted (Ctrl-C, SIGTERM), and a later write to NAME removes the ones
whose process is gone. Every path cjm has read in this run is refused as an output.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cjm import interrupts
from cjm.printable import shown_path
from cjm.problems import CjmError

# No size limit can make a read ask for more than this at once.
_MAX_CHUNK = 1 << 20
_TEMPORARY_MARK = ".cjm-"
_TEMPORARY_SUFFIX = ".tmp"


class NotARegularFile(OSError):
    """The path is a folder, FIFO, device or socket: cjm reads only regular files."""


class TooLarge(Exception):
    """The file is larger than the size limit."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


class OutputIsInput(CjmError):
    """An output path is a file this run read: writing it would destroy an input."""


def kind_of(mode: int) -> str:
    """What a file of this st_mode is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


# Reading

STDIN = "-"
"""The path that stands for standard input, as linters take it."""


@dataclass(frozen=True)
class GivenFile:
    """A file's bytes handed over by the caller (an editor's buffer on standard input).

    `name` is how problems name it; `place` is where it belongs, the path the workspace
    (cjm.yaml, personas, channels) is found from. A file on disk at `place` is not read:
    the given bytes stand in for it.
    """

    raw: bytes
    name: str
    place: str

_read_paths: set[str] = set()


def read_input(path: str | Path, limit: int, *, head: bool = False) -> bytes:
    """The bytes of the regular file at path, remembered as an input of this run.

    Raises NotARegularFile for anything else, TooLarge past `limit` bytes (unless `head`:
    then the first `limit` bytes are returned), OSError when it cannot be read.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(0, f"this is {kind_of(info.st_mode)}, not a file", str(path))
    if info.st_size > limit and not head:
        raise TooLarge(info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with open(descriptor, "rb", buffering=0) as stream:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):  # swapped after the first look
            raise NotARegularFile(0, f"this is {kind_of(opened.st_mode)}, not a file",
                                  str(path))
        remember_input(path)
        chunks = [stream.read(min(opened.st_size, limit) + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= limit:  # a file that grew, or reports size 0
            chunks.append(stream.read(min(_MAX_CHUNK, limit + 1 - total)))
            total += len(chunks[-1])
    data = b"".join(chunks)
    if len(data) > limit:
        if head:
            return data[:limit]
        raise TooLarge(None)
    return data


def remember_input(path: str | Path) -> None:
    """Mark path as read in this run, so no output of the run can replace it."""
    _read_paths.add(os.path.realpath(path))


def refuse_inputs(targets: list[Path]) -> None:
    """Raise OutputIsInput when any target is a file this run has read."""
    for target in targets:
        if os.path.realpath(target) in _read_paths:
            raise OutputIsInput(f"{target} is an input cjm read (a map, a persona or "
                                "cjm.yaml); it is never overwritten", hint="choose another -o")


def forget_inputs() -> None:
    """Forget what was read (for long-running callers and tests)."""
    _read_paths.clear()


# Writing


class FolderNotMade(CjmError):
    """An output folder cannot be made (a file or a broken link in the way, permissions)."""


def folder_in_the_way(folder: Path) -> str | None:
    """Why `folder` cannot be made or written into, in words, judged by the nearest
    part of it that exists; None when nothing is seen in the way."""
    for candidate in (folder, *folder.parents):  # named as the user named them
        shown = shown_path(str(candidate))
        try:
            info = os.lstat(candidate)
        except (FileNotFoundError, NotADirectoryError):  # the part above says why
            continue
        except OSError as exc:
            return f"{shown} cannot be looked at ({exc.strerror or exc})"
        if stat.S_ISLNK(info.st_mode):
            try:
                info = os.stat(candidate)
            except OSError:
                target = shown_path(os.readlink(candidate))
                return f"{shown} is a symbolic link to {target}, which does not exist"
        if not stat.S_ISDIR(info.st_mode):
            what = "a file" if stat.S_ISREG(info.st_mode) else kind_of(info.st_mode)
            return f"{shown} is {what}, not a folder"
        if not os.access(candidate, os.W_OK | os.X_OK):
            return (f"cannot write into the folder {shown} (no permission, or a read-only "
                    "file system)")
        return None
    return None


def make_folders(folder: Path) -> None:
    """Make `folder` and the folders above it that are missing, or raise FolderNotMade
    with the reason (exit 2): never a bare "Not a directory"."""
    reason = folder_in_the_way(folder)
    if reason is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return
        except OSError as exc:
            reason = exc.strerror or str(exc)
    raise FolderNotMade(f"cannot make the folder {shown_path(str(folder))}: {reason}")


def missing_folder(target: Path) -> str | None:
    """For an output file: why the folder it would go into is not there to take it."""
    parent = target.parent if str(target.parent) else Path(".")
    if parent.is_dir():
        return None
    why = folder_in_the_way(parent) or f"folder {shown_path(str(parent))} does not exist"
    return f"cannot write {shown_path(str(target))}: {why}"


def write_output(path: Path, data: bytes, *, replaces_input: bool = False) -> None:
    """Write data to path: atomically when path is a regular file or new, else through.

    The one way cjm writes a file. Every file this run read is refused as `path`, unless
    `replaces_input` says that rewriting the input is the command's purpose (`cjm review`
    editing a map's review record). Raises OSError when the surroundings refuse (a
    read-only folder, a full disk), named after `path`.
    """
    if not replaces_input:
        refuse_inputs([path])
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "a folder is in the way of the file", str(path))
        try:
            with open(path, "wb") as stream:  # a device, a FIFO, /dev/stdout: never replaced
                stream.write(data)
        except OSError as exc:  # /dev/full: say which output could not take it
            exc.filename = exc.filename or str(path)
            raise
        return
    # A link to a regular file: the file it points to is replaced, the link stays.
    target = Path(os.path.realpath(path)) if info is not None else path
    try:
        write_atomically(target, data)
    except OSError as exc:
        if exc.filename == str(target):  # named as the user named it
            exc.filename = str(path)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and a rename.

    A file that exists keeps its permissions, and its new content is on disk before the
    rename, so a crash leaves the old content or the new one; a new file gets the
    permissions the umask gives. Use write_output, which never renames over a device.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        kept_mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        kept_mode = None
    _remove_stale_temporaries(folder, path.name)
    with _removed_when_interrupted() as made:
        temporary = str(folder / (f".{path.name}{_TEMPORARY_MARK}{os.getpid()}-"
                                  f"{os.urandom(6).hex()}{_TEMPORARY_SUFFIX}"))
        try:
            # Private (0600) and new: never a file or link someone else put there.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                 | getattr(os, "O_BINARY", 0), 0o600)
            made.append(temporary)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                if kept_mode is not None:
                    stream.flush()
                    os.fsync(stream.fileno())
            os.chmod(temporary, kept_mode if kept_mode is not None else 0o666 & ~_umask())
            os.replace(temporary, path)
        except OSError as exc:
            # The temporary is cjm's business; the user asked for path.
            if exc.filename in (temporary, None):
                exc.filename, exc.filename2 = str(path), None
            raise
        made.clear()


@contextlib.contextmanager
def _removed_when_interrupted() -> Iterator[list[str]]:
    """The temporaries made inside are removed on any failure, Ctrl-C and SIGTERM too."""
    made: list[str] = []
    with interrupts.terminate_raises():
        try:
            yield made
        finally:
            for temporary in made:
                Path(temporary).unlink(missing_ok=True)


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Temporaries for name left by a cjm process that no longer runs."""
    prefix = f".{name}{_TEMPORARY_MARK}"
    try:
        entries = [entry for entry in os.listdir(folder)
                   if entry.startswith(prefix) and entry.endswith(_TEMPORARY_SUFFIX)]
    except OSError:
        return
    for entry in entries:
        pid = entry[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                (folder / entry).unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # someone else's process, or no way to tell
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
