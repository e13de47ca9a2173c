"""Writing files so that a failure leaves the previous version whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def umask_mode(mode: int = 0o666) -> int:
    """`mode` as the umask lets a new file have it (0o644 under the usual 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, umask_mode())  # mkstemp makes 0600: give the file an ordinary file's mode
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def replaced_together(folder: Path, names: list[str]) -> Iterator[Path]:
    """Yield a new, empty folder inside `folder`; when the block succeeds, the files `names`
    written into it replace those in `folder` together, or (on any failure) none does.

    The swap is one rename per file, with the old files kept as hard links until all the new
    ones are in place; a rename that fails puts the old ones back. Other files in `folder`
    are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".graphbuild-new-", dir=folder))
    try:
        yield staging
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
    finally:
        shutil.rmtree(staging, ignore_errors=True)
