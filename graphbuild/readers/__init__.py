"""Readers: files in, one `Document` per real document out.

`read_path` decodes a file, picks the layout that fits it and hands it to that layout's
reader. Each reader keeps offsets into the original text, so every quote can be traced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import ReadError
from ..models import Document
from . import article, captions, dialogue, listing, numbered, shownotes

SUFFIXES = (".txt", ".md")

# Most specific first: the first layout whose `matches` says yes reads the file.
LAYOUTS = (numbered, listing, shownotes, dialogue, captions)


def decode(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise ReadError(path, "empty file")
    if b"\x00" in raw[:8192]:
        raise ReadError(path, "binary file (NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(path, f"not valid UTF-8 text (byte {err.start}: {err.reason})") from None


def read_text(text: str, source: str) -> list[Document]:
    for layout in LAYOUTS:
        if layout.matches(text):
            docs = layout.read(text, source)
            if docs:
                return docs
    return article.read(text, source)


def read_path(path: Path, root: Path | None = None) -> list[Document]:
    source = path.name if root is None or root == path else str(path.relative_to(root))
    return read_text(decode(path), source)


def find_files(paths: list[Path]) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every document file under `paths`, sorted for determinism."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in SUFFIXES:
                    yield file, path
        elif path.exists():
            yield path, path.parent
        else:
            raise ReadError(path, "no such file or folder")
