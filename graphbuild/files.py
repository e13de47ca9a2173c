"""Files in and out, safely: a reader that never blocks or reads without end, and writes that
replace only ordinary files of ours, so that a failure leaves the previous version whole."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import OutputError, ReadError

STAGING_PREFIX = ".graphbuild-new-"  # + the writer's pid: a folder whose writer is gone is stray
NOT_REGULAR = "not a regular file (a pipe, device or socket)"


def read_bytes(path: Path, limit: int, what: str = "one document") -> bytes:
    """The bytes of the regular file at `path`, or a ReadError saying why not. Never opens a pipe
    or device (it could block or never end); never reads a file that claims size 0 (those of
    /proc can be endless); never reads more than `limit` bytes."""
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode):
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise ReadError(path, "no such file or folder") from None
    except OSError as err:
        raise ReadError(path, err.strerror or str(err)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, NOT_REGULAR)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)  # what was opened, should the name have changed since stat
        too_big = f"larger than {limit // (1024 * 1024)} MB, the limit for {what}"
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, NOT_REGULAR)
        if info.st_size > limit:
            raise ReadError(path, too_big)
        if info.st_size == 0:
            raise ReadError(path, "empty file")
        try:
            raw = file.read(limit + 1)  # the file may have grown since stat
        except OSError as err:
            raise ReadError(path, err.strerror or str(err)) from None
    if len(raw) > limit:
        raise ReadError(path, too_big)
    return raw


def check_output(path: Path) -> None:
    """Refuse a path that is no ordinary file of ours to replace: a device, a pipe, a socket, a
    folder, or a symbolic link (replacing a link breaks it; following one may write anywhere)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from None
    if stat.S_ISLNK(mode):
        raise OutputError(path, f"{path.name} is a symbolic link; give the path of a regular file")
    if stat.S_ISDIR(mode):
        raise OutputError(path, f"{path.name} is a folder")
    if not stat.S_ISREG(mode):
        raise OutputError(path, f"{path.name} is not a regular file (a device, pipe or socket)")


def umask_mode(mode: int = 0o666) -> int:
    """`mode` as the umask lets a new file have it (0o644 under the usual 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


@contextmanager
def atomic_path(path: Path, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block succeeds. A
    `private` file keeps mode 0600. Any failure (and a `path` that check_output refuses) is an
    OutputError, and what was at `path` stays."""
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from None
    os.close(fd)
    try:
        yield Path(tmp)
        if not private:
            os.chmod(tmp, umask_mode())  # mkstemp makes 0600: give the file an ordinary file's mode
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def replaced_together(folder: Path, names: list[str]) -> Iterator[Path]:
    """Yield a new, empty folder inside `folder`; when the block succeeds, the files `names`
    written into it replace those in `folder` together, or (on any failure) none does.

    The swap is one rename per file, with the old files kept as hard links until all the new
    ones are in place; a rename that fails puts the old ones back. Other files in `folder`
    are left alone, but for the staging folders of writes that were killed."""
    for name in names:
        check_output(folder / name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clear_interrupted(folder)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=folder))
    except OSError as err:
        raise OutputError(folder, err.strerror or str(err)) from None
    try:
        yield staging
        _swap(folder, staging, names)
    except OSError as err:
        raise OutputError(folder, err.strerror or str(err)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(folder: Path, staging: Path, names: list[str]) -> None:
    """Move the files `names` from `staging` into `folder`, all of them or (on failure) none."""
    backup = staging / ".old"
    backup.mkdir()
    for name in names:
        if (folder / name).is_file():
            os.link(folder / name, backup / name)
    swapped: list[str] = []
    try:
        for name in names:
            os.replace(staging / name, folder / name)
            swapped.append(name)
    except BaseException:
        for name in swapped:  # the new files already in place go; the old ones come back
            if (backup / name).exists():
                os.replace(backup / name, folder / name)
            else:
                os.unlink(folder / name)
        raise


def clear_interrupted(folder: Path) -> None:
    """Remove the staging folders in `folder` whose writer no longer runs (killed mid-write)."""
    for staging in folder.glob(f"{STAGING_PREFIX}*"):
        writer = re.match(r"(\d+)-", staging.name[len(STAGING_PREFIX):])
        if staging.is_dir() and not staging.is_symlink() and not (writer and _running(int(writer.group(1)))):
            shutil.rmtree(staging, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
